#include "commandline.h"

#include "client/connectionsettings.h"
#include "common/endpoint.h"
#include "common/printable.h"
#include "exitcode.h"
#include "getcommand.h"
#include "listcommand.h"
#include "nearbycommand.h"
#include "servecommand.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>

namespace {

void printTo(FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

} // namespace

bool CommandLine::wantsCommand(const QStringList &arguments)
{
    if (arguments.size() < 2)
        return false;
    // Qt's own window options ("-platform offscreen", "-style fusion"...) still open the window.
    static const QStringList windowOptions = {
            QStringLiteral("-platform"),        QStringLiteral("-style"),        QStringLiteral("-stylesheet"),
            QStringLiteral("-reverse"),         QStringLiteral("-session"),      QStringLiteral("-display"),
            QStringLiteral("-qwindowgeometry"), QStringLiteral("-qwindowtitle"), QStringLiteral("-qwindowicon"),
    };
    return !windowOptions.contains(arguments.at(1));
}

QString CommandLine::overview()
{
    return tr("Usage: ferry [COMMAND] ...\n"
              "Download manager with an embedded file server. Without a command, opens the window.\n"
              "\n"
              "Commands:\n"
              "  serve DIR [--port N] [--bind ADDR] [--announce [--name NAME]]\n"
              "                                       share DIR (legacy protocol and HTTP on one port)\n"
              "  get HOST:PORT NAME [-o FILE | -d DIR] [--legacy]\n"
              "                                       download NAME\n"
              "  list HOST:PORT [PATH] | list URL     list a remote folder\n"
              "  nearby [--seconds N]                 list the shares announced nearby\n"
              "\n"
              "Run 'ferry COMMAND --help' for the options of a command.\n"
              "Exit codes: 0 done, 1 failure, 2 bad usage, 3 not found.\n"
              "Default port: %1.\n")
            .arg(Endpoint::DefaultPort);
}

int CommandLine::run(const QStringList &arguments)
{
    const QString command = arguments.value(1);
    const QStringList rest = QStringList{arguments.value(0) + QLatin1Char(' ') + command} + arguments.mid(2);
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        printTo(stdout, QStringLiteral("ferry %1\n").arg(QStringLiteral(FERRY_VERSION)));
        return ExitCode::Ok;
    }
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        printTo(stdout, overview());
        return ExitCode::Ok;
    }
    if (command == QLatin1String("serve"))
        return ServeCommand().run(rest);
    if (command == QLatin1String("get"))
        return GetCommand().run(rest);
    if (command == QLatin1String("list"))
        return ListCommand().run(rest);
    if (command == QLatin1String("nearby"))
        return NearbyCommand().run(rest);
    return usageError(tr("unknown command '%1'").arg(command));
}

int CommandLine::parse(QCommandLineParser &parser, const QStringList &arguments, int minPositional, int maxPositional)
{
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")}, tr("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        printTo(stdout, parser.helpText());
        return ExitCode::Ok;
    }
    const qsizetype count = parser.positionalArguments().size();
    if (count < minPositional)
        return usageError(tr("missing arguments"));
    if (count > maxPositional)
        return usageError(tr("unexpected argument '%1'").arg(parser.positionalArguments().at(maxPositional)));
    return -1;
}

CommandLine::BoundedOption::BoundedOption(const QStringList &names, const QString &help, const QString &valueName,
                                          const Bound &bound)
    : option(names,
             tr("%1 (%2 to %3, default %4).").arg(help).arg(bound.minimum).arg(bound.maximum).arg(bound.defaultValue),
             valueName, QString::number(bound.defaultValue))
    , bound(bound)
{ }

std::optional<int> CommandLine::BoundedOption::value(const QCommandLineParser &parser, QString *error) const
{
    bool ok = false;
    const qint64 number = parser.value(option).toLongLong(&ok);
    if (!ok || !bound.contains(number)) {
        *error = tr("--%1 takes a whole number from %2 to %3, not '%4'")
                         .arg(option.names().constLast())
                         .arg(bound.minimum)
                         .arg(bound.maximum)
                         .arg(parser.value(option));
        return std::nullopt;
    }
    return int(number);
}

CommandLine::AccessCodeOptions::AccessCodeOptions(const QString &codeHelp)
    : code(QStringLiteral("code"), codeHelp, QStringLiteral("WORD"))
    , codeFile(QStringLiteral("code-file"),
               tr("Read the access code from the first line of FILE ('-' for standard input), so that it does not "
                  "show in the process list."),
               QStringLiteral("FILE"))
{ }

