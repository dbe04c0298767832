#pragma once

#include "client/downloadjob.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>

class ProgressPrinter;

// The downloads of one `ferry get` call: at most `jobs` run at once, in
// the order given; each outcome is reported on stderr (a failure named by
// its URL when there are several) and the call's exit code is the worst of
// them. One progress line covers them all.
class DownloadBatch final : public QObject
{
    Q_OBJECT

public:
    DownloadBatch(const QList<DownloadJob::Request> &requests, int jobs, QObject *parent = nullptr);

    int exitCode() const { return m_exitCode; }
    // What one download's outcome means to a script (app/exitcode.h).
    static int exitCodeFor(DownloadJob::Outcome outcome);

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void finished(int exitCode);

private:
    struct Running
    {
        DownloadJob *job = nullptr;
        qint64 received = 0;
        qint64 total = -1;
    };

    void startNext();
    void onProgress(DownloadJob *job, qint64 received, qint64 total);
    void onFinished(DownloadJob *job, DownloadJob::Outcome outcome, const QString &message);
    void say(DownloadJob *job, const QString &message);
    void reportProgress();

    QList<DownloadJob::Request> m_requests;
    int m_jobs;
    qsizetype m_next = 0;
    QList<Running> m_running;
    qint64 m_doneBytes = 0; // of the downloads that ended
    int m_exitCode = 0;
    bool m_canceled = false;
    ProgressPrinter *m_printer;
    QHash<DownloadJob *, QSslCertificate> m_certificates; // the refused ones, until their failure is told
};
