// A share with an access code, over loopback: every dialect and client.
#include "client/downloadjob.h"
#include "client/listjob.h"
#include "common/accesscode.h"
#include "loopbackshare.h"
#include "rawclient.h"
#include "scriptedserver.h"
#include "server/shareserver.h"
#include "share/accessgate.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString Code = QString::fromUtf8("open sesame 芝麻");

} // namespace

class TestAccessCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void http_data();
    void http();
    void browserLoginByLinkThenFollowsListingLinks();
    void linkLoginSetsASessionNotTheCode();
    void guessingIsAnswered429();
    void legacyIsRefused_data();
    void legacyIsRefused();
    void downloadJob_data();
    void downloadJob();
    void listJob_data();
    void listJob();
    void invalidCodeIsRefusedAtStart();
    void codeNeverFollowsARedirectElsewhere();

private:
    QTemporaryDir m_share;
    QTemporaryDir m_downloads;
    ShareServer m_server;
    ShareServer m_other; // same folder and code, for the throttling test
};

void TestAccessCode::initTestCase()
{
    QVERIFY(m_share.isValid() && m_downloads.isValid());
    QVERIFY(QDir(m_share.path()).mkpath(QStringLiteral("sub")));
    for (const QString &name : {QStringLiteral("a.txt"), QStringLiteral("sub/inner.txt")}) {
        QFile file(m_share.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("secret content\n");
    }
    ShareServer::Options options = loopbackShare(m_share.path());
    options.accessCode = Code;
    options.legacyQuietPeriod = 100ms;
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
    QVERIFY(m_other.start(options));
    QCOMPARE(m_server.accessCode(), Code);
}

void TestAccessCode::http_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("setsCookie");

    const QByteArray query = AccessCode::queryItem(Code);
    const QByteArray authorization = "Authorization: " + AccessCode::basicAuthorization(Code) + "\r\n";
    QTest::newRow("no code") << httpGet("/a.txt") << 401 << false;
    QTest::newRow("no code, listing") << httpGet("/") << 401 << false;
    QTest::newRow("no code, missing file: no hint it is missing") << httpGet("/nothing") << 401 << false;
    QTest::newRow("no code, HEAD") << QByteArray("HEAD /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n") << 401 << false;
    QTest::newRow("share link") << httpGet("/a.txt?" + query) << 200 << true;
    QTest::newRow("share link to the listing") << httpGet("/?" + query) << 200 << true;
    QTest::newRow("basic authentication") << httpGet("/a.txt", authorization) << 200 << false;
    QTest::newRow("the code as a cookie is no session")
            << httpGet("/sub/inner.txt", "Cookie: ferry-code=" + QUrl::toPercentEncoding(Code) + "\r\n") << 401
            << false;
    QTest::newRow("code, then confinement still applies") << httpGet("/../a.txt?" + query) << 403 << true;
    QTest::newRow("code, missing file") << httpGet("/nothing", authorization) << 404 << false;
}

void TestAccessCode::http()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(bool, setsCookie);
    const RawExchange exchange = rawExchange(m_server.serverPort(), {request});
    const auto [head, body] = splitHttp(exchange.received);
    QVERIFY2(head.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')), head.constData());
    QCOMPARE(head.contains(QByteArray("\r\nSet-Cookie: " + AccessGate::sessionCookieName(m_server.serverPort()) + '=')),
             setsCookie);
    if (status == 401) {
        QVERIFY(head.contains("\r\nWWW-Authenticate: Basic realm="));
        QVERIFY2(!exchange.received.contains("secret content"), exchange.received.constData());
        if (!request.startsWith("HEAD"))
            QVERIFY(body.contains("<form method=\"get\"><input name=\"code\""));
    }
    if (status == 200 && request.contains("a.txt"))
        QCOMPARE(body, QByteArray("secret content\n"));
}

