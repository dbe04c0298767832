#include "client/downloadjob.h"

#include "client/bandwidthlimit.h"
#include "client/bodyframing.h"
#include "common/sha256.h"
#include "os/uniquefd.h"
#include "wire/contentdisposition.h"
#include "wire/httpresponsehead.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcDownload, "ferry.download")

namespace {

constexpr qint64 SocketBufferBytes = 4 * 1024 * 1024;
constexpr qint64 ReadChunkBytes = 1024 * 1024;
constexpr int ProgressIntervalMs = 100;
// The probe must reach a tutorial server as one recv(4096) or it would
// read a truncated request as a name and leave the rest unread.
constexpr qsizetype MaxProbeBytes = 4000;

} // namespace

DownloadJob::DownloadJob(const Request &request, QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_url(request.url.isValid() ? request.url : HttpGetRequest::urlForName(request.host, request.port, request.name))
    , m_part(request.destination)
    , m_sink(m_part, request.maxBytes)
    , m_timer(this)
    , m_retryTimer(this)
    , m_throttleTimer(this)
{
    connect(&m_verificationWatcher, &QFutureWatcher<QByteArray>::finished, this, &DownloadJob::onVerified);
    qRegisterMetaType<DownloadJob::Outcome>();
    qRegisterMetaType<Dialect>();
    m_timer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    m_throttleTimer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DownloadJob::onTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] { connectNow(Dialect::Http); });
    connect(&m_throttleTimer, &QTimer::timeout, this, &DownloadJob::onReadyRead);
}

DownloadJob::~DownloadJob()
{
    // The hash reads our .part; stop it before the job (and maybe the file) goes.
    m_verificationWatcher.disconnect(this);
    m_verification.cancel();
    m_verification.waitForFinished();
    m_sink.end();
}

QString DownloadJob::where() const
{
    return tr("%1 port %2").arg(m_url.host()).arg(m_url.port(m_url.scheme() == QLatin1String("https") ? 443 : 80));
}

HttpExchange::Request DownloadJob::exchangeRequest() const
{
    // Only a URL download goes through a proxy: HOST:PORT NAME is the way
    // to a server on the same network, often a tutorial one.
    HttpExchange::Request request = HttpExchange::Request::of(
            m_url, m_request.url.isValid() ? ConnectionSettings(m_request) : m_request.direct());
    request.askForDigest = m_request.askForDigest;
    // A retry never falls back to the legacy dialect.
    request.probe = !m_request.url.isValid() && m_request.protocol == Protocol::Auto && !m_sawHttp;
    // Range + If-Range only to the server the .part's bytes came from (after
    // a redirect, the validator belongs to the final URL's origin).
    const PartFile *part = &m_part;
    request.resumeFor = [part](const QUrl &url) { return ResumePoint::of(*part, HttpGetRequest::originOf(url)); };
    return request;
}

