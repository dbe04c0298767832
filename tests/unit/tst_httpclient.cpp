// DownloadJob given a URL: redirects, credentials, the name on disk, resume
// across a redirect, proxies (a real tinyproxy) and TLS (a throwaway PKI in
// front of a real share). Everything on 127.0.0.1.
#include "client/downloadjob.h"
#include "client/httpgetrequest.h"
#include "client/listjob.h"
#include "client/partfile.h"
#include "loopbackshare.h"
#include "scriptedserver.h"
#include "server/shareserver.h"
#include "testcertificates.h"
#include "tinyproxy.h"
#include "tlsfrontend.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

QByteArray redirectTo(int status, const QByteArray &location)
{
    return "HTTP/1.1 " + QByteArray::number(status) + " Moved\r\nLocation: " + location
           + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

QByteArray ok(const QByteArray &body, const QByteArray &extraFields = {})
{
    return "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extraFields
           + "Connection: close\r\n\r\n" + body;
}

// The request line's target ("/a.txt") of a request head.
QByteArray targetOf(const QByteArray &request)
{
    const QList<QByteArray> words = request.left(request.indexOf('\r')).split(' ');
    return words.value(1);
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void followsEachRedirectCode_data();
    void followsEachRedirectCode();
    void relativeRedirectOnTheSameServer();
    void credentialsNeverGoToAnotherOrigin();
    void redirectLoopEndsQuickly();
    void tooManyRedirects();
    void redirectToAnotherSchemeIsRefused();
    void resumesAcrossARedirect();
    void nameFromContentDisposition_data();
    void nameFromContentDisposition();
    void takenNameGetsANumber();
    void outputNamedReplaces();
    void throughHttpProxy();
    void proxyWithCredentials();
    void noProxyGoesDirect();
    void certificates_data();
    void certificates();
    void httpsThroughProxyTunnel();
    void httpsResumes();
    void httpsBodyUpToTheClose();
    void opensslServerEndsWithCloseNotify();
    void listingSpeaksTheSameWords();
    void listingByUrl_data();
    void listingByUrl();
    void listingThroughProxy_data();
    void listingThroughProxy();
    void listingFollowsRedirects_data();
    void listingFollowsRedirects();

private:
    struct Result
    {
        DownloadJob::Outcome outcome = DownloadJob::Outcome::Failed;
        QString message;
        QString savedPath;
        QList<QUrl> redirects;
        int certificateProblems = 0;
    };
    Result run(DownloadJob::Request request, int timeoutMs = 20000);
    struct Listed
    {
        ListJob::Outcome outcome = ListJob::Outcome::Failed;
        QStringList names; // "name" or "name/", with its size: "a.txt 6"
        QString message;
        int certificateProblems = 0;
    };
    static Listed list(const QUrl &folder, const ConnectionSettings &settings);
    DownloadJob::Request requestFor(const QUrl &url, const QString &localName = u"out.bin"_s) const;
    QUrl shareUrl(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1/%2"_s.arg(m_share.serverPort()).arg(path));
    }

    QTemporaryDir m_folder;
    QTemporaryDir m_downloads;
    ShareServer m_share;
    QByteArray m_big;
    TestCertificates m_pki;
};

void TestHttpClient::initTestCase()
{
    QVERIFY(m_folder.isValid() && m_downloads.isValid());
    m_big = QByteArray(2 * 1024 * 1024 + 3, 'b');
    for (qsizetype i = 0; i < m_big.size(); i += 1021)
        m_big[i] = char(i & 0x7F);
    const QList<QPair<QString, QByteArray>> files = {{u"a.txt"_s, "hello\n"}, {u"big.bin"_s, m_big}};
    for (const auto &[name, content] : files) {
        QFile file(m_folder.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    QVERIFY(m_share.start(loopbackShare(m_folder.path())));
    QVERIFY2(m_pki.isValid(), "the test PKI could not be made");
}

void TestHttpClient::init()
{
    QDir downloads(m_downloads.path());
    for (const QString &entry : downloads.entryList(QDir::Files | QDir::Hidden))
        downloads.remove(entry);
}

DownloadJob::Request TestHttpClient::requestFor(const QUrl &url, const QString &localName) const
{
    DownloadJob::Request request;
    request.url = url;
    request.destination = m_downloads.filePath(localName);
    request.retries = 0;
    request.connectTimeoutMs = 5000;
    request.stallTimeoutMs = 5000;
    return request;
}

TestHttpClient::Result TestHttpClient::run(DownloadJob::Request request, int timeoutMs)
{
    DownloadJob job(request);
    Result result;
    QSignalSpy finished(&job, &DownloadJob::finished);
    connect(&job, &DownloadJob::redirected, this, [&result](const QUrl &url) { result.redirects.append(url); });
    connect(&job, &DownloadJob::certificateProblem, this, [&result] { ++result.certificateProblems; });
    QMetaObject::invokeMethod(&job, &DownloadJob::start, Qt::QueuedConnection);
    if (!finished.wait(timeoutMs)) {
        result.message = u"<no finished signal>"_s;
        return result;
    }
    result.outcome = finished.at(0).at(0).value<DownloadJob::Outcome>();
    result.message = finished.at(0).at(1).toString();
    result.savedPath = job.savedPath();
    return result;
}

void TestHttpClient::followsEachRedirectCode_data()
{
    QTest::addColumn<int>("status");
    for (int status : {301, 302, 303, 307, 308})
        QTest::addRow("%d", status) << status;
}

void TestHttpClient::followsEachRedirectCode()
{
    QFETCH(int, status);
    const QUrl target = shareUrl(u"a.txt"_s);
    ScriptedServer first(redirectTo(status, target.toEncoded()));
    QVERIFY(first.listen());

    const Result result = run(requestFor(QUrl(u"http://127.0.0.1:%1/old"_s.arg(first.serverPort()))));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(result.redirects, QList<QUrl>{target});
    QCOMPARE(readAll(m_downloads.filePath(u"out.bin"_s)), QByteArray("hello\n"));
    QCOMPARE(first.requests().size(), 1);
}

void TestHttpClient::relativeRedirectOnTheSameServer()
{
    ScriptedServer server([](const QByteArray &request) -> std::optional<ScriptedServer::Reply> {
        if (!request.contains("\r\n\r\n"))
            return std::nullopt;
        const QByteArray target = targetOf(request);
        if (target == "/dir/old")
            return ScriptedServer::Reply::of(redirectTo(302, "../new/file?x=1"));
        if (target == "/new/file?x=1")
            return ScriptedServer::Reply::of(ok("moved here"));
        return ScriptedServer::Reply::of("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    });
    QVERIFY(server.listen());
    const Result result = run(requestFor(QUrl(u"http://127.0.0.1:%1/dir/old"_s.arg(server.serverPort()))));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(readAll(result.savedPath), QByteArray("moved here"));
    QCOMPARE(server.requests().size(), 2);
}

// The access code is the share's: a redirect to another origin (another
// port is one) must not carry it along; one within the origin does.
void TestHttpClient::credentialsNeverGoToAnotherOrigin()
{
    ScriptedServer elsewhere(ok("elsewhere"));
    QVERIFY(elsewhere.listen());
    ScriptedServer origin([&elsewhere](const QByteArray &request) -> std::optional<ScriptedServer::Reply> {
        if (!request.contains("\r\n\r\n"))
            return std::nullopt;
        if (targetOf(request) == "/first")
            return ScriptedServer::Reply::of(redirectTo(302, "/second"));
        return ScriptedServer::Reply::of(
                redirectTo(307, "http://127.0.0.1:" + QByteArray::number(elsewhere.serverPort()) + "/third"));
    });
    QVERIFY(origin.listen());

    DownloadJob::Request request = requestFor(QUrl(u"http://127.0.0.1:%1/first"_s.arg(origin.serverPort())));
    request.accessCode = u"secret"_s;
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(result.redirects.size(), 2);
    QCOMPARE(origin.requests().size(), 2);
    QVERIFY(origin.requests().at(0).contains("\r\nAuthorization: Basic "));
    QVERIFY(origin.requests().at(1).contains("\r\nAuthorization: Basic "));
    QCOMPARE(elsewhere.requests().size(), 1);
    QVERIFY2(!elsewhere.requests().at(0).toLower().contains("authorization"), elsewhere.requests().at(0));
    QVERIFY(!elsewhere.requests().at(0).toLower().contains("cookie"));
}

void TestHttpClient::redirectLoopEndsQuickly()
{
    ScriptedServer server([](const QByteArray &request) -> std::optional<ScriptedServer::Reply> {
        if (!request.contains("\r\n\r\n"))
            return std::nullopt;
        return ScriptedServer::Reply::of(redirectTo(302, targetOf(request) == "/a" ? "/b" : "/a"));
    });
    QVERIFY(server.listen());
    const Result result = run(requestFor(QUrl(u"http://127.0.0.1:%1/a"_s.arg(server.serverPort()))));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(u"loop"_s), qPrintable(result.message));
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(!QFile::exists(m_downloads.filePath(u"out.bin"_s)));
}

void TestHttpClient::tooManyRedirects()
{
    ScriptedServer server([](const QByteArray &request) -> std::optional<ScriptedServer::Reply> {
        if (!request.contains("\r\n\r\n"))
            return std::nullopt;
        const int n = targetOf(request).mid(1).toInt();
        return ScriptedServer::Reply::of(redirectTo(301, '/' + QByteArray::number(n + 1)));
    });
    QVERIFY(server.listen());
    DownloadJob::Request request = requestFor(QUrl(u"http://127.0.0.1:%1/0"_s.arg(server.serverPort())));
    request.maxRedirects = 3;
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(u"Too many redirects"_s), qPrintable(result.message));
    QCOMPARE(server.requests().size(), 4);
}

void TestHttpClient::redirectToAnotherSchemeIsRefused()
{
    ScriptedServer server(redirectTo(302, "ftp://127.0.0.1/file"));
    QVERIFY(server.listen());
    const Result result = run(requestFor(QUrl(u"http://127.0.0.1:%1/x"_s.arg(server.serverPort()))));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(u"ftp://"_s), qPrintable(result.message));
}

// The validator of a .part belongs to the server that sent its bytes: the
// request to the first URL asks for the whole file, the one to the final
// URL for the rest.
void TestHttpClient::resumesAcrossARedirect()
{
    const QByteArray whole = "0123456789abcdefghij";
    ScriptedServer final_([&whole](const QByteArray &request) -> std::optional<ScriptedServer::Reply> {
        if (!request.contains("\r\n\r\n"))
            return std::nullopt;
        if (request.contains("\r\nRange: bytes=10-\r\n") && request.contains("\r\nIf-Range: \"v1\"\r\n"))
            return ScriptedServer::Reply::of("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 10-19/20\r\n"
                                             "Content-Length: 10\r\nETag: \"v1\"\r\n\r\n"
                                             + whole.mid(10));
        return ScriptedServer::Reply::of(ok(whole, "ETag: \"v1\"\r\n"));
    });
    QVERIFY(final_.listen());
    const QUrl finalUrl(u"http://127.0.0.1:%1/file.bin"_s.arg(final_.serverPort()));
    ScriptedServer first(redirectTo(302, finalUrl.toEncoded()));
    QVERIFY(first.listen());

    DownloadJob::Request request = requestFor(QUrl(u"http://127.0.0.1:%1/latest"_s.arg(first.serverPort())));
    PartFile part(request.destination);
    QVERIFY(part.openFresh());
    QVERIFY(part.write(whole.constData(), 10));
    if (!part.storeVersion({"\"v1\"", whole.size(), HttpGetRequest::originOf(finalUrl)}))
        QSKIP("no extended attributes here: no resume");
    part.close();

    DownloadJob job(request);
    QSignalSpy resumed(&job, &DownloadJob::resumed);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).value<DownloadJob::Outcome>(), DownloadJob::Outcome::Done);
    QCOMPARE(resumed.size(), 1);
    QVERIFY(!first.requests().at(0).contains("Range:"));
    QVERIFY(final_.requests().at(0).contains("Range: bytes=10-"));
    QCOMPARE(readAll(request.destination), whole);
}

void TestHttpClient::nameFromContentDisposition_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QByteArray("attachment; filename=\"report.pdf\"") << u"report.pdf"_s;
    QTest::newRow("utf8 star wins") << QByteArray(
            "attachment; filename=\"x.txt\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.txt")
                                    << u"报告.txt"_s;
    QTest::newRow("no way out") << QByteArray("attachment; filename=\"../../evil.sh\"") << u"evil.sh"_s;
    QTest::newRow("nothing usable") << QByteArray("attachment; filename=\"..\"") << u"proposed.bin"_s;
    QTest::newRow("absent") << QByteArray() << u"proposed.bin"_s;
}

