#pragma once

#include "client/bodyreceiver.h"
#include "client/bodysink.h"
#include "client/connectionsettings.h"
#include "client/downloadlimits.h"
#include "client/httpexchange.h"
#include "client/partfile.h"
#include "common/endpoint.h"
#include "wire/dialect.h"
#include "wire/legacyname.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class BandwidthLimit;
class QTcpSocket;
struct BodyFraming;
struct HttpResponseHead;

// Downloads one file from a Ferry server, a tutorial server or any HTTP(S)
// server into Request::destination, through "destination.part", renamed
// only when complete. Given a URL it speaks HTTP or HTTPS to it (through
// HttpExchange: TLS, proxies, redirects). Given a host, a port and a name
// in Auto mode it first sends an ASCII HTTP request
// (harmless to a tutorial server, which reads it as a missing name and
// closes) and falls back to the legacy dialect when the answer is not HTTP.
//
// Over HTTP it resumes: a .part left by an earlier attempt is continued
// with Range + If-Range, so bytes are appended only to the same version of
// the file; a lost connection or a stall is retried (with resume) after
// 1, 2, 4... seconds, up to Request::retries times.
//
// The job does its I/O on the thread it lives on: move it to a worker
// thread and call start() through a queued invocation to keep a GUI free.
class DownloadJob final : public QObject
{
    Q_OBJECT

public:
    enum class Protocol { Auto, Legacy, Http };
    Q_ENUM(Protocol)
    enum class Outcome { Done, NotFound, Failed, Canceled };
    Q_ENUM(Outcome)

    // The connection's settings (timeouts, access code, TLS, proxy,
    // redirects) are ConnectionSettings', shared with ListJob; TLS and
    // proxy apply to a URL only.
    struct Request : ConnectionSettings
    {
        // An http:// or https:// URL. When set, the job fetches it over
        // HTTP(S) and host, port, name and protocol are not used.
        QUrl url;
        QString host;
        quint16 port = Endpoint::DefaultPort;
        QString name; // as the server knows it
        QString destination; // final local path; ".part" is appended while incomplete
        Protocol protocol = Protocol::Auto;
        LegacyName::Encoding legacyEncoding = LegacyName::Encoding::Gbk;
        int retries = DownloadLimits::Retries.defaultValue; // after a lost connection or a stall (HTTP only)
        int firstRetryDelayMs = 1000; // doubled for each further retry
        // Ask the server to compute the SHA-256 if it does not have it
        // yet. Without this, a digest the server offers is still checked.
        bool askForDigest = false;
        // Shared by the jobs of one call (not owned); null: no limit.
        QPointer<BandwidthLimit> bandwidth;
        // The destination's file name is only a proposal: a name the server
        // gives (Content-Disposition) replaces it, in the same folder.
        bool nameFromServer = false;
        // Never replace an existing file: a taken name becomes "name (1).ext".
        bool keepExisting = false;
        qint64 maxBytes = -1; // refuse larger files; -1: only the free disk space limits
        // How the body goes from the socket into the .part once the
        // answer has started (tests run every method).
        BodyReceiver::Method bodyMethod = BodyReceiver::defaultMethod();
    };

    explicit DownloadJob(const Request &request, QObject *parent = nullptr);
    ~DownloadJob() override;

    const Request &request() const { return m_request; }
    QString partPath() const { return m_part.path(); }
    // Where the file is (or will be) saved: the destination, or the name
    // the server gave, or a numbered name when that was taken.
    QString savedPath() const { return m_part.destination(); }
    // What is fetched: Request::url, or http://HOST:PORT/NAME.
    QUrl url() const { return m_url; }

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    // The dialect actually used, once known.
    void dialectChosen(Dialect dialect);
    // The server sent the download elsewhere; `location` is fetched next.
    void redirected(const QUrl &location);
    // The server's certificate is not trusted; finished(Failed) follows.
    // The window offers to trust it for that host.
    void certificateProblem(const QString &host, quint16 port, const QSslCertificate &certificate,
                            const QString &problem);
    // A .part of the same version was found and is being continued.
    void resumed(qint64 fromByte, qint64 total);
    // At most about ten times a second, and once at the end. received
    // counts bytes of the file on disk (resumed ones included); total is -1
    // when the answer carries no size (legacy, a chunked 200, an HTTP body
    // up to the close).
    void progress(qint64 received, qint64 total);
    // All bytes arrived; checking them against the server's SHA-256.
    void verifying();
    // A transient failure; the next attempt starts after delayMs.
    void retrying(int attempt, int maxAttempts, int delayMs, const QString &reason);
    // Exactly once. message is a translated sentence for the user.
    void finished(DownloadJob::Outcome outcome, const QString &message);

private:
    enum class Phase {
        Idle, // not started
        Connecting, // HTTP: until the answer's head is in (HttpExchange); legacy: until connected
        ReceivingBody, // the file's bytes are arriving (legacy: from the first byte on)
        WaitingToRetry,
        Verifying, // all bytes are in; hashing the .part
        Finished,
    };

    void connectNow(Dialect dialect);
    void connectHttp();
    void connectLegacy();
    void onLegacyConnected();
    void onAnswered(const HttpResponseHead &head);
    void onExchangeFailed(HttpExchange::Failure failure, const QString &message);
    void watchSocket();
    void onReadyRead();
    void queueTlsDrain();
    void onDisconnected();
    void onSocketError();
    void onTimeout();

    HttpExchange::Request exchangeRequest() const;
    void handleHttpHead(const HttpResponseHead &head);
    void takeServerName(const HttpResponseHead &head);
    bool acceptPartialContent(const HttpResponseHead &head, const BodyFraming &framing);
    bool beginFreshBody(const HttpResponseHead &head, const BodyFraming &framing);
    void restartWithoutRange();
    void fallBackToLegacy();
    bool sinkAccepts(bool accepted);
    void drainBody();
    void handOverBody();
    void onBodyReceived(qint64 bytes);
    void onEndOfStream();
    void dropConnection();
    void complete();
    void onVerified();
    void commit(bool verified);
    void retryOrFail(const QString &reason);
    void fail(Outcome outcome, const QString &message);
    void reportProgress(bool force);
    QString where() const;

    Request m_request;
    QUrl m_url;
    PartFile m_part;
    BodySink m_sink;
    Phase m_phase = Phase::Idle;
    HttpExchange *m_exchange = nullptr; // until the answer's head is in
    QTcpSocket *m_socket = nullptr; // the body's connection (from the exchange, or the legacy one)
    bool m_plainTcp = false; // m_socket's descriptor carries the body as it is (may be spliced)
    BodyReceiver *m_receiver = nullptr; // the body's bytes, once handed over
    QTimer m_timer;
    QTimer m_retryTimer;
    QTimer m_throttleTimer; // waiting for the bandwidth limit
    Dialect m_dialect = Dialect::Undecided;
    QByteArray m_legacyName;
    ResumePoint m_resume; // what this attempt asks for
    QByteArray m_expectedDigest; // raw SHA-256 the server announced
    QFuture<QByteArray> m_verification;
    QFutureWatcher<QByteArray> m_verificationWatcher;
    int m_attempt = 0;
    bool m_sawHttp = false; // a retry never falls back to legacy
    bool m_tlsDrainQueued = false; // one drain per event-loop pass under TLS
    bool m_restartedWithoutRange = false; // the one free restart is used
    QByteArray m_buffer;
    QElapsedTimer m_sinceProgress;
};

Q_DECLARE_METATYPE(DownloadJob::Outcome)
