#include "client/tlspolicy.h"
#include "rawclient.h"
#include "scriptedserver.h"
#include "testcertificates.h"
#include "testdata.h"
#include "tlsfrontend.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using Kind = TestCertificates::Kind;

namespace {

// Which pins a policy holds: none, the peer's own key, another key, or
// another then the peer's.
enum class Pins { None, Own, Other, OtherThenOwn };

const QByteArray helloReply = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";

// What each kind of problem is called in a verdict; a problem must name
// its own and no other.
const QStringList problemWords{
        QStringLiteral("expired"),       QStringLiteral("self-signed"), QStringLiteral("unknown authority"),
        QStringLiteral("wrong.invalid"), QStringLiteral("pinned"),      QStringLiteral("revoked"),
};

// A backend that answers once a whole request head has come.
ScriptedServer::Script answerWith(const QByteArray &reply)
{
    return [reply](const QByteArray &received) -> std::optional<ScriptedServer::Reply> {
        if (!received.contains("\r\n\r\n"))
            return std::nullopt;
        return ScriptedServer::Reply::of(reply);
    };
}

struct Fetch
{
    TlsPolicy::Verdict verdict;
    bool encrypted = false; // and trusted
    bool refused = false;
    bool closed = false; // the connection ended within the time allowed
    QByteArray received;
};

// A download's side of TLS: a QSslSocket configured by the policy, judged
// from sslErrors and again from encrypted, errors ignored only when the
// verdict trusts. Sends `request` once trusted, and hands what arrives to
// `receive` (by default: kept in Fetch::received) until the connection ends.
Fetch fetch(const TlsPolicy &policy, const QString &host, quint16 port, const QByteArray &request = httpGet("/"),
            const std::function<void(const QByteArray &)> &receive = {}, int timeoutMs = 10000)
{
    Fetch result;
    QSslSocket socket;
    socket.setSslConfiguration(policy.configuration());
    // Small buffers, in the kernel too, so that a reader that stops
    // reading soon stops the sender.
    socket.setReadBufferSize(256 * 1024);
    socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 256 * 1024);
    QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [&](const QList<QSslError> &errors) {
        result.verdict = policy.judge(errors, socket.peerCertificate(), host);
        if (result.verdict.trusted)
            socket.ignoreSslErrors();
        else
            result.refused = true;
    });
    QObject::connect(&socket, &QSslSocket::encrypted, &socket, [&] {
        result.verdict = policy.judge({}, socket.peerCertificate(), host);
        if (!result.verdict.trusted) {
            result.refused = true;
            socket.abort();
            return;
        }
        result.encrypted = true;
        socket.write(request);
    });
    const auto take = [&] {
        if (!socket.isOpen())
            return; // aborted on a refusal
        const QByteArray bytes = socket.readAll();
        if (receive)
            receive(bytes);
        else
            result.received += bytes;
    };
    QObject::connect(&socket, &QIODevice::readyRead, &socket, take);
    // An event loop of its own rather than QTest::qWaitFor, whose naps
    // between rounds of events would throttle large bodies.
    QEventLoop loop;
    QObject::connect(&socket, &QAbstractSocket::stateChanged, &loop, [&](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::UnconnectedState)
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    socket.connectToHostEncrypted(host, port);
    if (socket.state() != QAbstractSocket::UnconnectedState)
        loop.exec();
    result.closed = socket.state() == QAbstractSocket::UnconnectedState;
    take();
    return result;
}

QString runShell(const QString &script, const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("sh"), QStringList{QStringLiteral("-c"), script, QStringLiteral("sh")} + arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return {};
    return QString::fromLatin1(process.readAllStandardOutput()).trimmed();
}

} // namespace

Q_DECLARE_METATYPE(TestCertificates::Kind)
Q_DECLARE_METATYPE(Pins)

// Whether a download trusts a server: the policy's verdict on each kind of
// certificate, met over real TLS on the loopback, and its parsers; and the
// TLS frontend that other tests put in front of plain servers.
class TestTlsPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void fixtureIsWhatItSays();

    void verdict_data();
    void verdict();
    void problemNamesEachCauseOnce_data();
    void problemNamesEachCauseOnce();
    void noCertificateIsNeverTrusted();
    void configuration();

    void parsePins_data();
    void parsePins();
    void loadAuthorities_data();
    void loadAuthorities();
    void pinOfMatchesOpenSsl_data();
    void pinOfMatchesOpenSsl();
    void describeNamesTheCertificate();

    void frontendCountsAPlainClientAsFailed();
    void frontendClosesTheBackendAfterTheClient();
    void frontendClosesTheClientWhenTheBackendRefuses();
    void frontendDiesWithConnectionsOpen();
    void frontendRelaysALargeBody();
    void frontendRelaysALargeUpload();

