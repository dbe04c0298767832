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

bool looksLikeUrl(const QString &argument)
{
    return argument.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
           || argument.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
}

// One list of URLs can be long: -i reads at most this much.
constexpr qint64 MaxInputFileBytes = 16 * 1024 * 1024;

} // namespace

GetCommand::GetCommand(QObject *parent)
    : QObject(parent)
{ }

std::optional<QList<QUrl>> GetCommand::collectUrls(const QStringList &arguments, const QString &inputFile,
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
    QList<QUrl> urls;
    for (const QString &text : std::as_const(texts)) {
        const QUrl url = QUrl::fromUserInput(text);
        if (!looksLikeUrl(text) || !url.isValid() || url.host().isEmpty()) {
            *error = tr("'%1' is not an http:// or https:// URL").arg(text);
            return std::nullopt;
        }
        urls.append(url);
    }
    if (urls.isEmpty())
        *error = inputFile.isNull() ? tr("missing arguments") : tr("%1 names no URL").arg(inputFile);
    return urls.isEmpty() ? std::nullopt : std::optional(urls);
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
    const CommandLine::BoundedOption redirectsOption({QStringLiteral("max-redirs")}, tr("Follow at most N redirects"),
                                                     QStringLiteral("N"), DownloadLimits::Redirects);
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
    const QCommandLineOption limitRateOption(
            QStringLiteral("limit-rate"),
            tr("Download at most RATE bytes per second, all downloads together (suffixes K, M, G)."),
            QStringLiteral("RATE"));
    const QCommandLineOption cacertOption(QStringLiteral("cacert"),
                                          tr("Also trust the certificate authorities in FILE (PEM)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption insecureOption(QStringList{QStringLiteral("k"), QStringLiteral("insecure")},
                                            tr("Do not check the server's certificate (anyone could be listening)."));
    const QCommandLineOption pinOption(
            QStringLiteral("pin"),
            tr("Trust exactly the server key whose SHA-256 is given, as sha256//BASE64 (curl's --pinnedpubkey)."),
            QStringLiteral("PIN"));
    const QCommandLineOption proxyOption(
            QStringLiteral("proxy"),
            tr("Go through the proxy at URL (http://[USER:PASSWORD@]HOST[:PORT] or socks5://...; \"\" for none), "
               "instead of http_proxy, https_proxy and all_proxy."),
            QStringLiteral("URL"));
    const QCommandLineOption noproxyOption(QStringLiteral("noproxy"),
                                           tr("Reach the hosts in LIST (commas; * for all) without a proxy, "
                                              "instead of no_proxy."),
                                           QStringLiteral("LIST"));
    parser.addOptions({outputOption,
                       dirOption,
                       inputOption,
                       jobsOption.option,
                       legacyOption,
                       utf8Option,
                       codeOptions.code,
                       codeOptions.codeFile,
                       maxSizeOption,
                       limitRateOption,
                       connectTimeout.option,
                       stallTimeout.option,
                       retriesOption.option,
                       redirectsOption.option,
                       recursiveOption,
                       verifyOption,
                       cacertOption,
                       insecureOption,
                       pinOption,
                       proxyOption,
                       noproxyOption});
    if (const int code = CommandLine::parse(parser, arguments, 0, std::numeric_limits<int>::max()); code >= 0)
        return code;

    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(outputOption) && parser.isSet(dirOption))
        return CommandLine::usageError(tr("-o and -d cannot be used together"));
    QString problem;
    const std::optional<int> connectSeconds = connectTimeout.value(parser, &problem);
    const std::optional<int> stallSeconds = stallTimeout.value(parser, &problem);
    const std::optional<int> retries = retriesOption.value(parser, &problem);
    const std::optional<int> redirects = redirectsOption.value(parser, &problem);
    const std::optional<int> jobs = jobsOption.value(parser, &problem);
    if (!connectSeconds || !stallSeconds || !retries || !redirects || !jobs)
        return CommandLine::usageError(problem);

    DownloadJob::Request request;
    request.connectTimeoutMs = *connectSeconds * 1000;
    request.stallTimeoutMs = *stallSeconds * 1000;
    request.retries = *retries;
    request.maxRedirects = *redirects;
    request.askForDigest = parser.isSet(verifyOption);
    const std::optional<QString> accessCode = CommandLine::accessCode(parser, codeOptions, &problem);
    if (!accessCode)
        return CommandLine::usageError(problem);
    request.accessCode = *accessCode;
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

    const bool byUrl = parser.isSet(inputOption) || (!positional.isEmpty() && looksLikeUrl(positional.first()));
    if (byUrl) {
        if (parser.isSet(legacyOption) || parser.isSet(utf8Option))
            return CommandLine::usageError(tr("--legacy and --utf8 are for HOST:PORT NAME, not for URLs"));
        const std::optional<QList<QUrl>> urls =
                collectUrls(positional, parser.isSet(inputOption) ? parser.value(inputOption) : QString(), &problem);
        if (!urls)
            return CommandLine::usageError(problem);
        return runUrls(parser, *urls, request, *jobs);
    }

    for (const QCommandLineOption *urlOnly : {&cacertOption, &insecureOption, &pinOption, &proxyOption, &noproxyOption})
        if (parser.isSet(*urlOnly))
            return CommandLine::usageError(tr("--%1 is for http:// and https:// URLs, not for HOST:PORT NAME")
                                                   .arg(urlOnly->names().constLast()));
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
    if ((parser.isSet(codeOptions.code) || parser.isSet(codeOptions.codeFile)) && parser.isSet(legacyOption))
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

int GetCommand::runUrls(const QCommandLineParser &parser, const QList<QUrl> &urls, DownloadJob::Request defaults,
                        int jobs)
{
    const QString output = parser.value(QStringLiteral("output"));
    if (parser.isSet(QStringLiteral("output")) && urls.size() != 1)
        return CommandLine::usageError(tr("-o names one file; give one URL, or use -d DIR"));
    if (parser.isSet(QStringLiteral("recursive")))
        return CommandLine::usageError(tr("-r takes HOST:PORT FOLDER, not a URL"));

    QString problem;
    if (parser.isSet(QStringLiteral("cacert"))) {
        const std::optional<QList<QSslCertificate>> authorities =
                TlsPolicy::loadAuthorities(parser.value(QStringLiteral("cacert")), &problem);
        if (!authorities)
            return CommandLine::usageError(problem);
        defaults.tls.addedAuthorities = *authorities;
    }
    if (parser.isSet(QStringLiteral("pin"))) {
        const std::optional<QList<QByteArray>> pins =
                TlsPolicy::parsePins(parser.value(QStringLiteral("pin")), &problem);
        if (!pins)
            return CommandLine::usageError(problem);
        defaults.tls.pins = *pins;
    }
    if (parser.isSet(QStringLiteral("insecure"))) {
        defaults.tls.insecure = true;
        CommandLine::printMessage(tr("warning: -k: the server's certificate is not checked; anyone on the way can "
                                     "read or change the download."));
    }
    defaults.proxy = ProxyRules::fromEnvironment();
    for (const QString &warning : defaults.proxy.warnings())
        CommandLine::printMessage(warning);
    if (parser.isSet(QStringLiteral("proxy"))
        && !defaults.proxy.setProxy(parser.value(QStringLiteral("proxy")), &problem))
        return CommandLine::usageError(problem);
    if (parser.isSet(QStringLiteral("noproxy")))
        defaults.proxy.setNoProxy(parser.value(QStringLiteral("noproxy")));

    const QString dir = parser.isSet(QStringLiteral("dir")) ? parser.value(QStringLiteral("dir")) : QDir::currentPath();
    if (output.isEmpty() && !QDir().mkpath(dir)) {
        CommandLine::printMessage(tr("cannot create folder %1").arg(dir));
        return ExitCode::Failure;
    }
    QList<DownloadJob::Request> requests;
    QSet<QString> proposed; // two URLs of one call never share a .part
    for (const QUrl &url : urls) {
        DownloadJob::Request request = defaults;
        request.url = url;
        if (!output.isEmpty()) {
            request.destination = output;
        } else {
            const QString name = fileNameFromUrl(url);
            QString candidate = name;
            for (int n = 1; proposed.contains(candidate); ++n)
                candidate = numberedFileName(name, n);
            proposed.insert(candidate);
            request.destination = QDir(dir).filePath(candidate);
            request.nameFromServer = true;
            request.keepExisting = true;
        }
        requests.append(request);
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
                exitCode = DownloadBatch::exitCodeFor(outcome);
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
