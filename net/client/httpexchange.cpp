#include "client/httpexchange.h"

#include "wire/httprequest.h"
#include "wire/httpresponsehead.h"

#include <QLoggingCategory>
#include <QNetworkProxy>
#include <QSslSocket>

Q_LOGGING_CATEGORY(lcExchange, "ferry.download.http")

namespace {

constexpr qint64 SocketBufferBytes = 4 * 1024 * 1024;
constexpr qsizetype MaxResponseHeadBytes = 64 * 1024;

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isHttpScheme(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

} // namespace

HttpExchange::Request HttpExchange::Request::of(const QUrl &url, const ConnectionSettings &settings)
{
    Request request;
    request.url = url;
    request.accessCode = settings.accessCode;
    request.tls = settings.tls;
    request.proxy = settings.proxy;
    request.maxRedirects = settings.maxRedirects;
    request.connectTimeoutMs = settings.connectTimeoutMs;
    request.headTimeoutMs = settings.stallTimeoutMs;
    return request;
}

HttpExchange::HttpExchange(const Request &request, QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_url(request.url)
    , m_credentialOrigin(HttpGetRequest::originOf(request.url))
    , m_timer(this)
{
    // A share link pasted as it is (the window, a nearby share) still
    // carries its pin: it is trusted for this exchange, and not sent.
    if (const std::optional<QList<QByteArray>> pins = TlsPolicy::takeLinkPins(m_url, &m_linkProblem))
        m_request.tls.pins += *pins;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpExchange::onTimeout);
}

HttpExchange::~HttpExchange()
{
    dropSocket();
}

void HttpExchange::start()
{
    if (m_phase != Phase::Idle)
        return;
    if (!m_url.isValid() || !isHttpScheme(m_url) || m_url.host().isEmpty())
        return fail(Failure::Final, tr("%1 is not an http:// or https:// URL.").arg(m_url.toDisplayString()));
    if (!m_linkProblem.isEmpty())
        return fail(Failure::Final, m_linkProblem);
    connectHop();
}

HttpGetRequest HttpExchange::hopRequest() const
{
    HttpGetRequest request;
    request.url = m_url;
    request.accept = m_request.accept;
    request.askForDigest = m_request.askForDigest;
    if (HttpGetRequest::originOf(m_url) == m_credentialOrigin)
        request.accessCode = m_request.accessCode;
    request.resume = m_resume;
    request.absoluteForm = m_route.kind == ProxyRoute::Kind::Http && m_url.scheme() == QLatin1String("http");
    if (request.absoluteForm)
        request.proxyAuthorization = m_route.basicAuthorization();
    return request;
}

QByteArray HttpExchange::firstRequest() const
{
    HttpGetRequest request = hopRequest();
    if (m_request.resumeFor)
        request.resume = m_request.resumeFor(m_url);
    return request.encode();
}

// "HOST port PORT", or the proxy's name when the connection goes there.
QString HttpExchange::where() const
{
    return tr("%1 port %2").arg(m_url.host()).arg(m_url.port(m_url.scheme() == QLatin1String("https") ? 443 : 80));
}

void HttpExchange::connectHop()
{
    dropSocket();
    m_phase = Phase::Connecting;
    m_head.clear();
    m_certificateJudged = false;
    m_resume = m_request.resumeFor ? m_request.resumeFor(m_url) : ResumePoint{};
    m_route = m_request.proxy.routeFor(m_url);

    const bool tls = m_url.scheme() == QLatin1String("https");
    const quint16 port = quint16(m_url.port(tls ? 443 : 80));
    // A plain request through an HTTP proxy goes to the proxy in absolute
    // form; everything else through a proxy is tunnelled by the socket
    // (CONNECT, or SOCKS), and then the descriptor no longer carries the
    // body alone.
    const bool absoluteForm = m_route.kind == ProxyRoute::Kind::Http && !tls;
    m_plainTcp = !tls && (m_route.isDirect() || absoluteForm);

    if (tls) {
        auto *socket = new QSslSocket(this);
        socket->setSslConfiguration(m_request.tls.configuration());
        socket->setPeerVerifyName(m_url.host());
        connect(socket, &QSslSocket::encrypted, this, &HttpExchange::onEncrypted);
        connect(socket, &QSslSocket::sslErrors, this, &HttpExchange::onSslErrors);
        m_socket = socket;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &HttpExchange::sendRequest);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpExchange::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpExchange::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpExchange::onSocketError);
    m_socket->setReadBufferSize(SocketBufferBytes);
    m_socket->setProxy(m_route.isDirect() || absoluteForm ? QNetworkProxy(QNetworkProxy::NoProxy)
                                                          : m_route.networkProxy());
    m_timer.start(m_request.connectTimeoutMs);
    if (tls)
        static_cast<QSslSocket *>(m_socket)->connectToHostEncrypted(m_url.host(), port);
    else if (absoluteForm)
        m_socket->connectToHost(m_route.host, m_route.port);
    else
        m_socket->connectToHost(m_url.host(), port);
}