private:
    TlsPolicy trustingTheCa() const;

    TestCertificates m_pki;
    QTemporaryDir m_dir;
    QString m_openssl; // empty: no openssl command line here
};

void TestTlsPolicy::initTestCase()
{
    QVERIFY2(m_pki.isValid(), qPrintable(m_pki.errorString()));
    QVERIFY(m_dir.isValid());
    QVERIFY(QSslSocket::supportsSsl());
    m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

TlsPolicy TestTlsPolicy::trustingTheCa() const
{
    TlsPolicy policy;
    policy.addedAuthorities = {m_pki.caCertificate()};
    return policy;
}

// What the other tests rely on: each kind is what its name says, and the
// files hold what the objects hold.
void TestTlsPolicy::fixtureIsWhatItSays()
{
    const QSslCertificate ca = m_pki.caCertificate();
    QVERIFY(ca.isSelfSigned());
    QCOMPARE(QSslCertificate::fromPath(m_pki.caPath()), QList{ca});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const Kind kind : TestCertificates::kinds) {
        const QString name = TestCertificates::name(kind);
        const QSslCertificate certificate = m_pki.certificate(kind);
        QCOMPARE(QSslCertificate::fromPath(m_pki.certificatePath(kind)), QList{certificate});
        QFile keyFile(m_pki.keyPath(kind));
        QVERIFY2(keyFile.open(QIODevice::ReadOnly), qPrintable(name));
        QCOMPARE(QSslKey(keyFile.readAll(), QSsl::Ec), m_pki.key(kind));
        QCOMPARE(m_pki.key(kind).algorithm(), QSsl::Ec);
        QCOMPARE(kind == Kind::SelfSigned, certificate.isSelfSigned());
        if (kind != Kind::SelfSigned)
            QCOMPARE(certificate.issuerInfo(QSslCertificate::CommonName), ca.subjectInfo(QSslCertificate::CommonName));
        QCOMPARE(kind == Kind::Expired, certificate.expiryDate() < now);
        QVERIFY2(certificate.effectiveDate() < now, qPrintable(name));
    }
    const auto names = m_pki.certificate(Kind::Trusted).subjectAlternativeNames();
    QCOMPARE(names.values(QSsl::DnsEntry), QStringList{QStringLiteral("localhost")});
    QStringList addresses = names.values(QSsl::IpAddressEntry);
    addresses.sort();
    QCOMPARE(addresses, (QStringList{QStringLiteral("127.0.0.1"), QStringLiteral("::1")}));
    QCOMPARE(m_pki.certificate(Kind::WrongName).subjectAlternativeNames().values(QSsl::DnsEntry),
             QStringList{QStringLiteral("wrong.invalid")});
}