void TestHttpClient::nameFromContentDisposition()
{
    QFETCH(QByteArray, field);
    QFETCH(QString, expected);
    ScriptedServer server(ok("named", field.isEmpty() ? QByteArray() : "Content-Disposition: " + field + "\r\n"));
    QVERIFY(server.listen());
    DownloadJob::Request request =
            requestFor(QUrl(u"http://127.0.0.1:%1/download?id=7"_s.arg(server.serverPort())), u"proposed.bin"_s);
    request.nameFromServer = true;
    request.keepExisting = true;
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(result.savedPath, m_downloads.filePath(expected));
    QCOMPARE(readAll(m_downloads.filePath(expected)), QByteArray("named"));
    QCOMPARE(QDir(m_downloads.path()).entryList(QDir::Files | QDir::Hidden), QStringList{expected});
}

void TestHttpClient::takenNameGetsANumber()
{
    QFile existing(m_downloads.filePath(u"a.txt"_s));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("mine");
    existing.close();
    DownloadJob::Request request = requestFor(shareUrl(u"a.txt"_s), u"a.txt"_s);
    request.nameFromServer = true;
    request.keepExisting = true;
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(result.savedPath, m_downloads.filePath(u"a (1).txt"_s));
    QVERIFY2(result.message.contains(u"a (1).txt"_s), qPrintable(result.message));
    QCOMPARE(readAll(m_downloads.filePath(u"a.txt"_s)), QByteArray("mine"));
    QCOMPARE(readAll(m_downloads.filePath(u"a (1).txt"_s)), QByteArray("hello\n"));
}

