#include "listcommand.h"

#include "commandline.h"
#include "exitcode.h"

#include <QCommandLineParser>

#include <cstdio>

ListCommand::ListCommand(QObject *parent)
    : QObject(parent)
{
}

int ListCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("List a folder of a Ferry share."));
    parser.addPositionalArgument(QStringLiteral("HOST:PORT"), tr("The server."));
    parser.addPositionalArgument(QStringLiteral("PATH"), tr("The folder (default: the top of the share)."), QStringLiteral("[PATH]"));
    if (const int code = CommandLine::parse(parser, arguments, 1, 2); code >= 0)
        return code;
    std::fprintf(stderr, "ferry: %s\n", qPrintable(tr("listing needs a server with folder listings, which this version does not offer yet")));
    return ExitCode::Failure;
}
