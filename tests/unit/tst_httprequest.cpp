#include "wire/httprequest.h"

#include <QTest>

class TestHttpRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesGoodRequest_data();
    void parsesGoodRequest();
    void rejectsBadRequest_data();
    void rejectsBadRequest();
    void headerLookup_data();
    void headerLookup();
    void keepAlive_data();
    void keepAlive();
    void findHeadEnd_data();
    void findHeadEnd();
    void bodyRefusal_data();
    void bodyRefusal();
};

namespace {

QByteArray requestWithTarget(const QByteArray &target)
{
    return QByteArrayLiteral("GET ") + target + QByteArrayLiteral(" HTTP/1.1\r\nHost: x\r\n\r\n");
}

QByteArray requestWithHeaders(int count)
{
    QByteArray head = QByteArrayLiteral("GET / HTTP/1.1\r\n");
    for (int i = 0; i < count; ++i)
        head += QByteArrayLiteral("X-Field-") + QByteArray::number(i) + QByteArrayLiteral(": v\r\n");
    return head + QByteArrayLiteral("\r\n");
}

QByteArray requestOfSize(qsizetype size)
{
    const QByteArray start = QByteArrayLiteral("GET / HTTP/1.1\r\nX-Pad: ");
    const QByteArray end = QByteArrayLiteral("\r\n\r\n");
    return start + QByteArray(size - start.size() - end.size(), 'p') + end;
}

HttpRequest parseOrFail(const QByteArray &head, bool &ok)
{
    const auto parsed = parseHttpRequest(head);
    ok = std::holds_alternative<HttpRequest>(parsed);
    return ok ? std::get<HttpRequest>(parsed) : HttpRequest();
}

} // namespace