void TestAccessCode::browserLoginByLinkThenFollowsListingLinks()
{
    const RawExchange login = rawExchange(m_server.serverPort(), {httpGet("/?" + AccessCode::queryItem(Code))});
    const QByteArray head = splitHttp(login.received).first;
    const qsizetype at = head.indexOf("Set-Cookie: ");
    QVERIFY(at > 0);
    const QByteArray cookieLine = head.mid(at + 12, head.indexOf("\r\n", at) - at - 12);
    QVERIFY(login.received.contains("href=\"sub/\""));
    // The browser sends back only name=value; the listing's relative link works with it.
    const QByteArray cookie = cookieLine.left(cookieLine.indexOf(';'));
    const RawExchange follow =
            rawExchange(m_server.serverPort(), {httpGet("/sub/inner.txt", "Cookie: " + cookie + "\r\n")});
    QVERIFY2(follow.received.startsWith("HTTP/1.1 200 "), follow.received.constData());
    QVERIFY(follow.received.endsWith("secret content\n"));
}

void TestAccessCode::linkLoginSetsASessionNotTheCode()
{
    const quint16 port = m_server.serverPort();
    const RawExchange login = rawExchange(port, {httpGet("/a.txt?" + AccessCode::queryItem(Code))});
    const QByteArray head = splitHttp(login.received).first;
    const QByteArray prefix = "\r\nSet-Cookie: " + AccessGate::sessionCookieName(port) + '=';
    const qsizetype at = head.indexOf(prefix);
    QVERIFY2(at > 0, head.constData());
    const QByteArray cookieLine = head.mid(at + 14, head.indexOf("\r\n", at + 2) - at - 14);
    const QByteArray cookie = cookieLine.left(cookieLine.indexOf(';'));
    const QByteArray value = cookie.mid(cookie.indexOf('=') + 1);
    QVERIFY(!value.isEmpty());
    QVERIFY(value != Code.toUtf8() && value != QUrl::toPercentEncoding(Code));
    QVERIFY(!head.contains(QUrl::toPercentEncoding(Code)) && !head.contains(Code.toUtf8()));
    QVERIFY2(cookieLine.contains("; Max-Age=") && cookieLine.contains("; HttpOnly"), cookieLine.constData());
    // That cookie alone lists the share.
    const RawExchange listing = rawExchange(port, {httpGet("/", "Cookie: " + cookie + "\r\n")});
    QVERIFY2(listing.received.startsWith("HTTP/1.1 200 "), listing.received.constData());
    QVERIFY(listing.received.contains("href=\"sub/\""));
    QVERIFY(listing.received.contains("href=\"a.txt\""));
}

void TestAccessCode::guessingIsAnswered429()
{
    for (int i = 0; i < AccessGate::FailuresBeforeThrottle; ++i) {
        const RawExchange guess =
                rawExchange(m_other.serverPort(), {httpGet("/a.txt?code=guess" + QByteArray::number(i))});
        QVERIFY2(guess.received.startsWith("HTTP/1.1 401 "), guess.received.constData());
    }
    const RawExchange right = rawExchange(m_other.serverPort(), {httpGet("/a.txt?" + AccessCode::queryItem(Code))});
    QVERIFY2(right.received.startsWith("HTTP/1.1 429 "), right.received.constData());
    QVERIFY(right.received.contains(
            QByteArray("\r\nRetry-After: " + QByteArray::number(AccessGate::ThrottleSeconds) + "\r\n")));
    QVERIFY(!right.received.contains("secret content"));
}

void TestAccessCode::legacyIsRefused_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("existing file") << QByteArray("a.txt");
    QTest::newRow("file in a folder") << QByteArray("sub/inner.txt");
    QTest::newRow("prefix of an HTTP request line") << QByteArray("GET");
    QTest::newRow("missing file") << QByteArray("nothing.txt");
}

void TestAccessCode::legacyIsRefused()
{
    QFETCH(QByteArray, name);
    QSignalSpy transfers(&m_server, &ShareServer::transferUpdated);
    const RawExchange exchange = rawExchange(m_server.serverPort(), {name});
    QVERIFY(exchange.closedByPeer);
    QCOMPARE(exchange.received, QByteArray()); // the legacy way of saying no
    QVERIFY(QTest::qWaitFor([&] { return !transfers.isEmpty(); }, 5000));
    const auto info = transfers.last().at(0).value<TransferInfo>();
    QCOMPARE(info.state, TransferInfo::State::Unauthorized);
    QCOMPARE(info.dialect, Dialect::Legacy);
    QCOMPARE(info.sent, 0);
}