void TestHttpClient::outputNamedReplaces()
{
    QFile existing(m_downloads.filePath(u"out.bin"_s));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.write("old");
    existing.close();
    const Result result = run(requestFor(shareUrl(u"a.txt"_s)));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(readAll(m_downloads.filePath(u"out.bin"_s)), QByteArray("hello\n"));
}

void TestHttpClient::throughHttpProxy()
{
    TinyProxy proxy;
    QVERIFY2(proxy.isRunning(), qPrintable(proxy.errorString()));
    DownloadJob::Request request = requestFor(shareUrl(u"big.bin"_s));
    QString error;
    QVERIFY2(request.proxy.setProxy(proxy.url(), &error), qPrintable(error));
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(readAll(request.destination), m_big);
    // A plain request goes to the proxy in absolute form, not through CONNECT.
    QCOMPARE(proxy.requests(), QStringList{u"GET %1 HTTP/1.1"_s.arg(shareUrl(u"big.bin"_s).toString())});
}

void TestHttpClient::proxyWithCredentials()
{
    TinyProxy proxy({u"ferry"_s, u"s3cret"_s});
    QVERIFY2(proxy.isRunning(), qPrintable(proxy.errorString()));
    DownloadJob::Request request = requestFor(shareUrl(u"a.txt"_s));
    QString error;
    QVERIFY(request.proxy.setProxy(u"http://ferry:wrong@127.0.0.1:%1"_s.arg(proxy.port()), &error));
    Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(u"proxy"_s), qPrintable(result.message));
    QVERIFY(!QFile::exists(request.destination));

    QVERIFY(request.proxy.setProxy(u"http://ferry:s3cret@127.0.0.1:%1"_s.arg(proxy.port()), &error));
    result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(readAll(request.destination), QByteArray("hello\n"));
}

