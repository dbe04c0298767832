#include "servesession.h"

#include "httprequest.h"
#include "httpresponder.h"
#include "legacyname.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTcpSocket>

#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcServe, "ferry.serve")

namespace {

constexpr qint64 ChunkBytes = 256 * 1024;
// Refill the socket's write buffer only while it holds less than this:
// the backpressure that keeps memory flat for slow readers.
constexpr qint64 HighWaterBytes = 1024 * 1024;
// Requests are small; a peer cannot make us buffer more than this.
constexpr qint64 ReadBufferBytes = 64 * 1024;
constexpr int ProgressIntervalMs = 100;

// "192.0.2.7:51234" or "[2001:db8::7]:51234"; IPv4 peers of a dual-stack
// socket are shown as IPv4, not as ::ffff:a.b.c.d.
QString peerName(const QHostAddress &address, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QStringLiteral("%1:%2").arg(QHostAddress(v4).toString()).arg(port);
    return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
}

} // namespace

ServeSession::ServeSession(QTcpSocket *socket, std::shared_ptr<const ServeContext> context, bool overloaded,
                           QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_context(std::move(context))
    , m_deadline(this)
    , m_quiet(this)
    , m_overloaded(overloaded)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(ReadBufferBytes);
    m_transfer.peer = peerName(m_socket->peerAddress(), m_socket->peerPort());

    m_deadline.setSingleShot(true);
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(m_context->legacyQuietPeriod);
    connect(&m_deadline, &QTimer::timeout, this, &ServeSession::onDeadline);
    connect(&m_quiet, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::ReadingRequest && m_dialect != Dialect::Http)
            serveLegacy(true);
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &ServeSession::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ServeSession::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &ServeSession::onDisconnected);

    m_deadline.start(m_context->requestDeadline);
    m_idleSince.start();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

ServeSession::~ServeSession() = default;

void ServeSession::abort()
{
    m_socket->abort();
}

qint64 ServeSession::idleMs() const
{
    const bool idle = m_phase == Phase::ReadingRequest && m_inbox.isEmpty() && m_socket->bytesAvailable() == 0;
    return idle ? m_idleSince.elapsed() : -1;
}

void ServeSession::onReadyRead()
{
    if (m_phase != Phase::ReadingRequest)
        return; // pipelined bytes wait in the bounded socket buffer
    readIntoInbox();
    processInbox();
}

void ServeSession::readIntoInbox()
{
    const qint64 room = HttpLimits::MaxHeadBytes + 1 - m_inbox.size();
    if (room > 0)
        m_inbox += m_socket->read(room);
}

void ServeSession::processInbox()
{
    if (m_inbox.isEmpty())
        return;
    if (m_dialect != Dialect::Http)
        m_dialect = sniffDialect(m_inbox);
    if (m_overloaded) {
        // At the connection limit: say so without touching any file.
        if (m_dialect == Dialect::Http)
            sendReply(HttpResponder::error(503));
        else
            closeAfterWrite(); // the legacy dialect can only close
        return;
    }
    if (m_dialect == Dialect::Http) {
        m_quiet.stop();
        processHttp();
        return;
    }
    // Legacy or still undecided: serve the moment the name resolves to a
    // file; otherwise wait for more of the name until the peer goes quiet.
    const bool final = m_inbox.size() >= LegacyName::MaxBytes;
    if (final)
        m_inbox.truncate(LegacyName::MaxBytes);
    if (m_context->access.isRequired() && m_dialect == Dialect::Undecided && !final) {
        m_quiet.start(); // may still become an HTTP request carrying the code
        return;
    }
    if (!serveLegacy(final))
        m_quiet.start();
}

