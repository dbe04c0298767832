#include "rawclient.h"
#include "server/httpresponder.h"
#include "share/digestcache.h"
#include "share/shareroot.h"
#include "wire/httpdate.h"
#include "wire/httprequest.h"
#include "wire/httpresponse.h"
#include "wire/httpresponsehead.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimeZone>
#include <QUrl>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

// Every file of the share has this modification time, so dates are known.
const QDateTime FileTime = QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), QTimeZone::utc());

QByteArray dataBytes()
{
    QByteArray bytes(10000, Qt::Uninitialized);
    for (qsizetype i = 0; i < bytes.size(); ++i)
        bytes[i] = char((i * 7 + i / 256) & 0xFF);
    return bytes;
}

QByteArray encodedPath(const QString &path)
{
    return QUrl::toPercentEncoding(path, "/");
}

// What a test sees of a reply: the parsed head and what would be sent.
struct Answer
{
    HttpResponseHead head;
    QByteArray body; // the generated body (errors, listings)
    QByteArray content; // the file range the reply streams
    HttpReply reply;
};

} // namespace

class TestHttpResponder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void fileHeaders_data();
    void fileHeaders();
    void headSendsNoBody();
    void statusCodes_data();
    void statusCodes();
    void ranges_data();
    void ranges();
    void conditionalRequests_data();
    void conditionalRequests();
    void folderRedirect_data();
    void folderRedirect();
    void listingJson_data();
    void listingJson();
    void listingHtml();
    void entityTagIdentifiesOneVersion();
    void contentDisposition_data();
    void contentDisposition();
    void errorAlwaysCloses_data();
    void errorAlwaysCloses();
    void contentTypeByName_data();
    void contentTypeByName();
    void dates();

private:
    bool ask(const QByteArray &requestHead, Answer &answer);
    void writeFile(const QString &relativePath, const QByteArray &content);

    QTemporaryDir m_dir;
    QString m_share;
    std::unique_ptr<ShareRoot> m_root;
    DigestCache m_digests;
    QByteArray m_data;
    QByteArray m_etag; // of data.bin
    QByteArray m_lastModified; // of every file
};

void TestHttpResponder::contentTypeByName_data()
{
    // Asked in this order, so that a cache keyed too loosely would answer
    // a later name with an earlier one's type.
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("type");
    QTest::newRow("text") << u"a.txt"_s << QByteArray("text/plain; charset=utf-8");
    QTest::newRow("same suffix, other case") << u"B.TXT"_s << QByteArray("text/plain; charset=utf-8");
    QTest::newRow("png") << u"photo.png"_s << QByteArray("image/png");
    QTest::newRow("double suffix") << u"backup.tar.gz"_s << QByteArray("application/x-compressed-tar");
    QTest::newRow("single gz") << u"notes.gz"_s << QByteArray("application/gzip");
    QTest::newRow("Makefile") << u"Makefile"_s << QByteArray("text/x-makefile; charset=utf-8");
    QTest::newRow("dotless other name") << u"LICENSE"_s << QByteArray("application/octet-stream");
}

void TestHttpResponder::contentTypeByName()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, type);
    writeFile(name, "x");
    Answer answer;
    QVERIFY(ask(httpRequest(encodedPath(u'/' + name)), answer));
    QCOMPARE(answer.head.header("content-type"), type);
}

void TestHttpResponder::dates()
{
    // The RFC 9110 example, and the Date field of a live reply.
    QCOMPARE(HttpDate::format(QDateTime(QDate(1994, 11, 6), QTime(8, 49, 37), QTimeZone::utc())),
             QByteArray("Sun, 06 Nov 1994 08:49:37 GMT"));
    QCOMPARE(HttpDate::parse("Sun, 06 Nov 1994 08:49:37 GMT"),
             QDateTime(QDate(1994, 11, 6), QTime(8, 49, 37), QTimeZone::utc()));
    QVERIFY(!HttpDate::parse("Sunday, 06-Nov-94 08:49:37 GMT").isValid());
    Answer answer;
    QVERIFY(ask(httpRequest("/data.bin"), answer));
    const QDateTime date = HttpDate::parse(answer.head.header("date"));
    QVERIFY(date.isValid());
    QVERIFY(qAbs(date.secsTo(QDateTime::currentDateTimeUtc())) <= 2);
    QCOMPARE(answer.head.header("last-modified"), m_lastModified);
}

void TestHttpResponder::writeFile(const QString &relativePath, const QByteArray &content)
{
    QFile file(m_share + u'/' + relativePath);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.fileName()));
    QCOMPARE(file.write(content), content.size());
    QVERIFY(file.flush());
    QVERIFY(file.setFileTime(FileTime, QFileDevice::FileModificationTime));
}

