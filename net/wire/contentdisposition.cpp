#include "wire/contentdisposition.h"

#include <QByteArray>

#include <array>
#include <optional>

namespace {

// One `name=value` of the header value, the value unquoted. The
// disposition type ("attachment") reads as a parameter without a value.
struct Parameter
{
    QByteArrayView name;
    QByteArray value;
    bool hasValue = false;
    bool quoted = false;
};

// The ';'-separated parameters in order. A quoted-string may hold ';' and
// escaped quotes, so a parameter never starts inside another one's value.
class ParameterReader
{
public:
    explicit ParameterReader(QByteArrayView text)
        : m_text(text)
    { }

    bool atEnd() const { return m_pos >= m_text.size(); }
    Parameter next();

private:
    QByteArray quotedString();
    void skipPast(char delimiter);

    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

Parameter ParameterReader::next()
{
    Parameter parameter;
    const qsizetype start = m_pos;
    while (m_pos < m_text.size() && m_text.at(m_pos) != '=' && m_text.at(m_pos) != ';')
        ++m_pos;
    parameter.name = m_text.sliced(start, m_pos - start).trimmed();
    if (m_pos >= m_text.size() || m_text.at(m_pos++) == ';')
        return parameter;
    parameter.hasValue = true;
    while (m_pos < m_text.size() && (m_text.at(m_pos) == ' ' || m_text.at(m_pos) == '\t'))
        ++m_pos;
    if (m_pos < m_text.size() && m_text.at(m_pos) == '"') {
        parameter.quoted = true;
        parameter.value = quotedString();
    } else {
        // A token, or (as browsers read it) anything up to the next ';':
        // servers send unquoted names with spaces.
        const qsizetype valueStart = m_pos;
        while (m_pos < m_text.size() && m_text.at(m_pos) != ';')
            ++m_pos;
        parameter.value = m_text.sliced(valueStart, m_pos - valueStart).trimmed().toByteArray();
    }
    skipPast(';');
    return parameter;
}

// At the opening quote. An unterminated string runs to the end of the
// value, as browsers read it.
QByteArray ParameterReader::quotedString()
{
    QByteArray text;
    ++m_pos;
    while (m_pos < m_text.size()) {
        char c = m_text.at(m_pos++);
        if (c == '"')
            break;
        if (c == '\\' && m_pos < m_text.size())
            c = m_text.at(m_pos++);
        text += c;
    }
    return text;
}

void ParameterReader::skipPast(char delimiter)
{
    while (m_pos < m_text.size() && m_text.at(m_pos++) != delimiter) { }
}

// What servers put in filename=: ISO-8859-1 by the RFC, raw UTF-8 in
// practice (Ferry's own server among them). Bytes that are valid UTF-8 are
// hardly ever meant as ISO-8859-1.
QString textOf(QByteArrayView bytes)
{
    return bytes.isValidUtf8() ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Strict about '%' (two hex digits must follow), lenient about the other
// bytes, which RFC 8187 limits to attr-char but browsers take as they come.
std::optional<QByteArray> percentDecoded(QByteArrayView text)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != '%') {
            bytes += text.at(i);
            continue;
        }
        const int high = i + 2 < text.size() ? hexValue(text.at(i + 1)) : -1;
        const int low = high >= 0 ? hexValue(text.at(i + 2)) : -1;
        if (low < 0)
            return std::nullopt;
        bytes += char(high * 16 + low);
        i += 2;
    }
    return bytes;
}

// RFC 8187 ext-value: charset "'" [ language ] "'" value-chars. The two
// charsets every recipient must know; anything else is not a name.
std::optional<QString> decodeExtValue(QByteArrayView value)
{
    const qsizetype charsetEnd = value.indexOf('\'');
    const qsizetype languageEnd = charsetEnd > 0 ? value.indexOf('\'', charsetEnd + 1) : -1;
    if (languageEnd < 0)
        return std::nullopt;
    const QByteArrayView charset = value.first(charsetEnd);
    const std::optional<QByteArray> bytes = percentDecoded(value.sliced(languageEnd + 1));
    if (!bytes)
        return std::nullopt;
    if (charset.compare("UTF-8", Qt::CaseInsensitive) == 0) {
        if (!bytes->isValidUtf8())
            return std::nullopt;
        return QString::fromUtf8(*bytes);
    }
    if (charset.compare("ISO-8859-1", Qt::CaseInsensitive) == 0)
        return QString::fromLatin1(*bytes);
    return std::nullopt;
}

// Characters that have no place in a file name: they are invisible, move
// the cursor or the terminal, or reorder what is shown around them.
bool isUnwanted(char16_t c)
{
    if (c < 0x20 || (c >= 0x7F && c < 0xA0)) // C0, DEL, C1
        return true;
    return c == 0x061C // Arabic letter mark
           || (c >= 0x200B && c <= 0x200F) // zero widths, left-to-right and right-to-left marks
           || (c >= 0x2028 && c <= 0x202E) // line and paragraph separators, embeddings, overrides
           || (c >= 0x2066 && c <= 0x2069) // isolates
           || c == 0xFEFF; // zero width no-break space (byte order mark)
}

