#include "common/accesscode.h"
#include "share/accessgate.h"
#include "share/sessiontokens.h"
#include "wire/httprequest.h"

#include <QTest>

using namespace std::chrono_literals;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

HttpRequest requestWith(const QByteArray &query, const Headers &headers = {})
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

// The name=value part of a Set-Cookie value, as a browser sends it back.
Headers sendingBack(const QByteArray &setCookie)
{
    return {{"cookie", "a=b; " + setCookie.left(setCookie.indexOf(';'))}};
}

// Only keys in a table: nothing is sent.
const QHostAddress Peer(QStringLiteral("192.0.2.7"));
constexpr quint16 Port = 8888;

QHostAddress nthPeer(int n)
{
    return QHostAddress(QStringLiteral("2001:db8:%1::1").arg(n, 0, 16));
}

} // namespace

Q_DECLARE_METATYPE(AccessGate::Verdict)

class TestAccessGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void withoutCodeEveryoneIsAdmitted();
    void verdict_data();
    void verdict();
    void codeAsCookieIsRefused_data();
    void codeAsCookieIsRefused();
    void queryLoginStartsASession();
    void sessionCookieIsPerPort();
    void sessionsExpire();
    void sessionTokensKeepTheNewest();
    void guessingIsThrottledPerPeer();
    void everyCarrierTriedCounts_data();
    void everyCarrierTriedCounts();
    void peersAreAddressBlocks_data();
    void peersAreAddressBlocks();
    void sharedBudgetThrottlesEveryone();
    void crowdOfNewPeersFreesNoThrottledOne();
    void sessionAdmitsDuringAnAttack();
    void rightCodeForgivesEarlierMistakes();
    void validate_data();
    void validate();
    void clientHelpersRoundTrip();

private:
    AccessGate::Options clocked(int sharedFailuresPerMinute = AccessGate::SharedFailuresPerMinute)
    {
        return {sharedFailuresPerMinute, [this] { return m_now; }};
    }

    AccessGate::Clock::time_point m_now;
};

void TestAccessGate::init()
{
    m_now = AccessGate::Clock::time_point(24h);
}

void TestAccessGate::withoutCodeEveryoneIsAdmitted()
{
    const AccessGate gate;
    QVERIFY(!gate.isRequired());
    QCOMPARE(gate.check(requestWith("code=anything"), Peer, Port), AccessGate::Verdict::Admitted);
    QCOMPARE(gate.check(requestWith({}), Peer, Port), AccessGate::Verdict::Admitted);
    QCOMPARE(gate.sessionCookieFor(requestWith("code=anything"), Port), QByteArray());
}

void TestAccessGate::verdict_data()
{
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
    QTest::newRow("wrong query, right basic")
            << QByteArray("code=old") << Headers{{"authorization", basic("u:s\xc3\xa9same 1")}} << admitted;
    QTest::newRow("unknown session: no code")
            << QByteArray() << Headers{{"cookie", "ferry-session-8888=AAAAAAAAAAAAAAAAAAAAAA"}} << missing;
    QTest::newRow("unknown session, right query")
            << QByteArray("code=s%C3%A9same%201") << Headers{{"cookie", "ferry-session-8888=AAAAAAAAAAAAAAAAAAAAAA"}}
            << admitted;
}

void TestAccessGate::verdict()
{
    QFETCH(QByteArray, query);
    QFETCH(Headers, headers);
    QFETCH(AccessGate::Verdict, verdict);
    const AccessGate gate(QString::fromUtf8("s\xc3\xa9same 1"));
    QVERIFY(gate.isRequired());
    QCOMPARE(gate.check(requestWith(query, headers), Peer, Port), verdict);
}

