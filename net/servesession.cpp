#include "servesession.h"

#include "httprequest.h"
#include "httpresponse.h"
#include "legacyname.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QLoggingCategory>
#include <QMimeDatabase>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcServe, "ferry.serve")

namespace {

constexpr qint64 ChunkBytes = 256 * 1024;
// Refill the socket's write buffer only while it holds less than this:
// the backpressure that keeps memory flat for slow readers.
constexpr qint64 HighWaterBytes = 1024 * 1024;
// Requests are small; a peer cannot make us buffer more than this.
constexpr qint64 ReadBufferBytes = 64 * 1024;
constexpr int ProgressIntervalMs = 100;

QByteArray httpDate(const QDateTime &when)
{
    return QLocale::c().toString(when.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

QByteArray contentTypeFor(const QString &fileName)
{
    static const QMimeDatabase mimeDatabase; // read-only after construction; thread-safe per Qt docs
    const QMimeType type = mimeDatabase.mimeTypeForFile(fileName, QMimeDatabase::MatchExtension);
    QByteArray name = type.name().toLatin1();
    if (type.inherits(QStringLiteral("text/plain")))
        name += "; charset=utf-8";
    return name;
}

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

TransferInfo::State stateFor(ShareRoot::Status status)
{
    switch (status) {
    case ShareRoot::Status::Ok: return TransferInfo::State::Sending;
    case ShareRoot::Status::NotFound: return TransferInfo::State::NotFound;
    case ShareRoot::Status::Forbidden:
    case ShareRoot::Status::NotRegular:
    case ShareRoot::Status::Unreadable: return TransferInfo::State::Refused;
    }
    return TransferInfo::State::Refused;
}

int httpStatusFor(ShareRoot::Status status)
{
    switch (status) {
    case ShareRoot::Status::Ok: return 200;
    case ShareRoot::Status::NotFound: return 404;
    case ShareRoot::Status::Forbidden:
    case ShareRoot::Status::NotRegular:
    case ShareRoot::Status::Unreadable: return 403;
    }
    return 500;
}

} // namespace

ServeSession::ServeSession(QTcpSocket *socket, std::shared_ptr<const ServeContext> context, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_context(std::move(context))
    , m_deadline(this)
    , m_quiet(this)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(ReadBufferBytes);
    m_transfer.peer = peerName(m_socket->peerAddress(), m_socket->peerPort());

    m_deadline.setSingleShot(true);
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(m_context->legacyQuietPeriod);
    connect(&m_deadline, &QTimer::timeout, this, &ServeSession::onDeadline);
    connect(&m_quiet, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::ReadingRequest && m_dialect != Dialect::Http && !tryServeLegacy(true))
            finishLegacyAsMissing();
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &ServeSession::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ServeSession::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &ServeSession::onDisconnected);

    armDeadline(m_context->requestDeadline);
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

ServeSession::~ServeSession() = default;

void ServeSession::abort()
{
    m_socket->abort();
}

void ServeSession::armDeadline(std::chrono::milliseconds timeout)
{
    m_deadline.start(timeout);
}

void ServeSession::onReadyRead()
{
    if (m_phase != Phase::ReadingRequest)
        return; // pipelined bytes wait in the bounded socket buffer
    const qint64 room = HttpLimits::MaxHeadBytes + 1 - m_inbox.size();
    if (room > 0)
        m_inbox += m_socket->read(room);
    processInbox();
}

void ServeSession::processInbox()
{
    if (m_inbox.isEmpty())
        return;
    if (m_dialect != Dialect::Http)
        m_dialect = sniffDialect(m_inbox);

    if (m_dialect == Dialect::Http) {
        m_quiet.stop();
        const qsizetype headEnd = findHeadEnd(m_inbox);
        if (headEnd < 0) {
            if (m_inbox.size() > HttpLimits::MaxHeadBytes) {
                beginTransfer(QString(), Dialect::Http);
                finishTransfer(TransferInfo::State::BadRequest);
                sendHttpError(431, false);
            }
            return;
        }
        const QByteArray head = m_inbox.left(headEnd);
        m_inbox.remove(0, headEnd);
        const auto parsed = parseHttpRequest(head);
        if (const int *status = std::get_if<int>(&parsed)) {
            beginTransfer(QString::fromLatin1(head.left(head.indexOf('\n')).trimmed()), Dialect::Http);
            finishTransfer(TransferInfo::State::BadRequest);
            sendHttpError(*status, false);
        } else {
            handleHttpRequest(std::get<HttpRequest>(parsed));
        }
        return;
    }

    // Legacy or still undecided: serve the moment the name resolves to a
    // file; otherwise wait for more of the name until the peer goes quiet.
    const bool final = m_inbox.size() >= LegacyName::MaxBytes;
    if (final) {
        m_inbox.truncate(LegacyName::MaxBytes);
        if (!tryServeLegacy(true))
            finishLegacyAsMissing();
    } else if (!tryServeLegacy(false)) {
        m_quiet.start();
    }
}

bool ServeSession::tryServeLegacy(bool final)
{
    const QStringList readings = LegacyName::decode(m_inbox);
    ShareRoot::OpenedFile best;
    QString bestName;
    for (const QString &name : readings) {
        ShareRoot::OpenedFile opened = m_context->root.open(name);
        if (opened.status == ShareRoot::Status::Ok) {
            best = std::move(opened);
            bestName = name;
            break;
        }
        if (bestName.isEmpty() || opened.status != ShareRoot::Status::NotFound) {
            best = std::move(opened);
            bestName = name;
        }
    }
    if (best.status != ShareRoot::Status::Ok) {
        if (!final)
            return false;
        m_dialect = Dialect::Legacy;
        beginTransfer(readings.isEmpty() ? QString::fromLatin1(m_inbox.toHex()) : bestName, Dialect::Legacy);
        finishTransfer(stateFor(best.status));
        closeAfterWrite();
        return true;
    }
    m_quiet.stop();
    m_dialect = Dialect::Legacy;
    beginTransfer(bestName, Dialect::Legacy);
    startBody(std::move(best.file), best.size, best.size);
    return true;
}

void ServeSession::finishLegacyAsMissing()
{
    m_dialect = Dialect::Legacy;
    beginTransfer(QString::fromUtf8(m_inbox), Dialect::Legacy);
    finishTransfer(TransferInfo::State::NotFound);
    closeAfterWrite();
}

void ServeSession::handleHttpRequest(const HttpRequest &request)
{
    m_keepAlive = request.wantsKeepAlive();
    const bool isHead = request.method == "HEAD";
    beginTransfer(request.path, Dialect::Http);
    if (request.method != "GET" && !isHead) {
        finishTransfer(TransferInfo::State::BadRequest);
        sendHttpError(405, false); // the request may carry a body we will not read
        return;
    }

    ShareRoot::OpenedFile opened = m_context->root.open(request.path);
    if (opened.status != ShareRoot::Status::Ok) {
        finishTransfer(stateFor(opened.status));
        sendHttpError(httpStatusFor(opened.status), m_keepAlive, isHead);
        return;
    }

    HttpResponse response(200);
    response.setHeader("Server", "Ferry/" FERRY_VERSION)
        .setHeader("Date", httpDate(QDateTime::currentDateTimeUtc()))
        .setHeader("Content-Type", contentTypeFor(opened.relativePath))
        .setHeader("Content-Length", QByteArray::number(opened.size))
        .setHeader("Last-Modified", httpDate(opened.lastModified))
        .setHeader("Connection", m_keepAlive ? "keep-alive" : "close");
    m_socket->write(response.head());
    startBody(std::move(opened.file), opened.size, isHead ? 0 : opened.size);
}

void ServeSession::sendHttpError(int status, bool keepAlive, bool headOnly)
{
    m_keepAlive = keepAlive;
    m_socket->write(HttpResponse::errorResponse(status, keepAlive, headOnly));
    if (keepAlive) {
        m_phase = Phase::ReadingRequest;
        armDeadline(m_context->keepAliveIdle);
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

void ServeSession::startBody(std::unique_ptr<QFile> file, qint64 size, qint64 bodyBytes)
{
    m_file = std::move(file);
    m_bodyQueued = 0;
    m_bodySize = bodyBytes;
    m_transfer.size = size;
    m_phase = Phase::Sending;
    m_chunk.resize(ChunkBytes);
    armDeadline(m_context->stallDeadline);
    m_sinceProgress.start();
    Q_EMIT transferUpdated(m_transfer);
    pump();
}

void ServeSession::pump()
{
    while (m_bodyQueued < m_bodySize && m_socket->bytesToWrite() < HighWaterBytes) {
        const qint64 wanted = qMin(ChunkBytes, m_bodySize - m_bodyQueued);
        const qint64 got = m_file->read(m_chunk.data(), wanted);
        if (got <= 0) {
            // The file shrank or failed under us: the announced size can no
            // longer be honoured, so end the connection rather than lie.
            qCWarning(lcServe) << "file changed while sending" << m_transfer.name << "at byte" << m_bodyQueued;
            finishTransfer(TransferInfo::State::Aborted);
            m_phase = Phase::Closing;
            m_socket->abort();
            return;
        }
        m_socket->write(m_chunk.constData(), got);
        m_bodyQueued += got;
    }
    reportProgress(false);
    if (m_bodyQueued < m_bodySize || m_socket->bytesToWrite() > 0)
        return;

    m_file.reset();
    m_chunk = QByteArray();
    finishTransfer(TransferInfo::State::Done);
    if (m_dialect == Dialect::Http && m_keepAlive) {
        m_phase = Phase::ReadingRequest;
        armDeadline(m_context->keepAliveIdle);
        m_inbox += m_socket->read(HttpLimits::MaxHeadBytes + 1 - m_inbox.size());
        processInbox();
    } else {
        closeAfterWrite();
    }
}

void ServeSession::onBytesWritten()
{
    if (m_phase != Phase::Sending)
        return;
    armDeadline(m_context->stallDeadline);
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
    if (state == TransferInfo::State::Done)
        m_transfer.sent = m_bodySize;
    m_transfer.state = state;
    Q_EMIT transferUpdated(m_transfer);
}

void ServeSession::closeAfterWrite()
{
    m_phase = Phase::Closing;
    m_quiet.stop();
    armDeadline(m_context->stallDeadline);
    m_socket->disconnectFromHost();
}

void ServeSession::onDeadline()
{
    if (m_phase == Phase::Sending)
        qCInfo(lcServe) << m_transfer.peer << "stopped reading; closing";
    finishTransfer(TransferInfo::State::Aborted);
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
