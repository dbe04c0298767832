#pragma once

#include <QByteArray>
#include <QRandomGenerator>

// Reproducible bytes that no text or compression shortcut can fake.
inline QByteArray randomBytes(qsizetype size, quint32 seed = 1)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(generator.generate() & 0xFF);
    return bytes;
}
