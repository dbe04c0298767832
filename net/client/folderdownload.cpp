#include "client/folderdownload.h"

#include "client/localname.h"

#include <QDir>
#include <QFileInfo>

#include <limits>

namespace {

QString joinRemote(const QString &folder, const QString &name)
{
    QString path = folder;
    if (!path.isEmpty() && !path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    return path + name;
}

// A name a server listed is usable only as one ordinary segment.
bool isPlainSegment(const QString &name)
{
    return !name.isEmpty() && safeLocalFileName(name) == name && !name.contains(QLatin1Char('/'));
}

// "." and ".." resolved as in a URL (RFC 3986 5.2.4: ".." stops at the
// top), because that is what the listing requests ask for: file requests
// must name the same folders.
QString withoutDotSegments(const QString &path)
{
    QStringList kept;
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &segment : segments) {
        if (segment == QLatin1String("..")) {
            if (!kept.isEmpty())
                kept.removeLast();
        } else if (segment != QLatin1String(".")) {
            kept.append(segment);
        }
    }
    return kept.join(QLatin1Char('/'));
}

// Whether `path` (a folder, existing or to be created) lies inside `root`
// (canonical): its deepest existing part, symlinks resolved, must, so that
// creating the rest cannot make a folder anywhere else either.
bool staysInside(const QString &root, const QString &path)
{
    QFileInfo info(QDir::cleanPath(QDir(path).absolutePath()));
    while (!info.exists()) {
        if (info.isSymLink() || info.isRoot())
            return false; // a dangling link
        info = QFileInfo(info.absolutePath());
    }
    const QString canonical = info.canonicalFilePath();
    return !root.isEmpty() && (canonical == root || canonical.startsWith(root + QLatin1Char('/')));
}

} // namespace

FolderDownload::FolderDownload(const Request &request, QObject *parent)
    : QObject(parent)
    , m_request(request)
    , m_byUrl(request.remoteUrl.isValid())
{
    QString remote;
    if (m_byUrl) {
        // A query stays on the folder's own listing: nothing below carries it.
        const QString path = withoutDotSegments(request.remoteUrl.path(QUrl::FullyEncoded));
        m_remoteUrl = request.remoteUrl.adjusted(QUrl::RemoveFragment);
        m_remoteUrl.setPath(path.isEmpty() ? QStringLiteral("/") : QLatin1Char('/') + path + QLatin1Char('/'),
                            QUrl::TolerantMode);
        remote = withoutDotSegments(m_remoteUrl.path(QUrl::FullyDecoded));
    } else {
        remote = request.remoteFolder;
        remote.replace(QLatin1Char('\\'), QLatin1Char('/'));
        remote = withoutDotSegments(remote);
        m_remoteUrl = ListJob::folderUrl(request.defaults.host, request.defaults.port, remote);
    }
    m_request.remoteFolder = remote;
    const QString top = safeLocalFileName(remote);
    m_localRoot = QDir::cleanPath(top.isEmpty() ? request.localFolder : QDir(request.localFolder).filePath(top));
}

void FolderDownload::start()
{
    // Folders are created as their listings arrive: a missing remote
    // folder leaves nothing behind.
    m_foldersToList = {QString()};
    listNext();
}

void FolderDownload::cancel()
{
    const QList<DownloadJob *> running = m_running;
    for (DownloadJob *job : running)
        job->cancel();
    finish(DownloadJob::Outcome::Canceled, tr("Canceled."));
}

// The URL of a folder or a file below the remote folder ("" for the
// folder itself), each name percent-encoded as a download's is.
QUrl FolderDownload::urlBelow(const QString &relativePath, bool folder) const
{
    if (relativePath.isEmpty())
        return m_remoteUrl;
    QUrl url = m_remoteUrl.adjusted(QUrl::RemoveQuery);
    QString path = url.path(QUrl::FullyEncoded) + QString::fromLatin1(QUrl::toPercentEncoding(relativePath, "/"));
    if (folder)
        path += QLatin1Char('/');
    url.setPath(path, QUrl::TolerantMode);
    return url;
}

void FolderDownload::listNext()
{
    if (m_finished)
        return;
    if (m_foldersToList.isEmpty())
        return downloadNext();
    m_listing = m_foldersToList.takeFirst();
    // HOST:PORT goes straight to the server, as its downloads do.
    m_listJob = new ListJob(urlBelow(m_listing, true),
                            m_byUrl ? ConnectionSettings(m_request.defaults) : m_request.defaults.direct(), this);
    connect(m_listJob, &ListJob::finished, this, &FolderDownload::onListed);
    connect(m_listJob, &ListJob::certificateProblem, this, &FolderDownload::certificateProblem);
    m_listJob->start();
}

