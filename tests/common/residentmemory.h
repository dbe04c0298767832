#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

// This process's resident memory (VmRSS) in KiB, or -1 where /proc says
// nothing: for bounded-memory tests of the server living in the test.
inline qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine()) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}
