#include "common/endpoint.h"

#include <QTest>

class TestEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseWithOtherDefaultPort();
    void parsePort_data();
    void parsePort();
    void toStringRoundTrips_data();
    void toStringRoundTrips();
};

void TestEndpoint::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");

    QTest::newRow("IPv4 with port") << QStringLiteral("127.0.0.1:8888") << true << QStringLiteral("127.0.0.1") << 8888;
    QTest::newRow("IPv4 without port") << QStringLiteral("10.0.0.5") << true << QStringLiteral("10.0.0.5") << 8888;
    QTest::newRow("host name takes the default port")
            << QStringLiteral("host") << true << QStringLiteral("host") << 8888;
    QTest::newRow("host name with port") << QStringLiteral("example.lan:9000") << true << QStringLiteral("example.lan")
                                         << 9000;
    QTest::newRow("lowest port") << QStringLiteral("host:1") << true << QStringLiteral("host") << 1;
    QTest::newRow("highest port") << QStringLiteral("host:65535") << true << QStringLiteral("host") << 65535;
    QTest::newRow("bracketed IPv6 with port") << QStringLiteral("[::1]:9000") << true << QStringLiteral("::1") << 9000;
    QTest::newRow("bracketed IPv6 without port") << QStringLiteral("[::1]") << true << QStringLiteral("::1") << 8888;
    QTest::newRow("bare IPv6 takes the default port") << QStringLiteral("::1") << true << QStringLiteral("::1") << 8888;
    QTest::newRow("bracketed link-local IPv6")
            << QStringLiteral("[fe80::1]:9000") << true << QStringLiteral("fe80::1") << 9000;
    QTest::newRow("bare full IPv6") << QStringLiteral("2001:db8::8:800:200c:417a") << true
                                    << QStringLiteral("2001:db8::8:800:200c:417a") << 8888;
    QTest::newRow("bare IPv6 ending in a number is all address")
            << QStringLiteral("::1:9000") << true << QStringLiteral("::1:9000") << 8888;
    QTest::newRow("surrounding spaces trimmed")
            << QStringLiteral("  host:80 \t") << true << QStringLiteral("host") << 80;

    QTest::newRow("empty") << QString() << false << QString() << 0;
    QTest::newRow("spaces only") << QStringLiteral("   ") << false << QString() << 0;
    QTest::newRow("port only") << QStringLiteral(":8888") << false << QString() << 0;
    QTest::newRow("host and colon, no port") << QStringLiteral("host:") << false << QString() << 0;
    QTest::newRow("port 0") << QStringLiteral("host:0") << false << QString() << 0;
    QTest::newRow("port 65536") << QStringLiteral("host:65536") << false << QString() << 0;
    QTest::newRow("huge port") << QStringLiteral("host:99999999999") << false << QString() << 0;
    QTest::newRow("port abc") << QStringLiteral("host:abc") << false << QString() << 0;
    QTest::newRow("port -1") << QStringLiteral("host:-1") << false << QString() << 0;
    QTest::newRow("port with trailing letters") << QStringLiteral("host:80x") << false << QString() << 0;
    QTest::newRow("hexadecimal port") << QStringLiteral("host:0x50") << false << QString() << 0;
    QTest::newRow("space inside the host") << QStringLiteral("my host:80") << false << QString() << 0;
    QTest::newRow("space before the colon") << QStringLiteral("host :80") << false << QString() << 0;
    QTest::newRow("slash in the host") << QStringLiteral("host/path:80") << false << QString() << 0;
    QTest::newRow("URL instead of an address") << QStringLiteral("http://host:80") << false << QString() << 0;
    QTest::newRow("two colons that are not IPv6") << QStringLiteral("host:80:90") << false << QString() << 0;
    QTest::newRow("unclosed bracket") << QStringLiteral("[::1") << false << QString() << 0;
    QTest::newRow("garbage after the bracket") << QStringLiteral("[::1]x") << false << QString() << 0;
    QTest::newRow("bracketed IPv6 with empty port") << QStringLiteral("[::1]:") << false << QString() << 0;
    QTest::newRow("bracketed IPv6 with bad port") << QStringLiteral("[::1]:65536") << false << QString() << 0;
    QTest::newRow("empty brackets") << QStringLiteral("[]:80") << false << QString() << 0;
    QTest::newRow("bracketed IPv4") << QStringLiteral("[127.0.0.1]:80") << false << QString() << 0;
    QTest::newRow("bracketed host name") << QStringLiteral("[host]:80") << false << QString() << 0;
}