// Browsers send a host's cookies to every port: the cookie never holds the
// code, and one that does is not a session.
void TestAccessGate::codeAsCookieIsRefused_data()
{
    QTest::addColumn<QByteArray>("cookie");
    QTest::newRow("the old cookie") << QByteArray("ferry-code=s%C3%A9same%201");
    QTest::newRow("session cookie holding the code") << QByteArray("ferry-session-8888=s%C3%A9same%201");
    QTest::newRow("session cookie holding the raw code") << QByteArray("ferry-session-8888=s\xc3\xa9same 1");
    QTest::newRow("similar name") << QByteArray("ferry-session-88888=s%C3%A9same%201");
}

void TestAccessGate::codeAsCookieIsRefused()
{
    QFETCH(QByteArray, cookie);
    const AccessGate gate(QString::fromUtf8("s\xc3\xa9same 1"));
    QCOMPARE(gate.check(requestWith({}, {{"cookie", cookie}}), Peer, Port), AccessGate::Verdict::Missing);
}

void TestAccessGate::queryLoginStartsASession()
{
    const AccessGate gate(QStringLiteral("open; sesame"));
    QCOMPARE(gate.sessionCookieFor(requestWith("code=wrong"), Port), QByteArray());
    QCOMPARE(gate.sessionCookieFor(requestWith({}, {{"authorization", basic("u:open; sesame")}}), Port), QByteArray());

    const QByteArray cookie = gate.sessionCookieFor(requestWith("code=open%3B%20sesame"), Port);
    QVERIFY(cookie.contains("; Max-Age=43200"));
    QVERIFY(cookie.contains("; Path=/"));
    QVERIFY(cookie.contains("; HttpOnly"));
    QVERIFY(cookie.contains("; SameSite=Strict"));
    // 128 random bits in base64url, not the code.
    const QByteArray value = cookie.mid(cookie.indexOf('=') + 1, cookie.indexOf(';') - cookie.indexOf('=') - 1);
    QCOMPARE(value.size(), SessionTokens::TokenLength);
    QCOMPARE(QByteArray::fromBase64(value, QByteArray::Base64UrlEncoding).size(), 16);
    QVERIFY(!cookie.contains("sesame") && !cookie.contains("open"));
    QVERIFY(gate.sessionCookieFor(requestWith("code=open%3B%20sesame"), Port) != cookie);

    QCOMPARE(gate.check(requestWith({}, sendingBack(cookie)), Peer, Port), AccessGate::Verdict::Admitted);
    // A browser that holds a live session gets no other one.
    QCOMPARE(gate.sessionCookieFor(requestWith("code=open%3B%20sesame", sendingBack(cookie)), Port), QByteArray());
    // The session is this gate's (this run of the share) only.
    const AccessGate restarted(QStringLiteral("open; sesame"));
    QCOMPARE(restarted.check(requestWith({}, sendingBack(cookie)), Peer, Port), AccessGate::Verdict::Missing);
}

void TestAccessGate::sessionCookieIsPerPort()
{
    QCOMPARE(AccessGate::sessionCookieName(8888), QByteArray("ferry-session-8888"));
    QCOMPARE(AccessGate::sessionCookieName(1), QByteArray("ferry-session-1"));
    const AccessGate gate(QStringLiteral("sesame"));
    const QByteArray cookie = gate.sessionCookieFor(requestWith("code=sesame"), 8888);
    QVERIFY2(cookie.startsWith("ferry-session-8888="), cookie.constData());
    QCOMPARE(gate.check(requestWith({}, sendingBack(cookie)), Peer, 8888), AccessGate::Verdict::Admitted);
    // The same browser at another port of this host: another share's cookie.
    QCOMPARE(gate.check(requestWith({}, sendingBack(cookie)), Peer, 8889), AccessGate::Verdict::Missing);
}

