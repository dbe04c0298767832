#include "loopbackshare.h"
#include "rawclient.h"
#include "server/sharecertificate.h"
#include "server/shareserver.h"
#include "testcertificates.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a real client (curl, wget, openssl) to its end, the server (on this
// thread) serving meanwhile.
Run run(const QString &program, const QStringList &arguments, const QByteArray &input = {}, int timeoutMs = 30000)
{
    Run result;
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return result;
    if (!input.isNull())
        process.write(input);
    process.closeWriteChannel();
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(7);
    for (char &c : bytes)
        c = char(generator.generate() & 0xff);
    return bytes;
}

} // namespace

// An encrypted share: HTTPS on the same port as plain HTTP and the
// tutorial protocol, with Ferry's own certificate, tried with clients
// nobody here wrote (curl, wget, openssl s_client).
class TestTlsShare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void certificateIsMadeOnceAndKept();
    void newCertificateChangesThePin();
    void userCertificate_data();
    void userCertificate();

    void curlWithThePin();
    void curlRefusesAWrongPinOrNoTrust();
    void curlRangeAndKeepAlive();
    void wgetWithoutCheck();
    void opensslProtocolVersions_data();
    void opensslProtocolVersions();
    void legacyClientOnTheSamePort();
    void plainHttpIsRedirected_data();
    void plainHttpIsRedirected();
    void cookieIsSecure();
    void hostileHandshakes_data();
    void hostileHandshakes();
    void tlsToAShareInTheClear();

private:
    QString url(const QString &path) const { return u"https://127.0.0.1:%1/%2"_s.arg(m_server.serverPort()).arg(path); }
    bool have(const QString &program) const { return !QStandardPaths::findExecutable(program).isEmpty(); }

    QTemporaryDir m_share;
    QTemporaryDir m_data;
    ShareServer m_server;
    QString m_pin;
    QByteArray m_big;
};

void TestTlsShare::initTestCase()
{
    QVERIFY(m_share.isValid() && m_data.isValid());
    m_big = randomBytes(3 * 1024 * 1024 + 17); // streamed, not sent with the head
    QFile big(m_share.filePath(u"big.bin"_s));
    QVERIFY(big.open(QIODevice::WriteOnly) && big.write(m_big) == m_big.size());
    big.close();
    QFile small(m_share.filePath(u"hello.txt"_s));
    QVERIFY(small.open(QIODevice::WriteOnly) && small.write("hello over tls\n") > 0);
    small.close();

    QString error;
    std::optional<ShareCertificate> certificate = ShareCertificate::loadOrCreate(m_data.filePath(u"tls"_s), &error);
    QVERIFY2(certificate, qPrintable(error));
    m_pin = certificate->pin();
    ShareServer::Options options = loopbackShare(m_share.path());
    options.tls = certificate;
    options.requestDeadline = std::chrono::seconds(2);
    QVERIFY2(m_server.start(options), qPrintable(m_server.errorString()));
}

void TestTlsShare::cleanupTestCase()
{
    m_server.stop();
}

void TestTlsShare::certificateIsMadeOnceAndKept()
{
    QTemporaryDir folder;
    QString error;
    const auto first = ShareCertificate::loadOrCreate(folder.filePath(u"tls"_s), &error);
    QVERIFY2(first, qPrintable(error));
    QVERIFY(first->pin().startsWith(u"sha256//"_s));
    QCOMPARE(first->pin().size(), 8 + 44);
    const auto again = ShareCertificate::loadOrCreate(folder.filePath(u"tls"_s), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->pin(), first->pin()); // a restart keeps the pin
    QCOMPARE(again->certificate, first->certificate);

    // The key is the owner's alone, from its first byte.
    const QFileInfo key(folder.filePath(u"tls/share-key.pem"_s));
    QVERIFY(key.exists());
    QCOMPARE(key.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // Self-signed, ECDSA, for this machine's names and loopback.
    QCOMPARE(first->certificate.issuerDisplayName(), first->certificate.subjectDisplayName());
    QCOMPARE(first->key.algorithm(), QSsl::Ec);
    const auto names = first->certificate.subjectAlternativeNames();
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(u"127.0.0.1"_s));
    QVERIFY(names.values(QSsl::DnsEntry).contains(u"localhost"_s));
    QVERIFY(first->certificate.expiryDate() > QDateTime::currentDateTimeUtc().addYears(5));
}

