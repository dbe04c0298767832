#include "listcommand.h"

#include "client/listjob.h"
#include "commandline.h"
#include "common/endpoint.h"
#include "common/printable.h"
#include "exitcode.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

ListCommand::ListCommand(QObject *parent)
    : QObject(parent)
{ }

int ListCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            tr("List a folder of a Ferry share: one line per entry, name TAB size;\n"
               "folders end with '/'. Exit codes: 0 done, 1 failure, 2 bad usage, 3 no such folder."));
    parser.addPositionalArgument(QStringLiteral("URL | HOST:PORT"),
                                 tr("The folder's http:// or https:// URL, or the server (port %1 when omitted).")
                                         .arg(Endpoint::DefaultPort));
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 tr("After HOST:PORT, the folder (default: the top of the share)."),
                                 QStringLiteral("[PATH]"));
    const CommandLine::ConnectionOptions connection;
    parser.addOptions(connection.options());
    if (const int code = CommandLine::parse(parser, arguments, 1, 2); code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();

    QString problem;
    std::unique_ptr<ListJob> job;
    if (CommandLine::looksLikeUrl(positional.at(0))) {
        if (positional.size() > 1)
            return CommandLine::usageError(
                    tr("unexpected argument '%1' (a URL names its folder itself)").arg(positional.at(1)));
        ConnectionSettings settings;
        if (!connection.applyTo(parser, true, settings, &problem))
            return CommandLine::usageError(problem);
        const std::optional<QUrl> url = CommandLine::readUrl(positional.at(0), settings, &problem);
        if (!url)
            return CommandLine::usageError(problem);
        job = std::make_unique<ListJob>(*url, settings);
    } else {
        if (const QString urlOnly = connection.urlOnlyOptionSet(parser); !urlOnly.isEmpty())
            return CommandLine::usageError(tr("--%1 is for http:// and https:// URLs, not for HOST:PORT").arg(urlOnly));
        const std::optional<Endpoint> endpoint = Endpoint::parse(positional.at(0));
        if (!endpoint)
            return CommandLine::usageError(tr("invalid address '%1' (expected HOST:PORT or an http:// or https:// URL)")
                                                   .arg(positional.at(0)));
        ConnectionSettings settings;
        if (!connection.applyTo(parser, false, settings, &problem))
            return CommandLine::usageError(problem);
        job = std::make_unique<ListJob>(endpoint->host, endpoint->port, positional.value(1));
        job->setAccessCode(settings.accessCode);
        job->setMaxRedirects(settings.maxRedirects);
    }

    int exitCode = ExitCode::Failure;
    QSslCertificate refused; // told after the failure it caused
    connect(job.get(), &ListJob::certificateProblem, this,
            [&refused](const QString &, quint16, const QSslCertificate &certificate, const QString &) {
                refused = certificate;
            });
    connect(job.get(), &ListJob::finished, this,
            [&exitCode, &refused](ListJob::Outcome outcome, const DirectoryListing &listing, const QString &message) {
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
                    if (!refused.isNull())
                        CommandLine::printCertificateAdvice(refused);
                    exitCode = outcome == ListJob::Outcome::NotFound ? ExitCode::NotFound : ExitCode::Failure;
                }
                QCoreApplication::exit(exitCode);
            });
    QMetaObject::invokeMethod(job.get(), &ListJob::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    return exitCode;
}