void TestHttpClient::noProxyGoesDirect()
{
    TinyProxy proxy;
    QVERIFY2(proxy.isRunning(), qPrintable(proxy.errorString()));
    DownloadJob::Request request = requestFor(shareUrl(u"a.txt"_s));
    QString error;
    QVERIFY(request.proxy.setProxy(proxy.url(), &error));
    request.proxy.setNoProxy(u"example.invalid, 127.0.0.0/8"_s);
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QVERIFY(proxy.requests().isEmpty());
}

void TestHttpClient::certificates_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("addAuthority");
    QTest::addColumn<QString>("pin"); // "right", "wrong" or ""
    QTest::addColumn<bool>("insecure");
    QTest::addColumn<bool>("succeeds");
    QTest::addColumn<QString>("problemWord");
    using K = TestCertificates::Kind;
    QTest::newRow("trusted") << int(K::Trusted) << true << QString() << false << true << QString();
    QTest::newRow("unknown issuer") << int(K::Trusted) << false << QString() << false << false
                                    << u"unknown authority"_s;
    QTest::newRow("wrong name") << int(K::WrongName) << true << QString() << false << false << u"wrong.invalid"_s;
    QTest::newRow("expired") << int(K::Expired) << true << QString() << false << false << u"expired"_s;
    QTest::newRow("self-signed pinned") << int(K::SelfSigned) << false << u"right"_s << false << true << QString();
    QTest::newRow("wrong pin") << int(K::Trusted) << true << u"wrong"_s << false << false << u"pinned"_s;
    QTest::newRow("insecure") << int(K::SelfSigned) << false << QString() << true << true << QString();
}

