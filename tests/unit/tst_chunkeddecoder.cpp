#include "wire/chunkeddecoder.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Decoded
{
    QByteArray body;
    qsizetype consumed = 0;
    ChunkedDecoder::State state = ChunkedDecoder::State::SizeLine;
    QString error;
    bool viewsInsideInput = true;
};

// Feeds `input` cut at the given offsets (ascending), each piece as a
// separate buffer, as reads from a socket arrive.
Decoded decodeIn(const QByteArray &input, const QList<qsizetype> &cuts = {})
{
    ChunkedDecoder decoder;
    Decoded result;
    qsizetype from = 0;
    QList<qsizetype> ends = cuts;
    ends.append(input.size());
    for (const qsizetype end : ends) {
        const QByteArray piece = input.mid(from, end - from); // a buffer of its own
        QByteArrayView rest(piece);
        while (!rest.isEmpty() && !decoder.isDone() && !decoder.failed()) {
            const ChunkedDecoder::Piece decoded = decoder.decode(rest);
            if (!decoded.data.isEmpty()
                && (decoded.data.data() < rest.data()
                    || decoded.data.data() + decoded.data.size() != rest.data() + decoded.consumed))
                result.viewsInsideInput = false;
            result.body += decoded.data;
            result.consumed += decoded.consumed;
            rest = rest.sliced(decoded.consumed);
        }
        from = end;
    }
    result.state = decoder.state();
    result.error = decoder.errorString();
    return result;
}

QByteArray longExtension(qsizetype lineBytes)
{
    // "1;x=" + value + CRLF is lineBytes long.
    return "1;x=" + QByteArray(lineBytes - 6, 'v') + "\r\n";
}

QByteArray trailerSection(qsizetype bytes)
{
    // "N: " + value + CRLF, then the blank line: `bytes` in all.
    return "N: " + QByteArray(bytes - 7, 'v') + "\r\n\r\n";
}

} // namespace

class TestChunkedDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodes_data();
    void decodes();
    void refuses_data();
    void refuses();
    void truncatedIsNeverDone_data();
    void truncatedIsNeverDone();
    void largestSizeIsAccepted();
    void nothingAfterTheEnd();
};

void TestChunkedDecoder::decodes_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("one chunk") << QByteArray("5\r\nhello\r\n0\r\n\r\n") << QByteArray("hello");
    QTest::newRow("several chunks") << QByteArray("3\r\nabc\r\n1\r\nd\r\na\r\n0123456789\r\n0\r\n\r\n")
                                    << QByteArray("abcd0123456789");
    QTest::newRow("upper- and lower-case hex")
            << QByteArray("A\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n") << QByteArray("0123456789abcdefghijk");
    QTest::newRow("leading zeros, 16 digits")
            << QByteArray("0000000000000003\r\nabc\r\n0000\r\n\r\n") << QByteArray("abc");
    QTest::newRow("CR and LF inside the data") << QByteArray("4\r\n\r\n\r\n\r\n0\r\n\r\n") << QByteArray("\r\n\r\n");
    QTest::newRow("empty body") << QByteArray("0\r\n\r\n") << QByteArray();
    QTest::newRow("extension") << QByteArray("3;name=value\r\nabc\r\n0\r\n\r\n") << QByteArray("abc");
    QTest::newRow("extension without value") << QByteArray("3;flag\r\nabc\r\n0\r\n\r\n") << QByteArray("abc");
    QTest::newRow("several extensions, whitespace")
            << QByteArray("3 ; a = b ;c\t;d=\"x y\"  \r\nabc\r\n0\r\n\r\n") << QByteArray("abc");
    QTest::newRow("quoted extension with escapes")
            << QByteArray("3;q=\"a\\\"b;c\\\\\"\r\nabc\r\n0\r\n\r\n") << QByteArray("abc");
    QTest::newRow("extension on the last chunk") << QByteArray("3\r\nabc\r\n0;end=1\r\n\r\n") << QByteArray("abc");
    QTest::newRow("size line of exactly 4 KiB")
            << QByteArray(longExtension(4096) + "x\r\n0\r\n\r\n") << QByteArray("x");
    QTest::newRow("one trailer") << QByteArray("3\r\nabc\r\n0\r\nRepr-Digest: sha-256=:AAAA:\r\n\r\n")
                                 << QByteArray("abc");
    QTest::newRow("several trailers") << QByteArray("3\r\nabc\r\n0\r\nA: 1\r\nB: 2\r\nC:\r\n\r\n") << QByteArray("abc");
    QTest::newRow("trailers of exactly 16 KiB")
            << QByteArray("1\r\nx\r\n0\r\n" + trailerSection(16 * 1024)) << QByteArray("x");
    QTest::newRow("large chunk") << QByteArray("10000\r\n" + QByteArray(65536, 'z') + "\r\n0\r\n\r\n")
                                 << QByteArray(65536, 'z');
}