QString withoutUnwanted(QStringView text)
{
    QString kept;
    kept.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            kept += c;
            kept += text.at(++i);
        } else if (!c.isSurrogate() && !isUnwanted(c.unicode())) {
            kept += c;
        }
    }
    return kept;
}

bool hasDrivePrefix(QStringView name)
{
    return name.size() >= 2 && name.at(1) == u':' && name.at(0).unicode() < 0x80 && name.at(0).isLetter();
}

// The UTF-8 length of the character at `i` (a lone surrogate counts as the
// three bytes of the replacement character it would become).
qsizetype utf8Width(QStringView text, qsizetype i)
{
    const char16_t c = text.at(i).unicode();
    if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
        return 4;
    return c < 0x80 ? 1 : (c < 0x800 ? 2 : 3);
}

qsizetype utf8Size(QStringView text)
{
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < text.size(); i += utf8Width(text, i) == 4 ? 2 : 1)
        bytes += utf8Width(text, i);
    return bytes;
}

// The longest start of `text` of at most `maxBytes` in UTF-8, never
// splitting a surrogate pair, without the spaces the cut leaves at its end.
QStringView shortened(QStringView text, qsizetype maxBytes)
{
    qsizetype bytes = 0;
    qsizetype end = 0;
    while (end < text.size()) {
        const qsizetype width = utf8Width(text, end);
        if (bytes + width > maxBytes)
            break;
        bytes += width;
        end += width == 4 ? 2 : 1;
    }
    QStringView kept = text.first(end);
    while (!kept.isEmpty() && kept.back().isSpace())
        kept.chop(1);
    return kept;
}

bool isCompressionSuffix(QStringView extension)
{
    static constexpr std::array<QLatin1String, 9> Suffixes = {
            QLatin1String("gz"), QLatin1String("bz2"),  QLatin1String("xz"),  QLatin1String("zst"), QLatin1String("bz"),
            QLatin1String("lz"), QLatin1String("lzma"), QLatin1String("lzo"), QLatin1String("z")};
    for (const QLatin1String suffix : Suffixes) {
        if (extension.compare(suffix, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// "tar" in "x.tar.gz", "json" in "x.json.gz": one to four letters or digits.
bool isShortExtension(QStringView part)
{
    if (part.isEmpty() || part.size() > 4)
        return false;
    for (const QChar c : part) {
        if (c.unicode() >= 0x80 || !c.isLetterOrNumber())
            return false;
    }
    return true;
}

// Where the extension of `name` starts; name.size() when it has none.
qsizetype extensionStart(QStringView name)
{
    const qsizetype last = name.lastIndexOf(u'.');
    if (last <= 0)
        return name.size();
    const qsizetype before = name.first(last).lastIndexOf(u'.');
    if (before > 0 && isCompressionSuffix(name.sliced(last + 1))
        && isShortExtension(name.sliced(before + 1, last - before - 1)))
        return before;
    return last;
}

} // namespace

namespace ContentDisposition {

QString fileName(QByteArrayView headerValue)
{
    std::optional<QString> extended;
    std::optional<QString> plain;
    ParameterReader reader(headerValue);
    while (!reader.atEnd()) {
        const Parameter parameter = reader.next();
        if (!parameter.hasValue)
            continue;
        // RFC 8187 has no quoted form of an ext-value; a quoted one is invalid.
        if (!extended && !parameter.quoted && parameter.name.compare("filename*", Qt::CaseInsensitive) == 0)
            extended = decodeExtValue(parameter.value);
        else if (!plain && !parameter.value.isEmpty() && parameter.name.compare("filename", Qt::CaseInsensitive) == 0)
            plain = textOf(parameter.value);
    }
    for (const std::optional<QString> &candidate : {extended, plain}) {
        if (!candidate)
            continue;
        QString name = cleanFileName(*candidate);
        if (!name.isEmpty())
            return name;
    }
    return {};
}

QString cleanFileName(QStringView name)
{
    const qsizetype separator = qMax(name.lastIndexOf(u'/'), name.lastIndexOf(u'\\'));
    const QString kept = withoutUnwanted(name.sliced(separator + 1));
    // A Windows drive prefix left in a last segment ("C:evil") is not a path
    // here, but keeps the name harmless wherever the file is copied later.
    QStringView rest = QStringView(kept).trimmed();
    while (hasDrivePrefix(rest))
        rest = rest.sliced(2).trimmed();
    if (rest == u"." || rest == u"..")
        return {};
    return insertBeforeExtension(rest, {});
}

QString insertBeforeExtension(QStringView name, QStringView insertion)
{
    QStringView stem = name.first(extensionStart(name));
    QStringView extension = name.sliced(stem.size());
    qsizetype budget = MaxFileNameBytes - utf8Size(insertion) - utf8Size(extension);
    if (utf8Size(stem) > budget) {
        // An extension too long to leave the stem a character is cut with it.
        if (stem.isEmpty() || budget < utf8Width(stem, 0)) {
            stem = name;
            extension = {};
            budget = MaxFileNameBytes - utf8Size(insertion);
        }
        stem = shortened(stem, budget);
    }
    return stem + insertion + extension;
}

} // namespace ContentDisposition
