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

    // Parses a head that ends with the blank line; nothing when malformed.
    static std::optional<HttpResponseHead> parse(QByteArrayView head);
};