void TestAccessGate::sessionsExpire()
{
    const AccessGate gate(QStringLiteral("sesame"), clocked());
    const QByteArray cookie = gate.sessionCookieFor(requestWith("code=sesame"), Port);
    QCOMPARE(gate.check(requestWith({}, sendingBack(cookie)), Peer, Port), AccessGate::Verdict::Admitted);
    m_now += std::chrono::hours(AccessGate::SessionHours) - 1s;
    QCOMPARE(gate.check(requestWith({}, sendingBack(cookie)), Peer, Port), AccessGate::Verdict::Admitted);
    m_now += 1s;
    QCOMPARE(gate.check(requestWith({}, sendingBack(cookie)), Peer, Port), AccessGate::Verdict::Missing);
    // Logging in again starts a new one.
    const QByteArray again = gate.sessionCookieFor(requestWith("code=sesame", sendingBack(cookie)), Port);
    QVERIFY(!again.isEmpty());
    QCOMPARE(gate.check(requestWith({}, sendingBack(again)), Peer, Port), AccessGate::Verdict::Admitted);
}

void TestAccessGate::sessionTokensKeepTheNewest()
{
    const SessionTokens::Clock::time_point now(1h);
    SessionTokens tokens(60s, 3);
    QList<QByteArray> issued;
    for (int i = 0; i < 4; ++i)
        issued.append(tokens.issue(now));
    QVERIFY(!tokens.isValid(issued.at(0), now));
    for (int i = 1; i < 4; ++i)
        QVERIFY(tokens.isValid(issued.at(i), now));
    QVERIFY(!tokens.isValid(issued.at(1).left(21), now));
    QVERIFY(!tokens.isValid(QByteArray(), now));
    QVERIFY(!tokens.isValid(issued.at(3), now + 60s));
}

void TestAccessGate::guessingIsThrottledPerPeer()
{
    const AccessGate gate(QStringLiteral("sesame"), clocked());
    for (int i = 0; i < AccessGate::FailuresBeforeThrottle; ++i)
        QCOMPARE(gate.check(requestWith("code=guess" + QByteArray::number(i)), Peer, Port), AccessGate::Verdict::Wrong);
    // Now even the right code waits: a guesser cannot tell it found it.
    QCOMPARE(gate.check(requestWith("code=sesame"), Peer, Port), AccessGate::Verdict::Throttled);
    QCOMPARE(gate.check(requestWith({}), Peer, Port), AccessGate::Verdict::Throttled);
    // Other peers are not punished for it.
    const QHostAddress other(QStringLiteral("2001:db8::1"));
    QCOMPARE(gate.check(requestWith("code=sesame"), other, Port), AccessGate::Verdict::Admitted);
    // Asking without any code is not a guess.
    for (int i = 0; i < 3 * AccessGate::FailuresBeforeThrottle; ++i)
        QCOMPARE(gate.check(requestWith({}), other, Port), AccessGate::Verdict::Missing);
    // The throttle lasts from the last wrong code.
    m_now += std::chrono::seconds(AccessGate::ThrottleSeconds) - 1ms;
    QCOMPARE(gate.check(requestWith("code=sesame"), Peer, Port), AccessGate::Verdict::Throttled);
    m_now += 1ms;
    QCOMPARE(gate.check(requestWith("code=sesame"), Peer, Port), AccessGate::Verdict::Admitted);
}

void TestAccessGate::everyCarrierTriedCounts_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("failures");
    const QByteArray wrongBasic = basic("u:guess");
    const QByteArray unknownSession = "ferry-session-8888=AAAAAAAAAAAAAAAAAAAAAA";
    QTest::newRow("query") << QByteArray("code=guess") << Headers{} << 1;
    QTest::newRow("basic") << QByteArray() << Headers{{"authorization", wrongBasic}} << 1;
    QTest::newRow("query and basic") << QByteArray("code=guess") << Headers{{"authorization", wrongBasic}} << 2;
    // A session cookie is not a code: an unknown one (a restarted share's) is no guess.
    QTest::newRow("query, basic and unknown session")
            << QByteArray("code=guess") << Headers{{"authorization", wrongBasic}, {"cookie", unknownSession}} << 2;
    QTest::newRow("unknown session") << QByteArray() << Headers{{"cookie", unknownSession}} << 0;
}

