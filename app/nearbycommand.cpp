#include "nearbycommand.h"

#include "commandline.h"
#include "exitcode.h"
#include "nearby/nearbybrowser.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <tuple>

NearbyCommand::NearbyCommand(QObject *parent)
    : QObject(parent)
{ }

int NearbyCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr(
            "List the shares nearby devices announce (ferry serve --announce), heard for a few seconds.\n"
            "One line per share: name TAB address TAB port. Exit codes: 0 done (even when none), 1 failure, 2 bad usage."));
    const CommandLine::BoundedOption secondsOption({QStringLiteral("s"), QStringLiteral("seconds")},
                                                   tr("Listen for SECONDS"), QStringLiteral("SECONDS"),
                                                   NearbyBrowser::ListenSeconds);
    parser.addOption(secondsOption.option);
    if (const int code = CommandLine::parse(parser, arguments, 0, 0); code >= 0)
        return code;
    QString problem;
    const std::optional<int> seconds = secondsOption.value(parser, &problem);
    if (!seconds)
        return CommandLine::usageError(problem);

    NearbyBrowser browser;
    if (!browser.start()) {
        CommandLine::printMessage(browser.errorString());
        return ExitCode::Failure;
    }
    QTimer::singleShot(std::chrono::seconds(*seconds), this, [] { QCoreApplication::exit(ExitCode::Ok); });
    QCoreApplication::exec();

    QList<NearbyShare> shares = browser.shares();
    std::sort(shares.begin(), shares.end(), [](const NearbyShare &a, const NearbyShare &b) {
        return std::tuple(a.name, a.address.toString(), a.port) < std::tuple(b.name, b.address.toString(), b.port);
    });
    for (const NearbyShare &share : std::as_const(shares))
        std::printf("%s\t%s\t%u\n", share.name.toUtf8().constData(), qPrintable(share.address.toString()),
                    unsigned(share.port));
    std::fflush(stdout);
    return ExitCode::Ok;
}