void TestTlsPolicy::verdict_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("addCa");
    QTest::addColumn<Pins>("pins");
    QTest::addColumn<bool>("insecure");
    QTest::addColumn<QList<Kind>>("remembered"); // trustedCertificates
    QTest::addColumn<QString>("problem"); // empty: trusted

    const QString ip = QStringLiteral("127.0.0.1");
    const QString name = QStringLiteral("localhost");
    const QString ipv6 = QStringLiteral("::1");
    const QList<Kind> none;
    // clang-format off
    QTest::newRow("CA added, reached by IP") << Kind::Trusted << ip << true << Pins::None << false << none << QString();
    QTest::newRow("CA added, reached by name") << Kind::Trusted << name << true << Pins::None << false << none << QString();
    QTest::newRow("CA added, reached by IPv6") << Kind::Trusted << ipv6 << true << Pins::None << false << none << QString();
    QTest::newRow("no CA added: unknown issuer") << Kind::Trusted << ip << false << Pins::None << false << none << QStringLiteral("unknown authority");
    QTest::newRow("wrong name") << Kind::WrongName << ip << true << Pins::None << false << none << QStringLiteral("wrong.invalid");
    QTest::newRow("expired") << Kind::Expired << ip << true << Pins::None << false << none << QStringLiteral("expired");
    QTest::newRow("self-signed") << Kind::SelfSigned << ip << false << Pins::None << false << none << QStringLiteral("self-signed");
    QTest::newRow("self-signed, pinned") << Kind::SelfSigned << ip << false << Pins::Own << false << none << QString();
    QTest::newRow("self-signed, second of two pins") << Kind::SelfSigned << ip << false << Pins::OtherThenOwn << false << none << QString();
    QTest::newRow("self-signed, pinned, name not in it") << Kind::SelfSigned << name << false << Pins::Own << false << none << QString();
    QTest::newRow("wrong name, pinned") << Kind::WrongName << ip << true << Pins::Own << false << none << QString();
    QTest::newRow("valid chain, wrong pin") << Kind::Trusted << ip << true << Pins::Other << false << none << QStringLiteral("pinned");
    QTest::newRow("insecure: self-signed") << Kind::SelfSigned << ip << false << Pins::None << true << none << QString();
    QTest::newRow("insecure: expired") << Kind::Expired << ip << false << Pins::None << true << none << QString();
    QTest::newRow("insecure: wrong name") << Kind::WrongName << ip << false << Pins::None << true << none << QString();
    QTest::newRow("insecure: wrong pin") << Kind::Trusted << ip << false << Pins::Other << true << none << QString();
    QTest::newRow("remembered: self-signed") << Kind::SelfSigned << ip << false << Pins::None << false << QList{Kind::SelfSigned} << QString();
    QTest::newRow("remembered: expired") << Kind::Expired << ip << false << Pins::None << false << QList{Kind::Trusted, Kind::Expired} << QString();
    QTest::newRow("remembered another") << Kind::SelfSigned << ip << false << Pins::None << false << QList{Kind::Trusted} << QStringLiteral("self-signed");
    // clang-format on
}

// Over real TLS through a TlsFrontend: a trusted server is answered, an
// untrusted one gets no request, and the refusal names its cause.
void TestTlsPolicy::verdict()
{
    QFETCH(Kind, kind);
    QFETCH(QString, host);
    QFETCH(bool, addCa);
    QFETCH(Pins, pins);
    QFETCH(bool, insecure);
    QFETCH(QList<Kind>, remembered);
    QFETCH(QString, problem);

    ScriptedServer backend(answerWith(helloReply));
    QVERIFY(backend.listen());
    TlsFrontend frontend(m_pki.certificate(kind), m_pki.key(kind), backend.serverPort());
    const bool ipv6 = host == QLatin1String("::1");
    if (!frontend.listen(QHostAddress(ipv6 ? QHostAddress::LocalHostIPv6 : QHostAddress::LocalHost)))
        QSKIP("No IPv6 loopback here");

    TlsPolicy policy;
    if (addCa)
        policy.addedAuthorities = {m_pki.caCertificate()};
    const QByteArray own = TlsPolicy::publicKeyDigest(m_pki.certificate(kind));
    const QByteArray other =
            TlsPolicy::publicKeyDigest(m_pki.certificate(kind == Kind::SelfSigned ? Kind::Trusted : Kind::SelfSigned));
    switch (pins) {
    case Pins::None:
        break;
    case Pins::Own:
        policy.pins = {own};
        break;
    case Pins::Other:
        policy.pins = {other};
        break;
    case Pins::OtherThenOwn:
        policy.pins = {other, own};
        break;
    }
    policy.insecure = insecure;
    for (const Kind trusted : remembered)
        policy.trustedCertificates.append(TlsPolicy::certificateDigest(m_pki.certificate(trusted)));

    const Fetch result = fetch(policy, host, frontend.port());
    QVERIFY(result.closed);
    if (problem.isEmpty()) {
        QVERIFY2(result.verdict.trusted, qPrintable(result.verdict.problem));
        QVERIFY(result.verdict.problem.isEmpty());
        QVERIFY(result.encrypted);
        QCOMPARE(result.received, helloReply);
        QCOMPARE(backend.requests().size(), 1);
        QCOMPARE(frontend.handshakesCompleted(), 1);
    } else {
        QVERIFY(!result.verdict.trusted);
        QVERIFY(result.refused);
        QVERIFY(result.received.isEmpty());
        QVERIFY(backend.requests().isEmpty());
        const QString said = result.verdict.problem;
        QVERIFY2(said.contains(problem), qPrintable(said));
        for (const QString &word : problemWords) {
            if (word != problem)
                QVERIFY2(!said.contains(word), qPrintable(said));
        }
    }
    QTRY_COMPARE(frontend.handshakesCompleted() + frontend.handshakesFailed(), 1);
    QTRY_COMPARE(frontend.openConnections(), 0);
}

