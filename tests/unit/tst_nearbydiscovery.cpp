#include "nearby/nearbyannouncer.h"
#include "nearby/nearbybrowser.h"

#include <QNetworkDatagram>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

// Announcer and browser over loopback unicast only: each side binds
// 127.0.0.1 on a free port and is told the other's port, so nothing is
// ever broadcast on a real network (the namespace test does that part).
class TestNearbyDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void browserHearsAShareStartingLater();
    void queryFindsAShareAlreadyRunning();
    void goodbyeRemovesTheShare();
    void silentShareExpires();
    void renamedShareIsReportedAgain();
    void sharesAreKeyedByAddressAndPort();
    void junkIsIgnoredAndBothSidesSurvive();
    void oversizedDatagramIsDropped();
    void floodFromOneSenderIsRateLimited();
    void queriesAreAnsweredToTheAskerOnlyAndLimited();

private:
    static NearbyNetwork loopback(quint16 peerPort);
    void startBrowser(std::chrono::milliseconds expiry = NearbyBrowser::DefaultExpiry);
    quint16 startAnnouncer(const QString &name, quint16 sharePort, quint16 browserPort);
    void sendToBrowser(const QByteArray &datagram);

    NearbyBrowser *m_browser = nullptr;
    NearbyAnnouncer *m_announcer = nullptr;
    QUdpSocket *m_raw = nullptr; // plays a hostile or hand-made peer
};

NearbyNetwork TestNearbyDiscovery::loopback(quint16 peerPort)
{
    NearbyNetwork network;
    network.bindAddress = QHostAddress::LocalHost;
    network.port = 0;
    if (peerPort)
        network.peers = {{QHostAddress(QHostAddress::LocalHost), peerPort}};
    return network;
}

void TestNearbyDiscovery::init()
{
    m_raw = new QUdpSocket(this);
    QVERIFY(m_raw->bind(QHostAddress::LocalHost, 0));
}

void TestNearbyDiscovery::cleanup()
{
    delete m_announcer;
    m_announcer = nullptr;
    delete m_browser;
    m_browser = nullptr;
    delete m_raw;
    m_raw = nullptr;
}

void TestNearbyDiscovery::startBrowser(std::chrono::milliseconds expiry)
{
    m_browser = new NearbyBrowser(this);
    // Queries go to the hand-made peer unless a test points them elsewhere.
    m_browser->setNetwork(loopback(m_raw->localPort()));
    m_browser->setExpiry(expiry);
    QVERIFY(m_browser->start());
    QVERIFY(m_browser->listeningPort() != 0);
}

quint16 TestNearbyDiscovery::startAnnouncer(const QString &name, quint16 sharePort, quint16 browserPort)
{
    m_announcer = new NearbyAnnouncer(this);
    m_announcer->setNetwork(loopback(browserPort));
    if (!m_announcer->start(name, sharePort, false))
        return 0;
    return m_announcer->announcement().port;
}

void TestNearbyDiscovery::sendToBrowser(const QByteArray &datagram)
{
    m_raw->writeDatagram(datagram, QHostAddress::LocalHost, m_browser->listeningPort());
}

