#include "os/allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace Os {

void keepLargeBuffersInHeap()
{
#if defined(__GLIBC__)
    constexpr int MmapThresholdBytes = 8 * 1024 * 1024;
    constexpr int TrimThresholdBytes = 16 * 1024 * 1024;
    mallopt(M_MMAP_THRESHOLD, MmapThresholdBytes);
    mallopt(M_TRIM_THRESHOLD, TrimThresholdBytes);
#endif
}

} // namespace Os
