#pragma once

#include "server/transferinfo.h"

#include <QObject>

class ShareServer;

// `ferry serve DIR`: shares DIR headless until SIGINT or SIGTERM.
class ServeCommand final : public QObject
{
    Q_OBJECT

public:
    explicit ServeCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);

private:
    void logTransfer(const TransferInfo &info);
    void printAddresses(quint16 port, const QString &accessCode) const;
};
