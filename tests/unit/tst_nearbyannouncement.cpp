#include "nearby/nearbyannouncement.h"

#include <QRandomGenerator>
#include <QTest>

// The discovery datagram: what is sent, and that decoding accepts exactly
// the documented form (datagrams come from anyone on the network).
class TestNearbyAnnouncement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesTheDocumentedForm();
    void roundTrips_data();
    void roundTrips();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void randomBytesNeverDecodeOrCrash();
    void displayName_data();
    void displayName();
};

void TestNearbyAnnouncement::encodesTheDocumentedForm()
{
    const NearbyAnnouncement announce{NearbyAnnouncement::Kind::Announce, QStringLiteral("Alice's laptop"), 8888, true};
    QCOMPARE(announce.encode(), QByteArray("FERRY-NEARBY/1 ANNOUNCE\nport=8888\ncode=1\nname=Alice's laptop\n"));
    const NearbyAnnouncement goodbye{NearbyAnnouncement::Kind::Goodbye, QStringLiteral("box"), 1, false};
    QCOMPARE(goodbye.encode(), QByteArray("FERRY-NEARBY/1 GOODBYE\nport=1\ncode=0\nname=box\n"));
    QCOMPARE(NearbyAnnouncement::query().encode(), QByteArray("FERRY-NEARBY/1 QUERY\n"));
}

void TestNearbyAnnouncement::roundTrips_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("code");

    const int announce = int(NearbyAnnouncement::Kind::Announce);
    QTest::newRow("plain") << announce << QStringLiteral("desk") << 8888 << false;
    QTest::newRow("code required") << announce << QStringLiteral("desk") << 8888 << true;
    QTest::newRow("lowest port") << announce << QStringLiteral("a") << 1 << false;
    QTest::newRow("highest port") << announce << QStringLiteral("a") << 65535 << false;
    QTest::newRow("Chinese name") << announce << QString::fromUtf8("王的电脑") << 8888 << false;
    QTest::newRow("emoji (surrogate pair)") << announce << QString::fromUtf8("ship \xF0\x9F\x9A\xA2") << 8888 << false;
    QTest::newRow("spaces and '=' inside") << announce << QStringLiteral("a = b  c") << 8888 << false;
    QTest::newRow("longest name") << announce << QString(NearbyAnnouncement::MaxNameLength, QChar(0x4E2D)) << 8888
                                  << false;
    QTest::newRow("goodbye") << int(NearbyAnnouncement::Kind::Goodbye) << QStringLiteral("desk") << 9000 << true;
    QTest::newRow("query") << int(NearbyAnnouncement::Kind::Query) << QString() << 0 << false;
}

void TestNearbyAnnouncement::roundTrips()
{
    QFETCH(int, kind);
    QFETCH(QString, name);
    QFETCH(int, port);
    QFETCH(bool, code);
    const NearbyAnnouncement sent{NearbyAnnouncement::Kind(kind), name, quint16(port), code};
    const QByteArray datagram = sent.encode();
    QVERIFY(datagram.size() <= NearbyAnnouncement::MaxDatagramSize);
    const std::optional<NearbyAnnouncement> received = NearbyAnnouncement::decode(datagram);
    QVERIFY(received);
    QCOMPARE(*received, sent);
}

