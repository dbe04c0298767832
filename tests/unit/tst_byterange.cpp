#include "wire/byterange.h"

#include <QElapsedTimer>
#include <QTest>

#include <limits>

Q_DECLARE_METATYPE(ByteRange::Kind)

using Kind = ByteRange::Kind;

namespace {

constexpr qint64 Max = std::numeric_limits<qint64>::max();

QByteArray fortyNines()
{
    return QByteArray(40, '9');
}

} // namespace

class TestByteRange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void wholeCoversTheRepresentation_data();
    void wholeCoversTheRepresentation();
    void manyRangesAreAnsweredWholeAndFast();
    void megabyteOfDigits_data();
    void megabyteOfDigits();
};

void TestByteRange::parse_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<qint64>("first"); // checked for Partial
    QTest::addColumn<qint64>("last");

    // the three forms
    QTest::newRow("A-B") << QByteArray("bytes=0-499") << qint64(10000) << Kind::Partial << qint64(0) << qint64(499);
    QTest::newRow("A-B in the middle") << QByteArray("bytes=500-999") << qint64(10000) << Kind::Partial << qint64(500)
                                       << qint64(999);
    QTest::newRow("A-A is one byte") << QByteArray("bytes=7-7") << qint64(10) << Kind::Partial << qint64(7)
                                     << qint64(7);
    QTest::newRow("A- to the end") << QByteArray("bytes=1000-") << qint64(10000) << Kind::Partial << qint64(1000)
                                   << qint64(9999);
    QTest::newRow("0- is the whole file as 206")
            << QByteArray("bytes=0-") << qint64(10) << Kind::Partial << qint64(0) << qint64(9);
    QTest::newRow("last byte only") << QByteArray("bytes=9-") << qint64(10) << Kind::Partial << qint64(9) << qint64(9);
    QTest::newRow("-N suffix") << QByteArray("bytes=-500") << qint64(10000) << Kind::Partial << qint64(9500)
                               << qint64(9999);
    QTest::newRow("-1 last byte") << QByteArray("bytes=-1") << qint64(10) << Kind::Partial << qint64(9) << qint64(9);
    QTest::newRow("-N larger than the file is the whole file")
            << QByteArray("bytes=-20") << qint64(10) << Kind::Partial << qint64(0) << qint64(9);

    // clamping and unsatisfiable ranges
    QTest::newRow("A-B past the end is clamped")
            << QByteArray("bytes=5-100") << qint64(10) << Kind::Partial << qint64(5) << qint64(9);
    QTest::newRow("first byte at the size")
            << QByteArray("bytes=10-") << qint64(10) << Kind::Unsatisfiable << qint64(0) << qint64(0);
    QTest::newRow("first byte past the end")
            << QByteArray("bytes=11-20") << qint64(10) << Kind::Unsatisfiable << qint64(0) << qint64(0);
    QTest::newRow("-0 suffix") << QByteArray("bytes=-0") << qint64(10) << Kind::Unsatisfiable << qint64(0) << qint64(0);
    QTest::newRow("-000 suffix") << QByteArray("bytes=-000") << qint64(10) << Kind::Unsatisfiable << qint64(0)
                                 << qint64(0);

    // a zero-length representation (RFC 9110 14.1.1: only a non-zero
    // suffix range is satisfiable, and 206 cannot carry zero bytes)
    QTest::newRow("size 0: 0-") << QByteArray("bytes=0-") << qint64(0) << Kind::Unsatisfiable << qint64(0) << qint64(0);
    QTest::newRow("size 0: 0-0") << QByteArray("bytes=0-0") << qint64(0) << Kind::Unsatisfiable << qint64(0)
                                 << qint64(0);
    QTest::newRow("size 0: -5 is the whole (empty) file")
            << QByteArray("bytes=-5") << qint64(0) << Kind::Whole << qint64(0) << qint64(-1);
    QTest::newRow("size 0: -0") << QByteArray("bytes=-0") << qint64(0) << Kind::Unsatisfiable << qint64(0) << qint64(0);
    QTest::newRow("size 0: no header") << QByteArray() << qint64(0) << Kind::Whole << qint64(0) << qint64(-1);

    // ignored headers: the whole file
    QTest::newRow("empty header") << QByteArray() << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("only spaces") << QByteArray("   ") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("unknown unit") << QByteArray("items=0-5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("unit prefix of bytes")
            << QByteArray("byte=0-5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("longer unit") << QByteArray("bytesx=0-5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("missing '='") << QByteArray("bytes 0-5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("missing '=' and space")
            << QByteArray("bytes0-5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("nothing after '='") << QByteArray("bytes=") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("lone dash") << QByteArray("bytes=-") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("no dash") << QByteArray("bytes=5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("space before '='") << QByteArray("bytes =0-5") << qint64(10) << Kind::Whole << qint64(0)
                                      << qint64(9);
    QTest::newRow("B < A is invalid") << QByteArray("bytes=5-4") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("B < A past the end") << QByteArray("bytes=50-40") << qint64(10) << Kind::Whole << qint64(0)
                                        << qint64(9);
    QTest::newRow("negative first") << QByteArray("bytes=-5-9") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("negative last") << QByteArray("bytes=0--5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("double negative suffix")
            << QByteArray("bytes=--5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("plus sign") << QByteArray("bytes=+1-5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("hex number") << QByteArray("bytes=0x1-5") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("letters") << QByteArray("bytes=a-b") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("exponent") << QByteArray("bytes=1e3-") << qint64(10000) << Kind::Whole << qint64(0) << qint64(9999);
    QTest::newRow("decimal point") << QByteArray("bytes=1.5-3") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("space inside a number")
            << QByteArray("bytes=1 2-3") << qint64(100) << Kind::Whole << qint64(0) << qint64(99);
    QTest::newRow("NUL inside") << QByteArray("bytes=1\0-3", 10) << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("non-ASCII digit") << QByteArray("bytes=\xd9\xa1-3") << qint64(10) << Kind::Whole << qint64(0)
                                     << qint64(9);
    QTest::newRow("two ranges") << QByteArray("bytes=0-1,5-6") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("two ranges with a space")
            << QByteArray("bytes=0-1, 5-6") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("trailing comma") << QByteArray("bytes=0-1,") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("unsatisfiable among several")
            << QByteArray("bytes=50-60,0-1") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);

    // optional whitespace is tolerated around the pieces
    QTest::newRow("spaces around the header")
            << QByteArray("  bytes=2-3  ") << qint64(10) << Kind::Partial << qint64(2) << qint64(3);
    QTest::newRow("space after '='") << QByteArray("bytes= 2-3") << qint64(10) << Kind::Partial << qint64(2)
                                     << qint64(3);
    QTest::newRow("spaces around the dash")
            << QByteArray("bytes=2 - 3") << qint64(10) << Kind::Partial << qint64(2) << qint64(3);
    QTest::newRow("tab after '='") << QByteArray("bytes=\t2-3") << qint64(10) << Kind::Partial << qint64(2)
                                   << qint64(3);
    QTest::newRow("leading zeros") << QByteArray("bytes=0002-0003") << qint64(10) << Kind::Partial << qint64(2)
                                   << qint64(3);

    // huge numbers saturate, never wrap
    QTest::newRow("40-digit first") << QByteArray("bytes=" + fortyNines() + '-') << qint64(10) << Kind::Unsatisfiable
                                    << qint64(0) << qint64(0);
    QTest::newRow("40-digit first and last") << QByteArray("bytes=" + fortyNines() + '-' + fortyNines()) << qint64(10)
                                             << Kind::Unsatisfiable << qint64(0) << qint64(0);
    QTest::newRow("40-digit last is clamped")
            << QByteArray("bytes=3-" + fortyNines()) << qint64(10) << Kind::Partial << qint64(3) << qint64(9);
    QTest::newRow("40-digit suffix is the whole file")
            << QByteArray("bytes=-" + fortyNines()) << qint64(10) << Kind::Partial << qint64(0) << qint64(9);
    QTest::newRow("40-digit last below a 40-digit first")
            << QByteArray("bytes=" + fortyNines() + "-1") << qint64(10) << Kind::Whole << qint64(0) << qint64(9);
    QTest::newRow("INT64_MAX first") << QByteArray("bytes=9223372036854775807-") << qint64(10) << Kind::Unsatisfiable
                                     << qint64(0) << qint64(0);
    QTest::newRow("INT64_MAX last") << QByteArray("bytes=0-9223372036854775807") << qint64(10) << Kind::Partial
                                    << qint64(0) << qint64(9);
    QTest::newRow("INT64_MAX suffix") << QByteArray("bytes=-9223372036854775807") << qint64(10) << Kind::Partial
                                      << qint64(0) << qint64(9);
    QTest::newRow("INT64_MAX + 1 last") << QByteArray("bytes=0-9223372036854775808") << qint64(10) << Kind::Partial
                                        << qint64(0) << qint64(9);
    QTest::newRow("INT64_MAX + 1 suffix")
            << QByteArray("bytes=-9223372036854775808") << qint64(10) << Kind::Partial << qint64(0) << qint64(9);
    QTest::newRow("INT64_MAX-sized file, last byte")
            << QByteArray("bytes=9223372036854775806-") << Max << Kind::Partial << Max - 1 << Max - 1;
    QTest::newRow("INT64_MAX-sized file, 40-digit last")
            << QByteArray("bytes=0-" + fortyNines()) << Max << Kind::Partial << qint64(0) << Max - 1;
    QTest::newRow("INT64_MAX-sized file, INT64_MAX first")
            << QByteArray("bytes=9223372036854775807-") << Max << Kind::Unsatisfiable << qint64(0) << qint64(0);
    QTest::newRow("INT64_MAX-sized file, suffix 1")
            << QByteArray("bytes=-1") << Max << Kind::Partial << Max - 1 << Max - 1;
    QTest::newRow("INT64_MAX-sized file, 40-digit suffix")
            << QByteArray("bytes=-" + fortyNines()) << Max << Kind::Partial << qint64(0) << Max - 1;
}

void TestByteRange::parse()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, size);
    QFETCH(Kind, kind);
    QFETCH(qint64, first);
    QFETCH(qint64, last);

    const ByteRange range = ByteRange::parse(header, size);
    QCOMPARE(range.kind, kind);
    switch (kind) {
    case Kind::Partial:
        QCOMPARE(range.first, first);
        QCOMPARE(range.last, last);
        QVERIFY(range.first >= 0 && range.first <= range.last && range.last < size);
        QCOMPARE(range.length(), last - first + 1);
        break;
    case Kind::Whole:
        QCOMPARE(range.first, qint64(0));
        QCOMPARE(range.last, size - 1);
        QCOMPARE(range.length(), size);
        break;
    case Kind::Unsatisfiable:
        break;
    }
}

void TestByteRange::wholeCoversTheRepresentation_data()
{
    QTest::addColumn<qint64>("size");
    QTest::newRow("empty file") << qint64(0);
    QTest::newRow("one byte") << qint64(1);
    QTest::newRow("1 MiB") << qint64(1024 * 1024);
    QTest::newRow("INT64_MAX") << Max;
}

void TestByteRange::wholeCoversTheRepresentation()
{
    QFETCH(qint64, size);
    const ByteRange range = ByteRange::parse("bytes=2-1", size);
    QCOMPARE(range.kind, Kind::Whole);
    QCOMPARE(range.length(), size);
}

void TestByteRange::manyRangesAreAnsweredWholeAndFast()
{
    QByteArray header = "bytes=0-0";
    for (int i = 1; i < 10000; ++i)
        header += ",0-0";
    QElapsedTimer timer;
    timer.start();
    const ByteRange range = ByteRange::parse(header, 1000);
    QCOMPARE(range.kind, Kind::Whole);
    QCOMPARE(range.length(), qint64(1000));
    // Linear at worst; even under sanitizers this is a millisecond or so.
    QVERIFY2(timer.elapsed() < 500, qPrintable(QString::number(timer.elapsed())));
}

void TestByteRange::megabyteOfDigits_data()
{
    const QByteArray digits(1024 * 1024, '7');
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::newRow("1 MB first") << QByteArray("bytes=" + digits + '-') << Kind::Unsatisfiable << qint64(0) << qint64(0);
    QTest::newRow("1 MB last") << QByteArray("bytes=1-" + digits) << Kind::Partial << qint64(1) << qint64(99);
    QTest::newRow("1 MB suffix") << QByteArray("bytes=-" + digits) << Kind::Partial << qint64(0) << qint64(99);
    QTest::newRow("1 MB of digits, no dash") << QByteArray("bytes=" + digits) << Kind::Whole << qint64(0) << qint64(99);
    QTest::newRow("1 MB of digits ending in a letter")
            << QByteArray("bytes=" + digits + "x-") << Kind::Whole << qint64(0) << qint64(99);
}

void TestByteRange::megabyteOfDigits()
{
    QFETCH(QByteArray, header);
    QFETCH(Kind, kind);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QElapsedTimer timer;
    timer.start();
    const ByteRange range = ByteRange::parse(header, 100);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(range.kind, kind);
    if (kind != Kind::Unsatisfiable) {
        QCOMPARE(range.first, first);
        QCOMPARE(range.last, last);
    }
}

QTEST_GUILESS_MAIN(TestByteRange)
#include "tst_byterange.moc"