void HttpExchange::onSslErrors()
{
    auto *socket = static_cast<QSslSocket *>(m_socket);
    const TlsPolicy::Verdict verdict =
            m_request.tls.judge(socket->sslHandshakeErrors(), socket->peerCertificate(), m_url.host());
    m_certificateJudged = true;
    if (verdict.trusted) {
        socket->ignoreSslErrors();
        return;
    }
    Q_EMIT certificateProblem(socket->peerCertificate(), verdict.problem);
    fail(Failure::Certificate, verdict.problem);
}

void HttpExchange::onEncrypted()
{
    auto *socket = static_cast<QSslSocket *>(m_socket);
    // A pin is checked even when the chain is fine (and errors already
    // accepted are not counted twice).
    const TlsPolicy::Verdict verdict = m_request.tls.judge({}, socket->peerCertificate(), m_url.host());
    if (!verdict.trusted) {
        Q_EMIT certificateProblem(socket->peerCertificate(), verdict.problem);
        return fail(Failure::Certificate, verdict.problem);
    }
    sendRequest();
}

void HttpExchange::sendRequest()
{
    // Connecting to a loopback port nobody listens on can, rarely, connect
    // the socket to itself (TCP simultaneous open): that is a refusal.
    if (m_socket->localPort() == m_socket->peerPort() && m_socket->localAddress() == m_socket->peerAddress())
        return fail(Failure::Final, tr("Connection refused by %1.").arg(where()));
    m_socket->write(hopRequest().encode());
    m_phase = Phase::ReadingHead;
    m_timer.start(m_request.headTimeoutMs);
}

void HttpExchange::onReadyRead()
{
    if (m_phase != Phase::ReadingHead)
        return;
    m_timer.start(m_request.headTimeoutMs);
    m_head += m_socket->read(MaxResponseHeadBytes + 1 - m_head.size());
    if (!QByteArrayView("HTTP/").startsWith(QByteArrayView(m_head).first(qMin<qsizetype>(5, m_head.size()))))
        return fail(m_request.probe ? Failure::NotHttp : Failure::Final, tr("The server does not speak HTTP."));
    const qsizetype end = findHeadEnd(m_head);
    if (end < 0) {
        if (m_head.size() > MaxResponseHeadBytes)
            fail(Failure::Final, tr("The server sent an oversized response header."));
        return;
    }
    const QByteArray bodyStart = m_head.mid(end);
    m_head.truncate(end);
    const std::optional<HttpResponseHead> head = HttpResponseHead::parse(m_head);
    if (!head)
        return fail(Failure::Final, tr("The server sent a malformed response."));
    handleHead(*head, bodyStart);
}

void HttpExchange::handleHead(const HttpResponseHead &head, const QByteArray &bodyStart)
{
    if (isRedirect(head.status) && !head.header("location").isEmpty()) {
        if (followRedirect(head))
            connectHop();
        return;
    }
    // tinyproxy answers a plain request it refuses for want of credentials
    // with its own 401 (realm "Tinyproxy"), not a 407.
    const bool viaProxy = m_route.kind == ProxyRoute::Kind::Http && m_url.scheme() == QLatin1String("http");
    if (head.status == 407
        || (viaProxy && head.status == 401 && head.header("www-authenticate").contains("realm=\"Tinyproxy\"")))
        return fail(Failure::Final,
                    tr("The proxy %1 wants a user name and password (give them in the proxy URL), or refused "
                       "the ones given.")
                            .arg(m_route.displayName()));
    m_timer.stop();
    m_phase = Phase::Answered;
    m_bodyStart = bodyStart;
    m_socket->disconnect(this);
    Q_EMIT answered(head);
}

bool HttpExchange::followRedirect(const HttpResponseHead &head)
{
    const QUrl next = m_url.resolved(QUrl::fromEncoded(head.header("location")));
    if (m_redirects >= m_request.maxRedirects) {
        fail(Failure::Final, tr("Too many redirects (more than %1).").arg(m_request.maxRedirects));
        return false;
    }
    if (!next.isValid() || !isHttpScheme(next) || next.host().isEmpty()) {
        fail(Failure::Final, tr("The server redirected to \"%1\", which is not an http:// or https:// URL.")
                                     .arg(QString::fromLatin1(head.header("location"))));
        return false;
    }
    m_visited.insert(m_url.adjusted(QUrl::RemoveFragment));
    if (m_visited.contains(next.adjusted(QUrl::RemoveFragment))) {
        fail(Failure::Final, tr("The server redirects in a loop (back to %1).").arg(next.toDisplayString()));
        return false;
    }
    ++m_redirects;
    qCDebug(lcExchange) << head.status << "to" << next;
    m_url = next;
    Q_EMIT redirected(next);
    return m_phase != Phase::Failed;
}

