#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <variant>

// One parsed HTTP/1.x request head (request line and header fields).
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent, e.g. "/docs/a%20b.txt?x=1"
    QString path; // percent-decoded UTF-8 path, without the query
    QByteArray query; // raw, without '?'
    int versionMinor = 1; // HTTP/1.<minor>
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased

    QByteArray header(QByteArrayView lowerCaseName) const;
    bool wantsKeepAlive() const;
    // Whether the head frames a body the server would have to read before
    // the next request (RFC 9112 section 6). No method Ferry serves takes
    // one, so any body is refused and the connection closed, never left
    // to be read as the next, smuggled request: 0 when none follows, else
    // 400 (a malformed or conflicting length, or a body on GET/HEAD), 405
    // (a body on another method) or 501 (a transfer coding).
    int bodyRefusal() const;
};

// Limits that keep a hostile peer from making the server buffer or parse
// without bound.
namespace HttpLimits {
inline constexpr qsizetype MaxHeadBytes = 16 * 1024;
inline constexpr qsizetype MaxHeaderCount = 100;
} // namespace HttpLimits

// Parses a request head that ends with an empty line. Returns the request,
// or the HTTP status code that explains why it is not acceptable
// (400, 414, 431, 505).
std::variant<HttpRequest, int> parseHttpRequest(QByteArrayView head);

// Where the head ends in `buffer` (index just past the blank line), or -1.
qsizetype findHeadEnd(QByteArrayView buffer);
