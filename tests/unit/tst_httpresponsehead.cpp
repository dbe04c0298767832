#include "wire/httpresponsehead.h"

#include <QTest>

class TestHttpResponseHead : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void contentLength_data();
    void contentLength();
    void resumeValidator_data();
    void resumeValidator();
};

void TestHttpResponseHead::parse_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");

    QTest::newRow("200 with CRLF") << QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n") << true
                                   << 200 << QByteArrayLiteral("OK") << QByteArrayLiteral("content-type")
                                   << QByteArrayLiteral("text/plain");
    QTest::newRow("HTTP/1.0 404 with a two-word reason")
            << QByteArrayLiteral("HTTP/1.0 404 Not Found\r\n\r\n") << true << 404 << QByteArrayLiteral("Not Found")
            << QByteArrayLiteral("content-length") << QByteArray();
    QTest::newRow("bare LF lines") << QByteArrayLiteral(
            "HTTP/1.1 206 Partial Content\nContent-Range: bytes 0-9/100\n\n")
                                   << true << 206 << QByteArrayLiteral("Partial Content")
                                   << QByteArrayLiteral("content-range") << QByteArrayLiteral("bytes 0-9/100");
    QTest::newRow("empty reason") << QByteArrayLiteral("HTTP/1.1 204 \r\n\r\n") << true << 204 << QByteArray()
                                  << QByteArrayLiteral("x") << QByteArray();
    QTest::newRow("no reason and no space") << QByteArrayLiteral("HTTP/1.1 503\r\n\r\n") << true << 503 << QByteArray()
                                            << QByteArrayLiteral("x") << QByteArray();
    QTest::newRow("header names lower-cased, values trimmed")
            << QByteArrayLiteral("HTTP/1.1 200 OK\r\nETAG:   \"abc\"  \r\n\r\n") << true << 200
            << QByteArrayLiteral("OK") << QByteArrayLiteral("etag") << QByteArrayLiteral("\"abc\"");
    QTest::newRow("first of duplicate headers")
            << QByteArrayLiteral("HTTP/1.1 200 OK\r\nX-A: one\r\nX-A: two\r\n\r\n") << true << 200
            << QByteArrayLiteral("OK") << QByteArrayLiteral("x-a") << QByteArrayLiteral("one");
    QTest::newRow("body bytes after the blank line ignored")
            << QByteArrayLiteral("HTTP/1.1 200 OK\r\n\r\nbody without colon") << true << 200 << QByteArrayLiteral("OK")
            << QByteArrayLiteral("x") << QByteArray();
    QTest::newRow("value containing a colon")
            << QByteArrayLiteral("HTTP/1.1 301 Moved\r\nLocation: http://h:1/x\r\n\r\n") << true << 301
            << QByteArrayLiteral("Moved") << QByteArrayLiteral("location") << QByteArrayLiteral("http://h:1/x");

    QTest::newRow("empty head") << QByteArray() << false << 0 << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("legacy file bytes, not a response")
            << QByteArrayLiteral("hello world\n") << false << 0 << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("lowercase protocol") << QByteArrayLiteral("http/1.1 200 OK\r\n\r\n") << false << 0 << QByteArray()
                                        << QByteArray() << QByteArray();
    QTest::newRow("HTTP/2 status line") << QByteArrayLiteral("HTTP/2 200 OK\r\n\r\n") << false << 0 << QByteArray()
                                        << QByteArray() << QByteArray();
    QTest::newRow("non-digit minor version") << QByteArrayLiteral("HTTP/1.x 200 OK\r\n\r\n") << false << 0
                                             << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("missing status") << QByteArrayLiteral("HTTP/1.1\r\n\r\n") << false << 0 << QByteArray()
                                    << QByteArray() << QByteArray();
    QTest::newRow("two-digit status") << QByteArrayLiteral("HTTP/1.1 20 OK\r\n\r\n") << false << 0 << QByteArray()
                                      << QByteArray() << QByteArray();
    QTest::newRow("four-digit status") << QByteArrayLiteral("HTTP/1.1 2000 OK\r\n\r\n") << false << 0 << QByteArray()
                                       << QByteArray() << QByteArray();
    QTest::newRow("status glued to the reason") << QByteArrayLiteral("HTTP/1.1 200OK\r\n\r\n") << false << 0
                                                << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("non-numeric status") << QByteArrayLiteral("HTTP/1.1 abc OK\r\n\r\n") << false << 0 << QByteArray()
                                        << QByteArray() << QByteArray();
    QTest::newRow("status below 100") << QByteArrayLiteral("HTTP/1.1 099 Low\r\n\r\n") << false << 0 << QByteArray()
                                      << QByteArray() << QByteArray();
    QTest::newRow("signed status") << QByteArrayLiteral("HTTP/1.1 +20 OK\r\n\r\n") << false << 0 << QByteArray()
                                   << QByteArray() << QByteArray();
    QTest::newRow("two spaces before the status") << QByteArrayLiteral("HTTP/1.1  200 OK\r\n\r\n") << false << 0
                                                  << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("header without colon") << QByteArrayLiteral("HTTP/1.1 200 OK\r\nBroken header\r\n\r\n") << false << 0
                                          << QByteArray() << QByteArray() << QByteArray();
    QTest::newRow("header with empty name") << QByteArrayLiteral("HTTP/1.1 200 OK\r\n: value\r\n\r\n") << false << 0
                                            << QByteArray() << QByteArray() << QByteArray();
}