void TestTlsPolicy::problemNamesEachCauseOnce_data()
{
    QTest::addColumn<QList<QSslError::SslError>>("errors");
    QTest::addColumn<bool>("aboutTheCa"); // the errors name the CA's certificate, not the peer's
    QTest::addColumn<QString>("named");

    using E = QSslError;
    // clang-format off
    QTest::newRow("unknown issuer, said three ways") << QList{E::UnableToGetLocalIssuerCertificate, E::UnableToVerifyFirstCertificate, E::UnableToGetIssuerCertificate} << false << QStringLiteral("unknown authority (“Ferry Test CA”)");
    QTest::newRow("untrusted root in chain") << QList{E::SelfSignedCertificateInChain} << true << QStringLiteral("unknown authority (“Ferry Test CA”)");
    QTest::newRow("expired") << QList{E::CertificateExpired} << false << QStringLiteral("expired on ");
    QTest::newRow("not yet valid") << QList{E::CertificateNotYetValid} << false << QStringLiteral("not valid before ");
    QTest::newRow("the CA expired") << QList{E::CertificateExpired} << true << QStringLiteral("“Ferry Test CA”, which vouches for the server's, expired");
    QTest::newRow("wrong name") << QList{E::HostNameMismatch} << false << QStringLiteral("The certificate is for localhost, ");
    QTest::newRow("revoked") << QList{E::CertificateRevoked} << false << QStringLiteral("revoked");
    QTest::newRow("other: Qt's words") << QList{E::CertificateSignatureFailed} << false << QSslError(E::CertificateSignatureFailed).errorString();
    // clang-format on
}

// One sentence per cause, even when OpenSSL reports a cause several ways;
// an error about a certificate up the chain names that certificate.
void TestTlsPolicy::problemNamesEachCauseOnce()
{
    QFETCH(QList<QSslError::SslError>, errors);
    QFETCH(bool, aboutTheCa);
    QFETCH(QString, named);

    const QSslCertificate peer = m_pki.certificate(Kind::Trusted);
    QList<QSslError> sslErrors;
    for (const QSslError::SslError error : errors)
        sslErrors.append(QSslError(error, aboutTheCa ? m_pki.caCertificate() : peer));
    const TlsPolicy::Verdict verdict = TlsPolicy().judge(sslErrors, peer, QStringLiteral("example.invalid"));
    QVERIFY(!verdict.trusted);
    QVERIFY2(verdict.problem.count(named) == 1, qPrintable(verdict.problem));
    QVERIFY2(verdict.problem.count(QLatin1String("The ")) == 1, qPrintable(verdict.problem)); // one sentence
}

void TestTlsPolicy::noCertificateIsNeverTrusted()
{
    const QSslCertificate none;
    QVERIFY(TlsPolicy::publicKeyDigest(none).isEmpty());
    QVERIFY(TlsPolicy::certificateDigest(none).isEmpty());
    QVERIFY(TlsPolicy::pinOf(none).isEmpty());
    TlsPolicy pinned;
    pinned.pins = {QByteArray()};
    pinned.trustedCertificates = {QByteArray()};
    const TlsPolicy::Verdict verdict = pinned.judge({}, none, QStringLiteral("127.0.0.1"));
    QVERIFY(!verdict.trusted);
    QVERIFY(!verdict.problem.isEmpty());
    TlsPolicy insecure;
    insecure.insecure = true;
    QVERIFY(insecure.judge({}, none, QStringLiteral("127.0.0.1")).trusted);
}

