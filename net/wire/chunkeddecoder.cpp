#include "wire/chunkeddecoder.h"

#include <algorithm>
#include <limits>
#include <string_view>

namespace {

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

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

// RFC 9110 tchar.
bool isTokenChar(char c)
{
    constexpr std::string_view punctuation = "!#$%&'*+-.^_`|~";
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || punctuation.find(c) != std::string_view::npos;
}

// Visible ASCII, SP, HTAB and obs-text: what a quoted string may hold.
bool isQuotable(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7F);
}

// Moves `at` past a token; false if there is none there.
bool skipToken(QByteArrayView text, qsizetype &at)
{
    const qsizetype start = at;
    while (at < text.size() && isTokenChar(text.at(at)))
        ++at;
    return at > start;
}

// Moves `at` past a quoted-string; false if there is none there.
bool skipQuoted(QByteArrayView text, qsizetype &at)
{
    if (at >= text.size() || text.at(at) != '"')
        return false;
    for (qsizetype i = at + 1; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == '"') {
            at = i + 1;
            return true;
        }
        if (c == '\\' && ++i >= text.size())
            return false;
        if (!isQuotable(text.at(i)))
            return false;
    }
    return false;
}

void skipWhitespace(QByteArrayView text, qsizetype &at)
{
    while (at < text.size() && isWhitespace(text.at(at)))
        ++at;
}

// *( BWS ";" BWS name [ BWS "=" BWS value ] ) BWS, all of `text`.
bool isExtensionList(QByteArrayView text)
{
    qsizetype at = 0;
    for (;;) {
        skipWhitespace(text, at);
        if (at == text.size())
            return true;
        if (text.at(at) != ';')
            return false;
        ++at;
        skipWhitespace(text, at);
        if (!skipToken(text, at))
            return false;
        skipWhitespace(text, at);
        if (at < text.size() && text.at(at) == '=') {
            ++at;
            skipWhitespace(text, at);
            if (!skipToken(text, at) && !skipQuoted(text, at))
                return false;
        }
    }
}

} // namespace

ChunkedDecoder::Piece ChunkedDecoder::decode(QByteArrayView input)
{
    qsizetype at = 0;
    while (at < input.size()) {
        switch (m_state) {
        case State::SizeLine: {
            const auto lf = std::find(input.begin() + at, input.end(), '\n');
            const qsizetype end = (lf == input.end() ? input.size() : lf - input.begin() + 1);
            if (m_line.size() + (end - at) > MaxSizeLineBytes) {
                // Consumed up to the first byte too many, however the line was cut.
                const qsizetype tooMany = at + (MaxSizeLineBytes - m_line.size()) + 1;
                refuse("chunk-size line longer than 4 KiB");
                return {tooMany, {}};
            }
            m_line.append(input.sliced(at, end - at));
            at = end;
            if (m_line.endsWith('\n') && !finishSizeLine())
                return {at, {}};
            break;
        }
        case State::Data: {
            const qsizetype length = qsizetype(std::min<qint64>(m_left, input.size() - at));
            m_left -= length;
            if (m_left == 0)
                m_state = State::DataEnd;
            return {at + length, input.sliced(at, length)};
        }
        case State::DataEnd: {
            const char c = input.at(at++);
            if (c != (m_afterCr ? '\n' : '\r')) {
                refuse("chunk data not followed by CRLF");
                return {at, {}};
            }
            m_afterCr = !m_afterCr;
            if (!m_afterCr)
                m_state = State::SizeLine;
            break;
        }
        case State::Trailers:
            if (!trailerByte(input.at(at++)) || m_state == State::Done)
                return {at, {}};
            break;
        case State::Done:
        case State::Error:
            return {at, {}};
        }
    }
    return {at, {}};
}

bool ChunkedDecoder::refuse(const char *reason)
{
    m_state = State::Error;
    m_error = reason;
    m_line.clear();
    return false;
}

// m_line holds a whole line, up to and including its LF.
bool ChunkedDecoder::finishSizeLine()
{
    if (m_line.size() < 2 || m_line.at(m_line.size() - 2) != '\r')
        return refuse("chunk-size line not ended by CRLF");
    const QByteArrayView line = QByteArrayView(m_line).chopped(2);
    qsizetype digits = 0;
    quint64 size = 0;
    for (; digits < line.size() && hexValue(line.at(digits)) >= 0; ++digits) {
        if (digits == MaxSizeDigits)
            return refuse("chunk size longer than 16 hex digits");
        size = size << 4 | quint64(hexValue(line.at(digits)));
    }
    if (digits == 0)
        return refuse("chunk size is not a hexadecimal number");
    if (size > quint64(std::numeric_limits<qint64>::max()))
        return refuse("chunk size larger than 2^63 - 1");
    if (!isExtensionList(line.sliced(digits)))
        return refuse("malformed chunk extension");
    m_line.clear();
    m_left = qint64(size);
    m_state = size == 0 ? State::Trailers : State::Data;
    m_lineStart = true;
    m_afterCr = false;
    return true;
}

// One byte of the trailer section: lines skipped up to the blank one.
bool ChunkedDecoder::trailerByte(char c)
{
    if (++m_trailerBytes > MaxTrailerBytes)
        return refuse("trailer section larger than 16 KiB");
    if (m_afterCr) {
        if (c != '\n')
            return refuse("CR without LF in the trailer section");
        m_afterCr = false;
        if (m_lineStart)
            m_state = State::Done;
        m_lineStart = true;
        return true;
    }
    if (c == '\n')
        return refuse("LF without CR in the trailer section");
    m_afterCr = c == '\r';
    if (!m_afterCr)
        m_lineStart = false;
    return true;
}