// Whole, and cut at every byte boundary (and into single bytes): the same
// body, everything consumed, done.
void TestChunkedDecoder::decodes()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, body);

    const Decoded whole = decodeIn(encoded);
    QCOMPARE(whole.state, ChunkedDecoder::State::Done);
    QCOMPARE(whole.body, body);
    QCOMPARE(whole.consumed, encoded.size());
    QVERIFY(whole.viewsInsideInput);

    const qsizetype step = encoded.size() > 2000 ? 97 : 1;
    for (qsizetype cut = 1; cut < encoded.size(); cut += step) {
        const Decoded split = decodeIn(encoded, {cut});
        QVERIFY2(split.state == ChunkedDecoder::State::Done && split.body == body && split.consumed == encoded.size(),
                 qPrintable(QStringLiteral("cut at %1").arg(cut)));
    }
    if (encoded.size() <= 2000) {
        QList<qsizetype> everyByte;
        for (qsizetype i = 1; i < encoded.size(); ++i)
            everyByte.append(i);
        const Decoded bytes = decodeIn(encoded, everyByte);
        QCOMPARE(bytes.state, ChunkedDecoder::State::Done);
        QCOMPARE(bytes.body, body);
    }
}

void TestChunkedDecoder::refuses_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QString>("reason");

    QTest::newRow("negative size") << QByteArray("-1\r\nx\r\n0\r\n\r\n") << u"not a hexadecimal"_s;
    QTest::newRow("plus sign") << QByteArray("+1\r\nx\r\n0\r\n\r\n") << u"not a hexadecimal"_s;
    QTest::newRow("0x prefix") << QByteArray("0x1\r\nx\r\n0\r\n\r\n") << u"extension"_s;
    QTest::newRow("no size") << QByteArray("\r\nx\r\n0\r\n\r\n") << u"not a hexadecimal"_s;
    QTest::newRow("space before the size") << QByteArray(" 1\r\nx\r\n0\r\n\r\n") << u"not a hexadecimal"_s;
    QTest::newRow("not hex") << QByteArray("g\r\nx\r\n0\r\n\r\n") << u"not a hexadecimal"_s;
    QTest::newRow("17 hex digits") << QByteArray("00000000000000001\r\nx\r\n0\r\n\r\n") << u"16 hex digits"_s;
    QTest::newRow("huge size, 2^63") << QByteArray("8000000000000000\r\n") << u"2^63"_s;
    QTest::newRow("huge size, 2^64 - 1") << QByteArray("ffffffffffffffff\r\n") << u"2^63"_s;
    QTest::newRow("huge size, 2^64") << QByteArray("10000000000000000\r\n") << u"16 hex digits"_s;
    QTest::newRow("size line ends in a bare LF") << QByteArray("1\nx\r\n0\r\n\r\n") << u"CRLF"_s;
    QTest::newRow("bare CR in the size line") << QByteArray("1\rx\r\n0\r\n\r\n") << u"extension"_s;
    QTest::newRow("data not followed by CRLF") << QByteArray("1\r\nxy\r\n0\r\n\r\n") << u"CRLF"_s;
    QTest::newRow("data followed by a bare LF") << QByteArray("1\r\nx\n0\r\n\r\n") << u"CRLF"_s;
    QTest::newRow("data followed by a bare CR") << QByteArray("1\r\nx\r0\r\n\r\n") << u"CRLF"_s;
    QTest::newRow("size line over 4 KiB") << QByteArray(longExtension(4097) + "x\r\n0\r\n\r\n") << u"4 KiB"_s;
    QTest::newRow("endless size line") << QByteArray(5000, '0') << u"4 KiB"_s;
    QTest::newRow("extension without name") << QByteArray("1;\r\nx\r\n0\r\n\r\n") << u"extension"_s;
    QTest::newRow("extension without value") << QByteArray("1;a=\r\nx\r\n0\r\n\r\n") << u"extension"_s;
    QTest::newRow("extension without ;") << QByteArray("1 a\r\nx\r\n0\r\n\r\n") << u"extension"_s;
    QTest::newRow("unterminated quoted extension") << QByteArray("1;a=\"b\r\nx\r\n0\r\n\r\n") << u"extension"_s;
    QTest::newRow("control character in an extension")
            << QByteArray("1;a=\"\x01\"\r\nx\r\n0\r\n\r\n") << u"extension"_s;
    QTest::newRow("NUL after the size") << QByteArray("1\0\r\nx\r\n0\r\n\r\n", 12) << u"extension"_s;
    QTest::newRow("trailers over 16 KiB")
            << QByteArray("1\r\nx\r\n0\r\n" + trailerSection(16 * 1024 + 1)) << u"16 KiB"_s;
    QTest::newRow("endless trailers") << QByteArray("0\r\n" + QByteArray(20000, 't')) << u"16 KiB"_s;
    QTest::newRow("bare LF in the trailers") << QByteArray("0\r\nA: 1\n\r\n") << u"LF without CR"_s;
    QTest::newRow("bare LF ends the trailers") << QByteArray("0\r\nA: 1\r\n\n") << u"LF without CR"_s;
    QTest::newRow("bare CR in the trailers") << QByteArray("0\r\nA:\r1\r\n\r\n") << u"CR without LF"_s;
}

