#include "downloadjob.h"

#include "httprequest.h"
#include "httpresponsehead.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QUrl>

#include <cstdio>

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
    , m_timer(this)
{
    qRegisterMetaType<DownloadJob::Outcome>();
    qRegisterMetaType<Dialect>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DownloadJob::onTimeout);
}

DownloadJob::~DownloadJob() = default;

QByteArray DownloadJob::httpProbe() const
{
    QString path = m_request.name;
    path.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    const bool v6 = m_request.host.contains(QLatin1Char(':'));
    const QByteArray host = (v6 ? '[' + m_request.host.toUtf8() + ']' : QUrl::toAce(m_request.host))
            + ':' + QByteArray::number(m_request.port);
    return "GET " + QUrl::toPercentEncoding(path, "/") + " HTTP/1.1\r\n"
           "Host: " + host + "\r\n"
           "User-Agent: Ferry/" FERRY_VERSION "\r\n"
           "Accept: */*\r\n"
           "Connection: close\r\n\r\n";
}

void DownloadJob::start()
{
    if (m_socket || m_finished)
        return;
    if (m_request.name.isEmpty()) {
        fail(Outcome::Failed, tr("No file name given."));
        return;
    }
    if (m_request.protocol != Protocol::Http) {
        const std::optional<QByteArray> encoded = LegacyName::encode(m_request.name, m_request.legacyEncoding);
        if (encoded && encoded->size() <= LegacyName::MaxBytes)
            m_legacyName = *encoded;
        else if (m_request.protocol == Protocol::Legacy)
            return fail(Outcome::Failed, !encoded
                    ? tr("The name \"%1\" cannot be written in GBK, which the tutorial server expects; use UTF-8 explicitly if the server accepts it.").arg(m_request.name)
                    : tr("The name is longer than the %1 bytes the legacy protocol allows.").arg(LegacyName::MaxBytes));
    }
    if (m_request.protocol != Protocol::Legacy && httpProbe().size() > MaxProbeBytes)
        return fail(Outcome::Failed, tr("The name is too long."));

    m_buffer.resize(ReadChunkBytes);
    connectNow(m_request.protocol == Protocol::Legacy ? Dialect::Legacy : Dialect::Http);
}

void DownloadJob::connectNow(Dialect dialect)
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    m_dialect = dialect;
    m_head.clear();
    m_headDone = false;
    m_expected = -1;
    m_received = 0;

    m_socket = new QTcpSocket(this);
    m_socket->setReadBufferSize(SocketBufferBytes);
    connect(m_socket, &QTcpSocket::connected, this, &DownloadJob::onConnected);
    connect(m_socket, &QTcpSocket::readyRead, this, &DownloadJob::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &DownloadJob::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &DownloadJob::onSocketError);
    m_timer.start(m_request.connectTimeoutMs);
    m_socket->connectToHost(m_request.host, m_request.port);
}

void DownloadJob::onConnected()
{
    m_socket->write(m_dialect == Dialect::Legacy ? m_legacyName : httpProbe());
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
        if (!m_headDone || m_finished || m_dialect != Dialect::Http)
            return;
    }
    while (m_socket->bytesAvailable() > 0 && !m_finished) {
        qint64 wanted = m_buffer.size();
        if (m_expected >= 0)
            wanted = qMin(wanted, m_expected - m_received);
        if (wanted <= 0)
            break;
        const qint64 got = m_socket->read(m_buffer.data(), wanted);
        if (got <= 0)
            break;
        if (!writeBody(m_buffer.constData(), got))
            return;
    }
    if (m_finished)
        return;
    if (m_expected >= 0 && m_received >= m_expected)
        complete();
    else
        reportProgress(false);
}

void DownloadJob::readHttpHead()
{
    // Read line by line so that no body byte is consumed with the head.
    while (!m_headDone && m_socket->canReadLine()) {
        m_head += m_socket->readLine(MaxResponseHeadBytes);
        if (!m_head.startsWith(QByteArrayView("HTTP/").first(qMin<qsizetype>(5, m_head.size()))))
            return fallBackToLegacy();
        if (m_head.endsWith("\n\n") || m_head.endsWith("\r\n\r\n"))
            m_headDone = true;
        else if (m_head.size() > MaxResponseHeadBytes)
            return fail(Outcome::Failed, tr("The server sent an oversized response header."));
    }
    if (!m_headDone) {
        // A partial first line that already cannot be HTTP.
        const QByteArray peek = m_socket->peek(5);
        if (m_head.isEmpty() && !QByteArrayView("HTTP/").startsWith(peek))
            fallBackToLegacy();
        return;
    }
    const std::optional<HttpResponseHead> head = HttpResponseHead::parse(m_head);
    if (!head)
        return fail(Outcome::Failed, tr("The server sent a malformed response."));
    handleHttpHead(*head);
}

