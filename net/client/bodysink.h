#pragma once

#include "wire/chunkeddecoder.h"

#include <QFuture>
#include <QString>

#include <memory>
#include <optional>

class PartFile;
class PartHasher;

// Where a download's body goes once it has started: the .part, bounded by
// the request's size limit, followed by a SHA-256 as it grows when there
// is a digest to check it against. The same steps whichever way the bytes
// came: copied from QTcpSocket's buffer (write) or put into the file by
// BodyReceiver (landed). A chunked body is decoded here on its way in
// (write only): its end is the last chunk, never the close.
class BodySink final
{
public:
    enum class Framing {
        Identity, // the bytes are the file's; a length or the close ends them
        Chunked, // Transfer-Encoding: chunked; only the last chunk ends it
    };

    // `maxBytes` < 0: only the free disk space limits.
    BodySink(PartFile &part, qint64 maxBytes);
    ~BodySink();
    Q_DISABLE_COPY_MOVE(BodySink)

    // A body starts: `received` bytes of it are in the .part already (a
    // resume), `expected` in all when known (-1 otherwise).
    void begin(qint64 received, qint64 expected, bool hash, Framing framing = Framing::Identity);
    // The attempt is over: nothing more arrives for this body.
    void end();

    // Before the first byte of a body of known size: it is within the
    // limit, and the disk has room for what is still to come; false with
    // errorString() set otherwise.
    bool hasRoom();
    // Copies bytes into the .part (decoded first when chunked; what follows
    // the last chunk is dropped); false with errorString() set when they
    // cannot be written, go past the limit or the announced size, or are
    // not a well-formed chunked body.
    bool write(const char *data, qint64 size);
    // Counts bytes someone else wrote into the .part; false past the limit
    // (the .part then keeps no byte beyond it).
    bool landed(qint64 bytes);

    qint64 received() const { return m_received; }
    qint64 expected() const { return m_expected; }
    // What is still to come (-1 when the size was not announced).
    qint64 remaining() const { return m_expected >= 0 ? m_expected - m_received : -1; }
    bool isComplete() const { return m_decoder ? m_decoder->isDone() : m_expected >= 0 && m_received >= m_expected; }
    bool isChunked() const { return m_decoder.has_value(); }
    // Bytes of the connection that still belong to the body; -1 when only
    // the body tells where it ends (the close, or the last chunk).
    qint64 wireRemaining() const { return m_decoder ? -1 : remaining(); }
    // The close ends the body: neither a size nor chunks were announced.
    bool endsAtClose() const { return m_expected < 0 && !m_decoder; }
    // At most this many more bytes may arrive (one past the limit when the
    // size is unknown, so that a stream going beyond it shows); -1: no bound.
    qint64 acceptable() const;

    // The SHA-256 of the whole .part (resumed bytes included), computed
    // off this thread; the .part must be closed.
    QFuture<QByteArray> digest();
    QString errorString() const { return m_error; }

private:
    bool store(const char *data, qint64 size);

    PartFile &m_part;
    qint64 m_maxBytes;
    qint64 m_received = 0;
    qint64 m_expected = -1;
    std::unique_ptr<PartHasher> m_hasher;
    std::optional<ChunkedDecoder> m_decoder;
    QString m_error;
};
