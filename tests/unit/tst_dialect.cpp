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
    case Dialect::Tls:
        return qstrdup("Tls");
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
    void tlsHandshakeStart_data();
    void tlsHandshakeStart();
};

void TestDialect::sniff_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<Dialect>("expected");

    // HTTP: a complete request line
    // A TLS ClientHello: record type 22, version 3.1 (what TLS 1.2 and 1.3 clients send), then a length.
    QTest::newRow("TLS ClientHello record header") << QByteArray::fromHex("160301020001") << Dialect::Tls;
    QTest::newRow("TLS record, first byte only") << QByteArray::fromHex("16") << Dialect::Tls;
    QTest::newRow("TLS record, version 3.3") << QByteArray::fromHex("160303") << Dialect::Tls;
    QTest::newRow("SSL 3.0 record header") << QByteArray::fromHex("160300") << Dialect::Tls;
    // Decided on the first byte (what is not TLS after it fails the handshake).
    QTest::newRow("0x16 then not a TLS version") << QByteArray::fromHex("160201") << Dialect::Tls;
    QTest::newRow("0x16 then a minor version past TLS 1.3") << QByteArray::fromHex("160309") << Dialect::Tls;
    QTest::newRow("TLS alert record is not a handshake") << QByteArray::fromHex("150301") << Dialect::Legacy;
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

void TestDialect::tlsHandshakeStart_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("tls");
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("0x16") << QByteArray::fromHex("16") << true;
    QTest::newRow("0x16 0x03") << QByteArray::fromHex("1603") << true;
    QTest::newRow("TLS 1.0 record version") << QByteArray::fromHex("160301") << true;
    QTest::newRow("TLS 1.3 record version") << QByteArray::fromHex("160304") << true;
    QTest::newRow("0x16 0x04") << QByteArray::fromHex("1604") << false;
    QTest::newRow("minor version 0x05") << QByteArray::fromHex("160305") << false;
    QTest::newRow("minor version with the high bit") << QByteArray::fromHex("160381") << false;
    QTest::newRow("HTTP") << QByteArrayLiteral("GET / HTTP/1.1\r\n") << false;
    QTest::newRow("legacy name") << QByteArrayLiteral("report.pdf") << false;
}

void TestDialect::tlsHandshakeStart()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, tls);
    QCOMPARE(startsTlsHandshake(head), tls);
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
