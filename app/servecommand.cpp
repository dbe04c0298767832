#include "servecommand.h"

#include "commandline.h"
#include "common/endpoint.h"
#include "exitcode.h"
#include "nearby/nearbyannouncer.h"
#include "server/shareserver.h"
#include "share/accessgate.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QNetworkInterface>

#include <cstdio>

namespace {

QString stateName(TransferInfo::State state)
{
    switch (state) {
    case TransferInfo::State::Sending:
        return ServeCommand::tr("sending");
    case TransferInfo::State::Done:
        return ServeCommand::tr("done");
    case TransferInfo::State::NotFound:
        return ServeCommand::tr("not found");
    case TransferInfo::State::Refused:
        return ServeCommand::tr("refused");
    case TransferInfo::State::BadRequest:
        return ServeCommand::tr("bad request");
    case TransferInfo::State::Unauthorized:
        return ServeCommand::tr("no access code");
    case TransferInfo::State::Aborted:
        return ServeCommand::tr("aborted");
    }
    return {};
}

} // namespace

ServeCommand::ServeCommand(QObject *parent)
    : QObject(parent)
{ }

int ServeCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            tr("Share a folder on one port, for Ferry, the tutorial client, browsers, curl and wget.\n"
               "Prints \"listening on ADDR:PORT\" on stdout when ready; stops on SIGINT or SIGTERM."));
    parser.addPositionalArgument(QStringLiteral("DIR"), tr("The folder to share."));
    const QCommandLineOption portOption(
            QStringList{QStringLiteral("p"), QStringLiteral("port")},
            tr("Port to listen on (0 picks a free one; default %1).").arg(Endpoint::DefaultPort), QStringLiteral("N"),
            QString::number(Endpoint::DefaultPort));
    const QCommandLineOption bindOption(QStringList{QStringLiteral("b"), QStringLiteral("bind")},
                                        tr("Address to listen on (default: every interface)."), QStringLiteral("ADDR"));
    const QCommandLineOption maxConnectionsOption(
            QStringLiteral("max-connections"),
            tr("Serve at most N connections at once; more are told the server is busy (default 256)."),
            QStringLiteral("N"), QStringLiteral("256"));
    const QCommandLineOption requestTimeoutOption(
            QStringLiteral("request-timeout"),
            tr("Disconnect a client whose request is not complete after SECONDS (default 10)."),
            QStringLiteral("SECONDS"), QStringLiteral("10"));
    const QCommandLineOption idleTimeoutOption(
            QStringLiteral("idle-timeout"), tr("Close an idle HTTP keep-alive connection after SECONDS (default 15)."),
            QStringLiteral("SECONDS"), QStringLiteral("15"));
    const QCommandLineOption stallTimeoutOption(QStringLiteral("stall-timeout"),
                                                tr("Disconnect a client that stops reading for SECONDS (default 60)."),
                                                QStringLiteral("SECONDS"), QStringLiteral("60"));
    const CommandLine::AccessCodeOptions codeOptions(
            tr("Require this access code from HTTP clients (share link ?code=WORD, or Basic authentication with it as "
               "password); the legacy protocol, which cannot carry one, is refused."));
    const QCommandLineOption announceOption(
            QStringLiteral("announce"),
            tr("Announce the share on the local network so that nearby devices list it (ferry nearby, the Download tab); off by default."));
    const QCommandLineOption nameOption(
            QStringLiteral("name"),
            tr("The name nearby devices see with --announce (default: this computer's host name)."),
            QStringLiteral("NAME"));
    parser.addOptions({portOption, bindOption, codeOptions.code, codeOptions.codeFile, maxConnectionsOption,
                       requestTimeoutOption, idleTimeoutOption, stallTimeoutOption, announceOption, nameOption});
    if (const int code = CommandLine::parse(parser, arguments, 1, 1); code >= 0)
        return code;

    ShareServer::Options options;
    options.folder = parser.positionalArguments().constFirst();
    const std::optional<quint16> port = Endpoint::parsePort(parser.value(portOption), true);
    if (!port)
        return CommandLine::usageError(tr("invalid port '%1' (expected 0 to 65535)").arg(parser.value(portOption)));
    options.port = *port;
    constexpr int Limit = 1000000;
    const std::optional<int> maxConnections = CommandLine::intValue(parser, maxConnectionsOption, 1, Limit);
    const std::optional<int> requestSeconds = CommandLine::intValue(parser, requestTimeoutOption, 1, Limit);
    const std::optional<int> idleSeconds = CommandLine::intValue(parser, idleTimeoutOption, 1, Limit);
    const std::optional<int> stallSeconds = CommandLine::intValue(parser, stallTimeoutOption, 1, Limit);
    if (!maxConnections || !requestSeconds || !idleSeconds || !stallSeconds)
        return CommandLine::usageError(tr("limits and timeouts must be positive whole numbers"));
    options.maxConnections = *maxConnections;
    options.requestDeadline = std::chrono::seconds(*requestSeconds);
    options.keepAliveIdle = std::chrono::seconds(*idleSeconds);
    options.stallDeadline = std::chrono::seconds(*stallSeconds);
    QString problem;
    const std::optional<QString> accessCode = CommandLine::accessCode(parser, codeOptions, &problem);
    if (!accessCode)
        return CommandLine::usageError(problem);
    if (parser.isSet(codeOptions.code) || parser.isSet(codeOptions.codeFile)) {
        options.accessCode = *accessCode;
        if (const QString invalid = AccessGate::validate(options.accessCode); !invalid.isEmpty())
            return CommandLine::usageError(invalid);
    }
    if (parser.isSet(bindOption)) {
        QString bind = parser.value(bindOption);
        if (bind.startsWith(QLatin1Char('[')) && bind.endsWith(QLatin1Char(']')))
            bind = bind.mid(1, bind.size() - 2);
        if (!options.address.setAddress(bind))
            return CommandLine::usageError(tr("invalid bind address '%1'").arg(parser.value(bindOption)));
    }

    if (parser.isSet(nameOption) && !parser.isSet(announceOption))
        return CommandLine::usageError(tr("--name only makes sense with --announce"));
    if (parser.isSet(nameOption) && NearbyAnnouncement::displayName(parser.value(nameOption)).isEmpty())
        return CommandLine::usageError(tr("invalid name '%1'").arg(parser.value(nameOption)));
    if (parser.isSet(announceOption) && options.address.isLoopback())
        return CommandLine::usageError(
                tr("--announce needs an address other devices can reach, not %1").arg(options.address.toString()));

    ShareServer server;
    connect(&server, &ShareServer::transferUpdated, this, &ServeCommand::logTransfer);
    connect(&server, &ShareServer::transferReportsDropped, this, [](int count) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("(%n transfer(s) not logged: the log could not keep up)", nullptr, count)));
    });
    if (!server.start(options)) {
        std::fprintf(stderr, "ferry: %s\n", qPrintable(server.errorString()));
        return ExitCode::Failure;
    }
    // The server knows nothing of discovery: the announcer is only told its port.
    NearbyAnnouncer announcer;
    if (parser.isSet(announceOption)
        && !announcer.start(parser.value(nameOption), server.serverPort(), !server.accessCode().isEmpty(),
                            server.serverAddress())) {
        std::fprintf(stderr, "ferry: %s\n", qPrintable(announcer.errorString()));
        server.stop();
        return ExitCode::Failure;
    }

    SignalWatcher signalWatcher;
    connect(&signalWatcher, &SignalWatcher::terminationRequested, this, [&server, &announcer] {
        announcer.stop(); // the goodbye goes first: nobody should pick a share that is closing
        server.stop();
        QCoreApplication::exit(ExitCode::Ok);
    });

    const QHostAddress bound = server.serverAddress();
    const QString shown = bound == QHostAddress::Any ? QStringLiteral("0.0.0.0") : bound.toString();
    const Endpoint listening{shown, server.serverPort()};
    std::printf("listening on %s\n", qPrintable(listening.toString()));
    std::fflush(stdout);
    std::fprintf(stderr, "%s\n", qPrintable(tr("Sharing %1").arg(server.folder())));
    if (bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4 || bound == QHostAddress::AnyIPv6)
        printAddresses(server.serverPort(), server.accessCode());
    if (announcer.isActive())
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("Visible to nearby devices as \"%1\"").arg(announcer.announcement().name)));
    return QCoreApplication::exec();
}

void ServeCommand::printAddresses(quint16 port, const QString &accessCode) const
{
    const auto addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (address.isLoopback() || address.isLinkLocal())
            continue;
        const QString url = Endpoint{address.toString(), port}.shareUrl(accessCode);
        const QString line = accessCode.isEmpty()
                                     ? tr("open %1 or use %2 port %3").arg(url, address.toString()).arg(port)
                                     : tr("open %1").arg(url);
        std::fprintf(stderr, "  %s\n", qPrintable(line));
    }
}

void ServeCommand::logTransfer(const TransferInfo &info)
{
    if (!info.isFinished())
        return;
    const QString dialect = info.dialect == Dialect::Http ? QStringLiteral("http") : QStringLiteral("legacy");
    std::fprintf(stderr, "%s %s \"%s\" %s %lld\n", qPrintable(info.peer), qPrintable(dialect), qPrintable(info.name),
                 qPrintable(stateName(info.state)), static_cast<long long>(info.sent));
}
