#include "client/downloadjob.h"

#include "client/bodyframing.h"
#include "common/sha256.h"
#include "os/uniquefd.h"
#include "wire/httprequest.h"
#include "wire/httpresponsehead.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcDownload, "ferry.download")

namespace {

constexpr qint64 SocketBufferBytes = 4 * 1024 * 1024;
constexpr qint64 ReadChunkBytes = 1024 * 1024;
constexpr qsizetype MaxResponseHeadBytes = 64 * 1024;
constexpr int ProgressIntervalMs = 100;
// The probe must reach a tutorial server as one recv(4096) or it would
// read a truncated request as a name and leave the rest unread.
constexpr qsizetype MaxProbeBytes = 4000;

} // namespace

DownloadJob::DownloadJob(const Request &request, QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_part(request.destination)
    , m_sink(m_part, request.maxBytes)
    , m_timer(this)
    , m_retryTimer(this)
{
    qRegisterMetaType<DownloadJob::Outcome>();
    qRegisterMetaType<Dialect>();
    m_timer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DownloadJob::onTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        m_resume = ResumePoint::of(m_part, httpRequest().origin());
        connectNow(Dialect::Http);
    });
}

DownloadJob::~DownloadJob()
{
    // The hash reads our .part; stop it before the job (and maybe the file) goes.
    m_verification.cancel();
    m_verification.waitForFinished();
    m_sink.end();
}

HttpGetRequest DownloadJob::httpRequest() const
{
    return {m_request.host, m_request.port, m_request.name, m_request.askForDigest, m_request.accessCode, m_resume};
}

void DownloadJob::start()
{
    if (m_phase != Phase::Idle)
        return;
    m_phase = Phase::Connecting;
    if (m_request.name.isEmpty())
        return fail(Outcome::Failed, tr("No file name given."));
    if (m_request.protocol != Protocol::Http) {
        const std::optional<QByteArray> encoded = LegacyName::encode(m_request.name, m_request.legacyEncoding);
        if (encoded && encoded->size() <= LegacyName::MaxBytes)
            m_legacyName = *encoded;
        else if (m_request.protocol == Protocol::Legacy)
            return fail(
                    Outcome::Failed,
                    !encoded
                            ? tr("The name \"%1\" cannot be written in GBK, which the tutorial server expects; use UTF-8 explicitly if the server accepts it.")
                                      .arg(m_request.name)
                            : tr("The name is longer than the %1 bytes the legacy protocol allows.")
                                      .arg(LegacyName::MaxBytes));
    }
    if (m_request.protocol != Protocol::Legacy) {
        m_resume = ResumePoint::of(m_part, httpRequest().origin());
        if (httpRequest().encode().size() > MaxProbeBytes)
            return fail(Outcome::Failed, tr("The name is too long."));
    }

    m_buffer.resize(ReadChunkBytes);
    connectNow(m_request.protocol == Protocol::Legacy ? Dialect::Legacy : Dialect::Http);
}

void DownloadJob::connectNow(Dialect dialect)
{
    dropConnection();
    m_sink.end();
    m_part.close();
    m_phase = Phase::Connecting;
    m_dialect = dialect;
    m_head.clear();
    m_sink.begin(0, -1, false);

    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, &DownloadJob::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &DownloadJob::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &DownloadJob::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &DownloadJob::onSocketError);
    m_timer.start(m_request.connectTimeoutMs);
    m_socket->setReadBufferSize(SocketBufferBytes);
    m_socket->connectToHost(m_request.host, m_request.port);
}

