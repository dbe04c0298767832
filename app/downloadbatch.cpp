#include "downloadbatch.h"

#include "commandline.h"
#include "common/units.h"
#include "exitcode.h"
#include "progressprinter.h"

#include <QFileInfo>

namespace {

// Worse first: a failure, then a missing file, then success.
int rank(int exitCode)
{
    switch (exitCode) {
    case ExitCode::Ok:
        return 0;
    case ExitCode::NotFound:
        return 1;
    default:
        return 2;
    }
}

} // namespace

int DownloadBatch::exitCodeFor(DownloadJob::Outcome outcome)
{
    switch (outcome) {
    case DownloadJob::Outcome::Done:
        return ExitCode::Ok;
    case DownloadJob::Outcome::NotFound:
        return ExitCode::NotFound;
    case DownloadJob::Outcome::Failed:
    case DownloadJob::Outcome::Canceled:
        return ExitCode::Failure;
    }
    return ExitCode::Failure;
}

DownloadBatch::DownloadBatch(const QList<DownloadJob::Request> &requests, int jobs, QObject *parent)
    : QObject(parent)
    , m_requests(requests)
    , m_jobs(qMax(1, jobs))
    , m_printer(new ProgressPrinter(this))
{ }

void DownloadBatch::start()
{
    startNext();
}

void DownloadBatch::cancel()
{
    m_canceled = true;
    m_next = m_requests.size();
    const QList<Running> running = m_running;
    for (const Running &entry : running)
        entry.job->cancel();
}

void DownloadBatch::startNext()
{
    while (!m_canceled && m_running.size() < m_jobs && m_next < m_requests.size()) {
        auto *job = new DownloadJob(m_requests.at(m_next++), this);
        m_running.append({job, 0, -1});
        connect(job, &DownloadJob::progress, this,
                [this, job](qint64 received, qint64 total) { onProgress(job, received, total); });
        connect(job, &DownloadJob::finished, this, [this, job](DownloadJob::Outcome outcome, const QString &message) {
            onFinished(job, outcome, message);
        });
        connect(job, &DownloadJob::verifying, this, [this, job] {
            if (m_printer->isActive())
                say(job, tr("checking SHA-256..."));
        });
        connect(job, &DownloadJob::resumed, this, [this, job](qint64 from, qint64 total) {
            say(job, tr("resuming at %1 of %2").arg(Units::formatBytes(from), Units::formatBytes(total)));
        });
        connect(job, &DownloadJob::redirected, this, [this, job](const QUrl &location) {
            say(job, tr("redirected to %1").arg(location.toDisplayString()));
        });
        connect(job, &DownloadJob::retrying, this,
                [this, job](int attempt, int max, int delayMs, const QString &reason) {
                    say(job,
                        tr("%1 Retrying in %2 s (%3 of %4).").arg(reason).arg(delayMs / 1000.0).arg(attempt).arg(max));
                });
        // Told after the failure it explains.
        connect(job, &DownloadJob::certificateProblem, this,
                [this, job](const QString &, quint16, const QSslCertificate &certificate, const QString &) {
                    m_certificates.insert(job, certificate);
                });
        QMetaObject::invokeMethod(job, &DownloadJob::start, Qt::QueuedConnection);
    }
    if (m_running.isEmpty() && m_next >= m_requests.size())
        Q_EMIT finished(m_exitCode);
}

// With several downloads, each line says which one it is about.
void DownloadBatch::say(DownloadJob *job, const QString &message)
{
    m_printer->finish();
    if (m_requests.size() == 1)
        CommandLine::printMessage(message);
    else
        CommandLine::printMessage(QStringLiteral("%1: %2").arg(job->url().toDisplayString(), message));
}

void DownloadBatch::onProgress(DownloadJob *job, qint64 received, qint64 total)
{
    for (Running &entry : m_running) {
        if (entry.job == job) {
            entry.received = received;
            entry.total = total;
        }
    }
    reportProgress();
}

void DownloadBatch::reportProgress()
{
    qint64 received = m_doneBytes;
    qint64 total = m_doneBytes;
    for (const Running &entry : std::as_const(m_running)) {
        received += entry.received;
        total = entry.total < 0 || total < 0 ? -1 : total + entry.total;
    }
    // Downloads still waiting have no size yet.
    if (m_next < m_requests.size())
        total = -1;
    m_printer->update(received, total);
}

void DownloadBatch::onFinished(DownloadJob *job, DownloadJob::Outcome outcome, const QString &message)
{
    const int code = exitCodeFor(outcome);
    if (rank(code) > rank(m_exitCode))
        m_exitCode = code;
    QString line = message;
    if (outcome != DownloadJob::Outcome::Done && outcome != DownloadJob::Outcome::NotFound
        && QFileInfo::exists(job->partPath()))
        line += QLatin1Char(' ') + tr("The partial download stays in %1.").arg(job->partPath());
    say(job, line);
    if (const QSslCertificate certificate = m_certificates.take(job); !certificate.isNull())
        CommandLine::printCertificateAdvice(certificate);
    for (qsizetype i = 0; i < m_running.size(); ++i) {
        if (m_running.at(i).job == job) {
            m_doneBytes += m_running.at(i).received;
            m_running.removeAt(i);
            break;
        }
    }
    job->deleteLater();
    startNext();
}