void TestHttpResponseHead::parse()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, valid);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);

    const std::optional<HttpResponseHead> parsed = HttpResponseHead::parse(head);
    QCOMPARE(parsed.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(parsed->status, status);
    QCOMPARE(parsed->reason, reason);
    QCOMPARE(parsed->header(headerName), headerValue);
}

void TestHttpResponseHead::contentLength_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<bool>("wellFormed");
    QTest::addColumn<qint64>("length");

    QTest::newRow("present") << QByteArrayLiteral("Content-Length: 5\r\n") << true << qint64(5);
    QTest::newRow("zero (an empty file)") << QByteArrayLiteral("Content-Length: 0\r\n") << true << qint64(0);
    QTest::newRow("absent gives -1") << QByteArrayLiteral("Content-Type: text/plain\r\n") << true << qint64(-1);
    QTest::newRow("no fields at all gives -1") << QByteArray() << true << qint64(-1);
    QTest::newRow("name in any case") << QByteArrayLiteral("CONTENT-LENGTH: 7\r\n") << true << qint64(7);
    QTest::newRow("larger than 4 GiB") << QByteArrayLiteral("Content-Length: 10000000000\r\n") << true
                                       << qint64(10000000000LL);
    QTest::newRow("surrounding whitespace") << QByteArrayLiteral("Content-Length:   42  \r\n") << true << qint64(42);
    QTest::newRow("identical duplicates")
            << QByteArrayLiteral("Content-Length: 5\r\nContent-Length: 5\r\n") << true << qint64(5);

    QTest::newRow("conflicting duplicates")
            << QByteArrayLiteral("Content-Length: 5\r\nContent-Length: 6\r\n") << false << qint64(0);
    QTest::newRow("conflicting duplicates, larger first")
            << QByteArrayLiteral("Content-Length: 6\r\nContent-Length: 5\r\n") << false << qint64(0);
    QTest::newRow("negative") << QByteArrayLiteral("Content-Length: -1\r\n") << false << qint64(0);
    QTest::newRow("negative zero") << QByteArrayLiteral("Content-Length: -0\r\n") << false << qint64(0);
    QTest::newRow("plus sign") << QByteArrayLiteral("Content-Length: +5\r\n") << false << qint64(0);
    QTest::newRow("not a number") << QByteArrayLiteral("Content-Length: abc\r\n") << false << qint64(0);
    QTest::newRow("empty value") << QByteArrayLiteral("Content-Length:\r\n") << false << qint64(0);
    QTest::newRow("trailing garbage") << QByteArrayLiteral("Content-Length: 5x\r\n") << false << qint64(0);
    QTest::newRow("hexadecimal") << QByteArrayLiteral("Content-Length: 0x10\r\n") << false << qint64(0);
    QTest::newRow("list form") << QByteArrayLiteral("Content-Length: 5, 5\r\n") << false << qint64(0);
    QTest::newRow("overflows 64 bits") << QByteArrayLiteral("Content-Length: 99999999999999999999\r\n") << false
                                       << qint64(0);
    QTest::newRow("second field malformed")
            << QByteArrayLiteral("Content-Length: 5\r\nContent-Length: x\r\n") << false << qint64(0);
}

