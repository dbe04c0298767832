#pragma once

#include <QByteArray>
#include <QDateTime>

// IMF-fixdate, the one date format HTTP/1.1 senders use
// ("Sun, 06 Nov 1994 08:49:37 GMT"). Parsing returns an invalid
// QDateTime for anything else.
namespace HttpDate {
QByteArray format(const QDateTime &when);
QByteArray format(qint64 secsSinceEpoch);
// The current time, for the Date field.
QByteArray now();
QDateTime parse(QByteArrayView text);
} // namespace HttpDate
