#pragma once

#include "server/transferinfo.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

// `ferry serve DIR`: shares DIR headless until SIGINT or SIGTERM.
class ServeCommand final : public QObject
{
    Q_OBJECT

public:
    explicit ServeCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);

private:
    void logTransfer(const TransferInfo &info);
    void printAddresses(const QList<QHostAddress> &addresses, quint16 port, const QString &accessCode) const;
};