void TestAccessGate::everyCarrierTriedCounts()
{
    QFETCH(QByteArray, query);
    QFETCH(Headers, headers);
    QFETCH(int, failures);
    // Followed by one wrong code less than the rest of the limit, the right
    // code still comes through; followed by the rest of the limit, it waits.
    for (const bool reachLimit : {false, true}) {
        const AccessGate gate(QStringLiteral("sesame"), clocked());
        gate.check(requestWith(query, headers), Peer, Port);
        const int rest = AccessGate::FailuresBeforeThrottle - failures - (reachLimit ? 0 : 1);
        for (int i = 0; i < rest; ++i)
            QCOMPARE(gate.check(requestWith("code=typo"), Peer, Port), AccessGate::Verdict::Wrong);
        QCOMPARE(gate.check(requestWith("code=sesame"), Peer, Port),
                 reachLimit ? AccessGate::Verdict::Throttled : AccessGate::Verdict::Admitted);
    }
}

void TestAccessGate::peersAreAddressBlocks_data()
{
    QTest::addColumn<QString>("guesser");
    QTest::addColumn<QString>("other");
    QTest::addColumn<bool>("sameBlock");
    QTest::newRow("same IPv6 /64") << QStringLiteral("2001:db8:1:2::1") << QStringLiteral("2001:db8:1:2:a:b:c:d")
                                   << true;
    QTest::newRow("next IPv6 /64") << QStringLiteral("2001:db8:1:2::1") << QStringLiteral("2001:db8:1:3::1") << false;
    QTest::newRow("v4-mapped is its IPv4") << QStringLiteral("::ffff:192.0.2.7") << QStringLiteral("192.0.2.7") << true;
    QTest::newRow("IPv4 is its v4-mapped") << QStringLiteral("192.0.2.7") << QStringLiteral("::ffff:192.0.2.7") << true;
    QTest::newRow("next IPv4") << QStringLiteral("192.0.2.7") << QStringLiteral("192.0.2.8") << false;
    QTest::newRow("loopbacks") << QStringLiteral("::1") << QStringLiteral("127.0.0.1") << false;
}

void TestAccessGate::peersAreAddressBlocks()
{
    QFETCH(QString, guesser);
    QFETCH(QString, other);
    QFETCH(bool, sameBlock);
    const AccessGate gate(QStringLiteral("sesame"), clocked());
    for (int i = 0; i < AccessGate::FailuresBeforeThrottle; ++i)
        QCOMPARE(gate.check(requestWith("code=guess"), QHostAddress(guesser), Port), AccessGate::Verdict::Wrong);
    QCOMPARE(gate.check(requestWith("code=sesame"), QHostAddress(other), Port),
             sameBlock ? AccessGate::Verdict::Throttled : AccessGate::Verdict::Admitted);
}

void TestAccessGate::sharedBudgetThrottlesEveryone()
{
    const AccessGate gate(QStringLiteral("sesame"), clocked());
    // Many peers, each below its own limit, together spend the share's budget.
    const int perPeer = AccessGate::FailuresBeforeThrottle - 1;
    for (int i = 0; i < AccessGate::SharedFailuresPerMinute; ++i)
        QCOMPARE(gate.check(requestWith("code=guess"), nthPeer(i / perPeer), Port), AccessGate::Verdict::Wrong);
    const QHostAddress fresh(QStringLiteral("203.0.113.9"));
    QCOMPARE(gate.check(requestWith("code=guess"), fresh, Port), AccessGate::Verdict::Throttled);
    QCOMPARE(gate.check(requestWith("code=sesame"), fresh, Port), AccessGate::Verdict::Throttled);
    QCOMPARE(gate.check(requestWith({}), fresh, Port), AccessGate::Verdict::Throttled);
    // The budget comes back steadily: one guess a second at 60 a minute.
    m_now += 60s / AccessGate::SharedFailuresPerMinute;
    QCOMPARE(gate.check(requestWith("code=guess"), fresh, Port), AccessGate::Verdict::Wrong);
    QCOMPARE(gate.check(requestWith("code=sesame"), fresh, Port), AccessGate::Verdict::Throttled);
    m_now += 60s / AccessGate::SharedFailuresPerMinute;
    QCOMPARE(gate.check(requestWith("code=sesame"), fresh, Port), AccessGate::Verdict::Admitted);
}

