#include "appsettings.h"
#include "downloadform.h"
#include "downloadtab.h"
#include "loopbackshare.h"
#include "nearby/nearbyannouncement.h"
#include "nearby/nearbybrowser.h"
#include "nearbysharemodel.h"
#include "remotebrowserdialog.h"
#include "server/shareserver.h"
#include "widgettest.h"

#include <QCheckBox>
#include <QListView>
#include <QNetworkDatagram>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QUdpSocket>

// The window's side of nearby shares, over loopback unicast only: the
// Download tab's Nearby list is fed announcements sent to its browser's
// socket on 127.0.0.1, and the Serve tab's announcer sends to a socket here.
class TestNearby : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void listFillsAndEmpties();
    void silentShareLeavesTheList();
    void pickingFillsTheFormAndBrowses();
    void serveTabIsInvisibleByDefault();
    void serveTabAnnouncesWhenAskedAndSaysGoodbye();

private:
    void announce(NearbyAnnouncement::Kind kind, const QString &name, quint16 port);
    static NearbyNetwork loopbackTo(quint16 port);

    QTemporaryDir m_share;
    ShareServer m_server;
    QUdpSocket *m_peer = nullptr; // a device nearby, as the tests play it
    NearbyBrowser *m_browser = nullptr;
    DownloadTab *m_tab = nullptr;
};

NearbyNetwork TestNearby::loopbackTo(quint16 port)
{
    NearbyNetwork network;
    network.bindAddress = QHostAddress::LocalHost;
    network.port = 0;
    network.peers = {{QHostAddress(QHostAddress::LocalHost), port}};
    return network;
}

void TestNearby::initTestCase()
{
    WidgetTest::useTestSettings("tst_nearby");
    QFile file(m_share.filePath(QStringLiteral("hello.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hello");
    file.close();
    ShareServer::Options options = loopbackShare(m_share.path());
    QVERIFY(m_server.start(options));
}

void TestNearby::init()
{
    m_peer = new QUdpSocket(this);
    QVERIFY(m_peer->bind(QHostAddress::LocalHost, 0));
    m_browser = new NearbyBrowser(this);
    m_browser->setNetwork(loopbackTo(m_peer->localPort()));
    m_tab = new DownloadTab;
    m_tab->setNearbyBrowser(m_browser);
    QVERIFY(m_browser->isActive());
    m_tab->show();
    // The browser asks who is there as it starts.
    QTRY_VERIFY(m_peer->hasPendingDatagrams());
    QCOMPARE(m_peer->receiveDatagram().data(), NearbyAnnouncement::query().encode());
}

void TestNearby::cleanup()
{
    delete m_tab;
    m_tab = nullptr;
    delete m_browser;
    m_browser = nullptr;
    delete m_peer;
    m_peer = nullptr;
}

void TestNearby::announce(NearbyAnnouncement::Kind kind, const QString &name, quint16 port)
{
    m_peer->writeDatagram(NearbyAnnouncement{kind, name, port, false}.encode(), QHostAddress::LocalHost,
                          m_browser->listeningPort());
}

void TestNearby::listFillsAndEmpties()
{
    auto *list = WidgetTest::child<QListView>(m_tab, "nearbyList");
    QVERIFY(list);
    QAbstractItemModel *model = list->model();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(!list->isVisible()); // the hint explains the empty list in its place

    announce(NearbyAnnouncement::Kind::Announce, QStringLiteral("Desk"), 8888);
    QTRY_COMPARE(model->rowCount(), 1);
    QVERIFY(list->isVisible());
    announce(NearbyAnnouncement::Kind::Announce, QStringLiteral("attic"), 9000);
    QTRY_COMPARE(model->rowCount(), 2);
    // Sorted by name, whatever the case; the address is the sender's.
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("attic (127.0.0.1:9000)"));
    QCOMPARE(model->index(1, 0).data().toString(), QStringLiteral("Desk (127.0.0.1:8888)"));
    QCOMPARE(model->index(1, 0).data(NearbyShareModel::HostRole).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(model->index(1, 0).data(NearbyShareModel::PortRole).toInt(), 8888);

    // Junk and a query add nothing.
    m_peer->writeDatagram(QByteArray("FERRY-NEARBY/1 ANNOUNCE\nport=1\n"), QHostAddress::LocalHost,
                          m_browser->listeningPort());
    m_peer->writeDatagram(NearbyAnnouncement::query().encode(), QHostAddress::LocalHost, m_browser->listeningPort());

    announce(NearbyAnnouncement::Kind::Goodbye, QStringLiteral("attic"), 9000);
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("Desk (127.0.0.1:8888)"));
}

void TestNearby::silentShareLeavesTheList()
{
    cleanup();
    m_peer = new QUdpSocket(this);
    QVERIFY(m_peer->bind(QHostAddress::LocalHost, 0));
    m_browser = new NearbyBrowser(this);
    m_browser->setNetwork(loopbackTo(m_peer->localPort()));
    m_browser->setExpiry(std::chrono::milliseconds(200));
    m_tab = new DownloadTab;
    m_tab->setNearbyBrowser(m_browser);
    QAbstractItemModel *model = WidgetTest::child<QListView>(m_tab, "nearbyList")->model();
    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
    announce(NearbyAnnouncement::Kind::Announce, QStringLiteral("Brief"), 8888);
    QTRY_COMPARE(inserted.size(), 1);
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(model->rowCount(), 0);
}

void TestNearby::pickingFillsTheFormAndBrowses()
{
    auto *list = WidgetTest::child<QListView>(m_tab, "nearbyList");
    announce(NearbyAnnouncement::Kind::Announce, QStringLiteral("Real share"), m_server.serverPort());
    QTRY_COMPARE(list->model()->rowCount(), 1);
    const QModelIndex index = list->model()->index(0, 0);

    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(index).center());
    QCOMPARE(WidgetTest::child<QLineEdit>(m_tab, "downloadHostEdit")->text(), QStringLiteral("127.0.0.1"));
    QCOMPARE(WidgetTest::child<QLineEdit>(m_tab, "downloadPortEdit")->text(), QString::number(m_server.serverPort()));
    QVERIFY(!m_tab->findChild<RemoteBrowserDialog *>());
    // Hearing a share never connects to it: no transfer, no listing yet.
    QCOMPARE(m_tab->queue()->rowCount(), 0);

    Q_EMIT list->activated(index);
    RemoteBrowserDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_tab->findChild<RemoteBrowserDialog *>()));
    auto *tree = dialog->findChild<QTreeWidget *>(QStringLiteral("remoteEntries"));
    QVERIFY(tree);
    QTRY_VERIFY(!tree->findItems(QStringLiteral("hello.txt"), Qt::MatchExactly).isEmpty());
    dialog->reject();
}

