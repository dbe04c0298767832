#include "client/downloadjob.h"

#include "client/parthasher.h"
#include "common/sha256.h"
#include "share/accessgate.h"
#include "wire/httprequest.h"
#include "wire/httpresponsehead.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QStorageInfo>
#include <QTcpSocket>
#include <QUrl>

#include <fcntl.h>
#include <unistd.h>

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
    , m_timer(this)
    , m_retryTimer(this)
{
    qRegisterMetaType<DownloadJob::Outcome>();
    qRegisterMetaType<Dialect>();
    m_timer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DownloadJob::onTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        planResume();
        connectNow(Dialect::Http);
    });
}

DownloadJob::~DownloadJob()
{
    // The hash reads our .part; stop it before the job (and maybe the file) goes.
    m_verification.cancel();
    m_verification.waitForFinished();
    m_hasher.reset();
}

void DownloadJob::startHashing()
{
    // Only when the server offered a digest to check the bytes against.
    m_hasher.reset();
    if (!m_expectedDigest.isEmpty())
        m_hasher = std::make_unique<PartHasher>(m_part.path(), m_received);
}

QByteArray DownloadJob::httpRequest() const
{
    QString path = m_request.name;
    path.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    const bool v6 = m_request.host.contains(QLatin1Char(':'));
    const QByteArray host = (v6 ? '[' + m_request.host.toUtf8() + ']' : QUrl::toAce(m_request.host)) + ':'
                            + QByteArray::number(m_request.port);
    QByteArray request = "GET " + QUrl::toPercentEncoding(path, "/")
                         + " HTTP/1.1\r\n"
                           "Host: "
                         + host
                         + "\r\n"
                           "User-Agent: Ferry/" FERRY_VERSION "\r\n"
                           "Accept: */*\r\n";
    if (m_request.askForDigest)
        request += "Want-Repr-Digest: sha-256=10\r\n";
    if (!m_request.accessCode.isEmpty())
        request += "Authorization: " + AccessGate::basicAuthorization(m_request.accessCode) + "\r\n";
    if (m_resumeFrom > 0)
        request += "Range: bytes=" + QByteArray::number(m_resumeFrom)
                   + "-\r\n"
                     "If-Range: "
                   + m_resumeVersion.validator + "\r\n";
    return request + "Connection: close\r\n\r\n";
}

void DownloadJob::planResume()
{
    m_resumeFrom = 0;
    m_resumeVersion = {};
    if (m_request.protocol == Protocol::Legacy || !m_part.exists())
        return;
    const PartFile::Version version = m_part.storedVersion();
    const qint64 have = m_part.size();
    if (version.isUsable() && have > 0 && have < version.size) {
        m_resumeFrom = have;
        m_resumeVersion = version;
    }
}

void DownloadJob::start()
{
    if (m_started || m_finished)
        return;
    m_started = true;
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
    planResume();
    if (m_request.protocol != Protocol::Legacy && httpRequest().size() > MaxProbeBytes)
        return fail(Outcome::Failed, tr("The name is too long."));

    m_buffer.resize(ReadChunkBytes);
    connectNow(m_request.protocol == Protocol::Legacy ? Dialect::Legacy : Dialect::Http);
}

void DownloadJob::connectNow(Dialect dialect)
{
    dropConnection();
    m_hasher.reset();
    m_part.close();
    m_dialect = dialect;
    m_head.clear();
    m_headDone = false;
    m_expected = -1;
    m_received = 0;

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
    m_socket->write(m_dialect == Dialect::Legacy ? m_legacyName : httpRequest());
    m_timer.start(m_request.stallTimeoutMs);
    m_sinceProgress.start();
    if (m_dialect == Dialect::Legacy)
        Q_EMIT dialectChosen(Dialect::Legacy);
}

