#include "os/uniquefd.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

UniqueFd UniqueFd::duplicate(int descriptor)
{
    return UniqueFd(::fcntl(descriptor, F_DUPFD_CLOEXEC, 0));
}

void UniqueFd::closeKeepingErrno(int descriptor) noexcept
{
    const int error = errno;
    ::close(descriptor);
    errno = error;
}
