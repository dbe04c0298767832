#pragma once

#include <QObject>

// `ferry get HOST:PORT NAME`: downloads one file, exit code by outcome.
class GetCommand final : public QObject
{
    Q_OBJECT

public:
    explicit GetCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);
};
