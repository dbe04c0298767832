#include "server/bodysender.h"

#include "os/fileadvice.h"
#include "os/sendfile.h"
#include "server/sessionsocket.h"

#include <QLoggingCategory>
#include <QSocketNotifier>

Q_LOGGING_CATEGORY(lcSend, "ferry.serve.send")

namespace {

constexpr qint64 ChunkBytes = 256 * 1024;
// Refill the socket's write buffer only while it holds less than this:
// the backpressure that keeps memory flat for slow readers.
constexpr qint64 HighWaterBytes = 1024 * 1024;
// Under TLS every byte queued is copied three more times (into the TLS
// layer's buffer, encrypted into its memory BIO, out of it to the socket)
// in blocks as large as what is queued: kept below malloc's mmap threshold
// (128 KiB), they reuse the same memory instead of faulting in new pages for
// each block, which made a first 1 GiB cost 10 s of CPU instead of 1.
constexpr qint64 TlsChunkBytes = 32 * 1024;
constexpr qint64 TlsHighWaterBytes = 48 * 1024;
constexpr qint64 SendfileCallBytes = 4 * 1024 * 1024;
// Back to the event loop after this much, so that the other sessions of
// the thread get their turn when the peer reads as fast as we send.
constexpr qint64 SendfileBytesPerWakeUp = 16 * 1024 * 1024;

} // namespace

BodySender::BodySender(QTcpSocket *socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    SessionSocket::onBytesLeft(m_socket, this, [this] {
        if (!m_active)
            return;
        Q_EMIT peerReading();
        if (m_active) // the session may have ended the connection on hearing it
            pump();
    });
}

void BodySender::start(FileHandle file, qint64 offset, qint64 bytes, bool mayUseSendfile)
{
    m_file = std::move(file);
    m_start = offset;
    m_size = bytes;
    m_queued = 0;
    m_bySendfile = false;
    if (bytes >= StreamMinBytes) {
        Os::adviseSequential(m_file.handle(), m_start, bytes);
        m_bySendfile =
                mayUseSendfile && !m_sendfileFailed && Os::canSendFile() && !SessionSocket::isEncrypted(m_socket);
        // Push the head out now (before becoming active, so that the
        // bytesWritten this may emit does not pump): sendfile(2) may start
        // only once QTcpSocket has nothing left to write.
        if (m_bySendfile)
            m_socket->flush();
    }
    m_active = true;
    pump();
}

void BodySender::stop()
{
    m_active = false;
    if (m_sendNotifier)
        m_sendNotifier->setEnabled(false);
}

qint64 BodySender::sent() const
{
    return qMax<qint64>(0, m_queued - SessionSocket::unsentBytes(m_socket));
}

void BodySender::pump()
{
    if (m_bySendfile) {
        // The head still in QTcpSocket's buffer: its bytesWritten brings us back.
        if (m_socket->bytesToWrite() == 0)
            sendfilePump();
        return;
    }
    const bool tls = SessionSocket::isEncrypted(m_socket);
    const qint64 highWater = tls ? TlsHighWaterBytes : HighWaterBytes;
    const qint64 chunk = tls ? TlsChunkBytes : ChunkBytes;
    while (m_queued < m_size && SessionSocket::unsentBytes(m_socket) < highWater) {
        const qint64 wanted = qMin(chunk, m_size - m_queued);
        if (m_chunk.size() < wanted)
            m_chunk.resize(wanted);
        const qint64 got = m_file.readAt(m_chunk.data(), wanted, m_start + m_queued);
        if (got <= 0) {
            stop();
            Q_EMIT truncated(m_queued);
            return;
        }
        m_socket->write(m_chunk.constData(), got);
        m_queued += got;
    }
    Q_EMIT progressed();
    if (m_queued < m_size || SessionSocket::unsentBytes(m_socket) > 0)
        return;
    finish();
}

void BodySender::sendfilePump()
{
    const qintptr socket = m_socket->socketDescriptor();
    if (!m_sendNotifier && socket >= 0) {
        m_sendNotifier = new QSocketNotifier(socket, QSocketNotifier::Write, this);
        connect(m_sendNotifier, &QSocketNotifier::activated, this, [this] {
            if (m_active)
                sendfilePump();
        });
    }
    using Status = Os::SendFileResult::Status;
    qint64 sentNow = 0;
    Status status = Status::Sent;
    while (m_queued < m_size && sentNow < SendfileBytesPerWakeUp && status == Status::Sent) {
        const Os::SendFileResult result =
                Os::sendFile(socket, m_file.handle(), m_start + m_queued, qMin(SendfileCallBytes, m_size - m_queued));
        status = result.status;
        m_queued += result.bytes;
        sentNow += result.bytes;
    }
    switch (status) {
    case Status::Sent:
    case Status::WouldBlock:
        break;
    case Status::EndOfFile:
        stop();
        Q_EMIT truncated(m_queued);
        return;
    case Status::Unsupported:
        // This file system cannot: the rest goes in chunks.
        qCDebug(lcSend) << "sendfile unavailable; sending in chunks";
        m_sendfileFailed = true;
        m_bySendfile = false;
        m_sendNotifier->setEnabled(false);
        return pump();
    case Status::Failed: // the peer is gone (EPIPE, ECONNRESET...)
        stop();
        Q_EMIT peerGone();
        return;
    }
    if (sentNow > 0) {
        Q_EMIT peerReading();
        if (!m_active)
            return;
    }
    Q_EMIT progressed();
    if (m_queued < m_size) {
        m_sendNotifier->setEnabled(true); // until the peer makes room
        return;
    }
    finish();
}

void BodySender::finish()
{
    stop();
    m_file.close();
    m_chunk = QByteArray();
    Q_EMIT finished();
}