// Refused with the same reason however the input is cut, and nothing of
// the body after the fault comes out.
void TestChunkedDecoder::refuses()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QString, reason);

    const Decoded whole = decodeIn(encoded);
    QCOMPARE(whole.state, ChunkedDecoder::State::Error);
    QVERIFY2(whole.error.contains(reason), qPrintable(whole.error));
    QVERIFY(whole.body.size() <= 1);
    for (qsizetype cut = 1; cut<encoded.size(); cut += encoded.size()> 2000 ? 101 : 1) {
        const Decoded split = decodeIn(encoded, {cut});
        QVERIFY2(split.state == ChunkedDecoder::State::Error && split.error == whole.error && split.body == whole.body
                         && split.consumed == whole.consumed,
                 qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(split.error)));
    }
}

void TestChunkedDecoder::truncatedIsNeverDone_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::newRow("chunks") << QByteArray("3\r\nabc\r\n5;x=y\r\nhello\r\n0\r\n\r\n");
    QTest::newRow("trailers") << QByteArray("3\r\nabc\r\n0\r\nA: 1\r\n\r\n");
    QTest::newRow("empty body") << QByteArray("0\r\n\r\n");
}

// A connection closed anywhere before the last CRLF (mid-size, mid-chunk,
// mid-trailer) leaves a body that is not done, whatever arrived.
void TestChunkedDecoder::truncatedIsNeverDone()
{
    QFETCH(QByteArray, encoded);
    for (qsizetype length = 0; length < encoded.size(); ++length) {
        const Decoded prefix = decodeIn(encoded.first(length));
        QVERIFY2(prefix.state != ChunkedDecoder::State::Done && prefix.state != ChunkedDecoder::State::Error,
                 qPrintable(QStringLiteral("first %1 bytes").arg(length)));
        QCOMPARE(prefix.consumed, length);
    }
}

void TestChunkedDecoder::largestSizeIsAccepted()
{
    const Decoded decoded = decodeIn("7fffffffffffffff\r\nabc");
    QCOMPARE(decoded.state, ChunkedDecoder::State::Data);
    QCOMPARE(decoded.body, QByteArray("abc"));
}

// What follows the end (the next answer on a kept-alive connection) is
// neither consumed nor taken as body.
void TestChunkedDecoder::nothingAfterTheEnd()
{
    const QByteArray encoded = "3\r\nabc\r\n0\r\n\r\n";
    const Decoded decoded = decodeIn(encoded + "HTTP/1.1 200 OK\r\n");
    QCOMPARE(decoded.state, ChunkedDecoder::State::Done);
    QCOMPARE(decoded.body, QByteArray("abc"));
    QCOMPARE(decoded.consumed, encoded.size());

    ChunkedDecoder decoder;
    decoder.decode("0\r\n\r\n");
    QVERIFY(decoder.isDone());
    const ChunkedDecoder::Piece after = decoder.decode("5\r\nhello\r\n");
    QCOMPARE(after.consumed, 0);
    QVERIFY(after.data.isEmpty());
}

QTEST_GUILESS_MAIN(TestChunkedDecoder)
#include "tst_chunkeddecoder.moc"