void HttpExchange::onDisconnected()
{
    if (!m_socket || !hasEnded(m_socket))
        return;
    if (m_phase == Phase::Connecting || m_phase == Phase::ReadingHead) {
        // Zero bytes and a close: a tutorial server that found no such name.
        if (m_head.isEmpty() && m_socket->bytesAvailable() == 0)
            return fail(m_request.probe ? Failure::NotHttp : Failure::Transient,
                        tr("The server closed the connection without answering."));
        onReadyRead();
        if (m_phase == Phase::ReadingHead)
            fail(Failure::Transient, tr("The server closed the connection in the middle of its answer."));
    }
}

void HttpExchange::onSocketError()
{
    if (m_phase != Phase::Connecting && m_phase != Phase::ReadingHead)
        return;
    const QString proxy = m_route.displayName();
    switch (m_socket->error()) {
    case QAbstractSocket::RemoteHostClosedError:
        // onDisconnected; QSslSocket (Qt 6.4) reports a close_notify that
        // comes without the TCP close only this way.
        QMetaObject::invokeMethod(this, &HttpExchange::onDisconnected, Qt::QueuedConnection);
        return;
    case QAbstractSocket::ConnectionRefusedError:
        if (m_route.kind == ProxyRoute::Kind::Http && m_url.scheme() == QLatin1String("http"))
            return fail(Failure::Final, tr("The proxy %1 refused the connection.").arg(proxy));
        return fail(Failure::Final, tr("Connection refused by %1.").arg(where()));
    case QAbstractSocket::HostNotFoundError:
        return fail(Failure::Final, tr("Unknown host %1.").arg(m_url.host()));
    case QAbstractSocket::ProxyAuthenticationRequiredError:
        return fail(Failure::Final,
                    tr("The proxy %1 wants a user name and password (give them in the proxy URL), or refused "
                       "the ones given.")
                            .arg(proxy));
    case QAbstractSocket::ProxyConnectionRefusedError:
        return fail(Failure::Final, tr("The proxy %1 refused the connection.").arg(proxy));
    case QAbstractSocket::ProxyNotFoundError:
        return fail(Failure::Final, tr("Unknown proxy host %1.").arg(proxy));
    case QAbstractSocket::ProxyConnectionClosedError:
    case QAbstractSocket::ProxyProtocolError:
        // tinyproxy refuses a wrong password in a CONNECT with a 401, which
        // Qt reports as a protocol error.
        return fail(Failure::Final,
                    m_route.user.isEmpty()
                            ? tr("The proxy %1 did not open a tunnel to %2 (%3).")
                                      .arg(proxy, where(), m_socket->errorString())
                            : tr("The proxy %1 did not open a tunnel to %2 (%3); it may have refused the user name "
                                 "and password.")
                                      .arg(proxy, where(), m_socket->errorString()));
    case QAbstractSocket::SslHandshakeFailedError:
        if (m_certificateJudged && m_phase == Phase::Failed)
            return;
        return fail(Failure::Final, tr("The TLS handshake with %1 failed: %2").arg(where(), m_socket->errorString()));
    default:
        return fail(Failure::Transient, tr("Connection lost: %1").arg(m_socket->errorString()));
    }
}

void HttpExchange::onTimeout()
{
    if (m_phase == Phase::Connecting)
        return fail(Failure::Transient, tr("Timed out connecting to %1.").arg(where()));
    fail(Failure::Transient,
         tr("Timed out: the server sent nothing for %1 seconds.").arg(m_request.headTimeoutMs / 1000));
}

QTcpSocket *HttpExchange::takeSocket(QObject *newParent)
{
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    if (socket) {
        socket->disconnect(this);
        socket->setParent(newParent);
    }
    return socket;
}

QByteArray HttpExchange::takeBodyStart()
{
    return std::exchange(m_bodyStart, {});
}

void HttpExchange::dropSocket()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_socket = nullptr;
}

void HttpExchange::fail(Failure failure, const QString &message)
{
    if (m_phase == Phase::Failed || m_phase == Phase::Answered)
        return;
    m_phase = Phase::Failed;
    m_timer.stop();
    dropSocket();
    Q_EMIT failed(failure, message);
}

bool HttpExchange::hasEnded(const QTcpSocket *socket)
{
    // QSslSocket (Qt 6.4) takes a close_notify that comes without the TCP
    // close for an error only: the socket stays "connected" for ever.
    return socket->state() != QAbstractSocket::ConnectedState
           || socket->error() == QAbstractSocket::RemoteHostClosedError;
}

QString HttpExchange::refusal(const HttpResponseHead &head, bool accessCodeGiven)
{
    switch (head.status) {
    case 404:
    case 410:
        return tr("File not found.");
    case 403:
        return tr("The server refused to send this file.");
    case 503:
        return tr("The server is busy.");
    case 401:
        return accessCodeGiven ? tr("The access code is wrong.") : tr("This share needs an access code.");
    case 429: {
        const QByteArray after = head.header("retry-after");
        bool seconds = false;
        after.toLongLong(&seconds);
        return seconds ? tr("Too many wrong access codes; try again in %1 seconds.").arg(QString::fromLatin1(after))
                       : tr("Too many wrong access codes; try again later.");
    }
    default:
        return tr("The server answered %1 %2.").arg(head.status).arg(QString::fromLatin1(head.reason));
    }
}