void TestNearbyDiscovery::browserHearsAShareStartingLater()
{
    startBrowser();
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    QCOMPARE(startAnnouncer(QStringLiteral("Desk"), 8888, m_browser->listeningPort()), quint16(8888));
    QTRY_COMPARE(found.size(), 1);
    const auto share = found.at(0).at(0).value<NearbyShare>();
    QCOMPARE(share.name, QStringLiteral("Desk"));
    QCOMPARE(share.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(share.port, quint16(8888));
    QCOMPARE(share.accessCodeRequired, false);
    QCOMPARE(m_browser->shares(), QList<NearbyShare>{share});
}

void TestNearbyDiscovery::queryFindsAShareAlreadyRunning()
{
    // The announcer's first announcement goes to the hand-made peer, not the browser.
    m_announcer = new NearbyAnnouncer(this);
    m_announcer->setNetwork(loopback(m_raw->localPort()));
    QVERIFY(m_announcer->start(QStringLiteral("Early"), 9000, true));

    m_browser = new NearbyBrowser(this);
    m_browser->setNetwork(loopback(m_announcer->listeningPort()));
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    QVERIFY(m_browser->start());
    QTRY_COMPARE(found.size(), 1);
    const auto share = found.at(0).at(0).value<NearbyShare>();
    QCOMPARE(share.name, QStringLiteral("Early"));
    QCOMPARE(share.port, quint16(9000));
    QCOMPARE(share.accessCodeRequired, true);
}

void TestNearbyDiscovery::goodbyeRemovesTheShare()
{
    startBrowser();
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    QSignalSpy lost(m_browser, &NearbyBrowser::shareLost);
    startAnnouncer(QStringLiteral("Leaving"), 8888, m_browser->listeningPort());
    QTRY_COMPARE(found.size(), 1);
    m_announcer->stop();
    QVERIFY(!m_announcer->isActive());
    QTRY_COMPARE(lost.size(), 1);
    QCOMPARE(lost.at(0).at(0).value<NearbyShare>().name, QStringLiteral("Leaving"));
    QVERIFY(m_browser->shares().isEmpty());
}

void TestNearbyDiscovery::silentShareExpires()
{
    startBrowser(std::chrono::milliseconds(300));
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    QSignalSpy lost(m_browser, &NearbyBrowser::shareLost);
    sendToBrowser(NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("Once"), 7000, false}.encode());
    QTRY_COMPARE(found.size(), 1);
    QTRY_COMPARE(lost.size(), 1);
    QVERIFY(m_browser->shares().isEmpty());
}

void TestNearbyDiscovery::renamedShareIsReportedAgain()
{
    startBrowser();
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    const NearbyAnnouncement first{NearbyAnnouncement::Kind::Announce, QStringLiteral("Old"), 7000, false};
    sendToBrowser(first.encode());
    QTRY_COMPARE(found.size(), 1);
    sendToBrowser(first.encode()); // a repeat changes nothing
    NearbyAnnouncement renamed = first;
    renamed.name = QStringLiteral("New");
    sendToBrowser(renamed.encode());
    QTRY_COMPARE(found.size(), 2);
    QCOMPARE(found.at(1).at(0).value<NearbyShare>().name, QStringLiteral("New"));
    QCOMPARE(m_browser->shares().size(), 1);
}

void TestNearbyDiscovery::sharesAreKeyedByAddressAndPort()
{
    startBrowser();
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    sendToBrowser(NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("A"), 7000, false}.encode());
    sendToBrowser(NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("B"), 7001, false}.encode());
    QTRY_COMPARE(found.size(), 2);
    QCOMPARE(m_browser->shares().size(), 2);
    // A goodbye for a port nobody announced removes nothing.
    sendToBrowser(NearbyAnnouncement{NearbyAnnouncement::Kind::Goodbye, QStringLiteral("A"), 7002, false}.encode());
    sendToBrowser(NearbyAnnouncement{NearbyAnnouncement::Kind::Goodbye, QStringLiteral("A"), 7000, false}.encode());
    QTRY_COMPARE(m_browser->shares().size(), 1);
    QCOMPARE(m_browser->shares().constFirst().name, QStringLiteral("B"));
}