bool TestHttpResponder::ask(const QByteArray &requestHead, Answer &answer)
{
    const auto parsed = parseHttpRequest(requestHead);
    if (!std::holds_alternative<HttpRequest>(parsed)) {
        qWarning("request not parsed: status %d", std::get<int>(parsed));
        return false;
    }
    // mayWait false: never answered "wait for a digest".
    answer.reply = HttpResponder::respond(std::get<HttpRequest>(parsed), *m_root, m_digests, false);
    const std::optional<HttpResponseHead> parsedHead = HttpResponseHead::parse(answer.reply.head);
    if (!parsedHead || !answer.reply.head.endsWith("\r\n\r\n")) {
        qWarning("malformed reply head: %s", answer.reply.head.constData());
        return false;
    }
    answer.head = *parsedHead;
    answer.body = answer.reply.body;
    if (answer.reply.listing)
        answer.body += answer.reply.listing->joined();
    answer.content.clear();
    if (answer.reply.file) {
        answer.content = answer.reply.file.readAt(answer.reply.offset, answer.reply.length);
        if (answer.content.size() != answer.reply.length)
            return false;
    }
    return true;
}

void TestHttpResponder::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_share = m_dir.filePath(u"share"_s);
    const QString outside = m_dir.filePath(u"outside"_s);
    for (const QString &folder : {u"sub"_s, u"中文目录"_s, u"my dir"_s, u"q?#dir"_s, u".hiddendir"_s})
        QVERIFY(QDir().mkpath(m_share + u'/' + folder));
    QVERIFY(QDir().mkpath(outside));

    m_data = dataBytes();
    writeFile(u"data.bin"_s, m_data);
    writeFile(u"hello.txt"_s, "hello world\n");
    writeFile(u"empty.txt"_s, {});
    writeFile(u"文件.txt"_s, "chinese\n");
    writeFile(u"a&b <c>.txt"_s, "markup\n");
    writeFile(u"quote\"s 'x'.txt"_s, "quotes\n");
    writeFile(u".hidden"_s, "hidden\n");
    writeFile(u"sub/inner.txt"_s, "inner\n");
    writeFile(u"中文目录/里面.txt"_s, "inside\n");

    QFile secret(outside + u"/secret.txt"_s);
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("secret\n");
    secret.close();
    QVERIFY(QFile::link(secret.fileName(), m_share + u"/link-out"_s));
    QVERIFY(QFile::link(outside, m_share + u"/dirlink-out"_s));
    QVERIFY(QFile::link(m_share + u"/hello.txt"_s, m_share + u"/link-in"_s));
    QVERIFY(QFile::link(m_share + u"/nowhere"_s, m_share + u"/dangling"_s));
    QCOMPARE(::mkfifo(QFile::encodeName(m_share + u"/fifo"_s).constData(), 0600), 0);

    m_root = std::make_unique<ShareRoot>(m_share);
    QVERIFY(m_root->isValid());

    Answer answer;
    QVERIFY(ask(httpRequest("/data.bin"), answer));
    QCOMPARE(answer.head.status, 200);
    m_etag = answer.head.header("etag");
    m_lastModified = answer.head.header("last-modified");
    QCOMPARE(m_lastModified, QByteArray("Tue, 02 Jan 2024 03:04:05 GMT"));
    QVERIFY(m_etag.startsWith('"') && m_etag.endsWith('"') && m_etag.size() > 2);
}

void TestHttpResponder::cleanupTestCase()
{
    // Digests may still be computing in the background.
    QThreadPool::globalInstance()->waitForDone();
}

void TestHttpResponder::fileHeaders_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("disposition");

    QTest::newRow("text file") << u"hello.txt"_s << QByteArray("text/plain; charset=utf-8")
                               << QByteArray("inline; filename=\"hello.txt\"; filename*=UTF-8''hello.txt");
    QTest::newRow("binary file") << u"data.bin"_s << QByteArray("application/octet-stream")
                                 << QByteArray("inline; filename=\"data.bin\"; filename*=UTF-8''data.bin");
    QTest::newRow("chinese name") << u"文件.txt"_s << QByteArray("text/plain; charset=utf-8")
                                  << QByteArray(
                                             "inline; filename=\"文件.txt\"; filename*=UTF-8''%E6%96%87%E4%BB%B6.txt");
    QTest::newRow("quotes in the name")
            << u"quote\"s 'x'.txt"_s << QByteArray("text/plain; charset=utf-8")
            << QByteArray("inline; filename=\"quote_s 'x'.txt\"; filename*=UTF-8''quote%22s%20%27x%27.txt");
    QTest::newRow("file in a chinese folder")
            << u"中文目录/里面.txt"_s << QByteArray("text/plain; charset=utf-8")
            << QByteArray("inline; filename=\"里面.txt\"; filename*=UTF-8''%E9%87%8C%E9%9D%A2.txt");
    QTest::newRow("symlink inside the share") << u"link-in"_s << QByteArray("application/octet-stream")
                                              << QByteArray("inline; filename=\"link-in\"; filename*=UTF-8''link-in");
}

