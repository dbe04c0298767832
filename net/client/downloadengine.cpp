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
    connect(job, &DownloadJob::finished, this, [this, id](DownloadJob::Outcome outcome, const QString &message) {
        DownloadJob *done = m_jobs.take(id);
        if (!done)
            return;
        done->deleteLater(); // thread-safe: posts the deletion to the engine thread
        Q_EMIT finished(id, outcome, message);
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
