#include "os/sendfile.h"

#include "os/osfeatures.h"

#include <cerrno>
#if FERRY_HAVE_SENDFILE
#include <sys/sendfile.h>
#endif

namespace Os {

bool canSendFile()
{
    return FERRY_HAVE_SENDFILE;
}

SendFileResult sendFile(qintptr socket, int file, qint64 offset, qint64 bytes)
{
    using Status = SendFileResult::Status;
#if FERRY_HAVE_SENDFILE
    for (;;) {
        off_t from = off_t(offset);
        const ssize_t sent = ::sendfile(int(socket), file, &from, size_t(bytes));
        if (sent > 0)
            return {Status::Sent, sent};
        if (sent == 0)
            return {Status::EndOfFile, 0};
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return {Status::WouldBlock, 0};
        if (errno == EINVAL || errno == ENOSYS)
            return {Status::Unsupported, 0};
        return {Status::Failed, 0};
    }
#else
    Q_UNUSED(socket);
    Q_UNUSED(file);
    Q_UNUSED(offset);
    Q_UNUSED(bytes);
    return {Status::Unsupported, 0};
#endif
}

} // namespace Os