void TestAccessCode::downloadJob_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<DownloadJob::Outcome>("outcome");
    QTest::addColumn<QString>("message");
    const int autoProtocol = int(DownloadJob::Protocol::Auto);
    QTest::newRow("right code") << Code << autoProtocol << DownloadJob::Outcome::Done << QString();
    QTest::newRow("no code") << QString() << autoProtocol << DownloadJob::Outcome::Failed
                             << QStringLiteral("needs an access code");
    QTest::newRow("wrong code") << QStringLiteral("open") << autoProtocol << DownloadJob::Outcome::Failed
                                << QStringLiteral("access code is wrong");
    QTest::newRow("legacy protocol") << QString() << int(DownloadJob::Protocol::Legacy)
                                     << DownloadJob::Outcome::NotFound << QString();
}

void TestAccessCode::downloadJob()
{
    QFETCH(QString, code);
    QFETCH(int, protocol);
    QFETCH(DownloadJob::Outcome, outcome);
    QFETCH(QString, message);
    DownloadJob::Request request;
    request.host = QStringLiteral("127.0.0.1");
    request.port = m_server.serverPort();
    request.name = QStringLiteral("a.txt");
    request.destination = m_downloads.filePath(QStringLiteral("a.txt"));
    request.protocol = DownloadJob::Protocol(protocol);
    request.accessCode = code;
    request.retries = 0;
    QFile::remove(request.destination);
    DownloadJob job(request);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(0).value<DownloadJob::Outcome>(), outcome);
    QVERIFY2(finished.first().at(1).toString().contains(message), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(QFile::exists(request.destination), outcome == DownloadJob::Outcome::Done);
    if (outcome != DownloadJob::Outcome::Done)
        QVERIFY(!QFile::exists(request.destination + QStringLiteral(".part"))
                || QFileInfo(request.destination + QStringLiteral(".part")).size() == 0);
}

void TestAccessCode::listJob_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("listed");
    QTest::newRow("right code") << Code << true;
    QTest::newRow("no code") << QString() << false;
    QTest::newRow("wrong code") << QStringLiteral("x") << false;
}

void TestAccessCode::listJob()
{
    QFETCH(QString, code);
    QFETCH(bool, listed);
    ListJob job(QStringLiteral("127.0.0.1"), m_server.serverPort(), QStringLiteral("/"));
    job.setAccessCode(code);
    QSignalSpy finished(&job, &ListJob::finished);
    job.start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(0).value<ListJob::Outcome>() == ListJob::Outcome::Done, listed);
    if (listed)
        QCOMPARE(finished.first().at(1).value<DirectoryListing>().entries().size(), 2);
    else
        QVERIFY(finished.first().at(2).toString().contains(QStringLiteral("access code")));
}

void TestAccessCode::invalidCodeIsRefusedAtStart()
{
    ShareServer server;
    ShareServer::Options options = loopbackShare(m_share.path());
    options.accessCode = QStringLiteral("two\nlines");
    QVERIFY(!server.start(options));
    QVERIFY(server.errorString().contains(QStringLiteral("control character")));
    QVERIFY(!server.isListening());
}

// A listing that redirects to another origin (here another port) is
// followed without the code: sent as Authorization, it must never reach it.
void TestAccessCode::codeNeverFollowsARedirectElsewhere()
{
    ScriptedServer elsewhere(QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                        "Content-Length: 2\r\nConnection: close\r\n\r\n[]"));
    QVERIFY(elsewhere.listen());
    ScriptedServer share(
            QByteArray("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:" + QByteArray::number(elsewhere.serverPort())
                       + "/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    QVERIFY(share.listen());
    ListJob job(QStringLiteral("127.0.0.1"), share.serverPort(), QStringLiteral("/"));
    job.setAccessCode(Code);
    QSignalSpy finished(&job, &ListJob::finished);
    job.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(share.requests().size(), 1);
    QVERIFY(share.requests().constFirst().contains("Authorization: Basic"));
    QCOMPARE(elsewhere.requests().size(), 1);
    QVERIFY2(!elsewhere.requests().constFirst().toLower().contains("authorization"), elsewhere.requests().constFirst());
}

QTEST_GUILESS_MAIN(TestAccessCode)
#include "tst_accesscode.moc"
