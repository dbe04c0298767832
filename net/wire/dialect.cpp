#include "wire/dialect.h"

#include <algorithm>

namespace {

// Longest method name we wait for before deciding it is not HTTP.
constexpr qsizetype MaxMethodLength = 16;
constexpr QByteArrayView VersionPattern("HTTP/d.d");

bool isMethodChar(char c)
{
    return c >= 'A' && c <= 'Z';
}

bool isControl(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
}

bool isHttpVersion(QByteArrayView version)
{
    if (version.size() != VersionPattern.size())
        return false;
    for (qsizetype k = 0; k < version.size(); ++k) {
        const bool digitSlot = VersionPattern[k] == 'd';
        if (digitSlot ? !(version[k] >= '0' && version[k] <= '9') : version[k] != VersionPattern[k])
            return false;
    }
    return true;
}

} // namespace

bool startsTlsHandshake(QByteArrayView head)
{
    constexpr char HandshakeRecord = 0x16;
    constexpr char MajorVersion = 0x03;
    constexpr char HighestMinorVersion = 0x04;
    return !head.isEmpty() && head[0] == HandshakeRecord && (head.size() < 2 || head[1] == MajorVersion)
           && (head.size() < 3 || (head[2] >= 0 && head[2] <= HighestMinorVersion));
}

Dialect sniffDialect(QByteArrayView head)
{
    // Decided on the first byte, as an encrypted share's TlsSniffer decides:
    // a record that turns out not to be TLS fails its handshake there.
    if (startsTlsHandshake(head.first(qMin<qsizetype>(head.size(), 1))))
        return Dialect::Tls;
    const qsizetype newline = head.indexOf('\n');
    QByteArrayView line = newline < 0 ? head : head.first(newline);
    // A CR as the last byte so far is the first half of a CRLF whose LF is
    // still on its way: the line is complete except for its LF.
    const bool lineEnded = newline >= 0 || line.endsWith('\r');
    if (line.endsWith('\r'))
        line.chop(1);

    // "METHOD SP target SP HTTP/d.d": the target may be malformed (the
    // HTTP parser answers 400 for that), but the frame must be there.
    const qsizetype methodLength = std::find_if_not(line.begin(), line.end(), isMethodChar) - line.begin();
    if (methodLength == line.size())
        return !lineEnded && methodLength <= MaxMethodLength ? Dialect::Undecided : Dialect::Legacy;
    if (methodLength == 0 || methodLength > MaxMethodLength || line[methodLength] != ' ')
        return Dialect::Legacy;
    const QByteArrayView rest = line.sliced(methodLength + 1);
    if (std::any_of(rest.begin(), rest.end(), isControl))
        return Dialect::Legacy;
    if (!lineEnded)
        return Dialect::Undecided;
    const qsizetype versionStart = rest.size() - VersionPattern.size();
    if (versionStart < 2 || rest[versionStart - 1] != ' ' || rest[0] == ' ')
        return Dialect::Legacy;
    if (!isHttpVersion(rest.sliced(versionStart)))
        return Dialect::Legacy;
    return newline >= 0 ? Dialect::Http : Dialect::Undecided;
}
