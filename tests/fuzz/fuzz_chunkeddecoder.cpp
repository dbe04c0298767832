// ChunkedDecoder is how the client reads a chunked body, and a server may
// be hostile. Checked here, for any input:
//  - the body that comes out is never longer than what went in, and every
//    piece of it is a view into the input, ending where decode() stopped;
//  - feeding the input in pieces (single bytes; pieces of 7; two halves)
//    gives the same body, state, reason and consumed count as feeding it at
//    once;
//  - unless done or failed, all of the input is consumed; once done or
//    failed, nothing more is;
//  - a body that decodes completely decodes the same when encoded again as
//    one chunk.
#include "fuzzcheck.h"
#include "wire/chunkeddecoder.h"

#include <cstddef>
#include <cstdint>

namespace {

struct Decoded
{
    QByteArray body;
    qsizetype consumed = 0;
    ChunkedDecoder::State state = ChunkedDecoder::State::SizeLine;
    QString error;
};

// Feeds `input` in pieces of `pieceSize` (0: at once).
Decoded decode(QByteArrayView input, qsizetype pieceSize)
{
    ChunkedDecoder decoder;
    Decoded result;
    for (qsizetype from = 0; from < input.size() || from == 0;) {
        const qsizetype length = pieceSize > 0 ? qMin(pieceSize, input.size() - from) : input.size();
        QByteArrayView rest = input.sliced(from, length);
        while (!rest.isEmpty() && !decoder.isDone() && !decoder.failed()) {
            const ChunkedDecoder::Piece piece = decoder.decode(rest);
            FUZZ_CHECK(piece.consumed > 0 && piece.consumed <= rest.size());
            FUZZ_CHECK(piece.data.size() <= piece.consumed);
            if (!piece.data.isEmpty())
                FUZZ_CHECK(piece.data.data() + piece.data.size() == rest.data() + piece.consumed);
            result.body += piece.data;
            result.consumed += piece.consumed;
            rest = rest.sliced(piece.consumed);
        }
        if (decoder.isDone() || decoder.failed())
            FUZZ_CHECK(decoder.decode(input.sliced(from)).consumed == 0);
        from += length;
        if (length == 0)
            break;
    }
    result.state = decoder.state();
    result.error = decoder.errorString();
    return result;
}

void checkSame(const Decoded &a, const Decoded &b)
{
    FUZZ_CHECK(a.body == b.body);
    FUZZ_CHECK(a.consumed == b.consumed);
    FUZZ_CHECK(a.state == b.state);
    FUZZ_CHECK(a.error == b.error);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const Decoded whole = decode(input, 0);
    FUZZ_CHECK(whole.body.size() <= input.size());
    FUZZ_CHECK(whole.consumed <= input.size());
    const bool ended = whole.state == ChunkedDecoder::State::Done || whole.state == ChunkedDecoder::State::Error;
    if (!ended)
        FUZZ_CHECK(whole.consumed == input.size());
    FUZZ_CHECK((whole.state == ChunkedDecoder::State::Error) == !whole.error.isEmpty());

    checkSame(whole, decode(input, 1));
    checkSame(whole, decode(input, 7));
    checkSame(whole, decode(input, qMax<qsizetype>(1, (input.size() + 1) / 2)));

    if (whole.state == ChunkedDecoder::State::Done) {
        const QByteArray again =
                (whole.body.isEmpty() ? QByteArray()
                                      : QByteArray::number(whole.body.size(), 16) + "\r\n" + whole.body + "\r\n")
                + "0\r\n\r\n";
        const Decoded reencoded = decode(again, 0);
        FUZZ_CHECK(reencoded.state == ChunkedDecoder::State::Done && reencoded.body == whole.body);
        FUZZ_CHECK(reencoded.consumed == again.size());
    }
    return 0;
}