void TestHttpResponder::fileHeaders()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, disposition);

    QFile local(m_share + u'/' + name);
    QVERIFY(local.open(QIODevice::ReadOnly));
    const QByteArray expected = local.readAll();

    Answer answer;
    QVERIFY(ask(httpRequest(encodedPath(u'/' + name)), answer));
    QCOMPARE(answer.head.status, 200);
    QCOMPARE(answer.head.header("accept-ranges"), QByteArray("bytes"));
    QCOMPARE(answer.head.header("content-type"), contentType);
    QCOMPARE(answer.head.header("content-disposition"), disposition);
    QCOMPARE(answer.head.contentLength(), std::optional<qint64>(expected.size()));
    QCOMPARE(answer.head.header("last-modified"), m_lastModified);
    QVERIFY(HttpDate::parse(answer.head.header("date")).isValid());
    QVERIFY(answer.head.header("etag").startsWith('"'));
    QVERIFY(answer.head.header("content-range").isEmpty());
    QCOMPARE(answer.head.header("connection"), QByteArray("keep-alive"));
    QVERIFY(answer.reply.keepAlive);
    QVERIFY(answer.body.isEmpty());
    QCOMPARE(answer.reply.offset, 0);
    QCOMPARE(answer.reply.length, expected.size());
    QCOMPARE(answer.content, expected);
}

void TestHttpResponder::headSendsNoBody()
{
    Answer answer;
    QVERIFY(ask(httpRequest("/data.bin", {}, "HEAD"), answer));
    QCOMPARE(answer.head.status, 200);
    QCOMPARE(answer.head.contentLength(), std::optional<qint64>(m_data.size()));
    QCOMPARE(answer.head.header("etag"), m_etag);
    QCOMPARE(answer.reply.length, 0);
    QVERIFY(answer.body.isEmpty());

    QVERIFY(ask(httpRequest("/data.bin", "Range: bytes=100-199\r\n", "HEAD"), answer));
    QCOMPARE(answer.head.status, 206);
    QCOMPARE(answer.head.contentLength(), std::optional<qint64>(100));
    QCOMPARE(answer.head.header("content-range"), QByteArray("bytes 100-199/10000"));
    QCOMPARE(answer.reply.length, 0);

    QVERIFY(ask(httpRequest("/missing", {}, "HEAD"), answer));
    QCOMPARE(answer.head.status, 404);
    QVERIFY(answer.head.contentLength().value_or(0) > 0);
    QVERIFY(answer.body.isEmpty());

    QVERIFY(ask(httpRequest("/", {}, "HEAD"), answer));
    QCOMPARE(answer.head.status, 200);
    QVERIFY(answer.head.contentLength().value_or(0) > 0);
    QVERIFY(answer.body.isEmpty());
}

