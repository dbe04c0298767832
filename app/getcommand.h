#pragma once

#include "client/downloadjob.h"

#include <QObject>

// `ferry get HOST:PORT NAME [-r]`: downloads one file (or a folder), exit code by outcome.
class GetCommand final : public QObject
{
    Q_OBJECT

public:
    explicit GetCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);

private:
    int runRecursive(const DownloadJob::Request &defaults, const QString &localFolder);
};