void TestTlsShare::newCertificateChangesThePin()
{
    QTemporaryDir folder;
    QString error;
    const auto first = ShareCertificate::loadOrCreate(folder.path(), &error);
    QVERIFY2(first, qPrintable(error));
    const auto replaced = ShareCertificate::create(folder.path(), &error);
    QVERIFY2(replaced, qPrintable(error));
    QVERIFY(replaced->pin() != first->pin());
    const auto kept = ShareCertificate::loadOrCreate(folder.path(), &error);
    QVERIFY2(kept, qPrintable(error));
    QCOMPARE(kept->pin(), replaced->pin());

    // A damaged pair is replaced rather than stopping the share.
    QFile damaged(folder.filePath(u"share-key.pem"_s));
    QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate) && damaged.write("not a key") > 0);
    damaged.close();
    const auto remade = ShareCertificate::loadOrCreate(folder.path(), &error);
    QVERIFY2(remade, qPrintable(error));
    QVERIFY(remade->pin() != replaced->pin());
}

void TestTlsShare::userCertificate_data()
{
    QTest::addColumn<int>("certificateKind");
    QTest::addColumn<int>("keyKind");
    QTest::addColumn<bool>("usable");
    QTest::addColumn<QString>("problem");
    using Kind = TestCertificates::Kind;
    QTest::newRow("a CA-signed pair") << int(Kind::Trusted) << int(Kind::Trusted) << true << QString();
    QTest::newRow("key of another certificate")
            << int(Kind::Trusted) << int(Kind::WrongName) << false << u"does not belong"_s;
    QTest::newRow("missing certificate") << -1 << int(Kind::Trusted) << false << u"Cannot read"_s;
    QTest::newRow("a key where the certificate should be")
            << -2 << int(Kind::Trusted) << false << u"holds no PEM certificate"_s;
    QTest::newRow("a certificate where the key should be")
            << int(Kind::Trusted) << -2 << false << u"holds no unencrypted PEM private key"_s;
}

void TestTlsShare::userCertificate()
{
    QFETCH(int, certificateKind);
    QFETCH(int, keyKind);
    QFETCH(bool, usable);
    QFETCH(QString, problem);
    TestCertificates pki;
    QVERIFY2(pki.isValid(), qPrintable(pki.errorString()));
    using Kind = TestCertificates::Kind;
    const QString certificatePath = certificateKind == -1   ? m_data.filePath(u"none.pem"_s)
                                    : certificateKind == -2 ? pki.keyPath(Kind::Trusted)
                                                            : pki.certificatePath(Kind(certificateKind));
    const QString keyPath = keyKind == -2 ? pki.certificatePath(Kind::Trusted) : pki.keyPath(Kind(keyKind));
    QString error;
    const auto pair = ShareCertificate::load(certificatePath, keyPath, &error);
    QCOMPARE(bool(pair), usable);
    if (usable)
        QCOMPARE(pair->certificate, pki.certificate(Kind::Trusted));
    else
        QVERIFY2(error.contains(problem), qPrintable(error));
}

void TestTlsShare::curlWithThePin()
{
    if (!have(u"curl"_s))
        QSKIP("curl is not installed");
    // -k: the certificate names no authority curl knows; the pin is what
    // vouches for the server, as a share link's does for Ferry.
    const QString out = m_data.filePath(u"curl-big.bin"_s);
    const Run result = run(u"curl"_s, {u"-sS"_s, u"-k"_s, u"--pinnedpubkey"_s, m_pin, u"-o"_s, out, url(u"big.bin"_s)});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile got(out);
    QVERIFY(got.open(QIODevice::ReadOnly));
    QVERIFY(got.readAll() == m_big);
}

