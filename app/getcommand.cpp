#include "getcommand.h"

#include "client/bandwidthlimit.h"
#include "client/folderdownload.h"
#include "client/localname.h"
#include "commandline.h"
#include "common/endpoint.h"
#include "common/printable.h"
#include "common/units.h"
#include "downloadbatch.h"
#include "exitcode.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <cstdio>

namespace {

// One list of URLs can be long: -i reads at most this much.
constexpr qint64 MaxInputFileBytes = 16 * 1024 * 1024;

} // namespace

GetCommand::GetCommand(QObject *parent)
    : QObject(parent)
{ }

std::optional<QStringList> GetCommand::collectUrls(const QStringList &arguments, const QString &inputFile,
                                                   QString *error)
{
    QStringList texts = arguments;
    if (!inputFile.isNull()) {
        QFile file;
        const bool opened = inputFile == QLatin1String("-")
                                    ? file.open(stdin, QIODevice::ReadOnly)
                                    : (file.setFileName(inputFile), file.open(QIODevice::ReadOnly));
        const QByteArray content = opened ? file.read(MaxInputFileBytes + 1) : QByteArray();
        if (!opened || file.error() != QFileDevice::NoError) {
            *error = tr("cannot read %1: %2").arg(inputFile, file.errorString());
            return std::nullopt;
        }
        if (content.size() > MaxInputFileBytes) {
            *error = tr("%1 is larger than %2").arg(inputFile, Units::formatBytes(MaxInputFileBytes));
            return std::nullopt;
        }
        for (const QByteArray &rawLine : content.split('\n')) {
            const QString line = QString::fromUtf8(rawLine).trimmed();
            if (!line.isEmpty() && !line.startsWith(QLatin1Char('#')))
                texts.append(line);
        }
    }
    if (texts.isEmpty())
        *error = inputFile.isNull() ? tr("missing arguments") : tr("%1 names no URL").arg(inputFile);
    return texts.isEmpty() ? std::nullopt : std::optional(texts);
}

int GetCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            tr("Download URL (http:// or https://), or NAME from a Ferry server, a tutorial server or any HTTP "
               "server at HOST:PORT.\n"
               "Exit codes: 0 done, 1 failure (a NAME.part may stay), 2 bad usage, 3 not found; with several "
               "downloads, the worst of them."));
    parser.addPositionalArgument(QStringLiteral("URL... | HOST:PORT NAME"),
                                 tr("URLs to download, or a server (port %1 when omitted) and the file's name on it.")
                                         .arg(Endpoint::DefaultPort));
    const QCommandLineOption outputOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                          tr("Save to FILE (replacing it)."), QStringLiteral("FILE"));
    const QCommandLineOption dirOption(QStringList{QStringLiteral("d"), QStringLiteral("dir")},
                                       tr("Save into DIR (created if missing)."), QStringLiteral("DIR"));
    const QCommandLineOption inputOption(
            QStringList{QStringLiteral("i"), QStringLiteral("input-file")},
            tr("Download the URLs in FILE, one per line ('-' for standard input; blank lines and # comments "
               "are skipped)."),
            QStringLiteral("FILE"));
    const CommandLine::BoundedOption jobsOption({QStringLiteral("j"), QStringLiteral("jobs")},
                                                tr("Download at most N files at once"), QStringLiteral("N"),
                                                DownloadLimits::Jobs);
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
            tr("NAME, or the one URL, is a folder: fetch all of it, keeping its structure, into DIR (default: "
               "here)."));
    const QCommandLineOption verifyOption(
            QStringLiteral("verify"),
            tr("Ask the server for the file's SHA-256 and check it (a digest the server offers is always checked)."));
    const QCommandLineOption maxSizeOption(
            QStringLiteral("max-size"),
            tr("Refuse a file larger than SIZE bytes (suffixes K, M, G, T; default: no limit "
               "but the free disk space)."),
            QStringLiteral("SIZE"));
    const QCommandLineOption limitRateOption(
            QStringLiteral("limit-rate"),
            tr("Download at most RATE bytes per second, all downloads together (suffixes K, M, G)."),
            QStringLiteral("RATE"));
    const CommandLine::ConnectionOptions connection;
    parser.addOptions({outputOption, dirOption, inputOption, jobsOption.option, legacyOption, utf8Option, maxSizeOption,
                       limitRateOption, connectTimeout.option, stallTimeout.option, retriesOption.option,
                       recursiveOption, verifyOption});
    parser.addOptions(connection.options());
    if (const int code = CommandLine::parse(parser, arguments, 0, std::numeric_limits<int>::max()); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(outputOption) && parser.isSet(dirOption))
        return CommandLine::usageError(tr("-o and -d cannot be used together"));
    QString problem;
    const std::optional<int> connectSeconds = connectTimeout.value(parser, &problem);
    const std::optional<int> stallSeconds = stallTimeout.value(parser, &problem);
    const std::optional<int> retries = retriesOption.value(parser, &problem);
    const std::optional<int> jobs = jobsOption.value(parser, &problem);
    if (!connectSeconds || !stallSeconds || !retries || !jobs)
        return CommandLine::usageError(problem);

    DownloadJob::Request request;
    request.connectTimeoutMs = *connectSeconds * 1000;
    request.stallTimeoutMs = *stallSeconds * 1000;
    request.retries = *retries;
    request.askForDigest = parser.isSet(verifyOption);
    if (parser.isSet(maxSizeOption)) {
        const std::optional<qint64> maxSize = Units::parseSize(parser.value(maxSizeOption));
        if (!maxSize)
            return CommandLine::usageError(
                    tr("invalid size '%1' for --max-size (e.g. 500M)").arg(parser.value(maxSizeOption)));
        request.maxBytes = *maxSize;
    }
    if (parser.isSet(limitRateOption)) {
        const std::optional<qint64> rate = Units::parseRate(parser.value(limitRateOption));
        if (!rate || *rate <= 0)
            return CommandLine::usageError(
                    tr("invalid rate '%1' for --limit-rate (e.g. 500K)").arg(parser.value(limitRateOption)));
        request.bandwidth = new BandwidthLimit(*rate, this);
    }

    const bool byUrl =
            parser.isSet(inputOption) || (!positional.isEmpty() && CommandLine::looksLikeUrl(positional.first()));
    if (byUrl) {
        if (parser.isSet(legacyOption) || parser.isSet(utf8Option))
            return CommandLine::usageError(tr("--legacy and --utf8 are for HOST:PORT NAME, not for URLs"));
        const std::optional<QStringList> urls =
                collectUrls(positional, parser.isSet(inputOption) ? parser.value(inputOption) : QString(), &problem);
        if (!urls)
            return CommandLine::usageError(problem);
        return runUrls(parser, connection, *urls, request, *jobs);
    }

    if (const QString urlOnly = connection.urlOnlyOptionSet(parser); !urlOnly.isEmpty())
        return CommandLine::usageError(
                tr("--%1 is for http:// and https:// URLs, not for HOST:PORT NAME").arg(urlOnly));
    if (!connection.applyTo(parser, false, request, &problem))
        return CommandLine::usageError(problem);
    if (positional.size() < 2)
        return CommandLine::usageError(tr("missing arguments"));
    if (positional.size() > 2)
        return CommandLine::usageError(tr("unexpected argument '%1'").arg(positional.at(2)));
    const std::optional<Endpoint> endpoint = Endpoint::parse(positional.at(0));
    if (!endpoint)
        return CommandLine::usageError(
                tr("invalid address '%1' (expected HOST:PORT or an http:// or https:// URL)").arg(positional.at(0)));
    request.host = endpoint->host;
    request.port = endpoint->port;
    request.name = positional.at(1);
    request.protocol = parser.isSet(legacyOption) ? DownloadJob::Protocol::Legacy : DownloadJob::Protocol::Auto;
    request.legacyEncoding = parser.isSet(utf8Option) ? LegacyName::Encoding::Utf8 : LegacyName::Encoding::Gbk;
    if ((parser.isSet(connection.code.code) || parser.isSet(connection.code.codeFile)) && parser.isSet(legacyOption))
        return CommandLine::usageError(
                tr("--code cannot be used with --legacy (the tutorial protocol cannot carry it)"));
    if (request.name.isEmpty())
        return CommandLine::usageError(tr("empty file name"));
    if (parser.isSet(recursiveOption)) {
        if (parser.isSet(outputOption) || parser.isSet(legacyOption))
            return CommandLine::usageError(tr("-r cannot be used with -o or --legacy"));
        return runRecursive(request, parser.isSet(dirOption) ? parser.value(dirOption) : QDir::currentPath(), *jobs);
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
    return runBatch({request}, 1);
}