void DownloadJob::onConnected()
{
    // Connecting to a loopback port nobody listens on can, rarely, connect
    // the socket to itself (TCP simultaneous open): that is a refusal.
    if (m_socket->localPort() == m_socket->peerPort() && m_socket->localAddress() == m_socket->peerAddress())
        return fail(Outcome::Failed, tr("Connection refused by %1 port %2.").arg(m_request.host).arg(m_request.port));
    const bool legacy = m_dialect == Dialect::Legacy;
    m_socket->write(legacy ? m_legacyName : httpRequest().encode());
    // A legacy answer has no head: its first byte is the file's.
    m_phase = legacy ? Phase::ReceivingBody : Phase::ReadingHead;
    m_timer.start(m_request.stallTimeoutMs);
    m_sinceProgress.start();
    if (legacy)
        Q_EMIT dialectChosen(Dialect::Legacy);
}

void DownloadJob::onReadyRead()
{
    m_timer.start(m_request.stallTimeoutMs);
    if (m_phase == Phase::ReadingHead)
        readHttpHead();
    if (m_phase != Phase::ReceivingBody)
        return; // the answer is still coming, or it changed course
    drainBody();
    if (m_phase != Phase::ReceivingBody)
        return;
    if (m_sink.isComplete())
        return complete();
    reportProgress(false);
    handOverBody();
}

void DownloadJob::handOverBody()
{
    // Only a body in progress on a live connection, all of Qt's buffer
    // consumed: from here the bytes go from the socket to the file directly.
    // A chunked body stays with QTcpSocket: BodySink decodes what it reads.
    if (!m_part.isOpen() || m_sink.isChunked() || m_socket->state() != QAbstractSocket::ConnectedState
        || m_socket->bytesAvailable() > 0 || m_socket->bytesToWrite() > 0)
        return;
    // The duplicate keeps the connection open when QTcpSocket lets go of its
    // descriptor; from then on QTcpSocket never reads again.
    UniqueFd descriptor = UniqueFd::duplicate(int(m_socket->socketDescriptor()));
    if (!descriptor)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    m_receiver =
            new BodyReceiver(std::move(descriptor), m_part.handle(), m_sink.acceptable(), m_request.bodyMethod, this);
    connect(m_receiver, &BodyReceiver::received, this, &DownloadJob::onBodyReceived);
    connect(m_receiver, &BodyReceiver::endOfStream, this, &DownloadJob::onEndOfStream);
    connect(m_receiver, &BodyReceiver::socketError, this,
            [this](const QString &message) { retryOrFail(tr("Connection lost: %1").arg(message)); });
    connect(m_receiver, &BodyReceiver::fileError, this, [this](const QString &message) {
        fail(Outcome::Failed, tr("Cannot write %1: %2").arg(m_part.path(), message));
    });
}

void DownloadJob::onBodyReceived(qint64 bytes)
{
    m_timer.start(m_request.stallTimeoutMs);
    if (!sinkAccepts(m_sink.landed(bytes)))
        return;
    if (m_sink.isComplete())
        return complete();
    reportProgress(false);
}