void TestHttpClient::certificates()
{
    QFETCH(int, kind);
    QFETCH(bool, addAuthority);
    QFETCH(QString, pin);
    QFETCH(bool, insecure);
    QFETCH(bool, succeeds);
    QFETCH(QString, problemWord);
    const auto certificateKind = TestCertificates::Kind(kind);
    TlsFrontend frontend(m_pki.certificate(certificateKind), m_pki.key(certificateKind), m_share.serverPort());
    QVERIFY(frontend.listen());

    DownloadJob::Request request = requestFor(QUrl(u"https://127.0.0.1:%1/big.bin"_s.arg(frontend.port())));
    if (addAuthority)
        request.tls.addedAuthorities = {m_pki.caCertificate()};
    if (pin == u"right"_s)
        request.tls.pins = {TlsPolicy::publicKeyDigest(m_pki.certificate(certificateKind))};
    else if (pin == u"wrong"_s)
        request.tls.pins = {QByteArray(32, 'x')};
    request.tls.insecure = insecure;
    const Result result = run(request);
    if (succeeds) {
        QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
        QCOMPARE(readAll(request.destination), m_big);
        QCOMPARE(result.certificateProblems, 0);
    } else {
        QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
        QVERIFY2(result.message.contains(problemWord, Qt::CaseInsensitive), qPrintable(result.message));
        QCOMPARE(result.certificateProblems, 1);
        QVERIFY(!QFile::exists(request.destination));
    }
}

void TestHttpClient::httpsThroughProxyTunnel()
{
    TinyProxy proxy;
    QVERIFY2(proxy.isRunning(), qPrintable(proxy.errorString()));
    TlsFrontend frontend(m_pki.certificate(TestCertificates::Kind::Trusted), m_pki.key(TestCertificates::Kind::Trusted),
                         m_share.serverPort());
    QVERIFY(frontend.listen());
    DownloadJob::Request request = requestFor(QUrl(u"https://127.0.0.1:%1/big.bin"_s.arg(frontend.port())));
    request.tls.addedAuthorities = {m_pki.caCertificate()};
    QString error;
    QVERIFY(request.proxy.setProxy(proxy.url(), &error));
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(readAll(request.destination), m_big);
    QCOMPARE(proxy.requests(), QStringList{u"CONNECT 127.0.0.1:%1 HTTP/1.1"_s.arg(frontend.port())});
}