void TestHttpRequest::parsesGoodRequest_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("versionMinor");

    QTest::newRow("simple GET with CRLF")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/") << QStringLiteral("/") << QByteArray() << 1;
    QTest::newRow("GET with bare LF lines")
            << QByteArrayLiteral("GET /a.txt HTTP/1.1\nHost: x\n\n") << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/a.txt") << QStringLiteral("/a.txt") << QByteArray() << 1;
    QTest::newRow("HEAD HTTP/1.0 without headers")
            << QByteArrayLiteral("HEAD /a.txt HTTP/1.0\r\n\r\n") << QByteArrayLiteral("HEAD")
            << QByteArrayLiteral("/a.txt") << QStringLiteral("/a.txt") << QByteArray() << 0;
    QTest::newRow("percent-encoded space")
            << requestWithTarget(QByteArrayLiteral("/docs/a%20b.txt")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/docs/a%20b.txt") << QStringLiteral("/docs/a b.txt") << QByteArray() << 1;
    QTest::newRow("percent-encoded UTF-8 Chinese path")
            << requestWithTarget(QByteArrayLiteral("/%E4%B8%AD%E6%96%87.txt")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/%E4%B8%AD%E6%96%87.txt") << QString::fromUtf8("/中文.txt") << QByteArray() << 1;
    QTest::newRow("lowercase percent escapes")
            << requestWithTarget(QByteArrayLiteral("/%e4%b8%ad")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/%e4%b8%ad") << QString::fromUtf8("/中") << QByteArray() << 1;
    QTest::newRow("raw UTF-8 bytes in the path")
            << requestWithTarget(QByteArrayLiteral("/\xE4\xB8\xAD.txt")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/\xE4\xB8\xAD.txt") << QString::fromUtf8("/中.txt") << QByteArray() << 1;
    QTest::newRow("%2e%2e decoded once, confinement is ShareRoot's job")
            << requestWithTarget(QByteArrayLiteral("/%2e%2e/%2e%2e/etc/passwd")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/%2e%2e/%2e%2e/etc/passwd") << QStringLiteral("/../../etc/passwd") << QByteArray()
            << 1;
    QTest::newRow("%252e stays the literal %2e")
            << requestWithTarget(QByteArrayLiteral("/%252e%252e/x")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/%252e%252e/x") << QStringLiteral("/%2e%2e/x") << QByteArray() << 1;
    QTest::newRow("plus sign is not a space in a path")
            << requestWithTarget(QByteArrayLiteral("/a+b.txt")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/a+b.txt") << QStringLiteral("/a+b.txt") << QByteArray() << 1;
    QTest::newRow("query string split off") << requestWithTarget(QByteArrayLiteral("/dir/?format=json"))
                                            << QByteArrayLiteral("GET") << QByteArrayLiteral("/dir/?format=json")
                                            << QStringLiteral("/dir/") << QByteArrayLiteral("format=json") << 1;
    QTest::newRow("query kept raw, split at the first question mark")
            << requestWithTarget(QByteArrayLiteral("/a?b=%20c?d")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/a?b=%20c?d") << QStringLiteral("/a") << QByteArrayLiteral("b=%20c?d") << 1;
    QTest::newRow("empty query") << requestWithTarget(QByteArrayLiteral("/a?")) << QByteArrayLiteral("GET")
                                 << QByteArrayLiteral("/a?") << QStringLiteral("/a") << QByteArray() << 1;
    QTest::newRow("encoded question mark stays in the path")
            << requestWithTarget(QByteArrayLiteral("/what%3F.txt")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/what%3F.txt") << QStringLiteral("/what?.txt") << QByteArray() << 1;
    QTest::newRow("absolute-form target")
            << requestWithTarget(QByteArrayLiteral("http://host:8888/dir/a.txt?x=1")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("http://host:8888/dir/a.txt?x=1") << QStringLiteral("/dir/a.txt")
            << QByteArrayLiteral("x=1") << 1;
    QTest::newRow("absolute-form target without a path")
            << requestWithTarget(QByteArrayLiteral("http://host:8888")) << QByteArrayLiteral("GET")
            << QByteArrayLiteral("http://host:8888") << QStringLiteral("/") << QByteArray() << 1;
    QTest::newRow("other method parses (the session answers 405)")
            << QByteArrayLiteral("POST /x HTTP/1.1\r\n\r\n") << QByteArrayLiteral("POST") << QByteArrayLiteral("/x")
            << QStringLiteral("/x") << QByteArray() << 1;
    const QByteArray longestTarget = QByteArrayLiteral("/") + QByteArray(8 * 1024 - 1, 'a');
    QTest::newRow("target of exactly 8 KiB")
            << requestWithTarget(longestTarget) << QByteArrayLiteral("GET") << longestTarget
            << QString::fromLatin1(longestTarget) << QByteArray() << 1;
    QTest::newRow("head of exactly 16 KiB") << requestOfSize(HttpLimits::MaxHeadBytes) << QByteArrayLiteral("GET")
                                            << QByteArrayLiteral("/") << QStringLiteral("/") << QByteArray() << 1;
    QTest::newRow("exactly 100 header fields")
            << requestWithHeaders(HttpLimits::MaxHeaderCount) << QByteArrayLiteral("GET") << QByteArrayLiteral("/")
            << QStringLiteral("/") << QByteArray() << 1;
    QTest::newRow("bytes after the blank line are ignored")
            << QByteArrayLiteral("GET / HTTP/1.1\r\n\r\nnot a header") << QByteArrayLiteral("GET")
            << QByteArrayLiteral("/") << QStringLiteral("/") << QByteArray() << 1;
}

void TestHttpRequest::parsesGoodRequest()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QString, path);
    QFETCH(QByteArray, query);
    QFETCH(int, versionMinor);

    const auto parsed = parseHttpRequest(head);
    if (const int *status = std::get_if<int>(&parsed))
        QFAIL(qPrintable(QStringLiteral("rejected with %1").arg(*status)));
    const auto &request = std::get<HttpRequest>(parsed);
    QCOMPARE(request.method, method);
    QCOMPARE(request.target, target);
    QCOMPARE(request.path, path);
    QCOMPARE(request.query, query);
    QCOMPARE(request.versionMinor, versionMinor);
}

void TestHttpRequest::rejectsBadRequest_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("status");

    QTest::newRow("empty head") << QByteArray() << 400;
    QTest::newRow("missing version") << QByteArrayLiteral("GET /\r\n\r\n") << 400;
    QTest::newRow("method only") << QByteArrayLiteral("GET\r\n\r\n") << 400;
    QTest::newRow("empty target") << QByteArrayLiteral("GET  HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two spaces after the method") << QByteArrayLiteral("GET  / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("leading space") << QByteArrayLiteral(" GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("trailing space after the version") << QByteArrayLiteral("GET / HTTP/1.1 \r\n\r\n") << 400;
    QTest::newRow("method with a non-token character") << QByteArrayLiteral("G(T / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("lowercase protocol name") << QByteArrayLiteral("GET / http/1.1\r\n\r\n") << 400;
    QTest::newRow("version without minor") << QByteArrayLiteral("GET / HTTP/1\r\n\r\n") << 400;
    QTest::newRow("two-digit minor version") << QByteArrayLiteral("GET / HTTP/1.10\r\n\r\n") << 400;
    QTest::newRow("non-digit version") << QByteArrayLiteral("GET / HTTP/x.y\r\n\r\n") << 400;
    QTest::newRow("HTTP/2.0 is not supported") << QByteArrayLiteral("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("HTTP/0.9 is not supported") << QByteArrayLiteral("GET / HTTP/0.9\r\n\r\n") << 505;
    QTest::newRow("relative target") << requestWithTarget(QByteArrayLiteral("a.txt")) << 400;
    QTest::newRow("asterisk-form target") << QByteArrayLiteral("OPTIONS * HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("percent sign at the end") << requestWithTarget(QByteArrayLiteral("/a%")) << 400;
    QTest::newRow("percent with one hex digit at the end") << requestWithTarget(QByteArrayLiteral("/a%2")) << 400;
    QTest::newRow("percent with non-hex digits") << requestWithTarget(QByteArrayLiteral("/a%zz.txt")) << 400;
    QTest::newRow("percent with one non-hex digit") << requestWithTarget(QByteArrayLiteral("/a%2g")) << 400;
    QTest::newRow("invalid UTF-8 after decoding: lone 0xFF") << requestWithTarget(QByteArrayLiteral("/%FF")) << 400;
    QTest::newRow("invalid UTF-8 after decoding: GBK bytes")
            << requestWithTarget(QByteArrayLiteral("/%D6%D0%CE%C4.txt")) << 400;
    QTest::newRow("invalid UTF-8 after decoding: truncated sequence")
            << requestWithTarget(QByteArrayLiteral("/%E4%B8")) << 400;
    QTest::newRow("invalid UTF-8 after decoding: overlong slash")
            << requestWithTarget(QByteArrayLiteral("/%C0%AF")) << 400;
    QTest::newRow("invalid UTF-8 after decoding: encoded surrogate")
            << requestWithTarget(QByteArrayLiteral("/%ED%A0%80")) << 400;
    QTest::newRow("invalid raw UTF-8 in the target") << requestWithTarget(QByteArrayLiteral("/\xD6\xD0")) << 400;
    QTest::newRow("target over 8 KiB") << requestWithTarget(QByteArrayLiteral("/") + QByteArray(8 * 1024, 'a')) << 414;
    QTest::newRow("head over 16 KiB") << requestOfSize(HttpLimits::MaxHeadBytes + 1) << 431;
    QTest::newRow("more than 100 header fields") << requestWithHeaders(HttpLimits::MaxHeaderCount + 1) << 431;
    QTest::newRow("header without colon") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400;
    QTest::newRow("header with space before colon") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("header with empty name") << QByteArrayLiteral("GET / HTTP/1.1\r\n: x\r\n\r\n") << 400;
    QTest::newRow("obsolete line folding")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nX-A: 1\r\n  continued\r\n\r\n") << 400;
    QTest::newRow("folded line that looks like a header")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nX-A: 1\r\n\tX-B: 2\r\n\r\n") << 400;
    QTest::newRow("control character in a header value")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nX-A: a\x01z\r\n\r\n") << 400;
    QTest::newRow("DEL in a header value") << QByteArrayLiteral("GET / HTTP/1.1\r\nX-A: a\x7Fz\r\n\r\n") << 400;
}

void TestHttpRequest::rejectsBadRequest()
{
    QFETCH(QByteArray, head);
    QFETCH(int, status);

    const auto parsed = parseHttpRequest(head);
    QVERIFY2(std::holds_alternative<int>(parsed), "request was accepted");
    QCOMPARE(std::get<int>(parsed), status);
}

void TestHttpRequest::headerLookup_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("simple field") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: example\r\n\r\n")
                                  << QByteArrayLiteral("host") << QByteArrayLiteral("example");
    QTest::newRow("name is case-insensitive (stored lower-case)")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nRANGE: bytes=0-9\r\n\r\n") << QByteArrayLiteral("range")
            << QByteArrayLiteral("bytes=0-9");
    QTest::newRow("value trimmed of surrounding whitespace")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nAccept: \t application/json \t\r\n\r\n")
            << QByteArrayLiteral("accept") << QByteArrayLiteral("application/json");
    QTest::newRow("value keeps inner whitespace") << QByteArrayLiteral("GET / HTTP/1.1\r\nUser-Agent: a  b\tc\r\n\r\n")
                                                  << QByteArrayLiteral("user-agent") << QByteArrayLiteral("a  b\tc");
    QTest::newRow("value may contain a colon") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: [::1]:8888\r\n\r\n")
                                               << QByteArrayLiteral("host") << QByteArrayLiteral("[::1]:8888");
    QTest::newRow("value may carry obs-text bytes")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nX-Name: \xE4\xB8\xAD\r\n\r\n") << QByteArrayLiteral("x-name")
            << QByteArrayLiteral("\xE4\xB8\xAD");
    QTest::newRow("empty value") << QByteArrayLiteral("GET / HTTP/1.1\r\nX-Empty:\r\n\r\n")
                                 << QByteArrayLiteral("x-empty") << QByteArray();
    QTest::newRow("first of duplicate fields") << QByteArrayLiteral("GET / HTTP/1.1\r\nX-A: one\r\nX-A: two\r\n\r\n")
                                               << QByteArrayLiteral("x-a") << QByteArrayLiteral("one");
    QTest::newRow("absent field is empty")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArrayLiteral("range") << QByteArray();
    QTest::newRow("lookup by mixed-case name finds nothing")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArrayLiteral("Host") << QByteArray();
    QTest::newRow("bare LF header lines") << QByteArrayLiteral("GET / HTTP/1.1\nHost: x\nRange: bytes=5-\n\n")
                                          << QByteArrayLiteral("range") << QByteArrayLiteral("bytes=5-");
}

void TestHttpRequest::headerLookup()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);

    bool ok = false;
    const HttpRequest request = parseOrFail(head, ok);
    QVERIFY(ok);
    QCOMPARE(request.header(name), value);
}

void TestHttpRequest::keepAlive_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("HTTP/1.1 keeps alive by default") << QByteArrayLiteral("GET / HTTP/1.1\r\n\r\n") << true;
    QTest::newRow("HTTP/1.1 with Connection: close")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") << false;
    QTest::newRow("HTTP/1.1 with Connection: Close (case-insensitive)")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n") << false;
    QTest::newRow("HTTP/1.1 with close among other tokens")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nConnection: TE, close\r\n\r\n") << false;
    QTest::newRow("HTTP/1.1 with Connection: keep-alive")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0 closes by default") << QByteArrayLiteral("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("HTTP/1.0 with Connection: keep-alive")
            << QByteArrayLiteral("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0 with Connection: Keep-Alive (case-insensitive)")
            << QByteArrayLiteral("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << true;
    QTest::newRow("HTTP/1.0 with Connection: close")
            << QByteArrayLiteral("GET / HTTP/1.0\r\nConnection: close\r\n\r\n") << false;
    QTest::newRow("HTTP/1.0 with a Keep-Alive header but no Connection")
            << QByteArrayLiteral("GET / HTTP/1.0\r\nKeep-Alive: timeout=5\r\n\r\n") << false;
}

void TestHttpRequest::keepAlive()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, keepAlive);

    bool ok = false;
    const HttpRequest request = parseOrFail(head, ok);
    QVERIFY(ok);
    QCOMPARE(request.wantsKeepAlive(), keepAlive);
}

void TestHttpRequest::findHeadEnd_data()
{
    QTest::addColumn<QByteArray>("buffer");
    QTest::addColumn<qsizetype>("end");

    QTest::newRow("empty buffer") << QByteArray() << qsizetype(-1);
    QTest::newRow("request line only, no blank line") << QByteArrayLiteral("GET / HTTP/1.1\r\n") << qsizetype(-1);
    QTest::newRow("headers without the blank line")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n") << qsizetype(-1);
    QTest::newRow("blank line cut after CR") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n\r") << qsizetype(-1);
    QTest::newRow("CRLF head") << QByteArrayLiteral("GET / HTTP/1.1\r\n\r\n") << qsizetype(18);
    QTest::newRow("CRLF head with a header") << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << qsizetype(27);
    QTest::newRow("bare LF head") << QByteArrayLiteral("GET / HTTP/1.1\n\n") << qsizetype(16);
    QTest::newRow("bare LF line, CRLF blank line")
            << QByteArrayLiteral("GET / HTTP/1.1\nHost: x\n\r\n") << qsizetype(25);
    QTest::newRow("CRLF line, bare LF blank line")
            << QByteArrayLiteral("GET / HTTP/1.1\r\nHost: x\r\n\n") << qsizetype(26);
    QTest::newRow("pipelined second request is not part of the head")
            << QByteArrayLiteral("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n") << qsizetype(19);
    QTest::newRow("LF head followed by a CRLF head")
            << QByteArrayLiteral("GET /a HTTP/1.1\n\nGET /b HTTP/1.1\r\n\r\n") << qsizetype(17);
}

void TestHttpRequest::findHeadEnd()
{
    QFETCH(QByteArray, buffer);
    QFETCH(qsizetype, end);

    QCOMPARE(::findHeadEnd(buffer), end);
}

void TestHttpRequest::bodyRefusal_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("fields");
    QTest::addColumn<int>("refusal");

    QTest::newRow("no body") << QByteArray("GET") << QByteArray() << 0;
    QTest::newRow("length zero") << QByteArray("GET") << QByteArray("Content-Length: 0\r\n") << 0;
    QTest::newRow("same length twice") << QByteArray("HEAD") << QByteArray("Content-Length: 0\r\nContent-Length: 0\r\n")
                                       << 0;
    QTest::newRow("GET with a body") << QByteArray("GET") << QByteArray("Content-Length: 32\r\n") << 400;
    QTest::newRow("HEAD with a body") << QByteArray("HEAD") << QByteArray("Content-Length: 1\r\n") << 400;
    QTest::newRow("POST with a body") << QByteArray("POST") << QByteArray("Content-Length: 3\r\n") << 405;
    QTest::newRow("two lengths") << QByteArray("GET") << QByteArray("Content-Length: 3\r\nContent-Length: 4\r\n")
                                 << 400;
    QTest::newRow("length with a sign") << QByteArray("GET") << QByteArray("Content-Length: +3\r\n") << 400;
    QTest::newRow("negative length") << QByteArray("GET") << QByteArray("Content-Length: -1\r\n") << 400;
    QTest::newRow("length list") << QByteArray("GET") << QByteArray("Content-Length: 3, 3\r\n") << 400;
    QTest::newRow("huge length") << QByteArray("GET") << QByteArray("Content-Length: 99999999999999999999\r\n") << 400;
    QTest::newRow("chunked") << QByteArray("GET") << QByteArray("Transfer-Encoding: chunked\r\n") << 501;
    QTest::newRow("chunked POST") << QByteArray("POST") << QByteArray("Transfer-Encoding: chunked\r\n") << 501;
    QTest::newRow("length and coding") << QByteArray("GET")
                                       << QByteArray("Content-Length: 0\r\nTransfer-Encoding: chunked\r\n") << 400;
    QTest::newRow("empty coding") << QByteArray("GET") << QByteArray("Transfer-Encoding: \r\n") << 501;
}

// A request must mean one thing: what its head frames as a body is never
// read as the next request (RFC 9112 section 6.3; request smuggling).
void TestHttpRequest::bodyRefusal()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, fields);
    QFETCH(int, refusal);
    const QByteArray head = method + " /a.txt HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n";
    const auto parsed = parseHttpRequest(head);
    QVERIFY(std::holds_alternative<HttpRequest>(parsed));
    QCOMPARE(std::get<HttpRequest>(parsed).bodyRefusal(), refusal);
}

QTEST_GUILESS_MAIN(TestHttpRequest)
#include "tst_httprequest.moc"