// TLS 1.2 or newer, the peer verified unless -k; adding an authority
// keeps the system's (Qt drops its on-demand loading of them as soon as
// the list is set, so they must be listed).
void TestTlsPolicy::configuration()
{
    const QSslConfiguration plain = TlsPolicy().configuration();
    QCOMPARE(plain.protocol(), QSsl::TlsV1_2OrLater);
    QCOMPARE(plain.peerVerifyMode(), QSslSocket::VerifyPeer);
    QCOMPARE(plain.caCertificates(), QSslConfiguration::defaultConfiguration().caCertificates());

    TlsPolicy insecure;
    insecure.insecure = true;
    QCOMPARE(insecure.configuration().protocol(), QSsl::TlsV1_2OrLater);
    QCOMPARE(insecure.configuration().peerVerifyMode(), QSslSocket::VerifyNone);

    TlsPolicy pinned;
    pinned.pins = {TlsPolicy::publicKeyDigest(m_pki.certificate(Kind::SelfSigned))};
    QCOMPARE(pinned.configuration().peerVerifyMode(), QSslSocket::VerifyPeer);

    const QList<QSslCertificate> withCa = trustingTheCa().configuration().caCertificates();
    QVERIFY(withCa.contains(m_pki.caCertificate()));
    for (const QSslCertificate &system : QSslConfiguration::systemCaCertificates())
        QVERIFY2(withCa.contains(system), qPrintable(system.subjectDisplayName()));
}

void TestTlsPolicy::parsePins_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QList<QByteArray>>("digests");

    const QByteArray a = QCryptographicHash::hash("a", QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash("b", QCryptographicHash::Sha256);
    const QString pinA = QStringLiteral("sha256//") + QString::fromLatin1(a.toBase64());
    const QString pinB = QStringLiteral("sha256//") + QString::fromLatin1(b.toBase64());
    const QString base64A = QString::fromLatin1(a.toBase64());
    const QList<QByteArray> none;

    QTest::newRow("one") << pinA << true << QList{a};
    QTest::newRow("two") << pinA + u';' + pinB << true << QList{a, b};
    QTest::newRow("spaces around") << u' ' + pinA + QStringLiteral(" ; ") + pinB + u' ' << true << QList{a, b};
    QTest::newRow("empty") << QString() << false << none;
    QTest::newRow("spaces only") << QStringLiteral("   ") << false << none;
    QTest::newRow("no prefix") << base64A << false << none;
    QTest::newRow("sha1 prefix") << QStringLiteral("sha1//") + base64A << false << none;
    QTest::newRow("prefix in capitals") << QStringLiteral("SHA256//") + base64A << false << none;
    QTest::newRow("prefix only") << QStringLiteral("sha256//") << false << none;
    QTest::newRow("digest too short")
            << QStringLiteral("sha256//")
                       + QString::fromLatin1(QCryptographicHash::hash("a", QCryptographicHash::Sha1).toBase64())
            << false << none;
    QTest::newRow("digest too long") << pinA + QStringLiteral("AAAA") << false << none;
    QTest::newRow("not base64") << QStringLiteral("sha256//") + QString(base64A).replace(u'=', u'!') << false << none;
    QTest::newRow("not Latin-1") << QStringLiteral("sha256//") + base64A.left(42) + QStringLiteral("é=") << false
                                 << none;
    QTest::newRow("trailing semicolon") << pinA + u';' << false << none;
    QTest::newRow("one good, one bad") << pinA + QStringLiteral(";sha256//xyz") << false << none;
    QTest::newRow("a file (curl's other form)") << QStringLiteral("/etc/ssl/key.pem") << false << none;
}

void TestTlsPolicy::parsePins()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QList<QByteArray>, digests);

    QString error;
    const std::optional<QList<QByteArray>> pins = TlsPolicy::parsePins(text, &error);
    QCOMPARE(pins.has_value(), valid);
    if (valid) {
        QCOMPARE(*pins, digests);
        QVERIFY(error.isEmpty());
    } else {
        QVERIFY(!error.isEmpty());
    }
}

void TestTlsPolicy::loadAuthorities_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("count"); // 0: refused

    const auto write = [this](const QString &name, const QByteArray &bytes) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    };
    const QByteArray ca = m_pki.caCertificate().toPem();
    const QByteArray selfSigned = m_pki.certificate(Kind::SelfSigned).toPem();

    QTest::newRow("one") << m_pki.caPath() << 1;
    QTest::newRow("bundle of two") << write(QStringLiteral("two.pem"), ca + selfSigned) << 2;
    QTest::newRow("with text around") << write(QStringLiteral("commented.pem"),
                                               "# Ferry Test CA\n" + ca + "\nnot a certificate\n")
                                      << 1;
    QTest::newRow("missing") << m_dir.filePath(QStringLiteral("missing.pem")) << 0;
    QTest::newRow("a folder") << m_dir.path() << 0;
    QTest::newRow("empty") << write(QStringLiteral("empty.pem"), {}) << 0;
    QTest::newRow("a key only") << m_pki.keyPath(Kind::Trusted) << 0;
    QTest::newRow("DER, not PEM") << write(QStringLiteral("ca.der"), m_pki.caCertificate().toDer()) << 0;
    QTest::newRow("text") << write(QStringLiteral("text.pem"), "hello\n") << 0;
}

