#include "nearby/nearbyannouncement.h"

#include <QList>
#include <QStringDecoder>

#include <algorithm>

namespace {

constexpr char Magic[] = "FERRY-NEARBY/";

QByteArray kindWord(NearbyAnnouncement::Kind kind)
{
    switch (kind) {
    case NearbyAnnouncement::Kind::Announce:
        return QByteArrayLiteral("ANNOUNCE");
    case NearbyAnnouncement::Kind::Goodbye:
        return QByteArrayLiteral("GOODBYE");
    case NearbyAnnouncement::Kind::Query:
        return QByteArrayLiteral("QUERY");
    }
    return {};
}

std::optional<NearbyAnnouncement::Kind> kindFromWord(const QByteArray &word)
{
    for (auto kind :
         {NearbyAnnouncement::Kind::Announce, NearbyAnnouncement::Kind::Goodbye, NearbyAnnouncement::Kind::Query}) {
        if (word == kindWord(kind))
            return kind;
    }
    return std::nullopt;
}

// A decimal port 1..65535 without sign, spaces or leading zeros.
std::optional<quint16> strictPort(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 5 || text.startsWith('0'))
        return std::nullopt;
    uint value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + uint(c - '0');
    }
    if (value > 65535)
        return std::nullopt;
    return quint16(value);
}

bool isUnwanted(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return QChar::isNonCharacter(c);
    }
}

// The value after "key=" on a line, or nothing when the line is another.
std::optional<QByteArray> field(const QByteArray &line, const char *key)
{
    const QByteArray prefix = QByteArray(key) + '=';
    if (!line.startsWith(prefix))
        return std::nullopt;
    return line.mid(prefix.size());
}

} // namespace

QByteArray NearbyAnnouncement::encode() const
{
    QByteArray datagram = QByteArray(Magic) + QByteArray::number(Version) + ' ' + kindWord(kind) + '\n';
    if (kind == Kind::Query)
        return datagram;
    datagram += "port=" + QByteArray::number(port) + '\n';
    datagram += QByteArray("code=") + (accessCodeRequired ? '1' : '0') + '\n';
    datagram += "name=" + name.toUtf8() + '\n';
    return datagram;
}

std::optional<NearbyAnnouncement> NearbyAnnouncement::decode(const QByteArray &datagram)
{
    if (datagram.size() > MaxDatagramSize || !datagram.endsWith('\n'))
        return std::nullopt;
    // Every line ends with "\n"; splitting leaves one empty piece after the last.
    QList<QByteArray> lines = datagram.split('\n');
    lines.removeLast();
    const QByteArray head = QByteArray(Magic) + QByteArray::number(Version) + ' ';
    if (lines.isEmpty() || !lines.constFirst().startsWith(head))
        return std::nullopt;
    const std::optional<Kind> kind = kindFromWord(lines.constFirst().mid(head.size()));
    if (!kind)
        return std::nullopt;
    if (*kind == Kind::Query)
        return lines.size() == 1 ? std::optional(query()) : std::nullopt;
    if (lines.size() != 4)
        return std::nullopt;

    const std::optional<QByteArray> portText = field(lines.at(1), "port");
    const std::optional<QByteArray> codeText = field(lines.at(2), "code");
    const std::optional<QByteArray> nameText = field(lines.at(3), "name");
    if (!portText || !codeText || !nameText)
        return std::nullopt;
    const std::optional<quint16> port = strictPort(*portText);
    if (!port || (*codeText != "0" && *codeText != "1"))
        return std::nullopt;
    // A byte order mark is kept (and then refused as a format character), not skipped.
    QStringDecoder utf8(QStringDecoder::Utf8,
                        QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    const QString name = utf8.decode(*nameText);
    if (utf8.hasError() || !isValidName(name))
        return std::nullopt;
    return NearbyAnnouncement{*kind, name, *port, *codeText == "1"};
}

bool NearbyAnnouncement::isValidName(const QString &name)
{
    if (name.isEmpty() || name.size() > MaxNameLength || name.front().isSpace() || name.back().isSpace())
        return false;
    const QList<uint> codePoints = name.toUcs4();
    return std::none_of(codePoints.cbegin(), codePoints.cend(), [](uint c) { return isUnwanted(c); });
}

QString NearbyAnnouncement::displayName(const QString &wanted)
{
    const QList<uint> codePoints = wanted.toUcs4();
    QString name;
    for (uint c : codePoints) {
        const char32_t shown = isUnwanted(c) ? U' ' : char32_t(c);
        const QString piece = QString::fromUcs4(&shown, 1);
        if (name.size() + piece.size() > MaxNameLength)
            break; // never cut a surrogate pair in two
        name += piece;
    }
    return name.simplified();
}