void TestNearbyDiscovery::junkIsIgnoredAndBothSidesSurvive()
{
    startBrowser();
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    startAnnouncer(QStringLiteral("Sturdy"), 8888, m_browser->listeningPort());
    QTRY_COMPARE(found.size(), 1);

    // Junk from a second sender to both sides, of every size up to past the limit.
    QUdpSocket junk;
    QVERIFY(junk.bind(QHostAddress::LocalHost, 0));
    QRandomGenerator random(8);
    for (int i = 0; i < 1000; ++i) {
        QByteArray datagram(random.bounded(0, 700), Qt::Uninitialized);
        for (char &c : datagram)
            c = char(random.bounded(256));
        if (i % 10 == 0)
            datagram = "FERRY-NEARBY/1 ANNOUNCE\nport=1\ncode=0\nname=" + datagram + '\n';
        junk.writeDatagram(datagram, QHostAddress::LocalHost, m_browser->listeningPort());
        junk.writeDatagram(datagram, QHostAddress::LocalHost, m_announcer->listeningPort());
    }
    QTest::qWait(100);
    QCOMPARE(m_browser->shares().size(), 1);

    // Both still listen: the announcer answers a query, the browser hears a new share.
    QUdpSocket asker;
    QVERIFY(asker.bind(QHostAddress::LocalHost, 0));
    asker.writeDatagram(NearbyAnnouncement::query().encode(), QHostAddress::LocalHost, m_announcer->listeningPort());
    QTRY_VERIFY(asker.hasPendingDatagrams());
    const std::optional<NearbyAnnouncement> answer = NearbyAnnouncement::decode(asker.receiveDatagram().data());
    QVERIFY(answer);
    QCOMPARE(answer->name, QStringLiteral("Sturdy"));
    // Every sender here is 127.0.0.1, whose budget the junk used up: it refills.
    const QByteArray later =
            NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("Later"), 7000, false}.encode();
    QVERIFY(QTest::qWaitFor(
            [this, &later] {
                sendToBrowser(later);
                QTest::qWait(100);
                return m_browser->shares().size() == 2;
            },
            20000));
}

void TestNearbyDiscovery::oversizedDatagramIsDropped()
{
    startBrowser();
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    QByteArray big =
            NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("Big"), 7000, false}.encode();
    big.append(QByteArray(NearbyAnnouncement::MaxDatagramSize * 20, 'x'));
    sendToBrowser(big);
    sendToBrowser(
            NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("Small"), 7001, false}.encode());
    QTRY_COMPARE(found.size(), 1);
    QCOMPARE(found.at(0).at(0).value<NearbyShare>().name, QStringLiteral("Small"));
}

// One sender cannot fill the list: past a small burst, its datagrams are
// dropped until its budget refills.
void TestNearbyDiscovery::floodFromOneSenderIsRateLimited()
{
    startBrowser();
    QSignalSpy found(m_browser, &NearbyBrowser::shareFound);
    for (int port = 1; port <= 200; ++port)
        sendToBrowser(
                NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("Flood"), quint16(port), false}
                        .encode());
    QTRY_VERIFY(!found.isEmpty());
    QTest::qWait(200);
    QVERIFY2(found.size() <= 20, qPrintable(QString::number(found.size())));
}

void TestNearbyDiscovery::queriesAreAnsweredToTheAskerOnlyAndLimited()
{
    QUdpSocket bystander; // where announcements go: a query's answer must not
    QVERIFY(bystander.bind(QHostAddress::LocalHost, 0));
    m_announcer = new NearbyAnnouncer(this);
    m_announcer->setNetwork(loopback(bystander.localPort()));
    QVERIFY(m_announcer->start(QStringLiteral("Asked"), 8888, false));
    const quint16 announcerPort = m_announcer->listeningPort();
    QTRY_VERIFY(bystander.hasPendingDatagrams());
    while (bystander.hasPendingDatagrams())
        bystander.receiveDatagram();

    const QByteArray query = NearbyAnnouncement::query().encode();
    for (int i = 0; i < 50; ++i)
        m_raw->writeDatagram(query, QHostAddress::LocalHost, announcerPort);
    QTRY_VERIFY(m_raw->hasPendingDatagrams());
    QTest::qWait(200);
    int answers = 0;
    while (m_raw->hasPendingDatagrams()) {
        const QNetworkDatagram answer = m_raw->receiveDatagram();
        const std::optional<NearbyAnnouncement> decoded = NearbyAnnouncement::decode(answer.data());
        QVERIFY(decoded);
        QCOMPARE(decoded->kind, NearbyAnnouncement::Kind::Announce);
        QCOMPARE(decoded->name, QStringLiteral("Asked"));
        ++answers;
    }
    QVERIFY2(answers <= 5, qPrintable(QString::number(answers)));
    QVERIFY(!bystander.hasPendingDatagrams());
}

QTEST_GUILESS_MAIN(TestNearbyDiscovery)
#include "tst_nearbydiscovery.moc"
