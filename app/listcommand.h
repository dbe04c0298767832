#pragma once

#include <QObject>

// `ferry list HOST:PORT [PATH]` and `ferry list URL`: one line per entry,
// name TAB size.
class ListCommand final : public QObject
{
    Q_OBJECT

public:
    explicit ListCommand(QObject *parent = nullptr);
    int run(const QStringList &arguments);
};