void TestEndpoint::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, host);
    QFETCH(int, port);

    const std::optional<Endpoint> endpoint = Endpoint::parse(text);
    QCOMPARE(endpoint.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(endpoint->host, host);
    QCOMPARE(int(endpoint->port), port);
}

void TestEndpoint::parseWithOtherDefaultPort()
{
    const std::optional<Endpoint> plain = Endpoint::parse(QStringLiteral("host"), 1234);
    QVERIFY(plain);
    QCOMPARE(plain->port, quint16(1234));
    const std::optional<Endpoint> v6 = Endpoint::parse(QStringLiteral("[::1]"), 1234);
    QVERIFY(v6);
    QCOMPARE(v6->port, quint16(1234));
    const std::optional<Endpoint> explicitPort = Endpoint::parse(QStringLiteral("host:80"), 1234);
    QVERIFY(explicitPort);
    QCOMPARE(explicitPort->port, quint16(80));
}

void TestEndpoint::parsePort_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("allowZero");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("port");

    QTest::newRow("default port") << QStringLiteral("8888") << false << true << 8888;
    QTest::newRow("lowest") << QStringLiteral("1") << false << true << 1;
    QTest::newRow("highest") << QStringLiteral("65535") << false << true << 65535;
    QTest::newRow("surrounding spaces") << QStringLiteral(" 80 ") << false << true << 80;
    QTest::newRow("zero when allowed (pick a free port)") << QStringLiteral("0") << true << true << 0;
    QTest::newRow("zero refused by default") << QStringLiteral("0") << false << false << 0;
    QTest::newRow("65536") << QStringLiteral("65536") << false << false << 0;
    QTest::newRow("65536 even when zero is allowed") << QStringLiteral("65536") << true << false << 0;
    QTest::newRow("negative") << QStringLiteral("-1") << false << false << 0;
    QTest::newRow("letters") << QStringLiteral("abc") << false << false << 0;
    QTest::newRow("empty") << QString() << false << false << 0;
    QTest::newRow("empty with zero allowed") << QString() << true << false << 0;
    QTest::newRow("hexadecimal") << QStringLiteral("0x50") << false << false << 0;
    QTest::newRow("exponent") << QStringLiteral("1e3") << false << false << 0;
    QTest::newRow("decimal point") << QStringLiteral("80.5") << false << false << 0;
    QTest::newRow("inner space") << QStringLiteral("8 0") << false << false << 0;
}

void TestEndpoint::parsePort()
{
    QFETCH(QString, text);
    QFETCH(bool, allowZero);
    QFETCH(bool, valid);
    QFETCH(int, port);

    const std::optional<quint16> parsed = Endpoint::parsePort(text, allowZero);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(int(*parsed), port);
}

void TestEndpoint::toStringRoundTrips_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("formatted");

    QTest::newRow("IPv4") << QStringLiteral("127.0.0.1:8888") << QStringLiteral("127.0.0.1:8888");
    QTest::newRow("host name, default port") << QStringLiteral("host") << QStringLiteral("host:8888");
    QTest::newRow("bracketed IPv6") << QStringLiteral("[::1]:9000") << QStringLiteral("[::1]:9000");
    QTest::newRow("bare IPv6 gains brackets") << QStringLiteral("::1") << QStringLiteral("[::1]:8888");
}

void TestEndpoint::toStringRoundTrips()
{
    QFETCH(QString, text);
    QFETCH(QString, formatted);

    const std::optional<Endpoint> endpoint = Endpoint::parse(text);
    QVERIFY(endpoint);
    QCOMPARE(endpoint->toString(), formatted);
    const std::optional<Endpoint> again = Endpoint::parse(endpoint->toString());
    QVERIFY(again);
    QCOMPARE(again->host, endpoint->host);
    QCOMPARE(again->port, endpoint->port);
}

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