void TestTlsShare::curlRefusesAWrongPinOrNoTrust()
{
    if (!have(u"curl"_s))
        QSKIP("curl is not installed");
    const QString wrongPin = u"sha256//"_s + QString::fromLatin1(QByteArray(32, 'x').toBase64());
    Run result = run(u"curl"_s, {u"-sS"_s, u"-k"_s, u"--pinnedpubkey"_s, wrongPin, url(u"hello.txt"_s)});
    QCOMPARE(result.exitCode, 90); // CURLE_SSL_PINNEDPUBKEYNOTMATCH
    QVERIFY(result.out.isEmpty());
    result = run(u"curl"_s, {u"-sS"_s, url(u"hello.txt"_s)});
    QCOMPARE(result.exitCode, 60); // CURLE_PEER_FAILED_VERIFICATION: self-signed
    // The server goes on serving.
    result = run(u"curl"_s, {u"-sS"_s, u"-k"_s, url(u"hello.txt"_s)});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, QByteArray("hello over tls\n"));
}

void TestTlsShare::curlRangeAndKeepAlive()
{
    if (!have(u"curl"_s))
        QSKIP("curl is not installed");
    // Two requests on one connection, the second a range of the big file.
    const Run result = run(u"curl"_s, {u"-sS"_s, u"-k"_s, u"-v"_s, url(u"hello.txt"_s), u"--next"_s, u"-sS"_s, u"-k"_s,
                                       u"-v"_s, u"-r"_s, u"100-199"_s, url(u"big.bin"_s)});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QCOMPARE(result.out, "hello over tls\n" + m_big.mid(100, 100));
    QVERIFY2(result.err.contains("Re-using existing connection") || result.err.contains("Reusing existing"),
             result.err.constData());
    QVERIFY(result.err.contains("HTTP/1.1 206"));
}

void TestTlsShare::wgetWithoutCheck()
{
    if (!have(u"wget"_s))
        QSKIP("wget is not installed");
    const QString out = m_data.filePath(u"wget-big.bin"_s);
    const Run result =
            run(u"wget"_s, {u"--no-config"_s, u"-q"_s, u"--no-check-certificate"_s, u"-O"_s, out, url(u"big.bin"_s)});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QFile got(out);
    QVERIFY(got.open(QIODevice::ReadOnly));
    QVERIFY(got.readAll() == m_big);
}

void TestTlsShare::opensslProtocolVersions_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("accepted");
    // SECLEVEL=0 so that the client itself is willing to try TLS 1.1:
    // the refusal must be the server's.
    QTest::newRow("TLS 1.1") << QStringList{u"-tls1_1"_s, u"-cipher"_s, u"DEFAULT@SECLEVEL=0"_s} << false;
    QTest::newRow("TLS 1.2") << QStringList{u"-tls1_2"_s} << true;
    QTest::newRow("TLS 1.3") << QStringList{u"-tls1_3"_s} << true;
}

void TestTlsShare::opensslProtocolVersions()
{
    QFETCH(QStringList, options);
    QFETCH(bool, accepted);
    if (!have(u"openssl"_s))
        QSKIP("openssl is not installed");
    const QStringList arguments =
            QStringList{u"s_client"_s, u"-connect"_s, u"127.0.0.1:%1"_s.arg(m_server.serverPort()), u"-quiet"_s}
            + options;
    const Run result =
            run(u"openssl"_s, arguments, "GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    if (accepted) {
        QVERIFY2(result.out.startsWith("HTTP/1.1 200 OK\r\n"), result.err.constData());
        QVERIFY(result.out.endsWith("hello over tls\n"));
    } else {
        QVERIFY2(!result.out.contains("HTTP/1.1"), result.out.constData());
        QVERIFY(result.exitCode != 0);
    }
}

void TestTlsShare::legacyClientOnTheSamePort()
{
    // The tutorial protocol is untouched: a name, the bytes, a close.
    const RawExchange exchange = rawExchange(m_server.serverPort(), {"big.bin"});
    QVERIFY(exchange.closedByPeer);
    QVERIFY(exchange.received == m_big);
}

void TestTlsShare::plainHttpIsRedirected_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("a file") << QByteArray("/hello.txt");
    QTest::newRow("the top with a query") << QByteArray("/?format=json");
    QTest::newRow("a name that does not exist") << QByteArray("/missing.txt");
}

