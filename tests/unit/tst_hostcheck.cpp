// Which Host names a share answers: the defence against DNS rebinding.
#include "share/hostcheck.h"

#include <QTest>

class TestHostCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void admits_data();
    void admits();
    void validate_data();
    void validate();
};

void TestHostCheck::admits_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("admitted");

    QTest::newRow("IPv4 literal") << QByteArray("192.168.1.20:8888") << true;
    QTest::newRow("IPv4 literal, no port") << QByteArray("127.0.0.1") << true;
    QTest::newRow("digits and dots are never a DNS name") << QByteArray("1.2.3.4.5:80") << true;
    QTest::newRow("digits, then a name") << QByteArray("1.2.3.4.attacker.example") << false;
    QTest::newRow("numeric host, letters in the port") << QByteArray("attacker.example:80a") << false;
    QTest::newRow("IPv6 literal") << QByteArray("[::1]:8888") << true;
    QTest::newRow("IPv6 literal, no port") << QByteArray("[fe80::1]") << true;
    QTest::newRow("localhost") << QByteArray("localhost:8888") << true;
    QTest::newRow("LOCALHOST") << QByteArray("LOCALHOST") << true;
    QTest::newRow("host name") << QByteArray("alice-laptop:8888") << true;
    QTest::newRow("host name .local") << QByteArray("alice-laptop.local:8888") << true;
    QTest::newRow("trailing dot") << QByteArray("alice-laptop.local.:8888") << true;
    QTest::newRow("allowed name") << QByteArray("share.example.lan") << true;
    QTest::newRow("allowed name, any case") << QByteArray("Share.Example.LAN:443") << true;
    QTest::newRow("no Host field (HTTP/1.0)") << QByteArray() << true;
    QTest::newRow("rebinding attacker") << QByteArray("attacker.example:8888") << false;
    QTest::newRow("suffix of an allowed name") << QByteArray("evilshare.example.lan") << false;
    QTest::newRow("prefix of the host name") << QByteArray("alice-laptop.attacker.example") << false;
    QTest::newRow("empty") << QByteArray("") << false;
    QTest::newRow("unclosed bracket") << QByteArray("[::1") << false;
}

void TestHostCheck::admits()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, admitted);
    const HostCheck check({QStringLiteral("share.example.lan")}, QStringLiteral("Alice-Laptop"));
    QCOMPARE(check.admits(host), admitted);
}

void TestHostCheck::validate_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QTest::newRow("name") << QStringLiteral("share.example.lan") << true;
    QTest::newRow("one label") << QStringLiteral("nas") << true;
    QTest::newRow("punycode") << QStringLiteral("xn--bcher-kva.example") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << QStringLiteral("my share") << false;
    QTest::newRow("port") << QStringLiteral("nas:8888") << false;
    QTest::newRow("empty label") << QStringLiteral("a..b") << false;
    QTest::newRow("leading hyphen") << QStringLiteral("-nas") << false;
    QTest::newRow("too long label") << QString(64, QLatin1Char('a')) << false;
    QTest::newRow("control") << QStringLiteral("nas\n") << false;
}

void TestHostCheck::validate()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(HostCheck::validate(name).isEmpty(), valid);
}

QTEST_GUILESS_MAIN(TestHostCheck)
#include "tst_hostcheck.moc"