void DownloadJob::start()
{
    if (m_phase != Phase::Idle)
        return;
    m_phase = Phase::Connecting;
    const bool byUrl = m_request.url.isValid();
    if (!byUrl && m_request.name.isEmpty())
        return fail(Outcome::Failed, tr("No file name given."));
    if (!byUrl && m_request.protocol != Protocol::Http) {
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
    if (!byUrl && m_request.protocol != Protocol::Legacy
        && HttpExchange(exchangeRequest()).firstRequest().size() > MaxProbeBytes)
        return fail(Outcome::Failed, tr("The name is too long."));

    m_buffer.resize(ReadChunkBytes);
    connectNow(!byUrl && m_request.protocol == Protocol::Legacy ? Dialect::Legacy : Dialect::Http);
}

void DownloadJob::connectNow(Dialect dialect)
{
    dropConnection();
    m_sink.end();
    m_part.close();
    m_phase = Phase::Connecting;
    m_dialect = dialect;
    m_sink.begin(0, -1, false);
    if (dialect == Dialect::Legacy)
        connectLegacy();
    else
        connectHttp();
}

void DownloadJob::connectHttp()
{
    m_exchange = new HttpExchange(exchangeRequest(), this);
    connect(m_exchange, &HttpExchange::answered, this, &DownloadJob::onAnswered);
    connect(m_exchange, &HttpExchange::failed, this, &DownloadJob::onExchangeFailed);
    connect(m_exchange, &HttpExchange::redirected, this, &DownloadJob::redirected);
    connect(m_exchange, &HttpExchange::certificateProblem, this,
            [this](const QSslCertificate &certificate, const QString &problem) {
                const QUrl url = m_exchange->url();
                Q_EMIT certificateProblem(url.host(), quint16(url.port(443)), certificate, problem);
            });
    m_exchange->start();
}

void DownloadJob::connectLegacy()
{
    m_socket = new QTcpSocket(this);
    m_plainTcp = true;
    connect(m_socket, &QTcpSocket::connected, this, &DownloadJob::onLegacyConnected);
    watchSocket();
    m_timer.start(m_request.connectTimeoutMs);
    m_socket->setReadBufferSize(SocketBufferBytes);
    m_socket->connectToHost(m_request.host, m_request.port);
}

void DownloadJob::watchSocket()
{
    if (m_plainTcp)
        connect(m_socket, &QTcpSocket::readyRead, this, &DownloadJob::onReadyRead);
    else
        connect(m_socket, &QTcpSocket::readyRead, this, &DownloadJob::queueTlsDrain);
    connect(m_socket, &QTcpSocket::disconnected, this, &DownloadJob::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &DownloadJob::onSocketError);
}

void DownloadJob::onLegacyConnected()
{
    // Connecting to a loopback port nobody listens on can, rarely, connect
    // the socket to itself (TCP simultaneous open): that is a refusal.
    if (m_socket->localPort() == m_socket->peerPort() && m_socket->localAddress() == m_socket->peerAddress())
        return fail(Outcome::Failed, tr("Connection refused by %1 port %2.").arg(m_request.host).arg(m_request.port));
    m_socket->write(m_legacyName);
    // A legacy answer has no head: its first byte is the file's.
    m_phase = Phase::ReceivingBody;
    m_timer.start(m_request.stallTimeoutMs);
    m_sinceProgress.start();
    Q_EMIT dialectChosen(Dialect::Legacy);
}

void DownloadJob::onAnswered(const HttpResponseHead &head)
{
    m_socket = m_exchange->takeSocket(this);
    m_plainTcp = m_exchange->isPlainTcp();
    m_resume = m_exchange->resume();
    const QByteArray bodyStart = m_exchange->takeBodyStart();
    m_url = m_exchange->url();
    m_exchange->disconnect(this);
    m_exchange->deleteLater();
    m_exchange = nullptr;
    watchSocket();
    m_timer.start(m_request.stallTimeoutMs);
    m_sinceProgress.start();

    handleHttpHead(head);
    // Body bytes that came with the head, unless the answer changed course.
    if (m_phase == Phase::ReceivingBody && !bodyStart.isEmpty()) {
        const qint64 remaining = m_sink.wireRemaining();
        if (!sinkAccepts(m_sink.write(bodyStart.constData(),
                                      remaining >= 0 ? qMin<qint64>(bodyStart.size(), remaining) : bodyStart.size())))
            return;
    }
    if (m_phase != Phase::ReceivingBody)
        return;
    if (m_socket->bytesAvailable() > 0 || m_sink.isComplete())
        return onReadyRead();
    if (HttpExchange::hasEnded(m_socket))
        return onDisconnected();
    handOverBody();
}

void DownloadJob::onExchangeFailed(HttpExchange::Failure failure, const QString &message)
{
    m_exchange->deleteLater();
    m_exchange = nullptr;
    switch (failure) {
    case HttpExchange::Failure::NotHttp:
        return fallBackToLegacy();
    case HttpExchange::Failure::Transient:
        return retryOrFail(message);
    case HttpExchange::Failure::Final:
    case HttpExchange::Failure::Certificate:
        return fail(Outcome::Failed, message);
    }
}

void DownloadJob::onReadyRead()
{
    if (m_phase != Phase::ReceivingBody)
        return;
    m_timer.start(m_request.stallTimeoutMs);
    drainBody();
    if (m_phase != Phase::ReceivingBody)
        return;
    if (m_sink.isComplete())
        return complete();
    if (HttpExchange::hasEnded(m_socket) && m_socket->bytesAvailable() == 0)
        return onEndOfStream();
    reportProgress(false);
    handOverBody();
}

// QSslSocket (Qt 6.4) decrypts what the kernel gave it 4 KiB at a time and
// tells each piece at once; drained and written one by one, a gigabyte costs
// 262,144 writes. Drained once the socket has decrypted all it holds (up to
// its read buffer), the same gigabyte takes a thousand writes of 1 MiB.
void DownloadJob::queueTlsDrain()
{
    if (m_tlsDrainQueued)
        return;
    m_tlsDrainQueued = true;
    QMetaObject::invokeMethod(
            this,
            [this] {
                m_tlsDrainQueued = false;
                if (m_socket)
                    onReadyRead();
            },
            Qt::QueuedConnection);
}

void DownloadJob::handOverBody()
{
    // Only a body in progress on a live plain connection, all of Qt's buffer
    // consumed: from here the bytes go from the socket to the file directly.
    // A chunked body stays with QTcpSocket: BodySink decodes what it reads.
    // So does one under TLS, which only the socket can decrypt.
    if (!m_plainTcp || !m_part.isOpen() || m_sink.isChunked() || m_socket->state() != QAbstractSocket::ConnectedState
        || m_socket->bytesAvailable() > 0 || m_socket->bytesToWrite() > 0 || m_throttleTimer.isActive())
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
    m_receiver->setBandwidthLimit(m_request.bandwidth);
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
    m_throttleTimer.stop();
    if (m_exchange) {
        m_exchange->disconnect(this);
        m_exchange->deleteLater();
        m_exchange = nullptr;
    }
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
    BandwidthLimit *limit = m_request.bandwidth;
    if (m_throttleTimer.isActive())
        return; // held back by the limit; the timer drains again
    while (m_socket && m_socket->bytesAvailable() > 0 && m_phase == Phase::ReceivingBody) {
        qint64 wanted = m_buffer.size();
        if (m_sink.wireRemaining() >= 0)
            wanted = qMin(wanted, m_sink.wireRemaining());
        if (wanted <= 0)
            break;
        if (limit) {
            wanted = limit->take(wanted);
            if (wanted <= 0) {
                // Qt's read buffer is bounded: the server waits meanwhile.
                m_throttleTimer.start(limit->msUntilAvailable());
                break;
            }
        }
        const qint64 got = m_socket->read(m_buffer.data(), wanted);
        if (limit && got < wanted)
            limit->giveBack(wanted - qMax<qint64>(got, 0));
        if (got <= 0 || !sinkAccepts(m_sink.write(m_buffer.constData(), got)))
            break;
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
        takeServerName(head);
        const bool begun = head.status == 200 ? beginFreshBody(head, framing) : acceptPartialContent(head, framing);
        if (begun && sinkAccepts(m_sink.hasRoom()))
            reportProgress(true);
        return;
    }
    case 416:
        return restartWithoutRange(); // our .part no longer fits the file
    case 404:
    case 410:
        return fail(Outcome::NotFound, HttpExchange::refusal(head, false));
    case 503:
        return retryOrFail(HttpExchange::refusal(head, false));
    default:
        return fail(Outcome::Failed, HttpExchange::refusal(head, !m_request.accessCode.isEmpty()));
    }
}

