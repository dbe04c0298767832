#include "wire/httpresponsehead.h"

#include "wire/httpdate.h"

#include <QDateTime>

#include <algorithm>

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

QByteArray HttpResponseHead::header(QByteArrayView lowerCaseName) const
{
    for (const auto &field : headers) {
        if (field.first == lowerCaseName)
            return field.second;
    }
    return {};
}

std::optional<qint64> HttpResponseHead::contentLength() const
{
    std::optional<qint64> length = -1;
    for (const auto &field : headers) {
        if (field.first != "content-length")
            continue;
        // 1*DIGIT: toLongLong() alone would also take "+5" and "-0".
        bool ok = !field.second.isEmpty() && std::all_of(field.second.begin(), field.second.end(), isDigit);
        const qint64 value = ok ? field.second.toLongLong(&ok) : -1;
        if (!ok || value < 0 || (*length >= 0 && *length != value))
            return std::nullopt;
        length = value;
    }
    return length;
}

std::optional<HttpResponseHead::ContentRange> HttpResponseHead::contentRange() const
{
    const QByteArray value = header("content-range").trimmed();
    if (!value.startsWith("bytes "))
        return std::nullopt;
    const qsizetype dash = value.indexOf('-');
    const qsizetype slash = value.indexOf('/');
    if (dash < 0 || slash < dash)
        return std::nullopt;
    auto number = [](const QByteArray &text) -> std::optional<qint64> {
        if (text.isEmpty() || !std::all_of(text.begin(), text.end(), isDigit))
            return std::nullopt;
        bool ok = false;
        const qint64 n = text.toLongLong(&ok);
        return ok ? std::optional<qint64>(n) : std::nullopt;
    };
    const auto first = number(value.mid(6, dash - 6));
    const auto last = number(value.mid(dash + 1, slash - dash - 1));
    const auto total = number(value.mid(slash + 1));
    if (!first || !last || !total || *first > *last || *last >= *total)
        return std::nullopt;
    return ContentRange{*first, *last, *total};
}

std::optional<HttpResponseHead> HttpResponseHead::parse(QByteArrayView head)
{
    const QList<QByteArray> lines = head.toByteArray().split('\n');
    if (lines.isEmpty())
        return std::nullopt;
    const QByteArray statusLine = lines.first().trimmed();
    // "HTTP/1.1 200 OK"
    if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12 || !isDigit(statusLine[7]) || statusLine[8] != ' '
        || (statusLine.size() > 12 && statusLine[12] != ' '))
        return std::nullopt;
    bool ok = false;
    HttpResponseHead parsed;
    parsed.status = statusLine.mid(9, 3).toInt(&ok);
    if (!ok || parsed.status < 100 || parsed.status > 999)
        return std::nullopt;
    parsed.reason = statusLine.mid(13);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return std::nullopt;
        parsed.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    return parsed;
}

namespace {

// RFC 9110 section 8.8.3: opaque-tag = DQUOTE *etagc DQUOTE, where etagc
// is %x21 / %x23-7E / obs-text; a strong tag has no "W/" before it.
bool isStrongEntityTag(QByteArrayView value)
{
    if (value.size() < 2 || !value.startsWith('"') || !value.endsWith('"'))
        return false;
    const QByteArrayView inner = value.sliced(1, value.size() - 2);
    return std::all_of(inner.begin(), inner.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u == 0x21 || (u >= 0x23 && u != 0x7F);
    });
}

bool isHttpDate(QByteArrayView value)
{
    const QDateTime when = HttpDate::parse(value);
    return when.isValid() && HttpDate::format(when) == value;
}

} // namespace

bool HttpResponseHead::isResumeValidator(QByteArrayView value)
{
    return isStrongEntityTag(value) || isHttpDate(value);
}

QByteArray HttpResponseHead::resumeValidator() const
{
    const QByteArray etag = header("etag");
    if (isStrongEntityTag(etag))
        return etag;
    const QByteArray lastModified = header("last-modified");
    return isHttpDate(lastModified) ? lastModified : QByteArray();
}