void TestTlsPolicy::loadAuthorities()
{
    QFETCH(QString, path);
    QFETCH(int, count);

    QString error;
    const std::optional<QList<QSslCertificate>> loaded = TlsPolicy::loadAuthorities(path, &error);
    QCOMPARE(loaded.has_value(), count > 0);
    if (count > 0) {
        QCOMPARE(loaded->size(), count);
        QCOMPARE(loaded->first(), m_pki.caCertificate());
        QVERIFY(error.isEmpty());
    } else {
        QVERIFY(!error.isEmpty());
        QVERIFY2(error.contains(path), qPrintable(error));
    }
}

void TestTlsPolicy::pinOfMatchesOpenSsl_data()
{
    QTest::addColumn<QString>("certificate");
    for (const Kind kind : TestCertificates::kinds)
        QTest::newRow(qPrintable(QStringLiteral("EC P-256, ") + TestCertificates::name(kind)))
                << m_pki.certificatePath(kind);
    // Made by the command line, the way someone would make their own.
    const QList<std::pair<const char *, QString>> others{
            {"RSA 2048", QStringLiteral("rsa:2048")},
            {"EC P-384", QStringLiteral("ec -pkeyopt ec_paramgen_curve:P-384")},
            {"Ed25519", QStringLiteral("ed25519")},
    };
    for (const auto &[name, key] : others) {
        const QString path = m_dir.filePath(QString::fromLatin1(name).replace(u' ', u'-') + QStringLiteral(".pem"));
        if (!m_openssl.isEmpty())
            runShell(QStringLiteral("openssl req -x509 -newkey %1 -nodes -subj /CN=other -days 1 -keyout \"$1.key\" "
                                    "-out \"$1\" 2>/dev/null")
                             .arg(key),
                     {path});
        QTest::newRow(name) << path;
    }
}

// What curl users compute for --pinnedpubkey, from the certificate file:
// SHA-256 of the DER SubjectPublicKeyInfo, in base64.
void TestTlsPolicy::pinOfMatchesOpenSsl()
{
    QFETCH(QString, certificate);
    if (m_openssl.isEmpty())
        QSKIP("No openssl command line here");

    const QList<QSslCertificate> loaded = QSslCertificate::fromPath(certificate);
    QCOMPARE(loaded.size(), 1);
    const QString computed = runShell(QStringLiteral("openssl x509 -in \"$1\" -pubkey -noout | openssl pkey -pubin "
                                                     "-outform der | openssl dgst -sha256 -binary | base64"),
                                      {certificate});
    QCOMPARE(computed.size(), 44);
    QCOMPARE(TlsPolicy::pinOf(loaded.first()), QStringLiteral("sha256//") + computed);
    QString error;
    QCOMPARE(TlsPolicy::parsePins(TlsPolicy::pinOf(loaded.first()), &error),
             QList{TlsPolicy::publicKeyDigest(loaded.first())});
}

void TestTlsPolicy::describeNamesTheCertificate()
{
    const QSslCertificate trusted = m_pki.certificate(Kind::Trusted);
    const QString described = TlsPolicy::describe(trusted);
    QVERIFY2(described.count(u'\n') >= 4, qPrintable(described));
    const QStringList expected{
            QStringLiteral("localhost"),
            QStringLiteral("127.0.0.1"),
            QStringLiteral("Ferry Test CA"),
            trusted.expiryDate().toUTC().toString(Qt::ISODate),
            QString::fromLatin1(trusted.digest(QCryptographicHash::Sha256).toHex(':').toUpper()),
            TlsPolicy::pinOf(trusted),
    };
    for (const QString &part : expected)
        QVERIFY2(described.contains(part), qPrintable(part + QStringLiteral(" not in:\n") + described));
    QVERIFY(TlsPolicy::describe(m_pki.certificate(Kind::SelfSigned)).contains(QLatin1String("self-signed")));
}

