#pragma once

#include <QString>

#include <optional>

// How Ferry writes and reads sizes, rates and durations for people.
namespace Units {
// "1.5 MiB", "512 B": binary units, one decimal.
QString formatBytes(qint64 bytes);
// "12.3 MiB/s"
QString formatRate(double bytesPerSecond);
// "1:05:09", "4:07"
QString formatDuration(qint64 seconds);
// A size in bytes: a whole number with an optional binary suffix K, M, G
// or T (KiB, MiB...), or nothing when it is not one.
std::optional<qint64> parseSize(QStringView text);
// A rate in bytes per second as curl's --limit-rate takes it: a whole
// number with an optional K, M or G (KiB/s, MiB/s, GiB/s) or B (bytes), in
// either case; no T. 0 is a valid answer and means no limit, as for curl.
std::optional<qint64> parseRate(QStringView text);
} // namespace Units