void ServeSession::processHttp()
{
    const qsizetype headEnd = findHeadEnd(m_inbox);
    if (headEnd < 0) {
        if (m_inbox.size() > HttpLimits::MaxHeadBytes)
            sendReply(HttpResponder::error(431));
        return;
    }
    const QByteArray head = m_inbox.left(headEnd);
    m_inbox.remove(0, headEnd);
    const auto parsed = parseHttpRequest(head);
    if (const int *status = std::get_if<int>(&parsed))
        sendReply(HttpResponder::error(*status, QString::fromLatin1(head.left(head.indexOf('\n')).trimmed())));
    else
        respondTo(std::get<HttpRequest>(parsed), true);
}

void ServeSession::respondTo(const HttpRequest &request, bool mayWaitForDigest)
{
    const AccessGate::Verdict verdict = m_context->access.check(request, m_socket->peerAddress());
    if (verdict != AccessGate::Verdict::Admitted) {
        sendReply(HttpResponder::accessDenied(verdict, request));
        return;
    }
    HttpReply reply = HttpResponder::respond(request, m_context->root, m_context->digests, mayWaitForDigest);
    if (m_context->access.cameByQuery(request) && !reply.head.isEmpty())
        HttpResponder::addHeader(reply, "Set-Cookie", m_context->access.sessionCookie());
    if (!reply.awaitDigest) {
        sendReply(std::move(reply));
        return;
    }
    // Hashing runs on the thread pool; answer once it is done. The
    // continuation is dropped if this session is gone by then.
    m_phase = Phase::AwaitingDigest;
    m_deadline.start(m_context->stallDeadline);
    reply.awaitDigest->then(this, [this, request](const QByteArray &) {
        if (m_phase == Phase::AwaitingDigest)
            respondTo(request, false);
    });
}

bool ServeSession::serveLegacy(bool final)
{
    if (m_context->access.isRequired()) {
        // The tutorial protocol has no room for a code: refuse it, the
        // only way it knows (a close without a byte).
        m_quiet.stop();
        m_dialect = Dialect::Legacy;
        beginTransfer(LegacyName::decode(m_inbox).value(0, QString::fromLatin1(m_inbox.toHex())), Dialect::Legacy);
        finishTransfer(TransferInfo::State::Unauthorized);
        closeAfterWrite();
        return true;
    }
    const QStringList readings = LegacyName::decode(m_inbox);
    ShareRoot::OpenedFile best;
    QString bestName = readings.value(0, QString::fromLatin1(m_inbox.toHex()));
    for (const QString &name : readings) {
        ShareRoot::OpenedFile opened = m_context->root.open(name);
        const bool better = opened.status == ShareRoot::Status::Ok || best.status == ShareRoot::Status::NotFound;
        if (better) {
            best = std::move(opened);
            bestName = name;
        }
        if (best.status == ShareRoot::Status::Ok)
            break;
    }
    if (best.status != ShareRoot::Status::Ok && !final)
        return false;

    m_quiet.stop();
    m_dialect = Dialect::Legacy;
    beginTransfer(bestName, Dialect::Legacy);
    if (best.status != ShareRoot::Status::Ok) {
        finishTransfer(transferStateFor(best.status)); // zero bytes and a close: "not found"
        closeAfterWrite();
        return true;
    }
    startBody(std::move(best.file), best.size);
    return true;
}

void ServeSession::sendReply(HttpReply reply)
{
    beginTransfer(reply.name, Dialect::Http);
    m_keepAlive = reply.keepAlive;
    m_socket->write(reply.head);
    if (!reply.body.isEmpty())
        m_socket->write(reply.body);
    if (reply.file && reply.length > 0 && reply.file->seek(reply.offset)) {
        startBody(std::move(reply.file), reply.length);
        return;
    }
    finishTransfer(reply.file ? TransferInfo::State::Done : reply.outcome);
    nextRequestOrClose();
}

void ServeSession::nextRequestOrClose()
{
    if (m_dialect == Dialect::Http && m_keepAlive) {
        m_phase = Phase::ReadingRequest;
        m_deadline.start(m_context->keepAliveIdle);
        m_idleSince.start();
        readIntoInbox();
        processInbox();
    } else {
        closeAfterWrite();
    }
}