std::optional<QString> CommandLine::accessCode(const QCommandLineParser &parser, const AccessCodeOptions &options,
                                               QString *error)
{
    if (parser.isSet(options.code) && parser.isSet(options.codeFile)) {
        *error = tr("--code and --code-file cannot be used together");
        return std::nullopt;
    }
    if (!parser.isSet(options.codeFile))
        return parser.value(options.code);
    const QString path = parser.value(options.codeFile);
    QFile file;
    const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                   : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    // A code is at most 128 characters: one short line is all there is to read.
    const QByteArray line = opened ? file.readLine(4096) : QByteArray();
    if (!opened || file.error() != QFileDevice::NoError) {
        *error = tr("cannot read the access code from %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    QString code = QString::fromUtf8(line);
    while (code.endsWith(QLatin1Char('\n')) || code.endsWith(QLatin1Char('\r')))
        code.chop(1);
    if (code.isEmpty()) {
        *error = tr("%1 holds no access code on its first line").arg(path);
        return std::nullopt;
    }
    return code;
}

CommandLine::ConnectionOptions::ConnectionOptions()
    : code(tr("The share's access code, when it needs one."))
    , maxRedirects({QStringLiteral("max-redirs")}, tr("Follow at most N redirects"), QStringLiteral("N"),
                   DownloadLimits::Redirects)
    , cacert(QStringLiteral("cacert"), tr("Also trust the certificate authorities in FILE (PEM)."),
             QStringLiteral("FILE"))
    , insecure(QStringList{QStringLiteral("k"), QStringLiteral("insecure")},
               tr("Do not check the server's certificate (anyone could be listening)."))
    , pin(QStringLiteral("pin"),
          tr("Trust exactly the server key whose SHA-256 is given, as sha256//BASE64 (curl's --pinnedpubkey)."),
          QStringLiteral("PIN"))
    , proxy(QStringLiteral("proxy"),
            tr("Go through the proxy at URL (http://[USER:PASSWORD@]HOST[:PORT] or socks5://...; \"\" for none), "
               "instead of http_proxy, https_proxy and all_proxy."),
            QStringLiteral("URL"))
    , noproxy(QStringLiteral("noproxy"),
              tr("Reach the hosts in LIST (commas; * for all) without a proxy, instead of no_proxy."),
              QStringLiteral("LIST"))
{ }

QList<QCommandLineOption> CommandLine::ConnectionOptions::options() const
{
    return {code.code, code.codeFile, maxRedirects.option, cacert, insecure, pin, proxy, noproxy};
}

QString CommandLine::ConnectionOptions::urlOnlyOptionSet(const QCommandLineParser &parser) const
{
    for (const QCommandLineOption *urlOnly : {&cacert, &insecure, &pin, &proxy, &noproxy})
        if (parser.isSet(*urlOnly))
            return urlOnly->names().constLast();
    return {};
}

bool CommandLine::ConnectionOptions::applyTo(const QCommandLineParser &parser, bool forUrl,
                                             ConnectionSettings &settings, QString *error) const
{
    const std::optional<QString> accessCode = CommandLine::accessCode(parser, code, error);
    const std::optional<int> redirects = maxRedirects.value(parser, error);
    if (!accessCode || !redirects)
        return false;
    settings.accessCode = *accessCode;
    settings.maxRedirects = *redirects;
    if (!forUrl)
        return true;

    if (parser.isSet(cacert)) {
        const std::optional<QList<QSslCertificate>> authorities =
                TlsPolicy::loadAuthorities(parser.value(cacert), error);
        if (!authorities)
            return false;
        settings.tls.addedAuthorities = *authorities;
    }
    if (parser.isSet(pin)) {
        const std::optional<QList<QByteArray>> pins = TlsPolicy::parsePins(parser.value(pin), error);
        if (!pins)
            return false;
        settings.tls.pins = *pins;
    }
    settings.proxy = ProxyRules::fromEnvironment();
    if (parser.isSet(proxy) && !settings.proxy.setProxy(parser.value(proxy), error))
        return false;
    if (parser.isSet(noproxy))
        settings.proxy.setNoProxy(parser.value(noproxy));
    // Told once every option is known to be usable.
    for (const QString &warning : settings.proxy.warnings())
        printMessage(warning);
    if (parser.isSet(insecure)) {
        settings.tls.insecure = true;
        printMessage(tr("warning: -k: the server's certificate is not checked; anyone on the way can read or change "
                        "the download."));
    }
    return true;
}

bool CommandLine::looksLikeUrl(const QString &argument)
{
    return argument.startsWith(QLatin1String("http://"), Qt::CaseInsensitive)
           || argument.startsWith(QLatin1String("https://"), Qt::CaseInsensitive);
}

std::optional<QUrl> CommandLine::readUrl(const QString &text, ConnectionSettings &settings, QString *error)
{
    QUrl url = QUrl::fromUserInput(text);
    if (!looksLikeUrl(text) || !url.isValid() || url.host().isEmpty()) {
        *error = tr("'%1' is not an http:// or https:// URL").arg(text);
        return std::nullopt;
    }
    // An encrypted share's link names its key: that key, and no other, is
    // trusted for it (with --pin's, when both are given).
    const std::optional<QList<QByteArray>> pins = TlsPolicy::takeLinkPins(url, error);
    if (!pins)
        return std::nullopt;
    settings.tls.pins += *pins;
    return url;
}

void CommandLine::printCertificateAdvice(const QSslCertificate &certificate)
{
    for (const QString &detail : TlsPolicy::describe(certificate).split(QLatin1Char('\n')))
        printMessage(QStringLiteral("  ") + detail);
    printMessage(tr("To trust this server anyway, give its authority with --cacert FILE, or its key with --pin %1, "
                    "or skip the check with -k.")
                         .arg(TlsPolicy::pinOf(certificate)));
}

void CommandLine::printMessage(const QString &message)
{
    printTo(stderr, QStringLiteral("ferry: %1\n").arg(Printable::escaped(message)));
}

int CommandLine::usageError(const QString &message)
{
    printTo(stderr, tr("ferry: %1\nTry 'ferry --help'.\n").arg(message));
    return ExitCode::Usage;
}
