#pragma once

#include "client/downloadjob.h"
#include "commandline.h"

#include <QObject>
#include <QUrl>

#include <optional>

class QCommandLineParser;

// `ferry get HOST:PORT NAME [-r]`, `ferry get URL... [-i FILE] [-j N]` and
// `ferry get -r URL`: downloads files (or a folder), exit code by the worst
// outcome.
class GetCommand final : public QObject
{
    Q_OBJECT

public:
    explicit GetCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);

private:
    int runUrls(const QCommandLineParser &parser, const CommandLine::ConnectionOptions &connection,
                const QStringList &urls, DownloadJob::Request defaults, int jobs);
    // defaults.url is the folder's URL, or else defaults.name its path at defaults.host.
    int runRecursive(const DownloadJob::Request &defaults, const QString &localFolder, int jobs);
    int runBatch(const QList<DownloadJob::Request> &requests, int jobs);
    // The URLs named on the command line and in -i FILE (as given; read by
    // CommandLine::readUrl()), or a usage error.
    static std::optional<QStringList> collectUrls(const QStringList &arguments, const QString &inputFile,
                                                  QString *error);
};