void TestTlsPolicy::frontendCountsAPlainClientAsFailed()
{
    ScriptedServer backend(answerWith(helloReply));
    QVERIFY(backend.listen());
    TlsFrontend frontend(m_pki.certificate(Kind::Trusted), m_pki.key(Kind::Trusted), backend.serverPort());
    QVERIFY(frontend.listen());

    const RawExchange exchange = rawExchange(frontend.port(), {httpGet("/")});
    QVERIFY(exchange.closedByPeer);
    QVERIFY(!exchange.received.contains("hello"));
    QTRY_COMPARE(frontend.handshakesFailed(), 1);
    QCOMPARE(frontend.handshakesCompleted(), 0);
    QCOMPARE(frontend.openConnections(), 0);
    QVERIFY(backend.requests().isEmpty());
}

// The client writes and closes at once: what it wrote reaches the
// backend, and then the backend's connection is closed too.
void TestTlsPolicy::frontendClosesTheBackendAfterTheClient()
{
    QTcpServer backend;
    QVERIFY(backend.listen(QHostAddress::LocalHost, 0));
    QByteArray backendReceived;
    bool backendClosed = false;
    QObject::connect(&backend, &QTcpServer::newConnection, &backend, [&] {
        QTcpSocket *socket = backend.nextPendingConnection();
        QObject::connect(socket, &QIODevice::readyRead, socket, [&, socket] { backendReceived += socket->readAll(); });
        QObject::connect(socket, &QAbstractSocket::disconnected, socket, [&, socket] {
            backendReceived += socket->readAll();
            backendClosed = true;
            socket->deleteLater();
        });
        socket->write("greeting");
    });
    TlsFrontend frontend(m_pki.certificate(Kind::Trusted), m_pki.key(Kind::Trusted), backend.serverPort());
    QVERIFY(frontend.listen());

    const TlsPolicy policy = trustingTheCa();
    QSslSocket client;
    client.setSslConfiguration(policy.configuration());
    QByteArray clientReceived;
    QObject::connect(&client, &QIODevice::readyRead, &client, [&] { clientReceived += client.readAll(); });
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), frontend.port());
    QTRY_COMPARE(clientReceived, QByteArray("greeting"));
    client.write("last words");
    client.disconnectFromHost();

    QTRY_VERIFY(backendClosed);
    QCOMPARE(backendReceived, QByteArray("last words"));
    QTRY_COMPARE(frontend.openConnections(), 0);
    QCOMPARE(frontend.handshakesCompleted(), 1);
}

void TestTlsPolicy::frontendClosesTheClientWhenTheBackendRefuses()
{
    const quint16 closed = closedLoopbackPort();
    QVERIFY(closed != 0);
    TlsFrontend frontend(m_pki.certificate(Kind::Trusted), m_pki.key(Kind::Trusted), closed);
    QVERIFY(frontend.listen());

    const Fetch result = fetch(trustingTheCa(), QStringLiteral("127.0.0.1"), frontend.port());
    QVERIFY(result.encrypted);
    QVERIFY(result.closed);
    QVERIFY(result.received.isEmpty());
    QTRY_COMPARE(frontend.openConnections(), 0);
}

// Both sides of an open relay go with the frontend, and the client sees
// its connection end.
void TestTlsPolicy::frontendDiesWithConnectionsOpen()
{
    ScriptedServer backend(helloReply, ScriptedServer::Ending::StayOpen);
    QVERIFY(backend.listen());
    auto frontend = std::make_unique<TlsFrontend>(m_pki.certificate(Kind::Trusted), m_pki.key(Kind::Trusted),
                                                  backend.serverPort());
    QVERIFY(frontend->listen());

    QSslSocket client;
    client.setSslConfiguration(trustingTheCa().configuration());
    QByteArray received;
    QObject::connect(&client, &QIODevice::readyRead, &client, [&] { received += client.readAll(); });
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), frontend->port());
    QTRY_VERIFY(client.isEncrypted()); // the frontend runs on this thread: no waitForEncrypted()
    client.write(httpGet("/"));
    QTRY_COMPARE(received, helloReply);
    QCOMPARE(frontend->openConnections(), 1);

    frontend.reset();
    QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
}

