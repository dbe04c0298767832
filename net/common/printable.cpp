#include "common/printable.h"

#include <QList>

namespace {

bool needsEscape(char32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return true;
    switch (c) {
    case 0x061C: // Arabic letter mark
    case 0x200E: // left-to-right mark
    case 0x200F: // right-to-left mark
    case 0x2028: // line separator
    case 0x2029: // paragraph separator
        return true;
    default:
        // Embeddings and overrides (U+202A..U+202E), isolates (U+2066..U+2069).
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}

} // namespace

namespace Printable {

QString escaped(QStringView text)
{
    QString out;
    out.reserve(text.size());
    const QList<uint> characters = text.toUcs4();
    for (const char32_t c : characters) {
        if (c == U'\\')
            out += QLatin1String("\\\\");
        else if (!needsEscape(c))
            out += QString::fromUcs4(&c, 1);
        else if (c < 0x100)
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u{%1}").arg(uint(c), 4, 16, QLatin1Char('0'));
    }
    return out;
}

} // namespace Printable
