#pragma once

#include "server/shareserver.h"
#include "server/transferinfo.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

class QCommandLineOption;
class QCommandLineParser;

// `ferry serve DIR`: shares DIR headless until SIGINT or SIGTERM.
class ServeCommand final : public QObject
{
    Q_OBJECT

public:
    explicit ServeCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);

private:
    void logTransfer(const TransferInfo &info);
    // -1 when the options are usable (options.tls set as --tls asks), else the exit code.
    int readCertificate(const QCommandLineParser &parser, const QCommandLineOption &tls, const QCommandLineOption &cert,
                        const QCommandLineOption &key, const QCommandLineOption &newCertificate,
                        ShareServer::Options &options) const;
    void printAddresses(const QList<QHostAddress> &addresses, quint16 port, const QString &accessCode,
                        const QString &pin) const;
};
