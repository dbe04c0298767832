#include "common/accesscode.h"
#include "share/accessgate.h"
#include "wire/httprequest.h"

#include <QTest>

namespace {

HttpRequest requestWith(const QByteArray &query, const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    HttpRequest request;
    request.method = "GET";
    request.path = QStringLiteral("/a.txt");
    request.query = query;
    request.target = "/a.txt" + (query.isEmpty() ? QByteArray() : '?' + query);
    request.headers = headers;
    return request;
}

QByteArray basic(const QByteArray &credentials)
{
    return "Basic " + credentials.toBase64();
}

const QHostAddress Peer(QStringLiteral("192.0.2.7")); // only a key in a table: nothing is sent

} // namespace

Q_DECLARE_METATYPE(AccessGate::Verdict)

class TestAccessGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutCodeEveryoneIsAdmitted();
    void verdict_data();
    void verdict();
    void queryLoginSetsCookie();
    void guessingIsThrottledPerPeer();
    void rightCodeForgivesEarlierMistakes();
    void validate_data();
    void validate();
    void clientHelpersRoundTrip();
};

void TestAccessGate::withoutCodeEveryoneIsAdmitted()
{
    const AccessGate gate;
    QVERIFY(!gate.isRequired());
    QCOMPARE(gate.check(requestWith("code=anything"), Peer), AccessGate::Verdict::Admitted);
    QCOMPARE(gate.check(requestWith({}), Peer), AccessGate::Verdict::Admitted);
}

void TestAccessGate::verdict_data()
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<AccessGate::Verdict>("verdict");
    const auto admitted = AccessGate::Verdict::Admitted;
    const auto missing = AccessGate::Verdict::Missing;
    const auto wrong = AccessGate::Verdict::Wrong;

    QTest::newRow("nothing") << QByteArray() << Headers{} << missing;
    QTest::newRow("other query") << QByteArray("format=json") << Headers{} << missing;
    QTest::newRow("query") << QByteArray("code=s%C3%A9same%201") << Headers{} << admitted;
    QTest::newRow("query among others") << QByteArray("format=json&code=s%C3%A9same%201") << Headers{} << admitted;
    QTest::newRow("query wrong") << QByteArray("code=sesame") << Headers{} << wrong;
    QTest::newRow("query empty") << QByteArray("code=") << Headers{} << wrong;
    QTest::newRow("query prefix of code") << QByteArray("code=s%C3%A9same") << Headers{} << wrong;
    QTest::newRow("query code plus more") << QByteArray("code=s%C3%A9same%2011") << Headers{} << wrong;
    QTest::newRow("basic, any user") << QByteArray() << Headers{{"authorization", basic("anyone:s\xc3\xa9same 1")}}
                                     << admitted;
    QTest::newRow("basic, no user") << QByteArray() << Headers{{"authorization", basic(":s\xc3\xa9same 1")}}
                                    << admitted;
    QTest::newRow("basic, lower-case scheme")
            << QByteArray() << Headers{{"authorization", "basic " + QByteArray("u:s\xc3\xa9same 1").toBase64()}}
            << admitted;
    QTest::newRow("basic wrong") << QByteArray() << Headers{{"authorization", basic("u:open")}} << wrong;
    QTest::newRow("basic not base64") << QByteArray() << Headers{{"authorization", "Basic !!!"}} << wrong;
    QTest::newRow("bearer is not a code")
            << QByteArray() << Headers{{"authorization", "Bearer s\xc3\xa9same 1"}} << missing;
    QTest::newRow("cookie") << QByteArray() << Headers{{"cookie", "a=b; ferry-code=s%C3%A9same%201; c=d"}} << admitted;
    QTest::newRow("cookie wrong") << QByteArray() << Headers{{"cookie", "ferry-code=old"}} << wrong;
    QTest::newRow("similar cookie name") << QByteArray() << Headers{{"cookie", "ferry-codex=s%C3%A9same%201"}}
                                         << missing;
    QTest::newRow("stale cookie, right query")
            << QByteArray("code=s%C3%A9same%201") << Headers{{"cookie", "ferry-code=old"}} << admitted;
}

void TestAccessGate::verdict()
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    QFETCH(QByteArray, query);
    QFETCH(Headers, headers);
    QFETCH(AccessGate::Verdict, verdict);
    const AccessGate gate(QString::fromUtf8("s\xc3\xa9same 1"));
    QVERIFY(gate.isRequired());
    QCOMPARE(gate.check(requestWith(query, headers), Peer), verdict);
}

