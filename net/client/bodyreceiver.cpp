#include "client/bodyreceiver.h"

#include "client/bandwidthlimit.h"
#include "os/writeall.h"

#include <QLoggingCategory>
#include <QPointer>

#include <cerrno>
#include <cstring>
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
    return SplicePipe::isSupported() ? Method::Splice : Method::ReadWrite;
}

BodyReceiver::BodyReceiver(UniqueFd socket, int fileDescriptor, qint64 limit, Method method, QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_file(fileDescriptor)
    , m_left(limit)
    , m_method(method)
    , m_notifier(m_socket.get(), QSocketNotifier::Read, this)
    , m_resume(this)
{
    if (m_method == Method::Splice) {
        m_pipe = SplicePipe(PipeBytes);
        if (!m_pipe.isOpen())
            m_method = Method::ReadWrite;
    }
    if (m_method == Method::ReadWrite)
        m_buffer.resize(CopyBufferBytes);
    connect(&m_notifier, &QSocketNotifier::activated, this, &BodyReceiver::onReadable);
    m_resume.setSingleShot(true);
    connect(&m_resume, &QTimer::timeout, this, [this] {
        if (m_socket && m_left != 0)
            m_notifier.setEnabled(true);
    });
    if (m_left == 0)
        m_notifier.setEnabled(false);
}

BodyReceiver::~BodyReceiver()
{
    stop();
}

void BodyReceiver::setBandwidthLimit(BandwidthLimit *limit)
{
    m_bandwidth = limit;
}

void BodyReceiver::stop()
{
    m_notifier.setEnabled(false);
    m_resume.stop();
    m_pipe.close();
    m_socket.reset();
    m_left = 0;
}

void BodyReceiver::onReadable()
{
    qint64 total = 0;
    Step step = Step::More;
    while (step == Step::More && m_left != 0 && total < MaxBytesPerWakeUp) {
        const qint64 wanted = m_left < 0 ? MaxBytesPerWakeUp - total : qMin(m_left, MaxBytesPerWakeUp - total);
        qint64 moved = 0;
        step = moveSome(wanted, &moved);
        total += moved;
        if (m_left > 0)
            m_left -= moved;
    }
    if (m_left == 0 || step == Step::End || step == Step::SocketFailed || step == Step::FileFailed)
        m_notifier.setEnabled(false);
    else if (step == Step::HeldBack)
        holdBack();

    // Whoever listens may stop or delete this object in a slot.
    const QPointer<BodyReceiver> alive(this);
    if (total > 0)
        Q_EMIT received(total);
    if (!alive || !m_socket)
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
    case Step::HeldBack:
        return;
    }
}

// One read of the socket into the file, of no more than the bandwidth limit
// grants; what the read did not use goes back to the limit.
BodyReceiver::Step BodyReceiver::moveSome(qint64 wanted, qint64 *moved)
{
    BandwidthLimit *const limit = m_bandwidth.data();
    if (limit) {
        wanted = limit->take(wanted);
        if (wanted == 0)
            return Step::HeldBack;
    }
    const Step step = m_method == Method::Splice ? spliceSome(wanted, moved) : copySome(wanted, moved);
    if (limit)
        limit->giveBack(wanted - *moved);
    return step;
}

// Stops reading until the limit grants again. The unread bytes stay in the
// kernel's receive buffer; once it is full, TCP's window tells the sender
// to wait, so nothing piles up in this process.
void BodyReceiver::holdBack()
{
    m_notifier.setEnabled(false);
    m_resume.start(m_bandwidth ? m_bandwidth->msUntilAvailable() : 0);
}

// What a read of the socket that moved nothing means: the end, a pause, or
// a failure (a reset included: it is not the end of a file).
BodyReceiver::Step BodyReceiver::stepAfterEmptyRead(qint64 got)
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
    const ssize_t got = ::read(m_socket.get(), m_buffer.data(), size_t(qMin<qint64>(wanted, m_buffer.size())));
    if (got <= 0)
        return stepAfterEmptyRead(got);
    m_errno = Os::writeAll(m_file, m_buffer.constData(), got);
    if (m_errno != 0)
        return Step::FileFailed;
    *moved = got;
    return Step::More;
}

BodyReceiver::Step BodyReceiver::spliceSome(qint64 wanted, qint64 *moved)
{
    const qint64 got = m_pipe.fill(m_socket.get(), qMin<qint64>(wanted, PipeBytes));
    if (got <= 0)
        return stepAfterEmptyRead(got);
    m_errno = m_pipe.drainInto(m_file, got);
    if (!m_pipe.isOpen()) {
        // The file system cannot take spliced pages: what was in the pipe
        // was copied, and from now on everything is.
        qCDebug(lcReceive) << "splice into the file is not supported; copying instead";
        m_method = Method::ReadWrite;
        m_buffer.resize(CopyBufferBytes);
    }
    if (m_errno != 0)
        return Step::FileFailed;
    *moved = got;
    return Step::More;
}
