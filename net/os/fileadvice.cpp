#include "os/fileadvice.h"

#include "os/osfeatures.h"

#if FERRY_HAVE_POSIX_FADVISE
#include <fcntl.h>
#endif

namespace Os {

void adviseSequential(int file, qint64 offset, qint64 length)
{
#if FERRY_HAVE_POSIX_FADVISE
    ::posix_fadvise(file, off_t(offset), off_t(length), POSIX_FADV_SEQUENTIAL);
#else
    Q_UNUSED(file);
    Q_UNUSED(offset);
    Q_UNUSED(length);
#endif
}

} // namespace Os