void TestNearby::serveTabIsInvisibleByDefault()
{
    ServeTab tab;
    auto *check = WidgetTest::child<QCheckBox>(&tab, "shareNearbyCheck");
    QVERIFY(check);
    QVERIFY(!check->isChecked());
    QVERIFY(WidgetTest::child<QLineEdit>(&tab, "shareNearbyNameEdit"));
}

void TestNearby::serveTabAnnouncesWhenAskedAndSaysGoodbye()
{
    QTemporaryDir folder;
    auto *tab = new ServeTab;
    tab->setNearbyNetwork(loopbackTo(m_peer->localPort()));
    WidgetTest::child<QLineEdit>(tab, "shareNearbyNameEdit")->setText(QStringLiteral("My desk"));
    auto *check = WidgetTest::child<QCheckBox>(tab, "shareNearbyCheck");
    check->setChecked(true);
    QVERIFY(!tab->isVisibleNearby()); // not sharing yet: nothing announced
    const quint16 port = WidgetTest::shareFromTab(tab, folder.path());
    QVERIFY(port != 0);
    QVERIFY(tab->isVisibleNearby());

    // The next announcement; the Download tab's browser may repeat its query meanwhile.
    auto next = [this]() -> std::optional<NearbyAnnouncement> {
        for (;;) {
            if (!QTest::qWaitFor([this] { return m_peer->hasPendingDatagrams(); }))
                return std::nullopt;
            const auto heard = NearbyAnnouncement::decode(m_peer->receiveDatagram().data());
            if (!heard || heard->kind != NearbyAnnouncement::Kind::Query)
                return heard;
        }
    };
    std::optional<NearbyAnnouncement> heard = next();
    QVERIFY(heard);
    QCOMPARE(*heard, (NearbyAnnouncement{NearbyAnnouncement::Kind::Announce, QStringLiteral("My desk"), port, false}));

    check->setChecked(false); // while sharing: a goodbye, and the share goes on
    heard = next();
    QVERIFY(heard);
    QCOMPARE(heard->kind, NearbyAnnouncement::Kind::Goodbye);
    QCOMPARE(heard->port, port);
    QVERIFY(tab->isSharing());

    check->setChecked(true);
    heard = next();
    QVERIFY(heard);
    QCOMPARE(heard->kind, NearbyAnnouncement::Kind::Announce);
    tab->stopSharing();
    heard = next();
    QVERIFY(heard);
    QCOMPARE(heard->kind, NearbyAnnouncement::Kind::Goodbye);
    delete tab;

    // Remembered for the next time.
    AppSettings settings;
    QVERIFY(settings.visibleNearby());
    QCOMPARE(settings.nearbyName(), QStringLiteral("My desk"));
    settings.setVisibleNearby(false);
}

QTEST_MAIN(TestNearby)
#include "tst_nearby.moc"
