#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <optional>

// The status line and header fields of an HTTP/1.x response, as a client reads them.
struct HttpResponseHead
{
    int status = 0;
    QByteArray reason;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased

    QByteArray header(QByteArrayView lowerCaseName) const;
    // Content-Length when present and well-formed; -1 when absent.
    // nullopt when present but malformed or contradictory.
    std::optional<qint64> contentLength() const;

    // "Content-Range: bytes FIRST-LAST/TOTAL" of a 206 answer.
    struct ContentRange
    {
        qint64 first = 0;
        qint64 last = 0;
        qint64 total = 0;
    };
    std::optional<ContentRange> contentRange() const;

    // What a client may replay in If-Range to resume this representation:
    // its ETag when that is a strong entity tag, else its Last-Modified
    // date when that is a valid IMF-fixdate, else nothing (no resume).
    // Only well-formed validators are kept, so that a hostile value (a CR,
    // a weak tag) never goes back out in a request.
    QByteArray resumeValidator() const;
    // True for a strong entity tag or an IMF-fixdate (RFC 9110 13.1.5).
    static bool isResumeValidator(QByteArrayView value);

    // Parses a head that ends with the blank line; nothing when malformed.
    static std::optional<HttpResponseHead> parse(QByteArrayView head);
};
