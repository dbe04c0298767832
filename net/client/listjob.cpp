#include "client/listjob.h"

#include "client/bodyframing.h"
#include "wire/httpresponsehead.h"

#include <QTcpSocket>

namespace {

// Listings of even very large folders stay far below this.
constexpr qint64 MaxListingBytes = 32 * 1024 * 1024;
// Each step of a HOST:PORT listing (connecting, the head, the body).
constexpr int HostPortTimeoutMs = 15000;

// A folder's URL names it with a '/' at the end: a Ferry share lists
// "/docs/", and serves "/docs" as a file.
QUrl asFolder(const QUrl &url)
{
    const QString path = url.path(QUrl::FullyEncoded);
    if (path.endsWith(QLatin1Char('/')))
        return url;
    QUrl folder = url;
    folder.setPath(path + QLatin1Char('/'), QUrl::TolerantMode);
    return folder;
}

ConnectionSettings hostPortSettings()
{
    ConnectionSettings settings;
    settings.connectTimeoutMs = HostPortTimeoutMs;
    settings.stallTimeoutMs = HostPortTimeoutMs;
    return settings;
}

} // namespace

ListJob::ListJob(const QUrl &folder, const ConnectionSettings &settings, QObject *parent)
    : QObject(parent)
    , m_url(asFolder(folder))
    , m_settings(settings)
    , m_path(m_url.path(QUrl::FullyDecoded))
    , m_timer(this)
{
    qRegisterMetaType<DirectoryListing>();
    qRegisterMetaType<ListJob::Outcome>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        finish(Outcome::Failed, {},
               tr("Timed out: the server sent nothing for %1 seconds.").arg(m_settings.stallTimeoutMs / 1000));
    });
}

ListJob::ListJob(const QString &host, quint16 port, const QString &path, QObject *parent)
    : ListJob(folderUrl(host, port, path), hostPortSettings(), parent)
{
    m_path = path;
}

QUrl ListJob::folderUrl(const QString &host, quint16 port, const QString &path)
{
    QString folder = path;
    if (!folder.endsWith(QLatin1Char('/')) && !folder.endsWith(QLatin1Char('\\')))
        folder.append(QLatin1Char('/'));
    return HttpGetRequest::urlForName(host, port, folder);
}

void ListJob::start()
{
    HttpExchange::Request request = HttpExchange::Request::of(m_url, m_settings);
    request.accept = "application/json";
    // A tutorial server, which cannot list, is told apart (never one over TLS).
    request.probe = m_url.scheme() == QLatin1String("http");
    m_exchange = new HttpExchange(request, this);
    connect(m_exchange, &HttpExchange::answered, this, &ListJob::onAnswered);
    connect(m_exchange, &HttpExchange::failed, this, &ListJob::onFailed);
    connect(m_exchange, &HttpExchange::certificateProblem, this,
            [this](const QSslCertificate &certificate, const QString &problem) {
                const QUrl url = m_exchange->url();
                Q_EMIT certificateProblem(url.host(), quint16(url.port(443)), certificate, problem);
            });
    m_exchange->start();
}

void ListJob::onFailed(HttpExchange::Failure failure, const QString &message)
{
    if (failure == HttpExchange::Failure::NotHttp)
        return finish(Outcome::Failed, {},
                      tr("The server speaks only the legacy protocol, which cannot list folders."));
    finish(Outcome::Failed, {}, message);
}

void ListJob::onAnswered(const HttpResponseHead &head)
{
    if (head.status == 404 || head.status == 410)
        return finish(Outcome::NotFound, {}, tr("No folder %1 on the server.").arg(m_path));
    if (head.status != 200)
        return finish(Outcome::Failed, {}, HttpExchange::refusal(head, !m_settings.accessCode.isEmpty()));
    const BodyFraming framing = BodyFraming::of(head);
    if (!framing.error.isEmpty())
        return finish(Outcome::Failed, {}, framing.error);
    if (framing.length > MaxListingBytes)
        return finish(Outcome::Failed, {}, tr("The listing of %1 is too large.").arg(m_path));
    if (framing.framing == BodySink::Framing::Chunked)
        m_chunks.emplace();
    m_expected = framing.length;

    m_socket = m_exchange->takeSocket(this);
    const QByteArray bodyStart = m_exchange->takeBodyStart();
    m_exchange->deleteLater();
    m_exchange = nullptr;
    connect(m_socket, &QTcpSocket::readyRead, this, &ListJob::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &ListJob::onClosed);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        // A close is onClosed's, also a TLS close_notify without the TCP
        // close, which QSslSocket (Qt 6.4) reports only this way.
        if (m_socket->error() == QAbstractSocket::RemoteHostClosedError)
            QMetaObject::invokeMethod(this, &ListJob::onClosed, Qt::QueuedConnection);
        else
            finish(Outcome::Failed, {}, tr("Connection lost: %1").arg(m_socket->errorString()));
    });
    m_timer.start(m_settings.stallTimeoutMs);
    if (take(bodyStart))
        onReadyRead();
}

void ListJob::onReadyRead()
{
    m_timer.start(m_settings.stallTimeoutMs);
    while (!m_finished && m_socket->bytesAvailable() > 0) {
        if (!take(m_socket->read(256 * 1024)))
            return;
    }
    if (!m_finished && HttpExchange::hasEnded(m_socket))
        onClosed();
}

// False once the body is complete or refused.
bool ListJob::take(QByteArrayView bytes)
{
    if (m_finished)
        return false;
    if (m_chunks) {
        while (!bytes.isEmpty() && !m_chunks->isDone() && !m_chunks->failed()) {
            const ChunkedDecoder::Piece piece = m_chunks->decode(bytes);
            m_body.append(piece.data);
            bytes = bytes.sliced(piece.consumed);
        }
        if (m_chunks->failed()) {
            finish(Outcome::Failed, {}, tr("The server sent a malformed listing: %1").arg(m_chunks->errorString()));
            return false;
        }
    } else {
        m_body.append(m_expected >= 0 ? bytes.first(qMin<qint64>(bytes.size(), m_expected - m_body.size())) : bytes);
    }
    if (m_body.size() > MaxListingBytes) {
        finish(Outcome::Failed, {}, tr("The listing of %1 is too large.").arg(m_path));
        return false;
    }
    if ((m_chunks && m_chunks->isDone()) || (!m_chunks && m_expected >= 0 && m_body.size() >= m_expected)) {
        parse();
        return false;
    }
    return true;
}

void ListJob::onClosed()
{
    if (m_finished || !HttpExchange::hasEnded(m_socket))
        return;
    if (m_socket->bytesAvailable() > 0)
        return onReadyRead();
    if (m_chunks || m_expected >= 0)
        return finish(Outcome::Failed, {}, tr("The server closed the connection in the middle of the listing."));
    parse();
}

void ListJob::parse()
{
    const std::optional<DirectoryListing> listing = DirectoryListing::fromJson(m_body);
    if (!listing)
        return finish(Outcome::Failed, {}, tr("%1 is not a folder, or the server does not list folders.").arg(m_path));
    finish(Outcome::Done, *listing, QString());
}

void ListJob::finish(Outcome outcome, const DirectoryListing &listing, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    m_body.clear();
    Q_EMIT finished(outcome, listing, message);
}