void TestHttpResponder::statusCodes_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("file") << httpRequest("/hello.txt") << 200 << true;
    QTest::newRow("empty file") << httpRequest("/empty.txt") << 200 << true;
    QTest::newRow("missing") << httpRequest("/missing.txt") << 404 << true;
    QTest::newRow("missing in a missing folder") << httpRequest("/nope/missing.txt") << 404 << true;
    QTest::newRow("dot-dot") << httpRequest("/../outside/secret.txt") << 403 << true;
    QTest::newRow("encoded dot-dot") << httpRequest("/%2e%2e/outside/secret.txt") << 403 << true;
    QTest::newRow("dot-dot inside the share is fine") << httpRequest("/sub/../hello.txt") << 200 << true;
    QTest::newRow("symlink pointing outside") << httpRequest("/link-out") << 403 << true;
    QTest::newRow("file through a folder symlink pointing outside")
            << httpRequest("/dirlink-out/secret.txt") << 403 << true;
    QTest::newRow("folder symlink pointing outside") << httpRequest("/dirlink-out/") << 403 << true;
    QTest::newRow("dangling symlink") << httpRequest("/dangling") << 404 << true;
    QTest::newRow("fifo") << httpRequest("/fifo") << 403 << true;
    QTest::newRow("file with a trailing slash") << httpRequest("/hello.txt/") << 404 << true;
    QTest::newRow("file with a trailing slash, HEAD") << httpRequest("/hello.txt/", {}, "HEAD") << 404 << true;
    QTest::newRow("POST") << httpRequest("/hello.txt", "Content-Length: 3\r\n", "POST") << 405 << false;
    QTest::newRow("PUT") << httpRequest("/hello.txt", {}, "PUT") << 405 << false;
    QTest::newRow("OPTIONS") << httpRequest("/", {}, "OPTIONS") << 405 << false;
    QTest::newRow("lowercase get is another method") << httpRequest("/hello.txt", {}, "get") << 405 << false;
    QTest::newRow("HTTP/1.1 Connection: close") << httpRequest("/hello.txt", "Connection: close\r\n") << 200 << false;
    QTest::newRow("HTTP/1.1 Connection: Close") << httpRequest("/hello.txt", "Connection: Close\r\n") << 200 << false;
    QTest::newRow("HTTP/1.0 without keep-alive") << httpRequest("/hello.txt", {}, "GET", "HTTP/1.0") << 200 << false;
    QTest::newRow("HTTP/1.0 with keep-alive")
            << httpRequest("/hello.txt", "Connection: keep-alive\r\n", "GET", "HTTP/1.0") << 200 << true;
    QTest::newRow("HTTP/1.0 error without keep-alive")
            << httpRequest("/missing", {}, "GET", "HTTP/1.0") << 404 << false;
    QTest::newRow("HTTP/1.0 listing without keep-alive") << httpRequest("/", {}, "GET", "HTTP/1.0") << 200 << false;
}

void TestHttpResponder::statusCodes()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(bool, keepAlive);

    Answer answer;
    QVERIFY(ask(request, answer));
    QCOMPARE(answer.head.status, status);
    QCOMPARE(answer.reply.keepAlive, keepAlive);
    QCOMPARE(answer.head.header("connection"), keepAlive ? QByteArray("keep-alive") : QByteArray("close"));
    const bool headOnly = request.startsWith("HEAD ");
    if (status >= 400) {
        QVERIFY(!answer.reply.file);
        QCOMPARE(answer.head.header("content-type"), QByteArray("text/plain; charset=utf-8"));
        const QByteArray body = QByteArray::number(status) + ' ' + HttpResponse::reasonPhrase(status) + '\n';
        QCOMPARE(answer.head.contentLength(), std::optional<qint64>(body.size()));
        if (!headOnly)
            QCOMPARE(answer.body, body);
    }
    if (status == 405) {
        QCOMPARE(answer.head.header("allow"), QByteArray("GET, HEAD"));
    } else {
        QVERIFY(answer.head.header("allow").isEmpty());
    }
}

