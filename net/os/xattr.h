#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Extended attributes of a file. Where the file system or the system has
// none, nothing is ever found and storing fails.
namespace Os {

// The value of attribute `name` of the file at `path`; empty when it has
// none, or one longer than `maxBytes`.
QByteArray attribute(const QString &path, const char *name, qsizetype maxBytes);
bool setAttribute(int file, const char *name, QByteArrayView value);
void removeAttribute(int file, const char *name);
void removeAttribute(const QString &path, const char *name);

} // namespace Os