void TestAccessGate::crowdOfNewPeersFreesNoThrottledOne()
{
    // A budget large enough for the crowd to fill the table at once.
    const AccessGate gate(QStringLiteral("sesame"), clocked(1'000'000));
    for (int i = 0; i < AccessGate::FailuresBeforeThrottle; ++i)
        QCOMPARE(gate.check(requestWith("code=guess"), Peer, Port), AccessGate::Verdict::Wrong);
    const QHostAddress early(QStringLiteral("192.0.2.8"));
    for (int i = 0; i + 1 < AccessGate::FailuresBeforeThrottle; ++i)
        QCOMPARE(gate.check(requestWith("code=guess"), early, Port), AccessGate::Verdict::Wrong);
    for (int i = 0; i < AccessGate::MaxTrackedPeers; ++i)
        QCOMPARE(gate.check(requestWith("code=guess"), nthPeer(i), Port), AccessGate::Verdict::Wrong);
    QCOMPARE(gate.check(requestWith("code=sesame"), Peer, Port), AccessGate::Verdict::Throttled);
    // The oldest peer below the limit was forgotten: its count starts again.
    QCOMPARE(gate.check(requestWith("code=guess"), early, Port), AccessGate::Verdict::Wrong);
    QCOMPARE(gate.check(requestWith("code=sesame"), early, Port), AccessGate::Verdict::Admitted);
}

void TestAccessGate::sessionAdmitsDuringAnAttack()
{
    const AccessGate gate(QStringLiteral("sesame"), clocked());
    const QByteArray cookie = gate.sessionCookieFor(requestWith("code=sesame"), Port);
    QVERIFY(!cookie.isEmpty());
    // The attacker shares the session holder's address, and spends the shared budget.
    for (int i = 0; i < AccessGate::FailuresBeforeThrottle; ++i)
        gate.check(requestWith("code=guess"), Peer, Port);
    for (int i = AccessGate::FailuresBeforeThrottle; i < AccessGate::SharedFailuresPerMinute; ++i)
        gate.check(requestWith("code=guess"), nthPeer(i), Port);
    const QHostAddress fresh(QStringLiteral("203.0.113.9"));
    QCOMPARE(gate.check(requestWith("code=guess"), fresh, Port), AccessGate::Verdict::Throttled);
    // The right code waits too, as documented; a live session does not.
    QCOMPARE(gate.check(requestWith("code=sesame"), fresh, Port), AccessGate::Verdict::Throttled);
    QCOMPARE(gate.check(requestWith({}, sendingBack(cookie)), Peer, Port), AccessGate::Verdict::Admitted);
    QCOMPARE(gate.check(requestWith({}, sendingBack(cookie)), fresh, Port), AccessGate::Verdict::Admitted);
    QCOMPARE(gate.check(requestWith("code=guess", sendingBack(cookie)), Peer, Port), AccessGate::Verdict::Admitted);
}

void TestAccessGate::rightCodeForgivesEarlierMistakes()
{
    const AccessGate gate(QStringLiteral("sesame"));
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i + 1 < AccessGate::FailuresBeforeThrottle; ++i)
            QCOMPARE(gate.check(requestWith("code=typo"), Peer, Port), AccessGate::Verdict::Wrong);
        QCOMPARE(gate.check(requestWith("code=sesame"), Peer, Port), AccessGate::Verdict::Admitted);
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
    QCOMPARE(gate.check(requestWith(AccessCode::queryItem(code)), Peer, Port), AccessGate::Verdict::Admitted);
    QCOMPARE(gate.check(requestWith({}, {{"authorization", AccessCode::basicAuthorization(code)}}), Peer, Port),
             AccessGate::Verdict::Admitted);
}

QTEST_GUILESS_MAIN(TestAccessGate)
#include "tst_accessgate.moc"
