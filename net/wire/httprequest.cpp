#include "wire/httprequest.h"

#include <QStringDecoder>

#include <algorithm>
#include <optional>

namespace {

constexpr qsizetype MaxTargetBytes = 8 * 1024;

bool isTokenChar(char c)
{
    // RFC 9110 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), isTokenChar);
}

bool isFieldValueChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7F);
}

// Splits on CRLF, tolerating a bare LF as RFC 9112 section 2.2 allows.
QList<QByteArrayView> splitLines(QByteArrayView head)
{
    QList<QByteArrayView> lines;
    qsizetype start = 0;
    while (start < head.size()) {
        qsizetype end = head.indexOf('\n', start);
        if (end < 0)
            end = head.size();
        QByteArrayView line = head.sliced(start, end - start);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line);
        start = end + 1;
    }
    return lines;
}

bool hasPercentEncodingError(QByteArrayView s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] != '%')
            continue;
        if (i + 2 >= s.size() || !isxdigit(static_cast<unsigned char>(s[i + 1]))
            || !isxdigit(static_cast<unsigned char>(s[i + 2])))
            return true;
        i += 2;
    }
    return false;
}

// Returns the decoded path, or an empty optional for a malformed target.
std::optional<QString> decodePath(QByteArrayView rawPath)
{
    if (hasPercentEncodingError(rawPath))
        return std::nullopt;
    // Decoded exactly once: "%252e" stays the literal "%2e".
    const QByteArray bytes = QByteArray::fromPercentEncoding(rawPath.toByteArray());
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString path = utf8.decode(bytes);
    if (utf8.hasError())
        return std::nullopt;
    return path;
}

bool parseRequestLine(QByteArrayView line, HttpRequest &request, int &error)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace) {
        error = 400;
        return false;
    }
    request.method = line.first(firstSpace).toByteArray();
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);
    if (!isToken(request.method) || target.isEmpty() || target.contains(' ')) {
        error = 400;
        return false;
    }
    if (target.size() > MaxTargetBytes) {
        error = 414;
        return false;
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.'
        || !isdigit(static_cast<unsigned char>(version[5])) || !isdigit(static_cast<unsigned char>(version[7]))) {
        error = 400;
        return false;
    }
    if (version[5] != '1') {
        error = 505;
        return false;
    }
    request.versionMinor = version[7] - '0';
    request.target = target.toByteArray();

    QByteArrayView pathPart = target;
    const qsizetype question = target.indexOf('?');
    if (question >= 0) {
        pathPart = target.first(question);
        request.query = target.sliced(question + 1).toByteArray();
    }
    // absolute-form (a proxy-style request) carries the path after the authority
    if (pathPart.startsWith("http://")) {
        const qsizetype slash = pathPart.indexOf('/', 7);
        pathPart = slash < 0 ? QByteArrayView("/") : pathPart.sliced(slash);
    }
    if (!pathPart.startsWith('/')) {
        error = 400;
        return false;
    }
    const std::optional<QString> path = decodePath(pathPart);
    if (!path) {
        error = 400;
        return false;
    }
    request.path = *path;
    return true;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerCaseName) const
{
    for (const auto &field : headers) {
        if (field.first == lowerCaseName)
            return field.second;
    }
    return {};
}

bool HttpRequest::wantsKeepAlive() const
{
    const QByteArray connection = header("connection").toLower();
    if (versionMinor == 0)
        return connection.contains("keep-alive");
    return !connection.contains("close");
}

int HttpRequest::bodyRefusal() const
{
    int lengths = 0;
    bool transferCoded = false;
    QByteArray length;
    for (const auto &field : headers) {
        if (field.first == "transfer-encoding")
            transferCoded = true;
        if (field.first != "content-length")
            continue;
        // Repeated lengths must agree (RFC 9110 section 8.6).
        if (lengths++ > 0 && field.second != length)
            return 400;
        length = field.second;
    }
    if (transferCoded)
        return lengths > 0 ? 400 : 501;
    if (lengths == 0)
        return 0;
    const bool digits = !length.isEmpty() && length.size() <= 18
                        && std::all_of(length.begin(), length.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits)
        return 400;
    if (length.toLongLong() == 0)
        return 0;
    return method == "GET" || method == "HEAD" ? 400 : 405;
}

qsizetype findHeadEnd(QByteArrayView buffer)
{
    // The blank line, CRLF or bare LF, after a line ending in LF: "\n\r\n"
    // (which "\r\n\r\n" contains) or "\n\n", whichever comes first.
    const qsizetype crlf = buffer.indexOf("\n\r\n");
    const qsizetype lf = buffer.indexOf("\n\n");
    if (crlf >= 0 && (lf < 0 || crlf < lf))
        return crlf + 3;
    return lf >= 0 ? lf + 2 : -1;
}

std::variant<HttpRequest, int> parseHttpRequest(QByteArrayView head)
{
    if (head.size() > HttpLimits::MaxHeadBytes)
        return 431;
    const QList<QByteArrayView> lines = splitLines(head);
    if (lines.isEmpty())
        return 400;
    HttpRequest request;
    int error = 0;
    if (!parseRequestLine(lines.first(), request, error))
        return error;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines.at(i);
        if (line.isEmpty())
            break;
        if (request.headers.size() >= HttpLimits::MaxHeaderCount)
            return 431;
        const qsizetype colon = line.indexOf(':');
        // No whitespace is allowed between name and colon (RFC 9112 5.1),
        // and obsolete line folding is rejected.
        if (colon <= 0 || !isToken(line.first(colon)))
            return 400;
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (!std::all_of(value.begin(), value.end(), isFieldValueChar))
            return 400;
        request.headers.append({line.first(colon).toByteArray().toLower(), value.toByteArray()});
    }
    return request;
}