void TestTlsShare::plainHttpIsRedirected()
{
    QFETCH(QByteArray, target);
    const RawExchange exchange = rawExchange(m_server.serverPort(), {httpGet(target)});
    const auto [head, body] = splitHttp(exchange.received);
    QVERIFY2(head.startsWith("HTTP/1.1 308 "), head.constData());
    QVERIFY2(head.contains(QByteArray("\r\nLocation: https://127.0.0.1" + target + "\r\n")), head.constData());
    QVERIFY(body.isEmpty()); // nothing of the share in the clear
}

void TestTlsShare::cookieIsSecure()
{
    QTemporaryDir folder;
    QFile file(folder.filePath(u"a.txt"_s));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write("a") == 1);
    file.close();
    QString error;
    ShareServer coded;
    ShareServer::Options options = loopbackShare(folder.path());
    options.accessCode = u"open-sesame"_s;
    options.tls = ShareCertificate::loadOrCreate(m_data.filePath(u"tls"_s), &error);
    QVERIFY2(options.tls, qPrintable(error));
    QVERIFY(coded.start(options));

    // In the clear, even the right code gets only the redirect.
    const RawExchange plain = rawExchange(coded.serverPort(), {httpGet("/?code=open-sesame")});
    QVERIFY2(plain.received.startsWith("HTTP/1.1 308 "), plain.received.constData());
    QVERIFY(!plain.received.contains("Set-Cookie"));

    if (!have(u"curl"_s))
        QSKIP("curl is not installed");
    const Run result = run(u"curl"_s, {u"-sS"_s, u"-k"_s, u"-D"_s, u"-"_s, u"-o"_s, u"/dev/null"_s,
                                       u"https://127.0.0.1:%1/?code=open-sesame"_s.arg(coded.serverPort())});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY2(result.out.contains("Set-Cookie: ") && result.out.contains("; Secure"), result.out.constData());
    coded.stop();
}

void TestTlsShare::hostileHandshakes_data()
{
    QTest::addColumn<QList<QByteArray>>("segments");
    QTest::newRow("garbage after 0x16") << QList<QByteArray>{QByteArray::fromHex("16") + QByteArray(300, '\xee')};
    QTest::newRow("a ClientHello cut short, then silence")
            << QList<QByteArray>{QByteArray::fromHex("160301020001fc0303") + QByteArray(20, 'r')};
    QTest::newRow("0x16 alone, then silence") << QList<QByteArray>{QByteArray::fromHex("16")};
    QTest::newRow("a record of another type") << QList<QByteArray>{QByteArray::fromHex("1503010002022800")};
}

void TestTlsShare::hostileHandshakes()
{
    QFETCH(QList<QByteArray>, segments);
    // Each ends with the connection closed by the server, at the latest at
    // the request deadline (2 s here), and costs the share nothing else.
    const RawExchange exchange = rawExchange(m_server.serverPort(), segments, 0, 8000);
    QVERIFY(exchange.closedByPeer);
    QVERIFY(!exchange.received.contains("HTTP/1.1"));
    QTRY_COMPARE_WITH_TIMEOUT(m_server.connectionCount(), 0, 5000);
    if (!have(u"curl"_s))
        return;
    const Run after = run(u"curl"_s, {u"-sS"_s, u"-k"_s, url(u"hello.txt"_s)});
    QCOMPARE(after.out, QByteArray("hello over tls\n"));
}

void TestTlsShare::tlsToAShareInTheClear()
{
    QTemporaryDir folder;
    ShareServer clear;
    QVERIFY(clear.start(loopbackShare(folder.path())));
    // A real ClientHello (Qt's), to a share that does not encrypt: closed
    // at once, not left to wait for the legacy quiet period.
    QSslSocket socket;
    socket.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket.connectToHostEncrypted(u"127.0.0.1"_s, clear.serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(socket.state() == QAbstractSocket::UnconnectedState, 5000);
    QVERIFY(!socket.isEncrypted());
    clear.stop();
}

QTEST_GUILESS_MAIN(TestTlsShare)
#include "tst_tlsshare.moc"
