#include "client/bodyreceiver.h"

#include <QLoggingCategory>
#include <QPointer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcReceive, "ferry.download.receive")

namespace {

// Large reads and writes: per-call costs vanish and the page cache gets
// large folios.
constexpr qint64 CopyBufferBytes = 4 * 1024 * 1024;
constexpr int PipeBytes = 1024 * 1024;
// Return to the event loop after this much, so that timers, cancellation
// and other jobs on the same thread keep running during a fast transfer.
constexpr qint64 MaxBytesPerWakeUp = 16 * 1024 * 1024;

QString systemMessage(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

BodyReceiver::Method BodyReceiver::defaultMethod()
{
#ifdef Q_OS_LINUX
    return Method::Splice;
#else
    return Method::ReadWrite;
#endif
}

BodyReceiver::BodyReceiver(qintptr socketDescriptor, int fileDescriptor, qint64 limit, Method method, QObject *parent)
    : QObject(parent)
    , m_socket(socketDescriptor)
    , m_file(fileDescriptor)
    , m_left(limit)
    , m_method(method)
    , m_notifier(socketDescriptor, QSocketNotifier::Read, this)
{
    if (m_method == Method::Splice && !preparePipe())
        m_method = Method::ReadWrite;
    if (m_method == Method::ReadWrite)
        m_buffer.resize(CopyBufferBytes);
    connect(&m_notifier, &QSocketNotifier::activated, this, &BodyReceiver::onReadable);
    if (m_left == 0)
        m_notifier.setEnabled(false);
}

BodyReceiver::~BodyReceiver()
{
    stop();
}

void BodyReceiver::stop()
{
    m_notifier.setEnabled(false);
    closePipe();
    if (m_socket >= 0)
        ::close(static_cast<int>(m_socket));
    m_socket = -1;
    m_left = 0;
}

bool BodyReceiver::preparePipe()
{
#ifdef Q_OS_LINUX
    if (::pipe2(m_pipe, O_CLOEXEC) != 0)
        return false;
    // A larger pipe moves more per call; the default 64 KiB also works.
    ::fcntl(m_pipe[1], F_SETPIPE_SZ, PipeBytes);
    return true;
#else
    return false;
#endif
}

void BodyReceiver::closePipe()
{
    for (int &end : m_pipe) {
        if (end >= 0)
            ::close(end);
        end = -1;
    }
}

void BodyReceiver::onReadable()
{
    qint64 total = 0;
    Step step = Step::More;
    while (step == Step::More && m_left != 0 && total < MaxBytesPerWakeUp) {
        const qint64 wanted = m_left < 0 ? MaxBytesPerWakeUp - total : qMin(m_left, MaxBytesPerWakeUp - total);
        qint64 moved = 0;
        step = m_method == Method::Splice ? spliceSome(wanted, &moved) : copySome(wanted, &moved);
        total += moved;
        if (m_left > 0)
            m_left -= moved;
    }
    if (m_left == 0 || step == Step::End || step == Step::SocketFailed || step == Step::FileFailed)
        m_notifier.setEnabled(false);

    // Whoever listens may stop or delete this object in a slot.
    const QPointer<BodyReceiver> alive(this);
    if (total > 0)
        Q_EMIT received(total);
    if (!alive || m_socket < 0)
        return;
    switch (step) {
    case Step::End:
        Q_EMIT endOfStream();
        return;
    case Step::SocketFailed:
        Q_EMIT socketError(systemMessage(m_errno));
        return;
    case Step::FileFailed:
        Q_EMIT fileError(systemMessage(m_errno));
        return;
    case Step::More:
    case Step::Wait:
        return;
    }
}

// What a read of the socket that moved nothing means: the end, a pause, or
// a failure (a reset included: it is not the end of a file).
BodyReceiver::Step BodyReceiver::stepAfterEmptyRead(ssize_t got)
{
    if (got == 0)
        return Step::End;
    if (errno == EINTR)
        return Step::More;
    if (errno == EAGAIN || errno == EWOULDBLOCK)
        return Step::Wait;
    m_errno = errno;
    return Step::SocketFailed;
}

BodyReceiver::Step BodyReceiver::copySome(qint64 wanted, qint64 *moved)
{
    const ssize_t got =
            ::read(static_cast<int>(m_socket), m_buffer.data(), size_t(qMin<qint64>(wanted, m_buffer.size())));
    if (got <= 0)
        return stepAfterEmptyRead(got);
    if (!writeAll(m_buffer.constData(), got))
        return Step::FileFailed;
    *moved = got;
    return Step::More;
}

bool BodyReceiver::writeAll(const char *data, qint64 size)
{
    while (size > 0) {
        const ssize_t written = ::write(m_file, data, size_t(size));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            m_errno = written < 0 ? errno : ENOSPC;
            return false;
        }
        data += written;
        size -= written;
    }
    return true;
}

BodyReceiver::Step BodyReceiver::spliceSome(qint64 wanted, qint64 *moved)
{
#ifdef Q_OS_LINUX
    const ssize_t got = ::splice(static_cast<int>(m_socket), nullptr, m_pipe[1], nullptr,
                                 size_t(qMin<qint64>(wanted, PipeBytes)), SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (got <= 0)
        return stepAfterEmptyRead(got);
    ssize_t left = got;
    while (left > 0) {
        const ssize_t written = ::splice(m_pipe[0], nullptr, m_file, nullptr, size_t(left), SPLICE_F_MOVE);
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0 && errno == EINVAL) {
            // The file system cannot take spliced pages: copy what is in
            // the pipe, and copy from now on.
            qCDebug(lcReceive) << "splice into the file is not supported; copying instead";
            m_method = Method::ReadWrite;
            m_buffer.resize(CopyBufferBytes);
            while (left > 0) {
                const ssize_t got = ::read(m_pipe[0], m_buffer.data(), size_t(qMin<qint64>(left, m_buffer.size())));
                if (got <= 0 || !writeAll(m_buffer.constData(), got)) {
                    m_errno = got <= 0 ? errno : m_errno;
                    return Step::FileFailed;
                }
                left -= got;
            }
            break;
        }
        if (written <= 0) {
            m_errno = written < 0 ? errno : ENOSPC;
            return Step::FileFailed;
        }
        left -= written;
    }
    *moved = got;
    return Step::More;
#else
    return copySome(wanted, moved);
#endif
}
