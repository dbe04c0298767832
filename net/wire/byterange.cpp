#include "wire/byterange.h"

#include <limits>
#include <optional>

namespace {

// Digits only; saturates at the largest qint64 instead of overflowing.
std::optional<qint64> parseNumber(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const int digit = c - '0';
        if (value > (std::numeric_limits<qint64>::max() - digit) / 10)
            value = std::numeric_limits<qint64>::max();
        else
            value = value * 10 + digit;
    }
    return value;
}

} // namespace

ByteRange ByteRange::parse(QByteArrayView header, qint64 size)
{
    ByteRange whole;
    whole.last = size - 1;
    QByteArrayView spec = header.trimmed();
    if (!spec.startsWith("bytes="))
        return whole;
    spec = spec.sliced(6).trimmed();
    if (spec.contains(','))
        return whole;
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return whole;
    const QByteArrayView firstText = spec.first(dash).trimmed();
    const QByteArrayView lastText = spec.sliced(dash + 1).trimmed();

    ByteRange range;
    range.kind = Kind::Partial;
    if (firstText.isEmpty()) {
        // suffix range: the last N bytes
        const std::optional<qint64> suffix = parseNumber(lastText);
        if (!suffix)
            return whole;
        if (*suffix == 0)
            return {Kind::Unsatisfiable, 0, -1};
        if (size == 0) // satisfiable (RFC 9110 14.1.1), but 206 cannot carry zero bytes
            return whole;
        range.first = size - qMin(*suffix, size);
        range.last = size - 1;
        return range;
    }
    const std::optional<qint64> first = parseNumber(firstText);
    if (!first)
        return whole;
    std::optional<qint64> last = size - 1;
    if (!lastText.isEmpty()) {
        last = parseNumber(lastText);
        if (!last || *last < *first)
            return whole; // syntactically invalid: ignore the header
    }
    if (*first >= size)
        return {Kind::Unsatisfiable, 0, -1};
    range.first = *first;
    range.last = qMin(*last, size - 1);
    return range;
}