void ServeSession::beginTransfer(const QString &name, Dialect dialect)
{
    m_transfer.id = m_context->nextTransferId();
    m_transfer.name = name;
    m_transfer.dialect = dialect;
    m_transfer.size = -1;
    m_transfer.sent = 0;
    m_transfer.state = TransferInfo::State::Sending;
    m_inTransfer = true;
}

void ServeSession::startBody(std::unique_ptr<QFile> file, qint64 bytes)
{
    m_file = std::move(file);
    m_bodyQueued = 0;
    m_transfer.size = bytes;
    m_phase = Phase::Sending;
    m_chunk.resize(ChunkBytes);
    m_deadline.start(m_context->stallDeadline);
    m_sinceProgress.start();
    Q_EMIT transferUpdated(m_transfer);
    pump();
}

void ServeSession::pump()
{
    while (m_bodyQueued < m_transfer.size && m_socket->bytesToWrite() < HighWaterBytes) {
        const qint64 wanted = qMin(ChunkBytes, m_transfer.size - m_bodyQueued);
        const qint64 got = m_file->read(m_chunk.data(), wanted);
        if (got <= 0) {
            // The file shrank or failed under us: the announced size can no
            // longer be honoured, so end the connection rather than lie.
            qCWarning(lcServe) << "file changed while sending" << m_transfer.name << "at byte" << m_bodyQueued;
            finishTransfer(TransferInfo::State::Aborted);
            resetConnection();
            return;
        }
        m_socket->write(m_chunk.constData(), got);
        m_bodyQueued += got;
    }
    reportProgress(false);
    if (m_bodyQueued < m_transfer.size || m_socket->bytesToWrite() > 0)
        return;

    m_file.reset();
    m_chunk = QByteArray();
    finishTransfer(TransferInfo::State::Done);
    nextRequestOrClose();
}

void ServeSession::onBytesWritten()
{
    if (m_phase != Phase::Sending)
        return;
    m_deadline.start(m_context->stallDeadline);
    pump();
}

void ServeSession::reportProgress(bool force)
{
    m_transfer.sent = qMax<qint64>(0, m_bodyQueued - m_socket->bytesToWrite());
    if (force || m_sinceProgress.elapsed() >= ProgressIntervalMs) {
        m_sinceProgress.restart();
        Q_EMIT transferUpdated(m_transfer);
    }
}

void ServeSession::finishTransfer(TransferInfo::State state)
{
    if (!m_inTransfer)
        return;
    m_inTransfer = false;
    if (state == TransferInfo::State::Done && m_transfer.size >= 0)
        m_transfer.sent = m_transfer.size;
    m_transfer.state = state;
    Q_EMIT transferUpdated(m_transfer);
}

void ServeSession::closeAfterWrite()
{
    m_phase = Phase::Closing;
    m_quiet.stop();
    m_deadline.start(m_context->stallDeadline);
    m_socket->disconnectFromHost();
}

// Ends the connection with a reset rather than the orderly close that, in
// the legacy dialect, means "that was the whole file": a peer must never
// take the bytes it got before a failure for a complete file.
void ServeSession::resetConnection()
{
    m_phase = Phase::Closing;
    const int fd = int(m_socket->socketDescriptor());
    if (fd >= 0) {
        const linger reset{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    }
    m_socket->abort();
}

void ServeSession::onDeadline()
{
    if (m_phase == Phase::Sending)
        qCInfo(lcServe) << m_transfer.peer << "stopped reading; closing";
    const bool midBody = m_phase == Phase::Sending;
    finishTransfer(TransferInfo::State::Aborted);
    if (midBody) {
        resetConnection();
        return;
    }
    m_phase = Phase::Closing;
    m_socket->abort();
}

void ServeSession::onDisconnected()
{
    if (m_phase == Phase::Sending)
        reportProgress(true);
    finishTransfer(TransferInfo::State::Aborted);
    m_phase = Phase::Closing;
    m_deadline.stop();
    m_quiet.stop();
    Q_EMIT finished();
    deleteLater();
}