void DownloadJob::handleHttpHead(const HttpResponseHead &head)
{
    Q_EMIT dialectChosen(Dialect::Http);
    if (head.status == 404 || head.status == 410)
        return fail(Outcome::NotFound, tr("File not found."));
    if (head.status == 403)
        return fail(Outcome::Failed, tr("The server refused to send this file."));
    if (head.status != 200)
        return fail(Outcome::Failed, tr("The server answered %1 %2.")
                    .arg(head.status).arg(QString::fromLatin1(head.reason)));
    if (!head.header("transfer-encoding").isEmpty())
        return fail(Outcome::Failed, tr("The server uses a transfer encoding Ferry does not support yet."));
    const std::optional<qint64> length = head.contentLength();
    if (!length)
        return fail(Outcome::Failed, tr("The server sent an invalid Content-Length."));
    m_expected = *length;
    if (!openPart())
        return;
    reportProgress(true);
}

void DownloadJob::fallBackToLegacy()
{
    if (m_request.protocol == Protocol::Http)
        return fail(Outcome::Failed, tr("The server does not speak HTTP."));
    if (m_legacyName.isEmpty())
        return fail(Outcome::Failed, tr("The server speaks only the legacy protocol, and the name \"%1\" cannot be written in GBK, which it expects.").arg(m_request.name));
    qCDebug(lcDownload) << "no HTTP answer from" << m_request.host << "; using the legacy dialect";
    connectNow(Dialect::Legacy);
}

bool DownloadJob::openPart()
{
    if (m_part.isOpen())
        return true;
    m_part.setFileName(partPath());
    if (!m_part.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        fail(Outcome::Failed, tr("Cannot write %1: %2").arg(partPath(), m_part.errorString()));
        return false;
    }
    return true;
}

bool DownloadJob::writeBody(const char *data, qint64 size)
{
    if (!openPart())
        return false;
    if (m_part.write(data, size) != size) {
        fail(Outcome::Failed, tr("Cannot write %1: %2").arg(partPath(), m_part.errorString()));
        return false;
    }
    m_received += size;
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
        return fail(Outcome::Failed, tr("The server closed the connection in the middle of its answer."));
    }
    onReadyRead(); // drain what is still buffered
    if (m_finished)
        return;
    if (m_dialect == Dialect::Legacy) {
        if (m_received == 0)
            return fail(Outcome::NotFound, tr("File not found."));
        return complete();
    }
    if (m_expected < 0)
        return complete();
    fail(Outcome::Failed, tr("Connection lost after %1 of %2 bytes.").arg(m_received).arg(m_expected));
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
        if (m_socket->state() == QAbstractSocket::ConnectedState && m_socket->bytesAvailable() > 0)
            onReadyRead();
        if (!m_finished)
            fail(Outcome::Failed, tr("Connection lost: %1").arg(m_socket->errorString()));
    }
}

void DownloadJob::onTimeout()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return fail(Outcome::Failed, tr("Timed out connecting to %1 port %2.").arg(m_request.host).arg(m_request.port));
    fail(Outcome::Failed, tr("Timed out: the server sent nothing for %1 seconds.").arg(m_request.stallTimeoutMs / 1000));
}

void DownloadJob::cancel()
{
    if (!m_finished)
        fail(Outcome::Canceled, tr("Canceled."));
}

void DownloadJob::complete()
{
    if (!openPart()) // an empty body still yields an (empty) file
        return;
    if (!m_part.flush() || m_part.error() != QFileDevice::NoError)
        return fail(Outcome::Failed, tr("Cannot write %1: %2").arg(partPath(), m_part.errorString()));
    m_part.close();
    // rename(2) replaces an existing file atomically, unlike QFile::rename.
    if (std::rename(QFile::encodeName(partPath()).constData(),
                    QFile::encodeName(m_request.destination).constData()) != 0)
        return fail(Outcome::Failed, tr("Cannot rename %1 to %2.").arg(partPath(), m_request.destination));
    reportProgress(true);
    m_finished = true;
    m_timer.stop();
    if (m_socket)
        m_socket->disconnect(this);
    Q_EMIT finished(Outcome::Done, tr("Saved %1.").arg(m_request.destination));
}

void DownloadJob::fail(Outcome outcome, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
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