// 64 MiB from the backend, whole and in order, through memory bounded by
// the frontend's buffers, not by the body.
void TestTlsPolicy::frontendRelaysALargeBody()
{
    // A block of prime length, so that no loss or repetition of whole TLS
    // records or socket chunks can keep the digest.
    const QByteArray block = randomBytes(65521, 3);
    constexpr int blocks = 1024;
    const qint64 bodySize = qint64(block.size()) * blocks;
    ScriptedServer::Reply reply;
    reply.bytes = "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(bodySize) + "\r\n\r\n";
    reply.repeated = block;
    reply.repeat = blocks;
    ScriptedServer server([reply](const QByteArray &received) -> std::optional<ScriptedServer::Reply> {
        if (!received.contains("\r\n\r\n"))
            return std::nullopt;
        return reply;
    });
    QVERIFY(server.listen());
    TlsFrontend frontend(m_pki.certificate(Kind::Trusted), m_pki.key(Kind::Trusted), server.serverPort());
    QVERIFY(frontend.listen());

    QCryptographicHash expected(QCryptographicHash::Sha256);
    expected.addData(reply.bytes);
    for (int i = 0; i < blocks; ++i)
        expected.addData(block);
    // Once, the client stops reading for a second, as behind a slow disk:
    // its socket's buffers fill, and a frontend that kept reading the
    // backend regardless would meanwhile take in most of the body.
    constexpr qint64 bound = 2 * 1024 * 1024;
    bool stalled = false;
    QCryptographicHash received(QCryptographicHash::Sha256);
    qint64 receivedSize = 0;
    const Fetch result = fetch(
            trustingTheCa(), QStringLiteral("127.0.0.1"), frontend.port(), httpGet("/big"),
            [&](const QByteArray &bytes) {
                received.addData(bytes);
                receivedSize += bytes.size();
                if (!stalled && receivedSize > bound) {
                    stalled = true;
                    // The rest of the program runs meanwhile: the frontend and
                    // the backend, at full speed.
                    QEventLoop stall;
                    QTimer::singleShot(1000, &stall, &QEventLoop::quit);
                    stall.exec();
                }
            },
            120000);
    QVERIFY(result.encrypted);
    QVERIFY(result.closed);
    QCOMPARE(receivedSize, reply.bytes.size() + bodySize);
    QCOMPARE(received.result(), expected.result());
    QCOMPARE(server.requests().size(), 1);
    QVERIFY(stalled);
    QVERIFY2(frontend.peakBuffered() < bound, QByteArray::number(frontend.peakBuffered()));
    QTRY_COMPARE(frontend.openConnections(), 0);
}

// 32 MiB from the client, written all at once: the frontend takes it only
// as fast as the backend does.
void TestTlsPolicy::frontendRelaysALargeUpload()
{
    const QByteArray body = randomBytes(32 * 1024 * 1024, 5);
    const QByteArray head = "PUT /up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + QByteArray::number(body.size())
                            + "\r\nConnection: close\r\n\r\n";
    const qsizetype total = head.size() + body.size();
    ScriptedServer server([total](const QByteArray &received) -> std::optional<ScriptedServer::Reply> {
        if (received.size() < total)
            return std::nullopt;
        const QByteArray digest = QCryptographicHash::hash(received, QCryptographicHash::Sha256).toHex();
        return ScriptedServer::Reply::of("HTTP/1.1 200 OK\r\nContent-Length: 64\r\n\r\n" + digest);
    });
    QVERIFY(server.listen());
    TlsFrontend frontend(m_pki.certificate(Kind::Trusted), m_pki.key(Kind::Trusted), server.serverPort());
    QVERIFY(frontend.listen());

    const Fetch result = fetch(trustingTheCa(), QStringLiteral("127.0.0.1"), frontend.port(), head + body, {}, 120000);
    QVERIFY(result.encrypted);
    QVERIFY(result.closed);
    QCOMPARE(splitHttp(result.received).second,
             QCryptographicHash::hash(QByteArray(head + body), QCryptographicHash::Sha256).toHex());
    QVERIFY2(frontend.peakBuffered() < 2 * 1024 * 1024, QByteArray::number(frontend.peakBuffered()));
    QTRY_COMPARE(frontend.openConnections(), 0);
}

QTEST_GUILESS_MAIN(TestTlsPolicy)
#include "tst_tlspolicy.moc"