void TestHttpResponder::ranges_data()
{
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("first"); // of the bytes sent
    QTest::addColumn<qint64>("length");

    const QByteArray etag = m_etag;
    const QByteArray date = m_lastModified;
    const QByteArray older = HttpDate::format(FileTime.addSecs(-3600));
    const QByteArray newer = HttpDate::format(FileTime.addSecs(1));

    QTest::newRow("no Range") << QByteArray() << 200 << qint64(0) << qint64(10000);
    QTest::newRow("A-B") << QByteArray("Range: bytes=0-99\r\n") << 206 << qint64(0) << qint64(100);
    QTest::newRow("A-") << QByteArray("Range: bytes=1000-\r\n") << 206 << qint64(1000) << qint64(9000);
    QTest::newRow("-N") << QByteArray("Range: bytes=-500\r\n") << 206 << qint64(9500) << qint64(500);
    QTest::newRow("A-B past the end") << QByteArray("Range: bytes=9990-20000\r\n") << 206 << qint64(9990) << qint64(10);
    QTest::newRow("first byte past the end") << QByteArray("Range: bytes=10000-\r\n") << 416 << qint64(0) << qint64(0);
    QTest::newRow("-0") << QByteArray("Range: bytes=-0\r\n") << 416 << qint64(0) << qint64(0);
    QTest::newRow("multiple ranges: whole file")
            << QByteArray("Range: bytes=0-1,5-6\r\n") << 200 << qint64(0) << qint64(10000);
    QTest::newRow("B < A: ignored") << QByteArray("Range: bytes=5-4\r\n") << 200 << qint64(0) << qint64(10000);
    QTest::newRow("unknown unit: ignored") << QByteArray("Range: items=0-4\r\n") << 200 << qint64(0) << qint64(10000);
    QTest::newRow("40-digit end") << QByteArray("Range: bytes=10-" + QByteArray(40, '9') + "\r\n") << 206 << qint64(10)
                                  << qint64(9990);

    QTest::newRow("If-Range current ETag")
            << QByteArray("Range: bytes=1000-\r\nIf-Range: " + etag + "\r\n") << 206 << qint64(1000) << qint64(9000);
    QTest::newRow("If-Range another ETag")
            << QByteArray("Range: bytes=1000-\r\nIf-Range: \"other\"\r\n") << 200 << qint64(0) << qint64(10000);
    QTest::newRow("If-Range weak form of the current ETag")
            << QByteArray("Range: bytes=1000-\r\nIf-Range: W/" + etag + "\r\n") << 200 << qint64(0) << qint64(10000);
    // A date is strong only a second after the file last changed: another
    // version written within the same second has the same Last-Modified.
    QTest::newRow("If-Range exact Last-Modified: weak, the whole file")
            << QByteArray("Range: bytes=1000-\r\nIf-Range: " + date + "\r\n") << 200 << qint64(0) << qint64(10000);
    QTest::newRow("If-Range older date") << QByteArray("Range: bytes=1000-\r\nIf-Range: " + older + "\r\n") << 200
                                         << qint64(0) << qint64(10000);
    QTest::newRow("If-Range a second after the change")
            << QByteArray("Range: bytes=1000-\r\nIf-Range: " + newer + "\r\n") << 206 << qint64(1000) << qint64(9000);
    QTest::newRow("If-Range garbage") << QByteArray("Range: bytes=1000-\r\nIf-Range: yesterday\r\n") << 200 << qint64(0)
                                      << qint64(10000);
    QTest::newRow("If-Range without Range")
            << QByteArray("If-Range: " + etag + "\r\n") << 200 << qint64(0) << qint64(10000);
    QTest::newRow("If-Range current ETag, unsatisfiable")
            << QByteArray("Range: bytes=20000-\r\nIf-Range: " + etag + "\r\n") << 416 << qint64(0) << qint64(0);
    QTest::newRow("If-Range another ETag, unsatisfiable: whole")
            << QByteArray("Range: bytes=20000-\r\nIf-Range: \"other\"\r\n") << 200 << qint64(0) << qint64(10000);
}

void TestHttpResponder::ranges()
{
    QFETCH(QByteArray, extra);
    QFETCH(int, status);
    QFETCH(qint64, first);
    QFETCH(qint64, length);

    Answer answer;
    QVERIFY(ask(httpRequest("/data.bin", extra), answer));
    QCOMPARE(answer.head.status, status);
    QCOMPARE(answer.head.header("etag"), m_etag);
    QCOMPARE(answer.head.header("last-modified"), m_lastModified);
    if (status == 416) {
        QCOMPARE(answer.head.header("content-range"), QByteArray("bytes */10000"));
        QVERIFY(!answer.reply.file);
        QVERIFY(!answer.body.isEmpty());
        QCOMPARE(answer.head.contentLength(), std::optional<qint64>(answer.body.size()));
        return;
    }
    QCOMPARE(answer.head.header("accept-ranges"), QByteArray("bytes"));
    QCOMPARE(answer.head.contentLength(), std::optional<qint64>(length));
    if (status == 206) {
        const auto range = answer.head.contentRange();
        QVERIFY(range);
        QCOMPARE(range->first, first);
        QCOMPARE(range->last, first + length - 1);
        QCOMPARE(range->total, m_data.size());
    } else {
        QVERIFY(answer.head.header("content-range").isEmpty());
    }
    QCOMPARE(answer.reply.offset, first);
    QCOMPARE(answer.reply.length, length);
    QCOMPARE(answer.content, m_data.mid(first, length));
}