void DownloadJob::onReadyRead()
{
    m_timer.start(m_request.stallTimeoutMs);
    if (m_dialect == Dialect::Http && !m_headDone) {
        readHttpHead();
        if (!m_headDone || m_finished || m_dialect != Dialect::Http || !m_part.isOpen())
            return;
    }
    drainBody();
    if (m_finished)
        return;
    if (m_expected >= 0 && m_received >= m_expected)
        return complete();
    reportProgress(false);
    handOverBody();
}

void DownloadJob::handOverBody()
{
    // Only a body in progress on a live connection, all of Qt's buffer
    // consumed: from here the bytes go from the socket to the file directly.
    if (!m_part.isOpen() || m_socket->state() != QAbstractSocket::ConnectedState || m_socket->bytesAvailable() > 0
        || m_socket->bytesToWrite() > 0)
        return;
    // The duplicate keeps the connection open when QTcpSocket lets go of its
    // descriptor; from then on QTcpSocket never reads again.
    const int descriptor = ::fcntl(int(m_socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (descriptor < 0)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
    // A size not announced is bounded by --max-size: one byte more tells
    // that the stream went past it.
    const qint64 limit = m_expected >= 0           ? m_expected - m_received
                         : m_request.maxBytes >= 0 ? m_request.maxBytes - m_received + 1
                                                   : -1;
    m_receiver = new BodyReceiver(descriptor, m_part.handle(), limit, m_request.bodyMethod, this);
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
    m_received += bytes;
    if (m_request.maxBytes >= 0 && m_received > m_request.maxBytes) {
        // The .part keeps no byte past the limit.
        if (::ftruncate(m_part.handle(), m_request.maxBytes) == 0)
            m_received = m_request.maxBytes;
        return fail(Outcome::Failed, tr("The server sent more than the limit of %1 bytes.").arg(m_request.maxBytes));
    }
    if (m_hasher)
        m_hasher->written(m_received);
    if (m_expected >= 0 && m_received >= m_expected)
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
    while (m_socket->bytesAvailable() > 0 && !m_finished) {
        qint64 wanted = m_buffer.size();
        if (m_expected >= 0)
            wanted = qMin(wanted, m_expected - m_received);
        if (wanted <= 0)
            break;
        const qint64 got = m_socket->read(m_buffer.data(), wanted);
        if (got <= 0 || !writeBody(m_buffer.constData(), got))
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
    m_headDone = true;
    const std::optional<HttpResponseHead> head = HttpResponseHead::parse(m_head);
    if (!head)
        return fail(Outcome::Failed, tr("The server sent a malformed response."));
    handleHttpHead(*head);
    // Body bytes that came with the head, unless the answer changed course.
    if (!m_finished && m_headDone && m_part.isOpen() && !bodyStart.isEmpty()) {
        const qint64 wanted =
                m_expected >= 0 ? qMin<qint64>(bodyStart.size(), m_expected - m_received) : bodyStart.size();
        writeBody(bodyStart.constData(), wanted);
    }
}

void DownloadJob::handleHttpHead(const HttpResponseHead &head)
{
    Q_EMIT dialectChosen(Dialect::Http);
    m_sawHttp = true;
    m_expectedDigest = Sha256::parseDigestHeader(head.header("repr-digest"), head.header("digest"));
    if (!head.header("transfer-encoding").isEmpty())
        return fail(Outcome::Failed, tr("The server uses a transfer encoding Ferry does not support yet."));
    switch (head.status) {
    case 200:
        if (beginFreshBody(head) && ensureRoom())
            reportProgress(true);
        return;
    case 206:
        if (acceptPartialContent(head) && ensureRoom())
            reportProgress(true);
        return;
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

bool DownloadJob::beginFreshBody(const HttpResponseHead &head)
{
    const std::optional<qint64> length = head.contentLength();
    if (!length) {
        fail(Outcome::Failed, tr("The server sent an invalid Content-Length."));
        return false;
    }
    if (m_resumeFrom > 0)
        qCDebug(lcDownload) << "the file changed on the server; starting over";
    m_resumeFrom = 0;
    m_expected = *length;
    m_received = 0;
    if (!m_part.openFresh()) {
        fail(Outcome::Failed, tr("Cannot write %1: %2").arg(m_part.path(), m_part.errorString()));
        return false;
    }
    // Remember which version these bytes belong to, for a later resume.
    const QByteArray etag = head.header("etag");
    const QByteArray validator = etag.startsWith('"') ? etag : head.header("last-modified");
    m_part.storeVersion({validator, m_expected});
    startHashing();
    return true;
}

bool DownloadJob::acceptPartialContent(const HttpResponseHead &head)
{
    const auto range = head.contentRange();
    const std::optional<qint64> length = head.contentLength();
    // Only exactly the rest of exactly the version we have may be appended.
    if (m_resumeFrom <= 0 || !range || range->first != m_resumeFrom || range->last != range->total - 1
        || range->total != m_resumeVersion.size || !length || *length != range->last - range->first + 1) {
        restartWithoutRange();
        return false;
    }
    if (!m_part.openForAppend() || m_part.size() != m_resumeFrom) {
        restartWithoutRange();
        return false;
    }
    m_expected = range->total;
    m_received = m_resumeFrom;
    startHashing();
    Q_EMIT resumed(m_resumeFrom, m_expected);
    return true;
}

void DownloadJob::restartWithoutRange()
{
    m_part.remove();
    m_resumeFrom = 0;
    m_resumeVersion = {};
    connectNow(Dialect::Http);
}

void DownloadJob::fallBackToLegacy()
{
    if (m_request.protocol == Protocol::Http)
        return fail(Outcome::Failed, tr("The server does not speak HTTP."));
    if (m_sawHttp) // it answered in HTTP before this retry
        return retryOrFail(tr("The server closed the connection without answering."));
    if (m_legacyName.isEmpty())
        return fail(
                Outcome::Failed,
                tr("The server speaks only the legacy protocol, and the name \"%1\" cannot be written in GBK, which it expects.")
                        .arg(m_request.name));
    qCDebug(lcDownload) << "no HTTP answer from" << m_request.host << "; using the legacy dialect";
    connectNow(Dialect::Legacy);
}

// Before the first byte of a file of known size: within --max-size, and
// room on the disk for what is still to come.
bool DownloadJob::ensureRoom()
{
    if (m_request.maxBytes >= 0 && m_expected > m_request.maxBytes) {
        fail(Outcome::Failed,
             tr("The file is %1 bytes, more than the limit of %2.").arg(m_expected).arg(m_request.maxBytes));
        return false;
    }
    const QStorageInfo disk(QFileInfo(m_part.path()).absolutePath());
    const qint64 needed = m_expected - m_received;
    if (disk.isValid() && disk.bytesAvailable() >= 0 && needed > disk.bytesAvailable()) {
        fail(Outcome::Failed, tr("Not enough disk space in %1: %2 bytes needed, %3 free.")
                                      .arg(disk.rootPath())
                                      .arg(needed)
                                      .arg(disk.bytesAvailable()));
        return false;
    }
    return true;
}

bool DownloadJob::writeBody(const char *data, qint64 size)
{
    if (m_request.maxBytes >= 0 && m_received + size > m_request.maxBytes) {
        fail(Outcome::Failed, tr("The server sent more than the limit of %1 bytes.").arg(m_request.maxBytes));
        return false;
    }
    if (!m_part.isOpen() && !m_part.openFresh()) {
        fail(Outcome::Failed, tr("Cannot write %1: %2").arg(m_part.path(), m_part.errorString()));
        return false;
    }
    if (!m_part.write(data, size)) {
        fail(Outcome::Failed, tr("Cannot write %1: %2").arg(m_part.path(), m_part.errorString()));
        return false;
    }
    m_received += size;
    if (m_hasher)
        m_hasher->written(m_received);
    return true;
}

void DownloadJob::onDisconnected()
{
    if (m_finished)
        return;
    if (m_dialect == Dialect::Http && !m_headDone) {
        // Zero bytes (or a non-HTTP answer) and a close: a tutorial server.
        if (m_head.isEmpty() && m_socket->bytesAvailable() == 0)
            return fallBackToLegacy();
        return retryOrFail(tr("The server closed the connection in the middle of its answer."));
    }
    if (m_part.isOpen() || m_dialect == Dialect::Legacy)
        drainBody();
    if (!m_finished)
        onEndOfStream();
}

void DownloadJob::onEndOfStream()
{
    if (m_dialect == Dialect::Legacy) {
        if (m_received == 0)
            return fail(Outcome::NotFound, tr("File not found."));
        return complete();
    }
    if (m_expected < 0 || m_received >= m_expected)
        return complete();
    retryOrFail(tr("Connection lost after %1 of %2 bytes.").arg(m_received).arg(m_expected));
}

void DownloadJob::onSocketError()
{
    if (m_finished)
        return;
    switch (m_socket->error()) {
    case QAbstractSocket::RemoteHostClosedError:
        return; // handled by onDisconnected
    case QAbstractSocket::ConnectionRefusedError:
        return fail(Outcome::Failed, tr("Connection refused by %1 port %2.").arg(m_request.host).arg(m_request.port));
    case QAbstractSocket::HostNotFoundError:
        return fail(Outcome::Failed, tr("Unknown host %1.").arg(m_request.host));
    default:
        if (m_socket->bytesAvailable() > 0 && (m_part.isOpen() || m_dialect == Dialect::Legacy))
            drainBody();
        if (!m_finished)
            retryOrFail(tr("Connection lost: %1").arg(m_socket->errorString()));
    }
}

void DownloadJob::onTimeout()
{
    if (!m_receiver && m_socket->state() != QAbstractSocket::ConnectedState)
        return retryOrFail(tr("Timed out connecting to %1 port %2.").arg(m_request.host).arg(m_request.port));
    retryOrFail(tr("Timed out: the server sent nothing for %1 seconds.").arg(m_request.stallTimeoutMs / 1000));
}

void DownloadJob::retryOrFail(const QString &reason)
{
    // The legacy dialect cannot resume, so an attempt there is final.
    if (m_dialect == Dialect::Legacy || m_attempt >= m_request.retries)
        return fail(Outcome::Failed, reason);
    ++m_attempt;
    m_hasher.reset();
    const int delay = m_request.firstRetryDelayMs << qMin(m_attempt - 1, 6);
    m_timer.stop();
    dropConnection();
    m_part.close();
    Q_EMIT retrying(m_attempt, m_request.retries, delay, reason);
    m_retryTimer.start(delay);
}

void DownloadJob::cancel()
{
    if (!m_finished)
        fail(Outcome::Canceled, tr("Canceled."));
}

void DownloadJob::complete()
{
    if (m_expected >= 0 && m_received != m_expected)
        return fail(Outcome::Failed, tr("Received %1 bytes instead of %2.").arg(m_received).arg(m_expected));
    if (!m_part.isOpen() && m_received == 0 && !m_part.openFresh()) // an empty body still yields an (empty) file
        return fail(Outcome::Failed, tr("Cannot write %1: %2").arg(m_part.path(), m_part.errorString()));
    m_timer.stop();
    dropConnection();
    if (m_dialect != Dialect::Http || m_expectedDigest.isEmpty())
        return commit(false);

    // Hash the whole .part (resumed bytes included) off this thread.
    m_part.close();
    reportProgress(true);
    Q_EMIT verifying();
    m_verification = m_hasher ? m_hasher->finish(m_received) : Sha256::hashFileAsync(m_part.path());
    m_verification.then(this, [this](const QByteArray &digest) {
        if (m_finished)
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
    m_finished = true;
    m_timer.stop();
    dropConnection();
    Q_EMIT finished(Outcome::Done, verified ? tr("Saved %1 (SHA-256 verified).").arg(m_request.destination)
                                            : tr("Saved %1.").arg(m_request.destination));
}

void DownloadJob::fail(Outcome outcome, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
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
    Q_EMIT progress(m_received, m_expected);
}
