#pragma once

#include <QByteArrayView>

// The answer to a Range header (RFC 9110 section 14) for a representation
// of a known size.
struct ByteRange
{
    enum class Kind {
        Whole, // no usable Range: send everything with 200
        Partial, // one satisfiable range: 206 with [first, last]
        Unsatisfiable, // 416 with "Content-Range: bytes */size"
    };

    Kind kind = Kind::Whole;
    qint64 first = 0;
    qint64 last = -1; // inclusive

    qint64 length() const { return last - first + 1; }

    // Parses `bytes=A-B`, `bytes=A-`, `bytes=-N`. A malformed header, an
    // unknown unit, or several ranges give Whole: RFC 9110 lets a server
    // ignore Range, and answering one multi-range request with the whole
    // file bounds the work any request can cause. Numbers too large for
    // 64 bits are clamped, never wrapped.
    static ByteRange parse(QByteArrayView header, qint64 size);
};