void TestHttpResponder::conditionalRequests_data()
{
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");

    const QByteArray etag = m_etag;
    const QByteArray now = HttpDate::format(QDateTime::currentDateTimeUtc());
    const QByteArray older = HttpDate::format(FileTime.addSecs(-1));

    QTest::newRow("If-None-Match current tag")
            << QByteArray("If-None-Match: " + etag + "\r\n") << QByteArray("GET") << 304;
    QTest::newRow("If-None-Match weak form")
            << QByteArray("If-None-Match: W/" + etag + "\r\n") << QByteArray("GET") << 304;
    QTest::newRow("If-None-Match *") << QByteArray("If-None-Match: *\r\n") << QByteArray("GET") << 304;
    QTest::newRow("If-None-Match list") << QByteArray("If-None-Match: \"a\", W/\"b\"," + etag + " , \"c\"\r\n")
                                        << QByteArray("GET") << 304;
    QTest::newRow("If-None-Match current tag, HEAD")
            << QByteArray("If-None-Match: " + etag + "\r\n") << QByteArray("HEAD") << 304;
    QTest::newRow("If-None-Match current tag beats Range")
            << QByteArray("If-None-Match: " + etag + "\r\nRange: bytes=0-5\r\n") << QByteArray("GET") << 304;
    QTest::newRow("If-None-Match another tag")
            << QByteArray("If-None-Match: \"other\"\r\n") << QByteArray("GET") << 200;
    QTest::newRow("If-None-Match list of other tags")
            << QByteArray("If-None-Match: \"a\", \"b\"\r\n") << QByteArray("GET") << 200;
    QTest::newRow("If-None-Match tag without quotes")
            << QByteArray("If-None-Match: " + etag.mid(1, etag.size() - 2) + "\r\n") << QByteArray("GET") << 200;
    QTest::newRow("If-None-Match another tag wins over If-Modified-Since")
            << QByteArray("If-None-Match: \"other\"\r\nIf-Modified-Since: " + now + "\r\n") << QByteArray("GET") << 200;
    QTest::newRow("If-Modified-Since now")
            << QByteArray("If-Modified-Since: " + now + "\r\n") << QByteArray("GET") << 304;
    QTest::newRow("If-Modified-Since the Last-Modified date")
            << QByteArray("If-Modified-Since: " + m_lastModified + "\r\n") << QByteArray("GET") << 304;
    QTest::newRow("If-Modified-Since older")
            << QByteArray("If-Modified-Since: " + older + "\r\n") << QByteArray("GET") << 200;
    QTest::newRow("If-Modified-Since garbage") << QByteArray("If-Modified-Since: soon\r\n") << QByteArray("GET") << 200;
}

void TestHttpResponder::conditionalRequests()
{
    QFETCH(QByteArray, extra);
    QFETCH(QByteArray, method);
    QFETCH(int, status);

    Answer answer;
    QVERIFY(ask(httpRequest("/data.bin", extra, method), answer));
    QCOMPARE(answer.head.status, status);
    QCOMPARE(answer.head.header("etag"), m_etag);
    QCOMPARE(answer.head.header("last-modified"), m_lastModified);
    if (status == 304) {
        QVERIFY(answer.body.isEmpty());
        QVERIFY(!answer.reply.file);
        QCOMPARE(answer.reply.length, 0);
        QVERIFY(answer.head.header("content-range").isEmpty());
        QVERIFY(answer.reply.keepAlive);
    } else {
        QCOMPARE(answer.content.size(), method == "HEAD" ? 0 : m_data.size());
    }
}

void TestHttpResponder::folderRedirect_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("location");

    QTest::newRow("ascii folder") << httpRequest("/sub") << QByteArray("/sub/");
    QTest::newRow("ascii folder, HEAD") << httpRequest("/sub", {}, "HEAD") << QByteArray("/sub/");
    QTest::newRow("chinese folder") << httpRequest(encodedPath(u"/中文目录"_s))
                                    << QByteArray("/%E4%B8%AD%E6%96%87%E7%9B%AE%E5%BD%95/");
    QTest::newRow("folder with a space") << httpRequest("/my%20dir") << QByteArray("/my%20dir/");
    QTest::newRow("folder with ? and #") << httpRequest("/q%3F%23dir") << QByteArray("/q%3F%23dir/");
    QTest::newRow("folder reached through dot-dot") << httpRequest("/sub/../sub") << QByteArray("/sub/");
    QTest::newRow("query is dropped") << httpRequest("/sub?format=json") << QByteArray("/sub/");
}

void TestHttpResponder::folderRedirect()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, location);

    Answer answer;
    QVERIFY(ask(request, answer));
    QCOMPARE(answer.head.status, 301);
    QCOMPARE(answer.head.header("location"), location);
    QCOMPARE(answer.head.contentLength(), std::optional<qint64>(0));
    QVERIFY(answer.body.isEmpty());
    QVERIFY(!answer.reply.file);
    QVERIFY(answer.reply.keepAlive);
}