int GetCommand::runUrls(const QCommandLineParser &parser, const CommandLine::ConnectionOptions &connection,
                        const QStringList &urls, DownloadJob::Request defaults, int jobs)
{
    const QString output = parser.value(QStringLiteral("output"));
    const bool recursive = parser.isSet(QStringLiteral("recursive"));
    if (recursive && parser.isSet(QStringLiteral("output")))
        return CommandLine::usageError(tr("-r cannot be used with -o or --legacy"));
    if (recursive && (urls.size() != 1 || parser.isSet(QStringLiteral("input-file"))))
        return CommandLine::usageError(tr("-r takes one URL, that of a folder"));
    if (parser.isSet(QStringLiteral("output")) && urls.size() != 1)
        return CommandLine::usageError(tr("-o names one file; give one URL, or use -d DIR"));

    QString problem;
    if (!connection.applyTo(parser, true, defaults, &problem))
        return CommandLine::usageError(problem);
    QList<DownloadJob::Request> requests;
    for (const QString &text : urls) {
        DownloadJob::Request request = defaults;
        const std::optional<QUrl> url = CommandLine::readUrl(text, request, &problem);
        if (!url)
            return CommandLine::usageError(problem);
        request.url = *url;
        requests.append(request);
    }

    const QString dir = parser.isSet(QStringLiteral("dir")) ? parser.value(QStringLiteral("dir")) : QDir::currentPath();
    if (recursive)
        return runRecursive(requests.constFirst(), dir, jobs);
    if (output.isEmpty() && !QDir().mkpath(dir)) {
        CommandLine::printMessage(tr("cannot create folder %1").arg(dir));
        return ExitCode::Failure;
    }
    QSet<QString> proposed; // two URLs of one call never share a .part
    for (DownloadJob::Request &request : requests) {
        if (!output.isEmpty()) {
            request.destination = output;
        } else {
            const QString name = fileNameFromUrl(request.url);
            QString candidate = name;
            for (int n = 1; proposed.contains(candidate); ++n)
                candidate = numberedFileName(name, n);
            proposed.insert(candidate);
            request.destination = QDir(dir).filePath(candidate);
            request.nameFromServer = true;
            request.keepExisting = true;
        }
    }
    return runBatch(requests, jobs);
}

int GetCommand::runBatch(const QList<DownloadJob::Request> &requests, int jobs)
{
    DownloadBatch batch(requests, jobs);
    SignalWatcher signalWatcher;
    connect(&signalWatcher, &SignalWatcher::terminationRequested, &batch, &DownloadBatch::cancel);
    connect(&batch, &DownloadBatch::finished, this, [](int exitCode) { QCoreApplication::exit(exitCode); });
    QMetaObject::invokeMethod(&batch, &DownloadBatch::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    return batch.exitCode();
}

int GetCommand::runRecursive(const DownloadJob::Request &defaults, const QString &localFolder, int jobs)
{
    FolderDownload::Request request;
    request.jobs = jobs;
    request.remoteFolder = defaults.name;
    request.remoteUrl = defaults.url;
    request.localFolder = localFolder;
    request.defaults = defaults;
    request.defaults.url.clear(); // each file has its own
    FolderDownload folder(request);
    SignalWatcher signalWatcher;
    int exitCode = ExitCode::Failure;
    QSslCertificate refused; // told after the failure it caused
    connect(&folder, &FolderDownload::certificateProblem, this,
            [&refused](const QString &, quint16, const QSslCertificate &certificate, const QString &) {
                refused = certificate;
            });
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
            [&exitCode, &skipped, &refused](DownloadJob::Outcome outcome, const QString &message) {
                exitCode = DownloadBatch::exitCodeFor(outcome);
                CommandLine::printMessage(message);
                if (!refused.isNull())
                    CommandLine::printCertificateAdvice(refused);
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