void TestAccessGate::queryLoginSetsCookie()
{
    const AccessGate gate(QStringLiteral("open; sesame"));
    QVERIFY(gate.cameByQuery(requestWith("code=open%3B%20sesame")));
    QVERIFY(!gate.cameByQuery(requestWith("code=wrong")));
    QVERIFY(!gate.cameByQuery(requestWith({}, {{"authorization", basic("u:open; sesame")}})));
    // The cookie it sets is one the gate admits, and it cannot be read by scripts.
    const QByteArray cookie = gate.sessionCookie();
    QVERIFY(cookie.contains("; HttpOnly"));
    QVERIFY(cookie.contains("; Path=/"));
    const QByteArray pair = cookie.left(cookie.indexOf(';'));
    QVERIFY2(!pair.contains(' ') && !pair.contains(';'), pair.constData());
    QCOMPARE(gate.check(requestWith({}, {{"cookie", pair}}), Peer), AccessGate::Verdict::Admitted);
}

void TestAccessGate::guessingIsThrottledPerPeer()
{
    const AccessGate gate(QStringLiteral("sesame"));
    for (int i = 0; i < AccessGate::FailuresBeforeThrottle; ++i)
        QCOMPARE(gate.check(requestWith("code=guess" + QByteArray::number(i)), Peer), AccessGate::Verdict::Wrong);
    // Now even the right code waits: a guesser cannot tell it found it.
    QCOMPARE(gate.check(requestWith("code=sesame"), Peer), AccessGate::Verdict::Throttled);
    QCOMPARE(gate.check(requestWith({}), Peer), AccessGate::Verdict::Throttled);
    // Other peers are not punished for it.
    const QHostAddress other(QStringLiteral("2001:db8::1"));
    QCOMPARE(gate.check(requestWith("code=sesame"), other), AccessGate::Verdict::Admitted);
    // Asking without any code is not a guess.
    for (int i = 0; i < 3 * AccessGate::FailuresBeforeThrottle; ++i)
        QCOMPARE(gate.check(requestWith({}), other), AccessGate::Verdict::Missing);
}

void TestAccessGate::rightCodeForgivesEarlierMistakes()
{
    const AccessGate gate(QStringLiteral("sesame"));
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i + 1 < AccessGate::FailuresBeforeThrottle; ++i)
            QCOMPARE(gate.check(requestWith("code=typo"), Peer), AccessGate::Verdict::Wrong);
        QCOMPARE(gate.check(requestWith("code=sesame"), Peer), AccessGate::Verdict::Admitted);
    }
}

void TestAccessGate::validate_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("valid");
    QTest::newRow("word") << QStringLiteral("sesame") << true;
    QTest::newRow("inner space and symbols") << QStringLiteral("open sesame & 42%") << true;
    QTest::newRow("chinese") << QString::fromUtf8("芝麻开门") << true;
    QTest::newRow("128 characters") << QString(128, QLatin1Char('x')) << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("129 characters") << QString(129, QLatin1Char('x')) << false;
    QTest::newRow("leading space") << QStringLiteral(" sesame") << false;
    QTest::newRow("trailing space") << QStringLiteral("sesame ") << false;
    QTest::newRow("newline") << QStringLiteral("ses\name") << false;
    QTest::newRow("NUL") << QString(QStringLiteral("ses") + QChar(0) + QStringLiteral("ame")) << false;
    QTest::newRow("zero-width space") << QString(QStringLiteral("ses") + QChar(0x200B) + QStringLiteral("ame"))
                                      << false;
}

void TestAccessGate::validate()
{
    QFETCH(QString, code);
    QFETCH(bool, valid);
    QCOMPARE(AccessCode::validate(code).isEmpty(), valid);
}

void TestAccessGate::clientHelpersRoundTrip()
{
    const QString code = QString::fromUtf8("芝麻 开门&=?");
    const AccessGate gate(code);
    QCOMPARE(gate.check(requestWith(AccessCode::queryItem(code)), Peer), AccessGate::Verdict::Admitted);
    QCOMPARE(gate.check(requestWith({}, {{"authorization", AccessCode::basicAuthorization(code)}}), Peer),
             AccessGate::Verdict::Admitted);
}

QTEST_GUILESS_MAIN(TestAccessGate)
#include "tst_accessgate.moc"
