#include "share/filehandle.h"

#include <cerrno>
#include <unistd.h>

FileHandle::FileHandle(UniqueFd descriptor)
{
    if (descriptor)
        m_descriptor = std::make_shared<const UniqueFd>(std::move(descriptor));
}

qint64 FileHandle::readAt(char *into, qint64 bytes, qint64 offset) const
{
    qint64 done = 0;
    while (done < bytes) {
        const ssize_t got = ::pread(handle(), into + done, size_t(bytes - done), off_t(offset + done));
        if (got > 0) {
            done += got;
            continue;
        }
        if (got == 0)
            break; // end of file
        if (errno == EINTR)
            continue;
        return -1;
    }
    return done;
}

QByteArray FileHandle::readAt(qint64 offset, qint64 bytes) const
{
    QByteArray data(bytes, Qt::Uninitialized);
    const qint64 got = readAt(data.data(), bytes, offset);
    data.truncate(qMax<qint64>(got, 0));
    return data;
}
