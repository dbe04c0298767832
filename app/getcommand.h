#pragma once

#include "client/downloadjob.h"

#include <QObject>
#include <QUrl>

#include <optional>

class QCommandLineParser;

// `ferry get HOST:PORT NAME [-r]` and `ferry get URL... [-i FILE] [-j N]`:
// downloads files (or a folder), exit code by the worst outcome.
class GetCommand final : public QObject
{
    Q_OBJECT

public:
    explicit GetCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);

private:
    int runUrls(const QCommandLineParser &parser, const QList<QUrl> &urls, DownloadJob::Request defaults, int jobs);
    int runRecursive(const DownloadJob::Request &defaults, const QString &localFolder, int jobs);
    int runBatch(const QList<DownloadJob::Request> &requests, int jobs);
    // The URLs named on the command line and in -i FILE, or a usage error.
    static std::optional<QList<QUrl>> collectUrls(const QStringList &arguments, const QString &inputFile,
                                                  QString *error);
};
