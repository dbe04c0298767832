#pragma once

#include <QObject>

// `ferry nearby [--seconds N]`: listens for shares announced on the local
// network for a while and prints them, one line each: name TAB address TAB port.
class NearbyCommand final : public QObject
{
    Q_OBJECT

public:
    explicit NearbyCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);
};