void TestNearbyAnnouncement::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("datagram");

    const QByteArray good = "FERRY-NEARBY/1 ANNOUNCE\nport=8888\ncode=0\nname=desk\n";
    QVERIFY(NearbyAnnouncement::decode(good));
    auto replaced = [&good](const char *from, const QByteArray &to) { return QByteArray(good).replace(from, to); };

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one newline") << QByteArray("\n");
    QTest::newRow("NUL bytes") << QByteArray(40, '\0');
    QTest::newRow("HTTP request") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    QTest::newRow("missing final newline") << good.chopped(1);
    QTest::newRow("CRLF line ends") << QByteArray(good).replace("\n", "\r\n");
    QTest::newRow("other version") << replaced("/1 ", "/2 ");
    QTest::newRow("version 01") << replaced("/1 ", "/01 ");
    QTest::newRow("lower-case magic") << replaced("FERRY-NEARBY", "ferry-nearby");
    QTest::newRow("lower-case kind") << replaced("ANNOUNCE", "announce");
    QTest::newRow("unknown kind") << replaced("ANNOUNCE", "HELLO");
    QTest::newRow("two spaces after the version") << replaced("/1 ", "/1  ");
    QTest::newRow("trailing space on the first line") << replaced("ANNOUNCE\n", "ANNOUNCE \n");
    QTest::newRow("query with fields") << QByteArray("FERRY-NEARBY/1 QUERY\nport=1\n");
    QTest::newRow("query without newline") << QByteArray("FERRY-NEARBY/1 QUERY");
    QTest::newRow("query with empty line") << QByteArray("FERRY-NEARBY/1 QUERY\n\n");
    QTest::newRow("announce without fields") << QByteArray("FERRY-NEARBY/1 ANNOUNCE\n");
    QTest::newRow("extra line") << QByteArray(good + "path=/home/me\n");
    QTest::newRow("empty line at the end") << QByteArray(good + "\n");
    QTest::newRow("fields out of order") << QByteArray("FERRY-NEARBY/1 ANNOUNCE\ncode=0\nport=8888\nname=desk\n");
    QTest::newRow("repeated field") << QByteArray("FERRY-NEARBY/1 ANNOUNCE\nport=8888\nport=8888\nname=desk\n");
    QTest::newRow("space before '='") << replaced("port=", "port =");
    QTest::newRow("upper-case key") << replaced("port=", "PORT=");
    QTest::newRow("port 0") << replaced("8888", "0");
    QTest::newRow("port 65536") << replaced("8888", "65536");
    QTest::newRow("port with leading zero") << replaced("8888", "08888");
    QTest::newRow("port with sign") << replaced("8888", "+8888");
    QTest::newRow("negative port") << replaced("8888", "-1");
    QTest::newRow("port with space") << replaced("8888", " 8888");
    QTest::newRow("hexadecimal port") << replaced("8888", "0x22b8");
    QTest::newRow("huge port") << replaced("8888", "99999999999999999999");
    QTest::newRow("empty port") << replaced("8888", "");
    QTest::newRow("code 2") << replaced("code=0", "code=2");
    QTest::newRow("code yes") << replaced("code=0", "code=yes");
    QTest::newRow("empty code") << replaced("code=0", "code=");
    QTest::newRow("empty name") << replaced("name=desk", "name=");
    QTest::newRow("name of spaces") << replaced("name=desk", "name=   ");
    QTest::newRow("leading space in name") << replaced("name=desk", "name= desk");
    QTest::newRow("trailing space in name") << replaced("name=desk", "name=desk ");
    QTest::newRow("tab in name") << replaced("name=desk", "name=de\tsk");
    QTest::newRow("CR in name") << replaced("name=desk", "name=de\rsk");
    QTest::newRow("NUL in name") << replaced("name=desk", QByteArray("name=de\0sk", 10));
    QTest::newRow("escape sequence in name") << replaced("name=desk", "name=\x1b[31mdesk");
    QTest::newRow("DEL in name") << replaced("name=desk", "name=de\x7fsk");
    QTest::newRow("C1 control in name") << replaced("name=desk", "name=de\xc2\x85sk");
    QTest::newRow("right-to-left override in name") << replaced("name=desk", "name=de\xe2\x80\xaesk");
    QTest::newRow("zero-width space in name") << replaced("name=desk", "name=de\xe2\x80\x8bsk");
    QTest::newRow("line separator in name") << replaced("name=desk", "name=de\xe2\x80\xa8sk");
    QTest::newRow("invalid UTF-8 in name") << replaced("name=desk", "name=de\xff\xfesk");
    QTest::newRow("GBK name") << replaced("name=desk", "name=\xd6\xd0\xce\xc4");
    QTest::newRow("overlong UTF-8") << replaced("name=desk", "name=\xc0\xaf");
    QTest::newRow("UTF-8 surrogate") << replaced("name=desk", "name=\xed\xa0\x80");
    QTest::newRow("truncated UTF-8") << replaced("name=desk", "name=desk\xe4\xb8");
    QTest::newRow("byte order mark before the name") << replaced("name=desk", "name=\xef\xbb\xbf"
                                                                              "desk");
    QTest::newRow("noncharacter in name") << replaced("name=desk", "name=\xef\xbf\xbf");
    QTest::newRow("name one too long") << replaced("name=desk",
                                                   "name=" + QByteArray(NearbyAnnouncement::MaxNameLength + 1, 'x'));
    QTest::newRow("oversized datagram") << QByteArray(good + QByteArray(NearbyAnnouncement::MaxDatagramSize, 'x'));
}

