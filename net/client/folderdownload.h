#pragma once

#include "client/downloadjob.h"
#include "client/listjob.h"

#include <QList>
#include <QObject>
#include <QString>

// Fetches a whole remote folder of a Ferry share, recursively, into a local
// folder, recreating its structure there and only there: every name a
// server lists must be one plain path segment, or it is skipped. The folder
// is named by HOST:PORT and a path, or by an http:// or https:// URL; every
// listing and every file is then fetched from a URL below it, with the
// same connection settings (TLS, proxy, redirects, access code).
class FolderDownload final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QString remoteFolder; // "docs/" ("" or "/" for the whole share) at defaults.host and defaults.port
        // The folder's http:// or https:// URL instead ("https://host:port/docs/"):
        // when set, remoteFolder, defaults.host and defaults.port are not used.
        QUrl remoteUrl;
        QString localFolder; // the folder is recreated inside it
        DownloadJob::Request defaults; // host, port, connection settings, timeouts, retries
        // A server can list without end (a folder in every folder, or
        // millions of names): beyond these the download stops, before a
        // file is fetched, with an error that says why.
        int maxDepth = 32; // folders below the requested one
        qsizetype maxEntries = 100000; // names listed, files and folders
        int jobs = 1; // files downloaded at once
    };

    explicit FolderDownload(const Request &request, QObject *parent = nullptr);

    // The local folder that receives the remote folder's content.
    QString localRoot() const { return m_localRoot; }
    // The remote folder's URL (for HOST:PORT, http://HOST:PORT/FOLDER/).
    QUrl remoteUrl() const { return m_remoteUrl; }

public Q_SLOTS:
    void start();
    void cancel();

Q_SIGNALS:
    void fileFinished(const QString &relativePath, DownloadJob::Outcome outcome, const QString &message);
    void skipped(const QString &name, const QString &reason);
    // Finished files against the number found so far.
    void progress(int filesDone, int filesFound);
    // Done when every file arrived; NotFound when the folder does not
    // exist; Failed otherwise (the files that arrived stay).
    void finished(DownloadJob::Outcome outcome, const QString &message);
    // A listing's or a file's server has a certificate that is not
    // trusted; its failure follows.
    void certificateProblem(const QString &host, quint16 port, const QSslCertificate &certificate,
                            const QString &problem);

private:
    struct Pending
    {
        QString remotePath;
        QString relativePath; // below localRoot, '/'-separated
    };

    QUrl urlBelow(const QString &relativePath, bool folder) const;
    void listNext();
    void onListed(ListJob::Outcome outcome, const DirectoryListing &listing, const QString &message);
    void downloadNext();
    void onFileFinished(DownloadJob *job, const QString &relativePath, DownloadJob::Outcome outcome,
                        const QString &message);
    bool isInsideLocalRoot(const QString &path) const;
    void finish(DownloadJob::Outcome outcome, const QString &message);

    Request m_request;
    QString m_localRoot;
    QUrl m_remoteUrl; // its path ends with '/'
    bool m_byUrl = false; // Request::remoteUrl was given
    QList<QString> m_foldersToList; // remote paths relative to the request's folder
    QList<Pending> m_files;
    qsizetype m_nextFile = 0;
    QString m_listing; // relative path being listed
    ListJob *m_listJob = nullptr;
    QList<DownloadJob *> m_running;
    qsizetype m_filesDone = 0;
    qsizetype m_entriesListed = 0;
    int m_failures = 0;
    bool m_finished = false;
};