// Under TLS the body goes through QSslSocket, never spliced: a .part of
// the same version is still continued with Range + If-Range.
void TestHttpClient::httpsResumes()
{
    const QByteArray whole = QByteArray(300000, 'r') + "end";
    ScriptedServer backend([&whole](const QByteArray &request) -> std::optional<ScriptedServer::Reply> {
        if (!request.contains("\r\n\r\n"))
            return std::nullopt;
        if (request.contains("\r\nRange: bytes=1000-\r\n") && request.contains("\r\nIf-Range: \"v2\"\r\n"))
            return ScriptedServer::Reply::of(
                    "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 1000-" + QByteArray::number(whole.size() - 1)
                    + '/' + QByteArray::number(whole.size()) + "\r\nContent-Length: "
                    + QByteArray::number(whole.size() - 1000) + "\r\nETag: \"v2\"\r\n\r\n" + whole.mid(1000));
        return ScriptedServer::Reply::of(ok(whole, "ETag: \"v2\"\r\n"));
    });
    QVERIFY(backend.listen());
    TlsFrontend frontend(m_pki.certificate(TestCertificates::Kind::Trusted), m_pki.key(TestCertificates::Kind::Trusted),
                         backend.serverPort());
    QVERIFY(frontend.listen());
    const QUrl url(u"https://127.0.0.1:%1/file.bin"_s.arg(frontend.port()));
    DownloadJob::Request request = requestFor(url);
    request.tls.addedAuthorities = {m_pki.caCertificate()};
    PartFile part(request.destination);
    QVERIFY(part.openFresh());
    QVERIFY(part.write(whole.constData(), 1000));
    if (!part.storeVersion({"\"v2\"", whole.size(), HttpGetRequest::originOf(url)}))
        QSKIP("no extended attributes here: no resume");
    part.close();

    DownloadJob job(request);
    QSignalSpy resumed(&job, &DownloadJob::resumed);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).value<DownloadJob::Outcome>(), DownloadJob::Outcome::Done);
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(readAll(request.destination), whole);
}

// An HTTP/1.0 answer without a length ends with the connection: under TLS
// that is the server's close_notify and FIN (openssl s_server -WWW does so).
void TestHttpClient::httpsBodyUpToTheClose()
{
    ScriptedServer backend(QByteArray("HTTP/1.0 200 ok\r\nContent-type: text/plain\r\n\r\nhi\n"));
    QVERIFY(backend.listen());
    TlsFrontend frontend(m_pki.certificate(TestCertificates::Kind::Trusted), m_pki.key(TestCertificates::Kind::Trusted),
                         backend.serverPort());
    QVERIFY(frontend.listen());
    DownloadJob::Request request = requestFor(QUrl(u"https://127.0.0.1:%1/f.txt"_s.arg(frontend.port())));
    request.tls.addedAuthorities = {m_pki.caCertificate()};
    const Result result = run(request, 10000);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(readAll(request.destination), QByteArray("hi\n"));
}