// The server's name for the file (Content-Disposition) replaces the
// proposed one, in the same folder: a base name only, so never elsewhere.
void DownloadJob::takeServerName(const HttpResponseHead &head)
{
    if (!m_request.nameFromServer)
        return;
    const QString name = ContentDisposition::fileName(head.header("content-disposition"));
    if (name.isEmpty())
        return;
    m_part.setDestination(QFileInfo(m_request.destination).dir().filePath(name));
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
        m_part.storeVersion({validator, framing.length, HttpGetRequest::originOf(m_url)});
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
    if (m_phase != Phase::ReceivingBody || !m_socket || !HttpExchange::hasEnded(m_socket))
        return;
    drainBody();
    // Bytes held back by the bandwidth limit are still to be written;
    // onReadyRead() ends the stream once they are.
    if (m_phase == Phase::ReceivingBody && m_socket->bytesAvailable() == 0)
        onEndOfStream();
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
        // Handled by onDisconnected, but QSslSocket (Qt 6.4) reports a
        // close_notify that comes without the TCP close this way only.
        QMetaObject::invokeMethod(this, &DownloadJob::onDisconnected, Qt::QueuedConnection);
        return;
    case QAbstractSocket::ConnectionRefusedError:
        return fail(Outcome::Failed, tr("Connection refused by %1 port %2.").arg(m_request.host).arg(m_request.port));
    case QAbstractSocket::HostNotFoundError:
        return fail(Outcome::Failed, tr("Unknown host %1.").arg(m_url.host()));
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
    // A watcher, not QFuture::then(this, ...): Qt 6.4's continuation with a
    // context can outlive it and touch freed memory (seen under valgrind).
    m_verification = m_sink.digest();
    m_verificationWatcher.setFuture(m_verification);
}

void DownloadJob::onVerified()
{
    if (m_phase != Phase::Verifying || m_verification.isCanceled() || m_verification.resultCount() == 0)
        return;
    if (m_verification.result() != m_expectedDigest) {
        m_part.forgetVersion(); // never resume onto these bytes
        return fail(Outcome::Failed, tr("The downloaded data does not match the server's SHA-256; it was not saved."));
    }
    commit(true);
}

void DownloadJob::commit(bool verified)
{
    if (!(m_request.keepExisting ? m_part.commitKeepingExisting() : m_part.commit()))
        return fail(Outcome::Failed, tr("Cannot save %1: %2").arg(m_part.destination(), m_part.errorString()));
    reportProgress(true);
    m_phase = Phase::Finished;
    m_timer.stop();
    dropConnection();
    Q_EMIT finished(Outcome::Done, verified ? tr("Saved %1 (SHA-256 verified).").arg(m_part.destination())
                                            : tr("Saved %1.").arg(m_part.destination()));
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
