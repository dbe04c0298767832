#pragma once

#include "client/downloadjob.h"

#include <QHash>
#include <QObject>

class QThread;

// Runs DownloadJobs off the GUI thread: one named engine thread holds
// every job (each is event driven, so one thread serves many), and the
// GUI talks to them only through queued calls and the signals below,
// keyed by an id of the engine's choosing.
class DownloadEngine final : public QObject
{
    Q_OBJECT

public:
    explicit DownloadEngine(QObject *parent = nullptr);
    // Cancels what still runs (their .part files stay) and joins the thread.
    ~DownloadEngine() override;

    quint64 start(const DownloadJob::Request &request);
    void cancel(quint64 id);

Q_SIGNALS:
    void dialectChosen(quint64 id, Dialect dialect);
    void progress(quint64 id, qint64 received, qint64 total);
    // The server sent the download to `location`, which is fetched next.
    void redirected(quint64 id, const QUrl &location);
    // The server's certificate is not trusted; finished(Failed) follows.
    void certificateProblem(quint64 id, const QString &host, quint16 port, const QSslCertificate &certificate,
                            const QString &problem);
    // savedPath: where the file is (or would have been) saved, which a
    // server-given or numbered name may have changed (DownloadJob::savedPath).
    void finished(quint64 id, DownloadJob::Outcome outcome, const QString &message, const QString &savedPath);

private:
    QThread *thread();

    QThread *m_thread = nullptr;
    // Jobs that have not reported finished yet. Only the GUI thread reads
    // this; a job is deleted (on its thread) only after it left the map, so
    // a queued cancel never reaches a deleted job.
    QHash<quint64, DownloadJob *> m_jobs;
    quint64 m_nextId = 1;
};
