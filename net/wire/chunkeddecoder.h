#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Decodes a body sent with "Transfer-Encoding: chunked" (RFC 9112 section
// 7.1) as it arrives, in pieces of any size:
//
//   chunked-body = *chunk last-chunk trailer-section CRLF
//   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//
// The body's bytes are never copied: decode() returns them as views into
// its input. Only a chunk-size line split across inputs is kept, and it is
// bounded.
//
// Strict where peers could disagree about where the body ends:
//  - every line ends in CRLF. RFC 9112 section 2.2 lets a recipient
//    recognize a bare LF in the start line and fields; Ferry does not, in a
//    chunk-size line, after chunk data or in the trailers, since parsers that
//    disagree on line ends are how bodies get smuggled. A bare CR or LF is an
//    error;
//  - a chunk size is 1 to 16 hex digits and at most 2^63 - 1 (no leading
//    zeros beyond 16 digits); no sign, no space before it;
//  - chunk extensions must follow the grammar (";" token ["=" token or
//    quoted-string], optional whitespace around ";" and "=", and before the
//    CRLF) and are ignored; the whole line, CRLF included, is at most
//    MaxSizeLineBytes;
//  - the trailer section is at most MaxTrailerBytes (its final blank line
//    included) and ignored.
// Any violation is final: state() becomes Error and errorString() says why;
// decode() then reports as consumed the input up to the offending byte.
class ChunkedDecoder final
{
public:
    enum class State {
        SizeLine, // reading "HEX[;extensions] CRLF"
        Data, // inside a chunk's data
        DataEnd, // the CRLF after a chunk's data
        Trailers, // after the last chunk: trailer fields up to the blank line
        Done, // the body is complete; what follows it is not the body's
        Error, // malformed; see errorString()
    };

    static constexpr int MaxSizeDigits = 16;
    static constexpr qsizetype MaxSizeLineBytes = 4 * 1024;
    static constexpr qsizetype MaxTrailerBytes = 16 * 1024;

    struct Piece
    {
        qsizetype consumed = 0; // bytes of the input read: framing, then data
        QByteArrayView data; // body bytes, a view into the input ending at `consumed`
    };

    // Reads from the start of `input` up to and including the next run of
    // body bytes, or all of it when it holds none. Call again with the rest
    // while bytes remain and the state is neither Done nor Error; in those
    // two states nothing is consumed.
    Piece decode(QByteArrayView input);

    State state() const { return m_state; }
    bool isDone() const { return m_state == State::Done; }
    bool failed() const { return m_state == State::Error; }
    // Why it failed, in English (for a log or inside a translated sentence).
    QString errorString() const { return QString::fromLatin1(m_error); }

private:
    bool refuse(const char *reason);
    bool finishSizeLine();
    bool trailerByte(char c);

    State m_state = State::SizeLine;
    QByteArray m_line; // the chunk-size line so far
    qint64 m_left = 0; // data bytes still to come in this chunk
    qsizetype m_trailerBytes = 0;
    bool m_afterCr = false; // DataEnd, Trailers: the previous byte was CR
    bool m_lineStart = true; // Trailers: nothing of the current line yet
    const char *m_error = "";
};
