#include "os/splicepipe.h"

#include "os/osfeatures.h"
#include "os/writeall.h"

#include <QByteArray>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

bool SplicePipe::isSupported()
{
    return FERRY_HAVE_SPLICE;
}

SplicePipe::SplicePipe(int capacity)
{
#if FERRY_HAVE_SPLICE
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0)
        return;
    m_read.reset(ends[0]);
    m_write.reset(ends[1]);
    // A larger pipe moves more per call; the default 64 KiB also works.
    ::fcntl(m_write.get(), F_SETPIPE_SZ, capacity);
#else
    Q_UNUSED(capacity);
#endif
}

void SplicePipe::close()
{
    m_read.reset();
    m_write.reset();
}

qint64 SplicePipe::fill(qintptr socket, qint64 bytes)
{
#if FERRY_HAVE_SPLICE
    return ::splice(int(socket), nullptr, m_write.get(), nullptr, size_t(bytes), SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
#else
    Q_UNUSED(socket);
    Q_UNUSED(bytes);
    errno = ENOSYS;
    return -1;
#endif
}

int SplicePipe::drainInto(int file, qint64 bytes)
{
#if FERRY_HAVE_SPLICE
    while (bytes > 0) {
        const ssize_t written = ::splice(m_read.get(), nullptr, file, nullptr, size_t(bytes), SPLICE_F_MOVE);
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0 && errno == EINVAL)
            return copyInto(file, bytes); // the file system cannot take spliced pages
        if (written <= 0)
            return written < 0 ? errno : ENOSPC;
        bytes -= written;
    }
    return 0;
#else
    Q_UNUSED(file);
    Q_UNUSED(bytes);
    return ENOSYS;
#endif
}

int SplicePipe::copyInto(int file, qint64 bytes)
{
    QByteArray buffer(bytes, Qt::Uninitialized);
    int error = 0;
    while (bytes > 0 && error == 0) {
        const ssize_t got = ::read(m_read.get(), buffer.data(), size_t(bytes));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            error = got < 0 ? errno : EIO;
            break;
        }
        error = Os::writeAll(file, buffer.constData(), got);
        bytes -= got;
    }
    close();
    return error;
}
