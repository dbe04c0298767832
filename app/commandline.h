#pragma once

#include "common/bound.h"

#include <QCommandLineOption>
#include <QCoreApplication>
#include <QList>
#include <QStringList>
#include <QUrl>

#include <optional>

class QCommandLineParser;
class QSslCertificate;
struct ConnectionSettings;

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

    // The options of the commands that reach a server over HTTP(S)
    // (ferry get, ferry list), defined once: the access code and
    // --max-redirs for any address; whom to trust (--cacert, -k, --pin) and
    // which proxy to take (--proxy, --noproxy) for URLs only.
    struct ConnectionOptions
    {
        ConnectionOptions();
        QList<QCommandLineOption> options() const;
        // The long name of the first URL-only option given ("cacert"), or
        // an empty string: for "--cacert is for http:// and https:// URLs".
        QString urlOnlyOptionSet(const QCommandLineParser &parser) const;
        // Into `settings`: the access code and --max-redirs; with forUrl
        // also --cacert, --pin and -k (warned about on stderr), and the
        // proxies (the environment's, its problems told on stderr; --proxy;
        // --noproxy). False with *error set to a usage message.
        bool applyTo(const QCommandLineParser &parser, bool forUrl, ConnectionSettings &settings, QString *error) const;

        AccessCodeOptions code;
        BoundedOption maxRedirects;
        QCommandLineOption cacert;
        QCommandLineOption insecure;
        QCommandLineOption pin;
        QCommandLineOption proxy;
        QCommandLineOption noproxy;
    };

    // The argument is meant as a URL: it starts with http:// or https://.
    static bool looksLikeUrl(const QString &argument);
    // Every http:// or https:// URL a command takes (ferry get URL..., its
    // -i FILE, ferry get -r URL, ferry list URL) is read here, after the
    // options went into `settings`: what the link itself says about
    // reaching its server belongs here too, into `settings`. The URL, or
    // nothing with *error set to a usage message.
    static std::optional<QUrl> readUrl(const QString &text, ConnectionSettings &settings, QString *error);
    // After the failure it caused: the refused certificate, one line per
    // detail, and the options that would trust it (--cacert, --pin, -k).
    static void printCertificateAdvice(const QSslCertificate &certificate);

private:
    static QString overview();
};
