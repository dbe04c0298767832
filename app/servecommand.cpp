#include "servecommand.h"

#include "commandline.h"
#include "common/accesscode.h"
#include "common/endpoint.h"
#include "common/printable.h"
#include "exitcode.h"
#include "nearby/nearbyannouncement.h"
#include "server/runningshare.h"
#include "share/hostcheck.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>

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
    const CommandLine::BoundedOption maxConnections(
            {QStringLiteral("max-connections")},
            tr("Serve at most N connections at once; more are told the server is busy"), QStringLiteral("N"),
            ServeLimits::Connections);
    const CommandLine::BoundedOption maxPerAddress(
            {QStringLiteral("max-connections-per-address")},
            tr("Let one address (an IPv6 /64) hold at most N connections; more from it are told the server is busy"),
            QStringLiteral("N"), ServeLimits::ConnectionsPerPeer);
    const CommandLine::BoundedOption requestTimeout(
            {QStringLiteral("request-timeout")}, tr("Disconnect a client whose request is not complete after SECONDS"),
            QStringLiteral("SECONDS"), ServeLimits::RequestTimeoutSeconds);
    const CommandLine::BoundedOption idleTimeout({QStringLiteral("idle-timeout")},
                                                 tr("Close an idle HTTP keep-alive connection after SECONDS"),
                                                 QStringLiteral("SECONDS"), ServeLimits::IdleTimeoutSeconds);
    const CommandLine::BoundedOption stallTimeout({QStringLiteral("stall-timeout")},
                                                  tr("Disconnect a client that stops reading for SECONDS"),
                                                  QStringLiteral("SECONDS"), ServeLimits::StallTimeoutSeconds);
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
    const QCommandLineOption allowHostOption(
            QStringLiteral("allow-host"),
            tr("Also answer HTTP requests for NAME (a reverse proxy's or a LAN name; repeatable). Requests for "
               "names that are neither this machine's nor allowed get 421, against DNS rebinding."),
            QStringLiteral("NAME"));
    const QCommandLineOption tlsOption(
            QStringLiteral("tls"),
            tr("Also speak HTTPS on the port, with Ferry's own certificate (made on first use and kept, so its pin "
               "stays) unless --cert and --key name one; plain HTTP requests are redirected to HTTPS. The "
               "certificate's pin is printed, and the share links carry it."));
    const QCommandLineOption certOption(
            QStringLiteral("cert"), tr("With --tls: the PEM certificate (chain) to present instead of Ferry's own."),
            QStringLiteral("FILE"));
    const QCommandLineOption keyOption(QStringLiteral("key"),
                                       tr("With --cert: its PEM private key (unencrypted, RSA or EC)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption newCertificateOption(
            QStringLiteral("new-certificate"),
            tr("With --tls: replace Ferry's own certificate with a new one (a new pin: links given out before stop "
               "working)."));
    parser.addOptions({portOption, bindOption, codeOptions.code, codeOptions.codeFile, allowHostOption,
                       maxConnections.option, maxPerAddress.option, requestTimeout.option, idleTimeout.option,
                       stallTimeout.option, announceOption, nameOption, tlsOption, certOption, keyOption,
                       newCertificateOption});
    if (const int code = CommandLine::parse(parser, arguments, 1, 1); code >= 0)
        return code;

    ShareServer::Options options;
    options.folder = parser.positionalArguments().constFirst();
    const std::optional<quint16> port = Endpoint::parsePort(parser.value(portOption), true);
    if (!port)
        return CommandLine::usageError(tr("invalid port '%1' (expected 0 to 65535)").arg(parser.value(portOption)));
    options.port = *port;
    QString problem;
    const std::optional<int> connections = maxConnections.value(parser, &problem);
    const std::optional<int> perAddress = maxPerAddress.value(parser, &problem);
    const std::optional<int> requestSeconds = requestTimeout.value(parser, &problem);
    const std::optional<int> idleSeconds = idleTimeout.value(parser, &problem);
    const std::optional<int> stallSeconds = stallTimeout.value(parser, &problem);
    if (!connections || !perAddress || !requestSeconds || !idleSeconds || !stallSeconds)
        return CommandLine::usageError(problem);
    options.maxConnections = *connections;
    options.maxConnectionsPerPeer = *perAddress;
    options.requestDeadline = std::chrono::seconds(*requestSeconds);
    options.keepAliveIdle = std::chrono::seconds(*idleSeconds);
    options.stallDeadline = std::chrono::seconds(*stallSeconds);
    const std::optional<QString> accessCode = CommandLine::accessCode(parser, codeOptions, &problem);
    if (!accessCode)
        return CommandLine::usageError(problem);
    if (parser.isSet(codeOptions.code) || parser.isSet(codeOptions.codeFile)) {
        options.accessCode = *accessCode;
        if (const QString invalid = AccessCode::validate(options.accessCode); !invalid.isEmpty())
            return CommandLine::usageError(invalid);
    }
    options.allowedHosts = parser.values(allowHostOption);
    for (const QString &name : std::as_const(options.allowedHosts)) {
        if (const QString invalid = HostCheck::validate(name); !invalid.isEmpty())
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

    if (const int code = readCertificate(parser, tlsOption, certOption, keyOption, newCertificateOption, options);
        code >= 0)
        return code;

    RunningShare share;
    ShareServer &server = *share.server();
    connect(&server, &ShareServer::transferUpdated, this, &ServeCommand::logTransfer);
    connect(&server, &ShareServer::transferReportsDropped, this, [](int count) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("(%n transfer(s) not logged: the log could not keep up)", nullptr, count)));
    });
    if (!share.start(options) || !share.setAnnounced(parser.isSet(announceOption), parser.value(nameOption))) {
        CommandLine::printMessage(share.errorString());
        return ExitCode::Failure;
    }

    SignalWatcher signalWatcher;
    connect(&signalWatcher, &SignalWatcher::terminationRequested, this, [&share] {
        share.stop();
        QCoreApplication::exit(ExitCode::Ok);
    });

    const QHostAddress bound = server.serverAddress();
    const QString shown = bound == QHostAddress::Any ? QStringLiteral("0.0.0.0") : bound.toString();
    const Endpoint listening{shown, server.serverPort()};
    std::printf("listening on %s\n", qPrintable(listening.toString()));
    std::fflush(stdout);
    std::fprintf(stderr, "%s\n", qPrintable(tr("Sharing %1").arg(server.folder())));
    const QString pin = options.tls ? options.tls->pin() : QString();
    if (!pin.isEmpty())
        std::fprintf(stderr, "%s\n", qPrintable(tr("certificate pin: %1").arg(pin)));
    printAddresses(share.reachableAddresses(), server.serverPort(), server.accessCode(), pin);
    if (share.isAnnounced())
        std::fprintf(stderr, "%s\n", qPrintable(tr("Visible to nearby devices as \"%1\"").arg(share.announcedName())));
    return QCoreApplication::exec();
}

