#include "os/writeall.h"

#include <cerrno>
#include <unistd.h>

namespace Os {

int writeAll(int file, const char *data, qint64 size)
{
    while (size > 0) {
        const ssize_t written = ::write(file, data, size_t(size));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return written < 0 ? errno : ENOSPC;
        data += written;
        size -= written;
    }
    return 0;
}

} // namespace Os
