#pragma once

#include "common/bound.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QStringList>

#include <optional>

class QCommandLineParser;

// `ferry serve|get|list|nearby ...`: picks the command and reports usage errors
// with exit code 2. Each command lives in a class of its own.
class CommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    // True when the arguments ask for a command rather than the window.
    static bool wantsCommand(const QStringList &arguments);
    static int run(const QStringList &arguments);

    // Shared by the commands: parse, handle --help, report errors.
    // Returns an exit code to stop with, or -1 to go on.
    static int parse(QCommandLineParser &parser, const QStringList &arguments, int minPositional, int maxPositional);
    static int usageError(const QString &message);
    // "ferry: MESSAGE" on stderr, with whatever a peer put into it escaped
    // (common/printable.h) so that it cannot repaint the terminal or forge
    // lines.
    static void printMessage(const QString &message);
    // An option that takes a whole number within one of the engine's
    // bounds: its help ends with the range and the default, and its value
    // is checked against the same bound.
    struct BoundedOption
    {
        BoundedOption(const QStringList &names, const QString &help, const QString &valueName, const Bound &bound);
        // The value, or nothing with *error set to a usage message.
        std::optional<int> value(const QCommandLineParser &parser, QString *error) const;

        QCommandLineOption option;
        Bound bound;
    };

    // --code WORD and --code-file FILE: the access code given either way.
    // A file (or "-" for standard input) keeps the code out of the process
    // list; its first line is the code.
    struct AccessCodeOptions
    {
        AccessCodeOptions(const QString &codeHelp);
        QCommandLineOption code;
        QCommandLineOption codeFile;
    };
    // The code (empty when neither is given), or a usage error message.
    static std::optional<QString> accessCode(const QCommandLineParser &parser, const AccessCodeOptions &options,
                                             QString *error);

private:
    static QString overview();
};
