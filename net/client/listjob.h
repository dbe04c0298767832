#pragma once

#include "client/connectionsettings.h"
#include "client/httpexchange.h"
#include "share/directorylisting.h"
#include "wire/chunkeddecoder.h"

#include <QObject>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

#include <optional>

class QTcpSocket;

// Fetches the listing of one folder of a Ferry share (its JSON form),
// through the same HttpExchange as a download: the same TLS, proxy,
// redirect and credential rules, the same words for a refusal. A tutorial
// server, which cannot list, is recognised and reported as such.
class ListJob final : public QObject
{
    Q_OBJECT

public:
    enum class Outcome { Done, NotFound, Failed };
    Q_ENUM(Outcome)

    // The folder at an http:// or https:// URL (a '/' is added to its path
    // when it does not end with one), reached as `settings` say: TLS,
    // proxy, redirects, access code, timeouts.
    ListJob(const QUrl &folder, const ConnectionSettings &settings, QObject *parent = nullptr);
    // PATH at HOST:PORT (folderUrl()): straight to the server, in plain
    // HTTP, waiting up to 15 seconds for each step.
    ListJob(const QString &host, quint16 port, const QString &path, QObject *parent = nullptr);

    // http://HOST:PORT/PATH/, PATH percent-encoded as a download's name is
    // (HttpGetRequest::urlForName()), backslashes counting as slashes.
    static QUrl folderUrl(const QString &host, quint16 port, const QString &path);

    QUrl url() const { return m_url; }
    // The folder as messages name it: the PATH given, or the URL's path.
    QString path() const { return m_path; }
    // For a share that requires an access code; set before start().
    void setAccessCode(const QString &code) { m_settings.accessCode = code; }
    // Redirects followed before the listing gives up; set before start().
    void setMaxRedirects(int redirects) { m_settings.maxRedirects = redirects; }

public Q_SLOTS:
    void start();

Q_SIGNALS:
    void finished(ListJob::Outcome outcome, const DirectoryListing &listing, const QString &message);
    // The server's certificate is not trusted; finished(Failed) follows
    // (the same as DownloadJob's).
    void certificateProblem(const QString &host, quint16 port, const QSslCertificate &certificate,
                            const QString &problem);

private:
    void onAnswered(const HttpResponseHead &head);
    void onFailed(HttpExchange::Failure failure, const QString &message);
    void onReadyRead();
    void onClosed();
    bool take(QByteArrayView bytes);
    void parse();
    void finish(Outcome outcome, const DirectoryListing &listing, const QString &message);

    QUrl m_url;
    ConnectionSettings m_settings;
    QString m_path;
    HttpExchange *m_exchange = nullptr;
    QTcpSocket *m_socket = nullptr;
    std::optional<ChunkedDecoder> m_chunks;
    qint64 m_expected = -1; // Content-Length, when announced
    QByteArray m_body;
    QTimer m_timer;
    bool m_finished = false;
};

Q_DECLARE_METATYPE(DirectoryListing)
Q_DECLARE_METATYPE(ListJob::Outcome)