// openssl s_server -WWW answers HTTP/1.0 without a length and ends with a
// close_notify before its TCP close, which QSslSocket (Qt 6.4) reports as
// an error while the socket stays "connected": that is the end too.
void TestHttpClient::opensslServerEndsWithCloseNotify()
{
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    QVERIFY2(!openssl.isEmpty(), "openssl is missing (tools/install-deps.sh installs it)");
    QTemporaryDir root;
    QFile file(root.filePath(u"f.txt"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("served by openssl\n");
    file.close();
    const quint16 port = closedLoopbackPort();
    QProcess server;
    server.setWorkingDirectory(root.path());
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(openssl, {u"s_server"_s, u"-accept"_s, u"127.0.0.1:%1"_s.arg(port), u"-cert"_s,
                           m_pki.certificatePath(TestCertificates::Kind::Trusted), u"-key"_s,
                           m_pki.keyPath(TestCertificates::Kind::Trusted), u"-WWW"_s});
    QVERIFY(server.waitForStarted());
    QVERIFY2(QTest::qWaitFor([&] { return server.readAll().contains("ACCEPT"); }, 10000), "s_server did not start");

    DownloadJob::Request request = requestFor(QUrl(u"https://127.0.0.1:%1/f.txt"_s.arg(port)));
    request.tls.addedAuthorities = {m_pki.caCertificate()};
    request.stallTimeoutMs = 10000;
    const Result result = run(request, 15000);
    server.kill();
    server.waitForFinished();
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(readAll(request.destination), QByteArray("served by openssl\n"));
}

void TestHttpClient::listingSpeaksTheSameWords()
{
    ScriptedServer server("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(server.listen());
    ListJob list(u"127.0.0.1"_s, server.serverPort(), u"/"_s);
    QSignalSpy listed(&list, &ListJob::finished);
    list.start();
    QVERIFY(listed.wait(10000));
    const Result download = run(requestFor(QUrl(u"http://127.0.0.1:%1/x"_s.arg(server.serverPort()))));
    QCOMPARE(listed.at(0).at(2).toString(), download.message);
    QCOMPARE(download.message, u"This share needs an access code."_s);
}

TestHttpClient::Listed TestHttpClient::list(const QUrl &folder, const ConnectionSettings &settings)
{
    ListJob job(folder, settings);
    Listed result;
    QObject::connect(&job, &ListJob::certificateProblem, &job, [&result] { ++result.certificateProblems; });
    QSignalSpy finished(&job, &ListJob::finished);
    job.start();
    if (!finished.wait(20000)) {
        result.message = u"<no finished signal>"_s;
        return result;
    }
    result.outcome = finished.at(0).at(0).value<ListJob::Outcome>();
    const DirectoryListing listing = finished.at(0).at(1).value<DirectoryListing>();
    for (const DirectoryListing::Entry &entry : listing.entries())
        result.names.append(entry.name + (entry.isDirectory ? u"/"_s : QString()) + u' ' + QString::number(entry.size));
    result.names.sort();
    result.message = finished.at(0).at(2).toString();
    return result;
}

// A folder named by its URL is listed over HTTP or HTTPS with the same
// trust rules as a download, and words a refused certificate the same way.
void TestHttpClient::listingByUrl_data()
{
    QTest::addColumn<bool>("https");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("addAuthority");
    QTest::addColumn<QString>("pin"); // "right", "wrong" or ""
    QTest::addColumn<QString>("path");
    QTest::addColumn<ListJob::Outcome>("outcome");
    QTest::addColumn<QString>("problemWord");
    using K = TestCertificates::Kind;
    using O = ListJob::Outcome;
    QTest::newRow("http") << false << int(K::Trusted) << false << QString() << u"/"_s << O::Done << QString();
    QTest::newRow("http, the share's top without a path")
            << false << int(K::Trusted) << false << QString() << QString() << O::Done << QString();
    QTest::newRow("http, a folder without its slash")
            << false << int(K::Trusted) << false << QString() << u"/sub"_s << O::Done << QString();
    QTest::newRow("http, missing folder")
            << false << int(K::Trusted) << false << QString() << u"/nope/"_s << O::NotFound << u"/nope/"_s;
    QTest::newRow("https, the CA added") << true << int(K::Trusted) << true << QString() << u"/"_s << O::Done
                                         << QString();
    QTest::newRow("https, unknown authority")
            << true << int(K::Trusted) << false << QString() << u"/"_s << O::Failed << u"unknown authority"_s;
    QTest::newRow("https, wrong name") << true << int(K::WrongName) << true << QString() << u"/"_s << O::Failed
                                       << u"wrong.invalid"_s;
    QTest::newRow("https, self-signed and pinned")
            << true << int(K::SelfSigned) << false << u"right"_s << u"/sub/"_s << O::Done << QString();
    QTest::newRow("https, wrong pin") << true << int(K::Trusted) << true << u"wrong"_s << u"/"_s << O::Failed
                                      << u"pinned"_s;
    QTest::newRow("https, missing folder")
            << true << int(K::Trusted) << true << QString() << u"/nope/"_s << O::NotFound << u"/nope/"_s;
}

void TestHttpClient::listingByUrl()
{
    QFETCH(bool, https);
    QFETCH(int, kind);
    QFETCH(bool, addAuthority);
    QFETCH(QString, pin);
    QFETCH(QString, path);
    QFETCH(ListJob::Outcome, outcome);
    QFETCH(QString, problemWord);
    QVERIFY(QDir(m_folder.path()).mkpath(u"sub"_s));
    QFile inner(m_folder.filePath(u"sub/inner.txt"_s));
    QVERIFY(inner.open(QIODevice::WriteOnly));
    inner.write("in");
    inner.close();

    const auto certificateKind = TestCertificates::Kind(kind);
    TlsFrontend frontend(m_pki.certificate(certificateKind), m_pki.key(certificateKind), m_share.serverPort());
    QVERIFY(frontend.listen());
    const QUrl folder(https ? u"https://127.0.0.1:%1%2"_s.arg(frontend.port()).arg(path)
                            : u"http://127.0.0.1:%1%2"_s.arg(m_share.serverPort()).arg(path));
    ConnectionSettings settings;
    settings.connectTimeoutMs = 5000;
    settings.stallTimeoutMs = 5000;
    if (addAuthority)
        settings.tls.addedAuthorities = {m_pki.caCertificate()};
    if (pin == u"right"_s)
        settings.tls.pins = {TlsPolicy::publicKeyDigest(m_pki.certificate(certificateKind))};
    else if (pin == u"wrong"_s)
        settings.tls.pins = {QByteArray(32, 'x')};

    const Listed result = list(folder, settings);
    QVERIFY2(result.outcome == outcome, qPrintable(result.message));
    QCOMPARE(result.certificateProblems, outcome == ListJob::Outcome::Failed ? 1 : 0);
    if (!problemWord.isEmpty())
        QVERIFY2(result.message.contains(problemWord, Qt::CaseInsensitive), qPrintable(result.message));
    if (outcome != ListJob::Outcome::Done)
        return;
    if (path.startsWith(u"/sub"_s))
        QCOMPARE(result.names, QStringList{u"inner.txt 2"_s});
    else
        QCOMPARE(result.names, (QStringList{u"a.txt 6"_s, u"big.bin %1"_s.arg(m_big.size()), u"sub/ 0"_s}));
}

// The proxy settings are a download's: an http:// listing goes to the
// proxy in absolute form, an https:// one through a CONNECT tunnel.
void TestHttpClient::listingThroughProxy_data()
{
    QTest::addColumn<bool>("https");
    QTest::newRow("http") << false;
    QTest::newRow("https") << true;
}

void TestHttpClient::listingThroughProxy()
{
    QFETCH(bool, https);
    TinyProxy proxy;
    QVERIFY2(proxy.isRunning(), qPrintable(proxy.errorString()));
    TlsFrontend frontend(m_pki.certificate(TestCertificates::Kind::Trusted), m_pki.key(TestCertificates::Kind::Trusted),
                         m_share.serverPort());
    QVERIFY(frontend.listen());
    const QUrl folder = https ? QUrl(u"https://127.0.0.1:%1/"_s.arg(frontend.port())) : shareUrl(QString());
    ConnectionSettings settings;
    settings.tls.addedAuthorities = {m_pki.caCertificate()};
    QString error;
    QVERIFY2(settings.proxy.setProxy(proxy.url(), &error), qPrintable(error));
    const Listed result = list(folder, settings);
    QVERIFY2(result.outcome == ListJob::Outcome::Done, qPrintable(result.message));
    QVERIFY(result.names.contains(u"a.txt 6"_s));
    QCOMPARE(proxy.requests(), QStringList{https ? u"CONNECT 127.0.0.1:%1 HTTP/1.1"_s.arg(frontend.port())
                                                 : u"GET %1 HTTP/1.1"_s.arg(folder.toString())});
}

// Redirects are followed up to the settings' limit, and the access code
// goes to the first origin only, as for a download.
void TestHttpClient::listingFollowsRedirects_data()
{
    QTest::addColumn<int>("maxRedirects");
    QTest::addColumn<bool>("listed");
    QTest::newRow("within the limit") << 1 << true;
    QTest::newRow("past the limit") << 0 << false;
}

void TestHttpClient::listingFollowsRedirects()
{
    QFETCH(int, maxRedirects);
    QFETCH(bool, listed);
    ScriptedServer first(redirectTo(302, shareUrl(QString()).toEncoded()));
    QVERIFY(first.listen());
    ConnectionSettings settings;
    settings.maxRedirects = maxRedirects;
    settings.accessCode = u"for the first server"_s;
    const Listed result = list(QUrl(u"http://127.0.0.1:%1/old/"_s.arg(first.serverPort())), settings);
    QCOMPARE(first.requests().size(), 1);
    QVERIFY(first.requests().constFirst().contains("\r\nAuthorization: Basic "));
    if (listed) {
        QVERIFY2(result.outcome == ListJob::Outcome::Done, qPrintable(result.message));
        QVERIFY(result.names.contains(u"a.txt 6"_s));
    } else {
        QCOMPARE(result.outcome, ListJob::Outcome::Failed);
        QVERIFY2(result.message.contains(u"redirects"_s), qPrintable(result.message));
    }
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