void TestHttpResponseHead::contentLength()
{
    QFETCH(QByteArray, fields);
    QFETCH(bool, wellFormed);
    QFETCH(qint64, length);

    const QByteArray raw = QByteArrayLiteral("HTTP/1.1 200 OK\r\n") + fields + QByteArrayLiteral("\r\n");
    const std::optional<HttpResponseHead> head = HttpResponseHead::parse(raw);
    QVERIFY(head);
    const std::optional<qint64> parsed = head->contentLength();
    QCOMPARE(parsed.has_value(), wellFormed);
    if (wellFormed)
        QCOMPARE(*parsed, length);
}

void TestHttpResponseHead::resumeValidator_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<QByteArray>("validator");

    const QByteArray date = "Sun, 06 Nov 1994 08:49:37 GMT";
    QTest::newRow("strong tag") << QByteArray("ETag: \"5f-1a2b\"\r\n") << QByteArray("\"5f-1a2b\"");
    QTest::newRow("empty strong tag") << QByteArray("ETag: \"\"\r\n") << QByteArray("\"\"");
    QTest::newRow("tag before date") << "ETag: \"x\"\r\nLast-Modified: " + date + "\r\n" << QByteArray("\"x\"");
    QTest::newRow("weak tag: the date") << "ETag: W/\"x\"\r\nLast-Modified: " + date + "\r\n" << date;
    QTest::newRow("date only") << "Last-Modified: " + date + "\r\n" << date;
    QTest::newRow("unquoted tag, no date") << QByteArray("ETag: abc\r\n") << QByteArray();
    QTest::newRow("quote inside the tag") << QByteArray("ETag: \"a\"b\"\r\n") << QByteArray();
    QTest::newRow("space inside the tag") << QByteArray("ETag: \"a b\"\r\n") << QByteArray();
    QTest::newRow("obsolete date form") << QByteArray("Last-Modified: Sunday, 06-Nov-94 08:49:37 GMT\r\n")
                                        << QByteArray();
    QTest::newRow("garbage date") << QByteArray("Last-Modified: yesterday\r\n") << QByteArray();
    QTest::newRow("nothing") << QByteArray() << QByteArray();
}

// Only a well-formed validator is stored and replayed in If-Range: a
// server's ETag holding a CR, or a weak one, never goes back out.
void TestHttpResponseHead::resumeValidator()
{
    QFETCH(QByteArray, fields);
    QFETCH(QByteArray, validator);
    const QByteArray text = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n" + fields + "\r\n";
    const auto head = HttpResponseHead::parse(text);
    QVERIFY(head);
    QCOMPARE(head->resumeValidator(), validator);
    if (!validator.isEmpty())
        QVERIFY(HttpResponseHead::isResumeValidator(validator));
    QVERIFY(!HttpResponseHead::isResumeValidator("\"a\r\n\""));
    QVERIFY(!HttpResponseHead::isResumeValidator("W/\"a\""));
}

QTEST_GUILESS_MAIN(TestHttpResponseHead)
#include "tst_httpresponsehead.moc"