void TestNearbyAnnouncement::rejectsMalformed()
{
    QFETCH(QByteArray, datagram);
    QVERIFY(!NearbyAnnouncement::decode(datagram));
}

// Fuzz-style: random bytes, and random damage to a good datagram, never
// crash the decoder (the sanitizer build watches) and anything accepted
// still obeys the rules.
void TestNearbyAnnouncement::randomBytesNeverDecodeOrCrash()
{
    QRandomGenerator random(20261127);
    const QByteArray good =
            NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("desk"), 8888, false}.encode();
    for (int round = 0; round < 20000; ++round) {
        QByteArray datagram;
        if (round % 2 == 0) {
            datagram.resize(random.bounded(0, 600));
            for (char &c : datagram)
                c = char(random.bounded(256));
        } else {
            datagram = good;
            for (int flips = random.bounded(1, 4); flips > 0; --flips)
                datagram[random.bounded(int(datagram.size()))] = char(random.bounded(256));
        }
        const std::optional<NearbyAnnouncement> decoded = NearbyAnnouncement::decode(datagram);
        if (decoded && decoded->kind != NearbyAnnouncement::Kind::Query) {
            QVERIFY(NearbyAnnouncement::isValidName(decoded->name));
            QVERIFY(decoded->port > 0);
            QCOMPARE(decoded->encode(), datagram);
        }
    }
}

void TestNearbyAnnouncement::displayName_data()
{
    QTest::addColumn<QString>("wanted");
    QTest::addColumn<QString>("shown");

    QTest::newRow("plain") << QStringLiteral("desk") << QStringLiteral("desk");
    QTest::newRow("trimmed") << QStringLiteral("  desk \n") << QStringLiteral("desk");
    QTest::newRow("controls become spaces") << QStringLiteral("a\tb\x1b"
                                                              "c")
                                            << QStringLiteral("a b c");
    QTest::newRow("only controls") << QStringLiteral("\t\r\n") << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("cut at the limit") << QString(100, QLatin1Char('x'))
                                      << QString(NearbyAnnouncement::MaxNameLength, QLatin1Char('x'));
    QTest::newRow("never half an emoji") << QString(NearbyAnnouncement::MaxNameLength - 1, QLatin1Char('x'))
                                                    + QString::fromUtf8("\xF0\x9F\x9A\xA2")
                                         << QString(NearbyAnnouncement::MaxNameLength - 1, QLatin1Char('x'));
}

void TestNearbyAnnouncement::displayName()
{
    QFETCH(QString, wanted);
    QFETCH(QString, shown);
    const QString name = NearbyAnnouncement::displayName(wanted);
    QCOMPARE(name, shown);
    QCOMPARE(NearbyAnnouncement::isValidName(name), !shown.isEmpty());
}

QTEST_APPLESS_MAIN(TestNearbyAnnouncement)
#include "tst_nearbyannouncement.moc"