void DownloadJob::dropConnection()
{
    if (m_receiver) {
        m_receiver->disconnect(this);
        m_receiver->stop();
        m_receiver->deleteLater();
        m_receiver = nullptr;
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

void DownloadJob::drainBody()
{
    while (m_socket->bytesAvailable() > 0 && m_phase == Phase::ReceivingBody) {
        qint64 wanted = m_buffer.size();
        if (m_sink.wireRemaining() >= 0)
            wanted = qMin(wanted, m_sink.wireRemaining());
        if (wanted <= 0)
            break;
        const qint64 got = m_socket->read(m_buffer.data(), wanted);
        if (got <= 0 || !sinkAccepts(m_sink.write(m_buffer.constData(), got)))
            break;
    }
}

void DownloadJob::readHttpHead()
{
    m_head += m_socket->read(MaxResponseHeadBytes + 1 - m_head.size());
    if (!QByteArrayView("HTTP/").startsWith(QByteArrayView(m_head).first(qMin<qsizetype>(5, m_head.size()))))
        return fallBackToLegacy(); // not an HTTP answer: a tutorial server sending a file
    const qsizetype end = findHeadEnd(m_head);
    if (end < 0) {
        if (m_head.size() > MaxResponseHeadBytes)
            fail(Outcome::Failed, tr("The server sent an oversized response header."));
        return;
    }
    const QByteArray bodyStart = m_head.mid(end);
    m_head.truncate(end);
    const std::optional<HttpResponseHead> head = HttpResponseHead::parse(m_head);
    if (!head)
        return fail(Outcome::Failed, tr("The server sent a malformed response."));
    handleHttpHead(*head);
    // Body bytes that came with the head, unless the answer changed course.
    if (m_phase == Phase::ReceivingBody && !bodyStart.isEmpty()) {
        const qint64 remaining = m_sink.wireRemaining();
        sinkAccepts(m_sink.write(bodyStart.constData(),
                                 remaining >= 0 ? qMin<qint64>(bodyStart.size(), remaining) : bodyStart.size()));
    }
}

void DownloadJob::handleHttpHead(const HttpResponseHead &head)
{
    Q_EMIT dialectChosen(Dialect::Http);
    m_sawHttp = true;
    m_expectedDigest = Sha256::parseDigestHeader(head.header("repr-digest"), head.header("digest"));
    switch (head.status) {
    case 200:
    case 206: {
        const BodyFraming framing = BodyFraming::of(head);
        if (!framing.error.isEmpty())
            return fail(Outcome::Failed, framing.error);
        const bool begun = head.status == 200 ? beginFreshBody(head, framing) : acceptPartialContent(head, framing);
        if (begun && sinkAccepts(m_sink.hasRoom()))
            reportProgress(true);
        return;
    }
    case 416:
        return restartWithoutRange(); // our .part no longer fits the file
    case 404:
    case 410:
        return fail(Outcome::NotFound, tr("File not found."));
    case 403:
        return fail(Outcome::Failed, tr("The server refused to send this file."));
    case 503:
        return retryOrFail(tr("The server is busy."));
    case 401:
        return fail(Outcome::Failed, m_request.accessCode.isEmpty() ? tr("This share needs an access code.")
                                                                    : tr("The access code is wrong."));
    case 429:
        return fail(Outcome::Failed, tr("Too many wrong access codes; try again in %1 seconds.")
                                             .arg(QString::fromLatin1(head.header("retry-after"))));
    default:
        return fail(Outcome::Failed,
                    tr("The server answered %1 %2.").arg(head.status).arg(QString::fromLatin1(head.reason)));
    }
}

bool DownloadJob::beginFreshBody(const HttpResponseHead &head, const BodyFraming &framing)
{
    if (m_resume.isSet())
        qCDebug(lcDownload) << "the file changed on the server; starting over";
    m_resume = {};
    if (!m_part.openFresh()) {
        fail(Outcome::Failed, tr("Cannot write %1: %2").arg(m_part.path(), m_part.errorString()));
        return false;
    }
    // Remember which version these bytes belong to, for a later resume
    // (none without a well-formed validator to replay, nor a size).
    if (const QByteArray validator = head.resumeValidator(); !validator.isEmpty() && framing.length > 0)
        m_part.storeVersion({validator, framing.length, httpRequest().origin()});
    m_sink.begin(0, framing.length, !m_expectedDigest.isEmpty(), framing.framing);
    m_phase = Phase::ReceivingBody;
    return true;
}

bool DownloadJob::acceptPartialContent(const HttpResponseHead &head, const BodyFraming &framing)
{
    const auto range = head.contentRange();
    // Only exactly the rest of exactly the version we have may be appended
    // (a chunked body's length is checked as it arrives).
    const bool chunked = framing.framing == BodySink::Framing::Chunked;
    if (!m_resume.isSet() || !range || range->first != m_resume.offset || range->last != range->total - 1
        || range->total != m_resume.version.size || (!chunked && framing.length != range->last - range->first + 1)) {
        restartWithoutRange();
        return false;
    }
    if (!m_part.openForAppend() || m_part.size() != m_resume.offset) {
        restartWithoutRange();
        return false;
    }
    m_sink.begin(m_resume.offset, range->total, !m_expectedDigest.isEmpty(), framing.framing);
    m_phase = Phase::ReceivingBody;
    Q_EMIT resumed(m_resume.offset, range->total);
    return true;
}

// The .part does not fit what the server has (a 416, or a 206 of another
// range or version): start over with the whole file, at once the first
// time (the file changed), as a counted retry after that, so that a server
// that keeps answering so cannot make the job reconnect without end.
void DownloadJob::restartWithoutRange()
{
    const bool askedForRange = m_resume.isSet();
    m_part.remove();
    m_resume = {};
    if (!askedForRange)
        return fail(Outcome::Failed, tr("The server answered a request for the whole file with a partial one."));
    if (!m_restartedWithoutRange) {
        m_restartedWithoutRange = true;
        return connectNow(Dialect::Http);
    }
    retryOrFail(tr("The server keeps refusing to continue the partly downloaded file."));
}

void DownloadJob::fallBackToLegacy()
{
    if (m_request.protocol == Protocol::Http)
        return fail(Outcome::Failed, tr("The server does not speak HTTP."));
    if (m_sawHttp) // it answered in HTTP before this retry
        return retryOrFail(tr("The server closed the connection without answering."));
    // The legacy dialect has no digest: falling back would skip the check.
    if (m_request.askForDigest)
        return fail(Outcome::Failed,
                    tr("The server closed the connection without an HTTP answer; the legacy protocol cannot verify "
                       "the file, so it was not downloaded."));
    if (m_legacyName.isEmpty())
        return fail(
                Outcome::Failed,
                tr("The server speaks only the legacy protocol, and the name \"%1\" cannot be written in GBK, which it expects.")
                        .arg(m_request.name));
    qCDebug(lcDownload) << "no HTTP answer from" << m_request.host << "; using the legacy dialect";
    connectNow(Dialect::Legacy);
}

// What the body sink said: on a refusal (the limit, the disk) the job fails with its reason.
bool DownloadJob::sinkAccepts(bool accepted)
{
    if (!accepted)
        fail(Outcome::Failed, m_sink.errorString());
    return accepted;
}

void DownloadJob::onDisconnected()
{
    switch (m_phase) {
    case Phase::ReadingHead:
        // Zero bytes (or a non-HTTP answer) and a close: a tutorial server.
        if (m_head.isEmpty() && m_socket->bytesAvailable() == 0)
            return fallBackToLegacy();
        return retryOrFail(tr("The server closed the connection in the middle of its answer."));
    case Phase::ReceivingBody:
        drainBody();
        if (m_phase == Phase::ReceivingBody)
            onEndOfStream();
        return;
    default:
        return;
    }
}

void DownloadJob::onEndOfStream()
{
    if (m_dialect == Dialect::Legacy) {
        if (m_sink.received() == 0)
            return fail(Outcome::NotFound, tr("File not found."));
        return complete();
    }
    if (m_sink.endsAtClose() || m_sink.isComplete())
        return complete();
    retryOrFail(
            m_sink.isChunked()
                    ? tr("Connection lost after %1 bytes, before the end of the chunked body.").arg(m_sink.received())
                    : tr("Connection lost after %1 of %2 bytes.").arg(m_sink.received()).arg(m_sink.expected()));
}

void DownloadJob::onSocketError()
{
    if (m_phase == Phase::Finished)
        return;
    switch (m_socket->error()) {
    case QAbstractSocket::RemoteHostClosedError:
        return; // handled by onDisconnected
    case QAbstractSocket::ConnectionRefusedError:
        return fail(Outcome::Failed, tr("Connection refused by %1 port %2.").arg(m_request.host).arg(m_request.port));
    case QAbstractSocket::HostNotFoundError:
        return fail(Outcome::Failed, tr("Unknown host %1.").arg(m_request.host));
    default:
        if (m_phase == Phase::ReceivingBody && m_socket->bytesAvailable() > 0)
            drainBody();
        if (m_phase == Phase::ReceivingBody && m_sink.isComplete())
            return complete(); // a reset after the last byte
        if (m_phase != Phase::Finished)
            retryOrFail(tr("Connection lost: %1").arg(m_socket->errorString()));
    }
}

void DownloadJob::onTimeout()
{
    if (m_phase == Phase::Connecting)
        return retryOrFail(tr("Timed out connecting to %1 port %2.").arg(m_request.host).arg(m_request.port));
    retryOrFail(tr("Timed out: the server sent nothing for %1 seconds.").arg(m_request.stallTimeoutMs / 1000));
}

void DownloadJob::retryOrFail(const QString &reason)
{
    // The legacy dialect cannot resume, so an attempt there is final.
    if (m_dialect == Dialect::Legacy || m_attempt >= m_request.retries)
        return fail(Outcome::Failed, reason);
    ++m_attempt;
    m_sink.end();
    const int delay = m_request.firstRetryDelayMs << qMin(m_attempt - 1, 6);
    m_timer.stop();
    dropConnection();
    m_part.close();
    m_phase = Phase::WaitingToRetry;
    Q_EMIT retrying(m_attempt, m_request.retries, delay, reason);
    m_retryTimer.start(delay);
}

void DownloadJob::cancel()
{
    if (m_phase != Phase::Finished)
        fail(Outcome::Canceled, tr("Canceled."));
}

void DownloadJob::complete()
{
    if (m_sink.expected() >= 0 && m_sink.received() != m_sink.expected())
        return fail(Outcome::Failed,
                    tr("Received %1 bytes instead of %2.").arg(m_sink.received()).arg(m_sink.expected()));
    // An empty body still yields an (empty) file.
    if (!m_part.isOpen() && m_sink.received() == 0 && !m_part.openFresh())
        return fail(Outcome::Failed, tr("Cannot write %1: %2").arg(m_part.path(), m_part.errorString()));
    m_timer.stop();
    dropConnection();
    if (m_dialect != Dialect::Http || m_expectedDigest.isEmpty())
        return commit(false);

    // Hash the whole .part (resumed bytes included) off this thread.
    m_part.close();
    reportProgress(true);
    m_phase = Phase::Verifying;
    Q_EMIT verifying();
    m_verification = m_sink.digest();
    m_verification.then(this, [this](const QByteArray &digest) {
        if (m_phase != Phase::Verifying)
            return;
        if (digest != m_expectedDigest) {
            m_part.forgetVersion(); // never resume onto these bytes
            return fail(Outcome::Failed,
                        tr("The downloaded data does not match the server's SHA-256; it was not saved."));
        }
        commit(true);
    });
}

void DownloadJob::commit(bool verified)
{
    if (!m_part.commit())
        return fail(Outcome::Failed, tr("Cannot save %1: %2").arg(m_request.destination, m_part.errorString()));
    reportProgress(true);
    m_phase = Phase::Finished;
    m_timer.stop();
    dropConnection();
    Q_EMIT finished(Outcome::Done, verified ? tr("Saved %1 (SHA-256 verified).").arg(m_request.destination)
                                            : tr("Saved %1.").arg(m_request.destination));
}

void DownloadJob::fail(Outcome outcome, const QString &message)
{
    if (m_phase == Phase::Finished)
        return;
    m_phase = Phase::Finished;
    m_timer.stop();
    m_retryTimer.stop();
    dropConnection();
    if (m_part.isOpen()) {
        m_part.close();
        reportProgress(true);
    }
    Q_EMIT finished(outcome, message);
}

void DownloadJob::reportProgress(bool force)
{
    if (!force && m_sinceProgress.isValid() && m_sinceProgress.elapsed() < ProgressIntervalMs)
        return;
    m_sinceProgress.restart();
    Q_EMIT progress(m_sink.received(), m_sink.expected());
}
