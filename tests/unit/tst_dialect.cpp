#include "wire/dialect.h"

#include <QTest>

char *toString(Dialect dialect)
{
    switch (dialect) {
    case Dialect::Undecided:
        return qstrdup("Undecided");
    case Dialect::Legacy:
        return qstrdup("Legacy");
    case Dialect::Http:
        return qstrdup("Http");
    }
    return qstrdup("?");
}

class TestDialect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sniff_data();
    void sniff();
    void requestArrivingByteByByte();
};

void TestDialect::sniff_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<Dialect>("expected");

    // HTTP: a complete request line
    QTest::newRow("GET request line with CRLF") << QByteArrayLiteral("GET / HTTP/1.1\r\n") << Dialect::Http;
    QTest::newRow("GET request line with bare LF") << QByteArrayLiteral("GET / HTTP/1.1\n") << Dialect::Http;
    QTest::newRow("full GET head with headers")
            << QByteArrayLiteral("GET /a.txt HTTP/1.1\r\nHost: x\r\nUser-Agent: curl\r\n\r\n") << Dialect::Http;
    QTest::newRow("HEAD HTTP/1.0 with percent-encoded target")
            << QByteArrayLiteral("HEAD /a%20b.txt HTTP/1.0\r\n") << Dialect::Http;
    QTest::newRow("request line with query string")
            << QByteArrayLiteral("GET /?format=json HTTP/1.1\r\n") << Dialect::Http;
    QTest::newRow("other method is still HTTP (answered 405)")
            << QByteArrayLiteral("POST /upload HTTP/1.1\r\n") << Dialect::Http;
    QTest::newRow("HTTP/2.0 version is still HTTP (answered 505)")
            << QByteArrayLiteral("GET / HTTP/2.0\r\n") << Dialect::Http;
    QTest::newRow("raw UTF-8 bytes in the target")
            << QByteArrayLiteral("GET /\xE4\xB8\xAD\xE6\x96\x87 HTTP/1.1\r\n") << Dialect::Http;
    QTest::newRow("absolute-form target") << QByteArrayLiteral("GET http://host:8888/a HTTP/1.1\r\n") << Dialect::Http;
    QTest::newRow("space inside the target is HTTP (answered 400)")
            << QByteArrayLiteral("GET /a b.txt HTTP/1.1\r\n") << Dialect::Http;
    QTest::newRow("bad percent escape is HTTP (answered 400)")
            << QByteArrayLiteral("GET /a%zz HTTP/1.1\r\n") << Dialect::Http;

    // Undecided: still a prefix of a request line
    QTest::newRow("nothing yet") << QByteArray() << Dialect::Undecided;
    QTest::newRow("method only: GET") << QByteArrayLiteral("GET") << Dialect::Undecided;
    QTest::newRow("method and space") << QByteArrayLiteral("GET ") << Dialect::Undecided;
    QTest::newRow("method and target") << QByteArrayLiteral("GET /x") << Dialect::Undecided;
    QTest::newRow("partial version: GET /x HT") << QByteArrayLiteral("GET /x HT") << Dialect::Undecided;
    QTest::newRow("complete request line without newline")
            << QByteArrayLiteral("GET /x HTTP/1.1") << Dialect::Undecided;
    QTest::newRow("request line split between CR and LF")
            << QByteArrayLiteral("GET /x HTTP/1.1\r") << Dialect::Undecided;
    QTest::newRow("uppercase legacy name README") << QByteArrayLiteral("README") << Dialect::Undecided;
    QTest::newRow("16 uppercase letters may still be a method")
            << QByteArrayLiteral("ABCDEFGHIJKLMNOP") << Dialect::Undecided;
    QTest::newRow("uppercase word, space, more words (a target may hold spaces)")
            << QByteArrayLiteral("MY FILE.txt X") << Dialect::Undecided;

    // Legacy: can no longer become a request line
    QTest::newRow("ASCII name a.txt") << QByteArrayLiteral("a.txt") << Dialect::Legacy;
    QTest::newRow("lowercase name readme") << QByteArrayLiteral("readme") << Dialect::Legacy;
    QTest::newRow("uppercase name with extension README.md") << QByteArrayLiteral("README.md") << Dialect::Legacy;
    QTest::newRow("GBK Chinese name") << QByteArrayLiteral("\xD6\xD0\xCE\xC4.txt") << Dialect::Legacy;
    QTest::newRow("UTF-8 Chinese name") << QByteArrayLiteral("\xE4\xB8\xAD\xE6\x96\x87.txt") << Dialect::Legacy;
    QTest::newRow("uppercase name with space and newline") << QByteArrayLiteral("MY FILE.txt\n") << Dialect::Legacy;
    QTest::newRow("lowercase request line") << QByteArrayLiteral("get / http/1.1\r\n") << Dialect::Legacy;
    QTest::newRow("lowercase version") << QByteArrayLiteral("GET / http/1.1\r\n") << Dialect::Legacy;
    QTest::newRow("17 uppercase letters are too long for a method")
            << QByteArrayLiteral("ABCDEFGHIJKLMNOPQ") << Dialect::Legacy;
    QTest::newRow("two spaces after the method") << QByteArrayLiteral("GET  / HTTP/1.1\r\n") << Dialect::Legacy;
    QTest::newRow("leading space") << QByteArrayLiteral(" GET / HTTP/1.1\r\n") << Dialect::Legacy;
    QTest::newRow("tab inside the target") << QByteArrayLiteral("GET /a\tb HTTP/1.1\r\n") << Dialect::Legacy;
    QTest::newRow("DEL inside the target") << QByteArrayLiteral("GET /a\x7F HTTP/1.1") << Dialect::Legacy;
    QTest::newRow("missing target before the version") << QByteArrayLiteral("GET HTTP/1.1\r\n") << Dialect::Legacy;
    QTest::newRow("uppercase name ending in CR") << QByteArrayLiteral("README\r") << Dialect::Legacy;
    QTest::newRow("missing version before newline") << QByteArrayLiteral("GET /\r\n") << Dialect::Legacy;
    QTest::newRow("truncated version before newline") << QByteArrayLiteral("GET / HTTP/1\r\n") << Dialect::Legacy;
    QTest::newRow("version too long") << QByteArrayLiteral("GET / HTTP/1.10\r\n") << Dialect::Legacy;
    QTest::newRow("non-digit version") << QByteArrayLiteral("GET / HTTP/x.1\r\n") << Dialect::Legacy;
    QTest::newRow("trailing space after version") << QByteArrayLiteral("GET / HTTP/1.1 \r\n") << Dialect::Legacy;
    QTest::newRow("CR before a partial version") << QByteArrayLiteral("GET / HT\r") << Dialect::Legacy;
    QTest::newRow("CR inside the version") << QByteArrayLiteral("GET / HTTP/1.1\rX") << Dialect::Legacy;
    QTest::newRow("empty line") << QByteArrayLiteral("\r\n") << Dialect::Legacy;
    QTest::newRow("method without target before newline") << QByteArrayLiteral("GET\n") << Dialect::Legacy;
    QTest::newRow("NUL byte") << QByteArray("GET\0", 4) << Dialect::Legacy;
    QTest::newRow("single 0x80 byte") << QByteArrayLiteral("\x80") << Dialect::Legacy;
}

void TestDialect::sniff()
{
    QFETCH(QByteArray, head);
    QFETCH(Dialect, expected);

    QCOMPARE(sniffDialect(head), expected);
}

// Feeding a request one byte at a time never says Legacy before the line is
// complete, and says Http exactly when the LF arrives.
void TestDialect::requestArrivingByteByByte()
{
    const QByteArray request = QByteArrayLiteral("GET /dir/a%20b.txt HTTP/1.1\r\n");
    for (qsizetype n = 0; n < request.size(); ++n)
        QCOMPARE(sniffDialect(request.first(n)), Dialect::Undecided);
    QCOMPARE(sniffDialect(request), Dialect::Http);
}

QTEST_GUILESS_MAIN(TestDialect)
#include "tst_dialect.moc"