void TestHttpResponder::listingJson_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("names"); // in order, folders with a trailing '/'

    const QStringList top{u"my dir/"_s,     u"q?#dir/"_s,          u"sub/"_s,      u"中文目录/"_s,
                          u"a&b <c>.txt"_s, u"data.bin"_s,         u"empty.txt"_s, u"hello.txt"_s,
                          u"link-in"_s,     u"quote\"s 'x'.txt"_s, u"文件.txt"_s};
    QTest::newRow("Accept: application/json") << httpRequest("/", "Accept: application/json\r\n") << u"/"_s << top;
    QTest::newRow("Accept list with JSON")
            << httpRequest("/", "Accept: text/html;q=0.5, application/json\r\n") << u"/"_s << top;
    QTest::newRow("?format=json") << httpRequest("/?format=json") << u"/"_s << top;
    QTest::newRow("?x=1&format=json") << httpRequest("/?x=1&format=json") << u"/"_s << top;
    QTest::newRow("subfolder") << httpRequest("/sub/", "Accept: application/json\r\n") << u"/sub/"_s
                               << QStringList{u"inner.txt"_s};
    QTest::newRow("chinese subfolder") << httpRequest(encodedPath(u"/中文目录/"_s), "Accept: application/json\r\n")
                                       << u"/中文目录/"_s << QStringList{u"里面.txt"_s};
    QTest::newRow("empty folder") << httpRequest("/my%20dir/?format=json") << u"/my dir/"_s << QStringList{};
}

void TestHttpResponder::listingJson()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, path);
    QFETCH(QStringList, names);

    Answer answer;
    QVERIFY(ask(request, answer));
    QCOMPARE(answer.head.status, 200);
    QCOMPARE(answer.head.header("content-type"), QByteArray("application/json"));
    QCOMPARE(answer.head.contentLength(), std::optional<qint64>(answer.body.size()));
    QVERIFY(!answer.reply.file);

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(answer.body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object().value(u"path"_s).toString(), path);
    QStringList listed;
    const QJsonArray entries = document.object().value(u"entries"_s).toArray();
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const bool folder = entry.value(u"directory"_s).toBool();
        const QString name = entry.value(u"name"_s).toString();
        listed.append(folder ? name + u'/' : name);
        QVERIFY(entry.value(u"size"_s).isDouble());
        QVERIFY(QDateTime::fromString(entry.value(u"modified"_s).toString(), Qt::ISODate).isValid());
        if (name == u"data.bin"_s) {
            QCOMPARE(entry.value(u"size"_s).toInteger(), m_data.size());
            QCOMPARE(QDateTime::fromString(entry.value(u"modified"_s).toString(), Qt::ISODate), FileTime);
        }
    }
    QCOMPARE(listed, names);
}

void TestHttpResponder::listingHtml()
{
    Answer answer;
    QVERIFY(ask(httpRequest("/", "Accept: text/html\r\n"), answer));
    QCOMPARE(answer.head.status, 200);
    QCOMPARE(answer.head.header("content-type"), QByteArray("text/html; charset=utf-8"));
    QCOMPARE(answer.head.contentLength(), std::optional<qint64>(answer.body.size()));
    const QString html = QString::fromUtf8(answer.body);
    QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
    QVERIFY(html.contains(u"<meta charset=\"utf-8\">"_s));
    QVERIFY2(!html.contains(u"http://"_s) && !html.contains(u"https://"_s), "no external assets");

    const QList<QPair<QString, QString>> visible{
            {u"hello.txt"_s, u"<a href=\"hello.txt\">hello.txt</a>"_s},
            {u"data.bin"_s, u"<a href=\"data.bin\">data.bin</a>"_s},
            {u"a&b <c>.txt"_s, u"<a href=\"a%26b%20%3Cc%3E.txt\">a&amp;b &lt;c&gt;.txt</a>"_s},
            {u"quotes"_s, u"<a href=\"quote%22s%20%27x%27.txt\">quote&quot;s 'x'.txt</a>"_s},
            {u"文件.txt"_s, u"<a href=\"%E6%96%87%E4%BB%B6.txt\">"_s + u"文件.txt"_s + u"</a>"_s},
            {u"中文目录"_s, u"<a href=\"%E4%B8%AD%E6%96%87%E7%9B%AE%E5%BD%95/\">"_s + u"中文目录/"_s + u"</a>"_s},
            {u"sub"_s, u"<a href=\"sub/\">sub/</a>"_s},
            {u"my dir"_s, u"<a href=\"my%20dir/\">my dir/</a>"_s},
            {u"q?#dir"_s, u"<a href=\"q%3F%23dir/\">q?#dir/</a>"_s},
    };
    for (const auto &[name, link] : visible)
        QVERIFY2(html.contains(link), qPrintable(name + u" missing: "_s + html));
    for (const QString &hidden :
         {u".hidden"_s, u".hiddendir"_s, u"link-out"_s, u"dirlink-out"_s, u"fifo"_s, u"dangling"_s})
        QVERIFY2(!html.contains(hidden), qPrintable(hidden));
    QVERIFY2(!html.contains(u"href=\"../\""_s), "the top of the share has no parent link");

    QVERIFY(ask(httpRequest(encodedPath(u"/中文目录/"_s)), answer));
    QCOMPARE(answer.head.status, 200);
    const QString sub = QString::fromUtf8(answer.body);
    QVERIFY(sub.contains(u"<a href=\"../\">"_s));
    QVERIFY(sub.contains(u"<title>Ferry: /"_s + u"中文目录"_s + u"/</title>"_s));
    QVERIFY(sub.contains(u"<a href=\"%E9%87%8C%E9%9D%A2.txt\">"_s + u"里面.txt"_s + u"</a>"_s));
}

