#include "dialect.h"

namespace {

// Longest method name we wait for before deciding it is not HTTP.
constexpr qsizetype MaxMethodLength = 16;

bool isMethodChar(char c)
{
    return c >= 'A' && c <= 'Z';
}

// Matches as much of "METHOD SP target SP HTTP/d.d" as `line` holds.
// Returns true when the whole of `line` is consistent with that shape;
// sets `complete` when the shape is fully present.
bool matchesRequestLine(QByteArrayView line, bool &complete)
{
    complete = false;
    qsizetype i = 0;
    while (i < line.size() && isMethodChar(line[i]))
        ++i;
    if (i == line.size())
        return i <= MaxMethodLength;
    if (i == 0 || i > MaxMethodLength || line[i] != ' ')
        return false;
    const qsizetype targetStart = ++i;
    while (i < line.size() && line[i] != ' ') {
        if (static_cast<unsigned char>(line[i]) <= 0x20 || line[i] == 0x7F)
            return false;
        ++i;
    }
    if (i == line.size())
        return true;
    if (i == targetStart)
        return false;
    const QByteArrayView version = line.sliced(i + 1);
    constexpr QByteArrayView pattern("HTTP/d.d");
    if (version.size() > pattern.size())
        return false;
    for (qsizetype k = 0; k < version.size(); ++k) {
        const bool digitSlot = pattern[k] == 'd';
        if (digitSlot ? !(version[k] >= '0' && version[k] <= '9') : version[k] != pattern[k])
            return false;
    }
    complete = version.size() == pattern.size();
    return true;
}

} // namespace

Dialect sniffDialect(QByteArrayView head)
{
    const qsizetype newline = head.indexOf('\n');
    QByteArrayView line = newline < 0 ? head : head.first(newline);
    if (newline >= 0 && line.endsWith('\r'))
        line.chop(1);
    bool complete = false;
    if (!matchesRequestLine(line, complete))
        return Dialect::Legacy;
    if (newline >= 0)
        return complete ? Dialect::Http : Dialect::Legacy;
    return Dialect::Undecided;
}