int ServeCommand::readCertificate(const QCommandLineParser &parser, const QCommandLineOption &tls,
                                  const QCommandLineOption &cert, const QCommandLineOption &key,
                                  const QCommandLineOption &newCertificate, ShareServer::Options &options) const
{
    if (!parser.isSet(tls)) {
        for (const QCommandLineOption *tlsOnly : {&cert, &key, &newCertificate})
            if (parser.isSet(*tlsOnly))
                return CommandLine::usageError(
                        tr("--%1 only makes sense with --tls").arg(tlsOnly->names().constLast()));
        return -1;
    }
    if (parser.isSet(cert) != parser.isSet(key))
        return CommandLine::usageError(tr("--cert and --key go together"));
    if (parser.isSet(cert) && parser.isSet(newCertificate))
        return CommandLine::usageError(
                tr("--new-certificate replaces Ferry's own certificate, not one given with --cert"));
    QString problem;
    const QString folder = ShareCertificate::defaultFolder();
    options.tls = parser.isSet(cert) ? ShareCertificate::load(parser.value(cert), parser.value(key), &problem)
                  : parser.isSet(newCertificate) ? ShareCertificate::create(folder, &problem)
                                                 : ShareCertificate::loadOrCreate(folder, &problem);
    if (!options.tls) {
        CommandLine::printMessage(problem);
        return ExitCode::Failure;
    }
    return -1;
}

void ServeCommand::printAddresses(const QList<QHostAddress> &addresses, quint16 port, const QString &accessCode,
                                  const QString &pin) const
{
    for (const QHostAddress &address : addresses) {
        const QString url = Endpoint{address.toString(), port}.shareUrl(accessCode, pin);
        const QString line =
                accessCode.isEmpty()
                        ? tr("open %1 or use %2 port %3").arg(url, address.toString(), QString::number(port))
                        : tr("open %1").arg(url);
        std::fprintf(stderr, "  %s\n", qPrintable(line));
    }
}

void ServeCommand::logTransfer(const TransferInfo &info)
{
    if (!info.isFinished())
        return;
    const QString dialect = info.dialect == Dialect::Http  ? QStringLiteral("http")
                            : info.dialect == Dialect::Tls ? QStringLiteral("https")
                                                           : QStringLiteral("legacy");
    std::fprintf(stderr, "%s %s \"%s\" %s %lld\n", qPrintable(info.peer), qPrintable(dialect),
                 qPrintable(Printable::escaped(info.name)), qPrintable(stateName(info.state)),
                 static_cast<long long>(info.sent));
}
