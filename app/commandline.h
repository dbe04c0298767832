#pragma once

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
    // The option's value as a whole number within [min, max], or nothing.
    static std::optional<int> intValue(const QCommandLineParser &parser, const QCommandLineOption &option, int min,
                                       int max);
    // A size in bytes: a whole number with an optional binary suffix
    // K, M, G or T (KiB, MiB...), or nothing when it is not one.
    static std::optional<qint64> sizeValue(const QString &text);

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