void FolderDownload::onListed(ListJob::Outcome outcome, const DirectoryListing &listing, const QString &message)
{
    m_listJob->deleteLater();
    m_listJob = nullptr;
    if (outcome != ListJob::Outcome::Done) {
        if (m_listing.isEmpty()) // the top folder itself
            return finish(outcome == ListJob::Outcome::NotFound ? DownloadJob::Outcome::NotFound
                                                                : DownloadJob::Outcome::Failed,
                          message);
        ++m_failures;
        Q_EMIT skipped(m_listing, message);
        return listNext();
    }
    // The folder exists remotely, even empty: recreate it, only inside.
    const QString folder = m_listing.isEmpty() ? m_localRoot : QDir(m_localRoot).filePath(m_listing);
    if ((m_listing.isEmpty() && !QDir().mkpath(m_request.localFolder)) || !isInsideLocalRoot(folder)
        || !QDir().mkpath(folder) || !isInsideLocalRoot(folder)) {
        const QString reason = tr("Cannot create folder %1 inside %2.").arg(folder, m_request.localFolder);
        if (m_listing.isEmpty())
            return finish(DownloadJob::Outcome::Failed, reason);
        ++m_failures;
        Q_EMIT skipped(m_listing, reason);
        return listNext();
    }
    m_entriesListed += listing.entries().size();
    if (m_entriesListed > m_request.maxEntries)
        return finish(DownloadJob::Outcome::Failed,
                      tr("Stopped: the server lists more than %n name(s) in this folder.", nullptr,
                         int(qMin<qsizetype>(m_request.maxEntries, std::numeric_limits<int>::max()))));
    const int depth = m_listing.isEmpty() ? 0 : int(m_listing.count(QLatin1Char('/'))) + 1;
    for (const DirectoryListing::Entry &entry : listing.entries()) {
        const QString relative = joinRemote(m_listing, entry.name);
        if (entry.isDirectory && depth + 1 > m_request.maxDepth && isPlainSegment(entry.name))
            return finish(DownloadJob::Outcome::Failed,
                          tr("Stopped: the server lists folders more than %n level(s) deep (%1).", nullptr,
                             m_request.maxDepth)
                                  .arg(relative));
        if (!isPlainSegment(entry.name)) {
            Q_EMIT skipped(relative, tr("not a plain file name"));
            continue;
        }
        if (entry.isDirectory)
            m_foldersToList.append(relative);
        else
            m_files.append({joinRemote(m_request.remoteFolder, relative), relative});
    }
    Q_EMIT progress(int(m_filesDone), int(m_files.size()));
    listNext();
}

bool FolderDownload::isInsideLocalRoot(const QString &folder) const
{
    // Canonical paths, so that a symlink already in the download folder
    // (even one in place of the remote folder's own) cannot carry a file
    // or a folder elsewhere.
    return staysInside(QFileInfo(m_request.localFolder).canonicalFilePath(), folder);
}

// Keeps up to Request::jobs downloads running, in the listed order.
void FolderDownload::downloadNext()
{
    while (!m_finished && m_running.size() < qMax(1, m_request.jobs) && m_nextFile < m_files.size()) {
        const Pending &file = m_files.at(m_nextFile++);
        const QString destination = QDir(m_localRoot).filePath(file.relativePath);
        const QString folder = QFileInfo(destination).absolutePath();
        if (!isInsideLocalRoot(folder) || !QDir().mkpath(folder) || !isInsideLocalRoot(folder)) {
            ++m_failures;
            ++m_filesDone;
            Q_EMIT fileFinished(file.relativePath, DownloadJob::Outcome::Failed,
                                tr("would be written outside %1").arg(m_localRoot));
            continue;
        }
        DownloadJob::Request request = m_request.defaults;
        if (m_byUrl)
            request.url = urlBelow(file.relativePath, false);
        else
            request.name = file.remotePath;
        request.destination = destination;
        request.protocol = DownloadJob::Protocol::Http; // listings exist only in the rich dialect
        auto *job = new DownloadJob(request, this);
        m_running.append(job);
        connect(job, &DownloadJob::certificateProblem, this, &FolderDownload::certificateProblem);
        const QString relative = file.relativePath;
        connect(job, &DownloadJob::finished, this,
                [this, job, relative](DownloadJob::Outcome outcome, const QString &message) {
                    onFileFinished(job, relative, outcome, message);
                });
        job->start();
    }
    if (m_finished || !m_running.isEmpty() || m_nextFile < m_files.size())
        return;
    if (m_failures == 0)
        return finish(DownloadJob::Outcome::Done,
                      tr("Saved %n file(s) in %1.", nullptr, int(m_files.size())).arg(m_localRoot));
    finish(DownloadJob::Outcome::Failed, tr("%n file(s) could not be downloaded.", nullptr, m_failures));
}

void FolderDownload::onFileFinished(DownloadJob *job, const QString &relative, DownloadJob::Outcome outcome,
                                    const QString &message)
{
    m_running.removeOne(job);
    job->deleteLater();
    if (m_finished)
        return;
    ++m_filesDone;
    if (outcome != DownloadJob::Outcome::Done)
        ++m_failures;
    Q_EMIT fileFinished(relative, outcome, message);
    Q_EMIT progress(int(m_filesDone), int(m_files.size()));
    downloadNext();
}

void FolderDownload::finish(DownloadJob::Outcome outcome, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(outcome, message);
}
