#include "wire/legacyname.h"

#include <QStringDecoder>
#include <QStringEncoder>

#include <algorithm>

namespace {

// Python's "gbk" codec is stricter than ICU's: it rejects the single byte
// 0x80 and the user-defined areas that ICU maps to the Private Use Area.
bool isPrivateUse(QChar c)
{
    return c.unicode() >= 0xE000 && c.unicode() <= 0xF8FF;
}

bool hasPrivateUse(const QString &s)
{
    return std::any_of(s.cbegin(), s.cend(), isPrivateUse);
}

// Structural check of the two-byte GBK grammar, which ICU's decoder does
// not enforce (it substitutes instead of failing).
bool isWellFormedGbk(QByteArrayView bytes)
{
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead < 0x80)
            continue;
        if (lead == 0x80 || lead == 0xFF || i + 1 >= bytes.size())
            return false;
        const auto trail = static_cast<unsigned char>(bytes[++i]);
        if (trail < 0x40 || trail == 0x7F || trail == 0xFF)
            return false;
    }
    return true;
}

std::optional<QString> decodeUtf8(QByteArrayView bytes)
{
    // A leading EF BB BF is part of the name (U+FEFF), not a byte order
    // mark to drop: every byte counts, as it does for the GBK reading.
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

std::optional<QString> decodeGbk(QByteArrayView bytes)
{
    if (!isWellFormedGbk(bytes))
        return std::nullopt;
    QStringDecoder decoder("GBK", QStringDecoder::Flag::Stateless);
    if (!decoder.isValid())
        return std::nullopt;
    QString text = decoder.decode(bytes);
    if (decoder.hasError() || hasPrivateUse(text) || text.contains(QChar::ReplacementCharacter))
        return std::nullopt;
    return text;
}

QString hexOf(QByteArrayView bytes)
{
    return QString::fromLatin1(bytes.toByteArray().toHex());
}

} // namespace

namespace LegacyName {

QStringList decode(QByteArrayView bytes)
{
    QStringList readings;
    if (const auto utf8 = decodeUtf8(bytes))
        readings.append(*utf8);
    if (const auto gbk = decodeGbk(bytes); gbk && !readings.contains(*gbk))
        readings.append(*gbk);
    return readings;
}

std::optional<QByteArray> encode(const QString &name, Encoding encoding)
{
    if (encoding == Encoding::Utf8) {
        QByteArray bytes = name.toUtf8();
        // toUtf8() replaces a lone surrogate instead of failing.
        if (decodeUtf8(bytes) != name)
            return std::nullopt;
        return bytes;
    }
    if (hasPrivateUse(name))
        return std::nullopt;
    QStringEncoder encoder("GBK", QStringEncoder::Flag::Stateless);
    if (!encoder.isValid())
        return std::nullopt;
    QByteArray bytes = encoder.encode(name);
    if (encoder.hasError())
        return std::nullopt;
    // Round-trip through the strict reader: what we send must be what the
    // tutorial server reads back.
    if (decodeGbk(bytes) != name)
        return std::nullopt;
    return bytes;
}

Completion complete(QByteArrayView bytes, bool final, const std::function<Lookup(const QString &)> &lookup)
{
    const QStringList readings = decode(bytes);
    Completion best;
    if (readings.isEmpty())
        best.name = hexOf(bytes);
    for (const QString &name : readings) {
        const Lookup outcome = lookup(name);
        if (outcome == Lookup::Found || best.outcome == Lookup::Missing) {
            best.outcome = outcome;
            best.name = name;
        }
        if (best.outcome == Lookup::Found)
            break;
    }
    best.waitForMore = best.outcome != Lookup::Found && !final;
    return best;
}

QString shownName(QByteArrayView bytes)
{
    const QStringList readings = decode(bytes);
    return readings.isEmpty() ? hexOf(bytes) : readings.constFirst();
}

} // namespace LegacyName
