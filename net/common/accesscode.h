#pragma once

#include <QByteArray>
#include <QString>

// The optional access code of a share, as both ends write it: the server
// checks it (share/accessgate.h), clients and share links carry it.
namespace AccessCode {

constexpr int MaxLength = 128;

// Empty when `code` can be an access code, else why not (translated).
QString validate(const QString &code);
// The query parameter a share link carries ("code=...", percent-encoded).
QByteArray queryItem(const QString &code);
// The Authorization value a client sends to give `code`.
QByteArray basicAuthorization(const QString &code);

} // namespace AccessCode
