#include "client/downloadengine.h"

#include <QThread>

DownloadEngine::DownloadEngine(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<DownloadJob::Outcome>();
    qRegisterMetaType<Dialect>();
}

DownloadEngine::~DownloadEngine()
{
    if (!m_thread)
        return;
    // Blocking, so that every job has closed its socket and .part before
    // the loop stops; a posted cancel could be dropped by quit().
    for (DownloadJob *job : std::as_const(m_jobs))
        QMetaObject::invokeMethod(job, &DownloadJob::cancel, Qt::BlockingQueuedConnection);
    m_jobs.clear();
    m_thread->quit();
    m_thread->wait(); // then QThread::finished deletes the remaining jobs
}

// Started on first use, so a window that never downloads has no idle thread.
QThread *DownloadEngine::thread()
{
    if (!m_thread) {
        m_thread = new QThread(this);
        m_thread->setObjectName(QStringLiteral("ferry-downloads"));
        m_thread->start();
    }
    return m_thread;
}

quint64 DownloadEngine::start(const DownloadJob::Request &request)
{
    const quint64 id = m_nextId++;
    auto *job = new DownloadJob(request);
    QThread *engineThread = thread();
    job->moveToThread(engineThread);
    connect(engineThread, &QThread::finished, job, &QObject::deleteLater);
    // The job emits from the engine thread; with `this` as context these
    // lambdas run queued on the GUI thread.
    connect(job, &DownloadJob::dialectChosen, this, [this, id](Dialect dialect) {
        if (m_jobs.contains(id))
            Q_EMIT dialectChosen(id, dialect);
    });
    connect(job, &DownloadJob::progress, this, [this, id](qint64 received, qint64 total) {
        if (m_jobs.contains(id))
            Q_EMIT progress(id, received, total);
    });
    connect(job, &DownloadJob::redirected, this, [this, id](const QUrl &location) {
        if (m_jobs.contains(id))
            Q_EMIT redirected(id, location);
    });
    connect(job, &DownloadJob::certificateProblem, this,
            [this, id](const QString &host, quint16 port, const QSslCertificate &certificate, const QString &problem) {
                if (m_jobs.contains(id))
                    Q_EMIT certificateProblem(id, host, port, certificate, problem);
            });
    // The saved path is read on the engine thread, where the job lives, in
    // the same (direct) call that emits finished, and travels with it.
    connect(job, &DownloadJob::finished, job, [this, id, job](DownloadJob::Outcome outcome, const QString &message) {
        const QString savedPath = job->savedPath();
        QMetaObject::invokeMethod(
                this,
                [this, id, outcome, message, savedPath] {
                    DownloadJob *done = m_jobs.take(id);
                    if (!done)
                        return;
                    done->deleteLater(); // thread-safe: posts the deletion to the engine thread
                    Q_EMIT finished(id, outcome, message, savedPath);
                },
                Qt::QueuedConnection);
    });
    m_jobs.insert(id, job);
    QMetaObject::invokeMethod(job, &DownloadJob::start, Qt::QueuedConnection);
    return id;
}

void DownloadEngine::cancel(quint64 id)
{
    if (DownloadJob *job = m_jobs.value(id))
        QMetaObject::invokeMethod(job, &DownloadJob::cancel, Qt::QueuedConnection);
}
