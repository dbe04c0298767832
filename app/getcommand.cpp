#include "getcommand.h"

#include "client/downloadjob.h"
#include "client/folderdownload.h"
#include "client/localname.h"
#include "commandline.h"
#include "common/endpoint.h"
#include "common/printable.h"
#include "common/units.h"
#include "exitcode.h"
#include "progressprinter.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace {

int exitCodeFor(DownloadJob::Outcome outcome)
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

} // namespace

GetCommand::GetCommand(QObject *parent)
    : QObject(parent)
{ }

int GetCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            tr("Download NAME from a Ferry server, a tutorial server or any HTTP server.\n"
               "Exit codes: 0 done, 1 failure (a NAME.part may stay), 2 bad usage, 3 not found."));
    parser.addPositionalArgument(QStringLiteral("HOST:PORT"),
                                 tr("The server (port %1 when omitted).").arg(Endpoint::DefaultPort));
    parser.addPositionalArgument(QStringLiteral("NAME"), tr("The file's name on the server."));
    const QCommandLineOption outputOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                          tr("Save to FILE."), QStringLiteral("FILE"));
    const QCommandLineOption dirOption(QStringList{QStringLiteral("d"), QStringLiteral("dir")},
                                       tr("Save into DIR under NAME's base name (created if missing)."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption legacyOption(QStringLiteral("legacy"),
                                          tr("Use the tutorial protocol only (no HTTP probe)."));
    const QCommandLineOption utf8Option(QStringLiteral("utf8"),
                                        tr("Send the name in UTF-8 instead of GBK in the tutorial protocol."));
    const CommandLine::BoundedOption connectTimeout({QStringLiteral("connect-timeout")},
                                                    tr("Give up connecting after SECONDS"), QStringLiteral("SECONDS"),
                                                    DownloadLimits::ConnectTimeoutSeconds);
    const CommandLine::BoundedOption stallTimeout({QStringLiteral("stall-timeout")},
                                                  tr("Give up when nothing arrives for SECONDS"),
                                                  QStringLiteral("SECONDS"), DownloadLimits::StallTimeoutSeconds);
    const CommandLine::BoundedOption retriesOption({QStringLiteral("retries")},
                                                   tr("Retry a lost or stalled connection N times, resuming"),
                                                   QStringLiteral("N"), DownloadLimits::Retries);
    const QCommandLineOption recursiveOption(
            QStringList{QStringLiteral("r"), QStringLiteral("recursive")},
            tr("NAME is a folder: fetch all of it, keeping its structure, into DIR (default: here)."));
    const QCommandLineOption verifyOption(
            QStringLiteral("verify"),
            tr("Ask the server for the file's SHA-256 and check it (a digest the server offers is always checked)."));
    const CommandLine::AccessCodeOptions codeOptions(tr("The share's access code, when it needs one."));
    const QCommandLineOption maxSizeOption(
            QStringLiteral("max-size"),
            tr("Refuse a file larger than SIZE bytes (suffixes K, M, G, T; default: no limit "
               "but the free disk space)."),
            QStringLiteral("SIZE"));
    parser.addOptions({outputOption, dirOption, legacyOption, utf8Option, codeOptions.code, codeOptions.codeFile,
                       maxSizeOption, connectTimeout.option, stallTimeout.option, retriesOption.option, recursiveOption,
                       verifyOption});
    if (const int code = CommandLine::parse(parser, arguments, 2, 2); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    const std::optional<Endpoint> endpoint = Endpoint::parse(positional.at(0));
    if (!endpoint)
        return CommandLine::usageError(tr("invalid address '%1' (expected HOST:PORT)").arg(positional.at(0)));
    if (parser.isSet(outputOption) && parser.isSet(dirOption))
        return CommandLine::usageError(tr("-o and -d cannot be used together"));
    QString problem;
    const std::optional<int> connectSeconds = connectTimeout.value(parser, &problem);
    const std::optional<int> stallSeconds = stallTimeout.value(parser, &problem);
    const std::optional<int> retries = retriesOption.value(parser, &problem);
    if (!connectSeconds || !stallSeconds || !retries)
        return CommandLine::usageError(problem);

    DownloadJob::Request request;
    request.host = endpoint->host;
    request.port = endpoint->port;
    request.name = positional.at(1);
    request.protocol = parser.isSet(legacyOption) ? DownloadJob::Protocol::Legacy : DownloadJob::Protocol::Auto;
    request.legacyEncoding = parser.isSet(utf8Option) ? LegacyName::Encoding::Utf8 : LegacyName::Encoding::Gbk;
    request.connectTimeoutMs = *connectSeconds * 1000;
    request.stallTimeoutMs = *stallSeconds * 1000;
    request.retries = *retries;
    request.askForDigest = parser.isSet(verifyOption);
    const std::optional<QString> accessCode = CommandLine::accessCode(parser, codeOptions, &problem);
    if (!accessCode)
        return CommandLine::usageError(problem);
    request.accessCode = *accessCode;
    if ((parser.isSet(codeOptions.code) || parser.isSet(codeOptions.codeFile)) && parser.isSet(legacyOption))
        return CommandLine::usageError(
                tr("--code cannot be used with --legacy (the tutorial protocol cannot carry it)"));
    if (parser.isSet(maxSizeOption)) {
        const std::optional<qint64> maxSize = Units::parseSize(parser.value(maxSizeOption));
        if (!maxSize)
            return CommandLine::usageError(
                    tr("invalid size '%1' for --max-size (e.g. 500M)").arg(parser.value(maxSizeOption)));
        request.maxBytes = *maxSize;
    }
    if (request.name.isEmpty())
        return CommandLine::usageError(tr("empty file name"));
    if (parser.isSet(recursiveOption)) {
        if (parser.isSet(outputOption) || parser.isSet(legacyOption))
            return CommandLine::usageError(tr("-r cannot be used with -o or --legacy"));
        return runRecursive(request, parser.isSet(dirOption) ? parser.value(dirOption) : QDir::currentPath());
    }

    if (parser.isSet(outputOption)) {
        request.destination = parser.value(outputOption);
    } else {
        const QString fileName = safeLocalFileName(request.name);
        if (fileName.isEmpty())
            return CommandLine::usageError(tr("'%1' has no file name to save under; use -o FILE").arg(request.name));
        const QString dir = parser.isSet(dirOption) ? parser.value(dirOption) : QDir::currentPath();
        if (!QDir().mkpath(dir)) {
            CommandLine::printMessage(tr("cannot create folder %1").arg(dir));
            return ExitCode::Failure;
        }
        request.destination = QDir(dir).filePath(fileName);
    }

    DownloadJob job(request);
    ProgressPrinter printer;
    SignalWatcher signalWatcher;
    int exitCode = ExitCode::Failure;
    connect(&job, &DownloadJob::progress, &printer, &ProgressPrinter::update);
    connect(&signalWatcher, &SignalWatcher::terminationRequested, &job, &DownloadJob::cancel);
    connect(&job, &DownloadJob::verifying, this, [&printer] {
        printer.finish();
        if (printer.isActive())
            CommandLine::printMessage(tr("checking SHA-256..."));
    });
    connect(&job, &DownloadJob::resumed, this, [&printer](qint64 from, qint64 total) {
        printer.finish();
        CommandLine::printMessage(tr("resuming at %1 of %2").arg(Units::formatBytes(from), Units::formatBytes(total)));
    });
    connect(&job, &DownloadJob::retrying, this, [&printer](int attempt, int max, int delayMs, const QString &reason) {
        printer.finish();
        CommandLine::printMessage(
                tr("%1 Retrying in %2 s (%3 of %4).").arg(reason).arg(delayMs / 1000.0).arg(attempt).arg(max));
    });
    connect(&job, &DownloadJob::finished, this, [&](DownloadJob::Outcome outcome, const QString &message) {
        printer.finish();
        exitCode = exitCodeFor(outcome);
        QString line = message;
        if (outcome != DownloadJob::Outcome::Done && outcome != DownloadJob::Outcome::NotFound
            && QFileInfo::exists(job.partPath()))
            line += QLatin1Char(' ') + tr("The partial download stays in %1.").arg(job.partPath());
        CommandLine::printMessage(line);
        QCoreApplication::exit(exitCode);
    });
    QMetaObject::invokeMethod(&job, &DownloadJob::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    return exitCode;
}

int GetCommand::runRecursive(const DownloadJob::Request &defaults, const QString &localFolder)
{
    FolderDownload::Request request;
    request.remoteFolder = defaults.name;
    request.localFolder = localFolder;
    request.defaults = defaults;
    FolderDownload folder(request);
    SignalWatcher signalWatcher;
    int exitCode = ExitCode::Failure;
    connect(&signalWatcher, &SignalWatcher::terminationRequested, &folder, &FolderDownload::cancel);
    connect(&folder, &FolderDownload::fileFinished, this,
            [](const QString &path, DownloadJob::Outcome outcome, const QString &message) {
                if (outcome == DownloadJob::Outcome::Done)
                    std::fprintf(stderr, "%s\n", qPrintable(Printable::escaped(path)));
                else
                    std::fprintf(stderr, "%s: %s\n", qPrintable(Printable::escaped(path)),
                                 qPrintable(Printable::escaped(message)));
            });
    int skipped = 0;
    connect(&folder, &FolderDownload::skipped, this, [&skipped](const QString &name, const QString &reason) {
        ++skipped;
        CommandLine::printMessage(tr("skipped %1: %2").arg(name, reason));
    });
    connect(&folder, &FolderDownload::finished, this,
            [&exitCode, &skipped](DownloadJob::Outcome outcome, const QString &message) {
                exitCode = exitCodeFor(outcome);
                CommandLine::printMessage(message);
                // A folder with entries left out is not the whole folder.
                if (outcome == DownloadJob::Outcome::Done && skipped > 0) {
                    exitCode = ExitCode::Failure;
                    CommandLine::printMessage(tr("%n entries were skipped (named above).", nullptr, skipped));
                }
                QCoreApplication::exit(exitCode);
            });
    QMetaObject::invokeMethod(&folder, &FolderDownload::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    return exitCode;
}
