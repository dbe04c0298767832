#include "listcommand.h"

#include "client/listjob.h"
#include "commandline.h"
#include "common/endpoint.h"
#include "common/printable.h"
#include "exitcode.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

ListCommand::ListCommand(QObject *parent)
    : QObject(parent)
{ }

int ListCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            tr("List a folder of a Ferry share: one line per entry, name TAB size;\n"
               "folders end with '/'. Exit codes: 0 done, 1 failure, 2 bad usage, 3 no such folder."));
    parser.addPositionalArgument(QStringLiteral("HOST:PORT"),
                                 tr("The server (port %1 when omitted).").arg(Endpoint::DefaultPort));
    parser.addPositionalArgument(QStringLiteral("PATH"), tr("The folder (default: the top of the share)."),
                                 QStringLiteral("[PATH]"));
    const CommandLine::AccessCodeOptions codeOptions(tr("The share's access code, when it needs one."));
    parser.addOptions({codeOptions.code, codeOptions.codeFile});
    if (const int code = CommandLine::parse(parser, arguments, 1, 2); code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    const std::optional<Endpoint> endpoint = Endpoint::parse(positional.at(0));
    if (!endpoint)
        return CommandLine::usageError(tr("invalid address '%1' (expected HOST:PORT)").arg(positional.at(0)));

    QString problem;
    const std::optional<QString> accessCode = CommandLine::accessCode(parser, codeOptions, &problem);
    if (!accessCode)
        return CommandLine::usageError(problem);

    ListJob job(endpoint->host, endpoint->port, positional.value(1));
    job.setAccessCode(*accessCode);
    int exitCode = ExitCode::Failure;
    connect(&job, &ListJob::finished, this,
            [&exitCode](ListJob::Outcome outcome, const DirectoryListing &listing, const QString &message) {
                if (outcome == ListJob::Outcome::Done) {
                    for (const DirectoryListing::Entry &entry : listing.entries()) {
                        // One entry per line, whatever the peer named it.
                        const QString name = Printable::escaped(entry.name) + (entry.isDirectory ? u"/" : u"");
                        std::printf("%s\t%lld\n", name.toUtf8().constData(), static_cast<long long>(entry.size));
                    }
                    std::fflush(stdout);
                    exitCode = ExitCode::Ok;
                } else {
                    CommandLine::printMessage(message);
                    exitCode = outcome == ListJob::Outcome::NotFound ? ExitCode::NotFound : ExitCode::Failure;
                }
                QCoreApplication::exit(exitCode);
            });
    QMetaObject::invokeMethod(&job, &ListJob::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    return exitCode;
}
