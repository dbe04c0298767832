#pragma once

#include "client/connectionsettings.h"
#include "client/httpgetrequest.h"
#include "client/proxyrules.h"
#include "client/tlspolicy.h"

#include <QByteArray>
#include <QObject>
#include <QSet>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

#include <functional>

class QTcpSocket;
struct HttpResponseHead;

// One HTTP GET, up to the head of its answer: the connection (plain TCP or
// TLS, direct or through a proxy), the request, the redirects, and what
// each failure means. Downloads (DownloadJob) and listings (ListJob) both
// go this way, so that they trust, proxy, redirect and word errors alike.
// Once the answer's head is in, the caller takes the connection and reads
// the body as it needs to.
class HttpExchange final : public QObject
{
    Q_OBJECT

public:
    enum class Failure {
        NotHttp, // (probe only) the peer closed without a byte, or its bytes are not HTTP: a tutorial server
        Transient, // a lost connection or a timeout: worth another attempt
        Final, // refused, unknown host, too many redirects, a proxy's refusal...
        Certificate, // the server's certificate is not trusted (certificateProblem() came first)
    };
    Q_ENUM(Failure)

    struct Request
    {
        QUrl url;
        QByteArray accept = "*/*";
        bool askForDigest = false;
        // Sent only to the first URL's origin: never after a redirect elsewhere.
        QString accessCode;
        TlsPolicy tls;
        ProxyRules proxy;
        int maxRedirects = 10;
        int connectTimeoutMs = 10000; // the connection and its TLS handshake
        int headTimeoutMs = 30000; // silence while the answer's head is awaited
        // The Range + If-Range each hop asks for (none when unset).
        std::function<ResumePoint(const QUrl &)> resumeFor;
        // The server may be a tutorial server: its close without a byte, or
        // an answer that is not HTTP, is reported as NotHttp.
        bool probe = false;

        // `url`, reached as `settings` say (their stall timeout bounds the
        // wait for the head).
        static Request of(const QUrl &url, const ConnectionSettings &settings);
    };

    explicit HttpExchange(const Request &request, QObject *parent = nullptr);
    ~HttpExchange() override;

    void start();

    // The URL that answered (the last redirect's target) and what it was asked.
    QUrl url() const { return m_url; }
    ResumePoint resume() const { return m_resume; }
    // The encoded request of the first hop, before it is sent (its size matters to a probe).
    QByteArray firstRequest() const;
    // After answered(): the connection, now the caller's (reparented), with
    // none of the exchange's connections left; the bytes of the body that
    // came with the head.
    QTcpSocket *takeSocket(QObject *newParent);
    QByteArray takeBodyStart();
    // The descriptor carries the body as it is: no TLS, no proxy in between
    // the socket and its descriptor, so it may be spliced.
    bool isPlainTcp() const { return m_plainTcp; }

    // The sentence for an answer that is neither a body nor a redirect
    // (401, 403, 429, 503...), the same for downloads and listings.
    static QString refusal(const HttpResponseHead &head, bool accessCodeGiven);
    // The peer closed the connection (its bytes may still be buffered).
    // QSslSocket (Qt 6.4) takes a TLS close_notify that comes before the
    // TCP close for an error only, and stays "connected".
    static bool hasEnded(const QTcpSocket *socket);

Q_SIGNALS:
    void redirected(const QUrl &location);
    void answered(const HttpResponseHead &head);
    void failed(HttpExchange::Failure failure, const QString &message);
    void certificateProblem(const QSslCertificate &certificate, const QString &problem);

private:
    enum class Phase { Idle, Connecting, ReadingHead, Answered, Failed };

    void connectHop();
    void onEncrypted();
    void onSslErrors();
    void sendRequest();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onTimeout();
    void handleHead(const HttpResponseHead &head, const QByteArray &bodyStart);
    bool followRedirect(const HttpResponseHead &head);
    HttpGetRequest hopRequest() const;
    QString where() const;
    void dropSocket();
    void fail(Failure failure, const QString &message);

    Request m_request;
    QUrl m_url;
    QByteArray m_credentialOrigin;
    QString m_linkProblem; // a malformed pin in the link
    ResumePoint m_resume;
    Phase m_phase = Phase::Idle;
    QTcpSocket *m_socket = nullptr;
    ProxyRoute m_route;
    bool m_plainTcp = false;
    bool m_certificateJudged = false;
    QByteArray m_head;
    QByteArray m_bodyStart;
    QTimer m_timer;
    int m_redirects = 0;
    QSet<QUrl> m_visited;
};
