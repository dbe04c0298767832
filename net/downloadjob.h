#pragma once

#include "dialect.h"
#include "legacyname.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

class QTcpSocket;
struct HttpResponseHead;

// Downloads one file from a Ferry server, a tutorial server or any HTTP
// server into Request::destination, through "destination.part", renamed
// only when complete. In Auto mode it first sends an ASCII HTTP request
// (harmless to a tutorial server, which reads it as a missing name and
// closes) and falls back to the legacy dialect when the answer is not HTTP.
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

    struct Request
    {
        QString host;
        quint16 port = 8888;
        QString name;        // as the server knows it
        QString destination; // final local path; ".part" is appended while incomplete
        Protocol protocol = Protocol::Auto;
        LegacyName::Encoding legacyEncoding = LegacyName::Encoding::Gbk;
        int connectTimeoutMs = 10000;
        int stallTimeoutMs = 30000;
    };

    explicit DownloadJob(const Request &request, QObject *parent = nullptr);
    ~DownloadJob() override;

    const Request &request() const { return m_request; }
    QString partPath() const { return m_request.destination + QLatin1String(".part"); }

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    // The dialect actually used, once known.
    void dialectChosen(Dialect dialect);
    // At most about ten times a second, and once at the end. total is -1
    // when the dialect carries no size (legacy).
    void progress(qint64 received, qint64 total);
    // Exactly once. message is a translated sentence for the user.
    void finished(DownloadJob::Outcome outcome, const QString &message);

private:
    void connectNow(Dialect dialect);
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onTimeout();

    void readHttpHead();
    void handleHttpHead(const HttpResponseHead &head);
    void fallBackToLegacy();
    bool writeBody(const char *data, qint64 size);
    bool openPart();
    void complete();
    void fail(Outcome outcome, const QString &message);
    void reportProgress(bool force);
    QByteArray httpProbe() const;

    Request m_request;
    QTcpSocket *m_socket = nullptr;
    QTimer m_timer;
    Dialect m_dialect = Dialect::Undecided;
    QByteArray m_legacyName;
    QByteArray m_head;
    bool m_headDone = false;
    qint64 m_expected = -1; // body bytes announced, -1 until close
    qint64 m_received = 0;
    QFile m_part;
    QByteArray m_buffer;
    QElapsedTimer m_sinceProgress;
    bool m_finished = false;
};

Q_DECLARE_METATYPE(DownloadJob::Outcome)