void TestHttpResponder::entityTagIdentifiesOneVersion()
{
    const QByteArray tag = HttpResponder::entityTag(10, 1700000000123456789, 42);
    QVERIFY(tag.startsWith('"') && tag.endsWith('"'));
    QCOMPARE(tag.count('"'), 2);
    QVERIFY(!tag.startsWith("W/"));
    QVERIFY(tag != HttpResponder::entityTag(11, 1700000000123456789, 42));
    QVERIFY(tag != HttpResponder::entityTag(10, 1700000000123456790, 42));
    QVERIFY(tag != HttpResponder::entityTag(10, 1700000000123456789, 43));
    QCOMPARE(tag, HttpResponder::entityTag(10, 1700000000123456789, 42));

    struct stat st
    { };
    QCOMPARE(::stat(QFile::encodeName(m_share + u"/data.bin"_s).constData(), &st), 0);
    QCOMPARE(m_etag, HttpResponder::entityTag(st.st_size, qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
                                              st.st_ino));
}

void TestHttpResponder::contentDisposition_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << u"report.pdf"_s
                           << QByteArray("inline; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
    // In UTF-8 in both forms: curl -OJ reads only filename=.
    QTest::newRow("chinese") << u"文件.txt"_s
                             << QByteArray("inline; filename=\"文件.txt\"; filename*=UTF-8''%E6%96%87%E4%BB%B6.txt");
    QTest::newRow("quote, backslash and percent")
            << u"a\"b\\c%d.txt"_s << QByteArray("inline; filename=\"a_b_c_d.txt\"; filename*=UTF-8''a%22b%5Cc%25d.txt");
    QTest::newRow("apostrophe and semicolon")
            << u"it's;x.txt"_s << QByteArray("inline; filename=\"it's;x.txt\"; filename*=UTF-8''it%27s%3Bx.txt");
    QTest::newRow("control characters") << u"a\r\nb\t.txt"_s
                                        << QByteArray(
                                                   "inline; filename=\"a__b_.txt\"; filename*=UTF-8''a%0D%0Ab%09.txt");
    QTest::newRow("emoji") << u"😀.png"_s << QByteArray("inline; filename=\"😀.png\"; filename*=UTF-8''%F0%9F%98%80.png");
    QTest::newRow("DEL") << u"a\x7f"_s << QByteArray("inline; filename=\"a_\"; filename*=UTF-8''a%7F");
    QTest::newRow("C1 control") << u"a\u0085b"_s << QByteArray("inline; filename=\"a_b\"; filename*=UTF-8''a%C2%85b");
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) + u".txt"_s
                                    << QByteArray("inline; filename=\"?.txt\"; filename*=UTF-8''%3F.txt");
}

void TestHttpResponder::contentDisposition()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, expected);
    const QByteArray value = HttpResponder::contentDisposition(name);
    QCOMPARE(value, expected);
    for (char c : value)
        QVERIFY2(uchar(c) >= 0x20 && uchar(c) != 0x7F, "a header value without control characters");
}

void TestHttpResponder::errorAlwaysCloses_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("400") << 400;
    QTest::newRow("414") << 414;
    QTest::newRow("431") << 431;
    QTest::newRow("503") << 503;
    QTest::newRow("505") << 505;
}

void TestHttpResponder::errorAlwaysCloses()
{
    QFETCH(int, status);
    const HttpReply reply = HttpResponder::error(status);
    QVERIFY(!reply.keepAlive);
    QVERIFY(!reply.file);
    const std::optional<HttpResponseHead> head = HttpResponseHead::parse(reply.head);
    QVERIFY(head);
    QCOMPARE(head->status, status);
    QCOMPARE(head->header("connection"), QByteArray("close"));
    QVERIFY(reply.body.startsWith(QByteArray(QByteArray::number(status) + ' ')));
    QCOMPARE(head->contentLength(), std::optional<qint64>(reply.body.size()));
}

QTEST_GUILESS_MAIN(TestHttpResponder)
#include "tst_httpresponder.moc"
