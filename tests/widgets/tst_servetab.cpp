// The Serve tab alone: folder by drag and drop, errors in the window,
// addresses, the transfer table and its "Clear finished".

#include "addresslist.h"
#include "appsettings.h"
#include "common/endpoint.h"
#include "messagelabel.h"
#include "rawclient.h"
#include "servelimitsdialog.h"
#include "server/runningshare.h"
#include "servetransfermodel.h"
#include "widgettest.h"
#include "zbar.h"

#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUrl>

using namespace WidgetTest;

class TestServeTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void dropFolderSetsIt();
    void dropWhileSharingIsRefused();
    void startAndStop();
    void portInUseIsShown();
    void missingFolderIsShown();
    void noFolderIsShown();
    void transfersAppearAndClear();
    void addressesForUrls_data();
    void addressesForUrls();
    void reachableAddressesSkipLoopback();
    void everyNetworkListsTheEngineAddresses();
    void accessCodeGoesIntoLinksAndQrCode();
    void invalidAccessCodeIsShown();
    void limitsAreEditedRememberedAndApplied();

private:
    QString messageText() const;
    static bool sendDrop(QWidget *target, const QList<QUrl> &urls);

    QTemporaryDir m_folder;
    ServeTab *m_tab = nullptr;
};

void TestServeTab::initTestCase()
{
    useTestSettings("ferry-tst_servetab");
    QVERIFY(m_folder.isValid());
    QFile file(m_folder.filePath(QStringLiteral("a.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hello\n");
}

void TestServeTab::init()
{
    m_tab = new ServeTab;
    m_tab->show();
}

void TestServeTab::cleanup()
{
    delete m_tab;
    m_tab = nullptr;
}

QString TestServeTab::messageText() const
{
    auto *label = m_tab->findChild<MessageLabel *>();
    return label && label->isVisible() ? label->text() : QString();
}

// What a file manager does when a folder is dropped: enter, then drop.
bool TestServeTab::sendDrop(QWidget *target, const QList<QUrl> &urls)
{
    QMimeData mime;
    mime.setUrls(urls);
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

void TestServeTab::dropFolderSetsIt()
{
    auto *folderEdit = child<QLineEdit>(m_tab, "shareFolderEdit");
    QVERIFY(!sendDrop(m_tab, {QUrl::fromLocalFile(m_folder.filePath(QStringLiteral("a.txt")))}));
    QVERIFY(!sendDrop(m_tab, {QUrl(QStringLiteral("https://example.org/"))}));
    QVERIFY(folderEdit->text().isEmpty());
    QVERIFY(sendDrop(m_tab, {QUrl::fromLocalFile(m_folder.path())}));
    QCOMPARE(folderEdit->text(), m_folder.path());
}

void TestServeTab::dropWhileSharingIsRefused()
{
    QVERIFY(shareFromTab(m_tab, m_folder.path()) != 0);
    QTemporaryDir other;
    QVERIFY(!sendDrop(m_tab, {QUrl::fromLocalFile(other.path())}));
    QCOMPARE(child<QLineEdit>(m_tab, "shareFolderEdit")->text(), m_folder.path());
}

void TestServeTab::startAndStop()
{
    QSignalSpy sharing(m_tab, &ServeTab::sharingChanged);
    auto *button = child<QPushButton>(m_tab, "shareStartButton");
    QCOMPARE(button->text(), QStringLiteral("&Start sharing"));
    const quint16 port = shareFromTab(m_tab, m_folder.path());
    QVERIFY(port != 0);
    QCOMPARE(button->text(), QStringLiteral("&Stop sharing"));
    QVERIFY(!child<QSpinBox>(m_tab, "sharePortSpin")->isEnabled());
    QCOMPARE(sharing.count(), 1);
    // Reachable while shared...
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(probe.waitForConnected(5000));
    probe.abort();
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!m_tab->isSharing());
    QCOMPARE(button->text(), QStringLiteral("&Start sharing"));
    QCOMPARE(sharing.count(), 2);
    // ...and closed after.
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!late.waitForConnected(5000) || late.state() != QAbstractSocket::ConnectedState);
}

void TestServeTab::portInUseIsShown()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    child<QLineEdit>(m_tab, "shareFolderEdit")->setText(m_folder.path());
    child<QSpinBox>(m_tab, "sharePortSpin")->setValue(squatter.serverPort());
    auto *bind = child<QComboBox>(m_tab, "shareBindCombo");
    bind->setCurrentIndex(bind->findData(QStringLiteral("127.0.0.1")));
    QTest::mouseClick(child<QPushButton>(m_tab, "shareStartButton"), Qt::LeftButton);
    QVERIFY(!m_tab->isSharing());
    QCOMPARE(messageText(), QStringLiteral("Port %1 is already in use.").arg(squatter.serverPort()));
}

void TestServeTab::missingFolderIsShown()
{
    const QString missing = m_folder.filePath(QStringLiteral("gone"));
    QCOMPARE(shareFromTab(m_tab, missing), quint16(0));
    QVERIFY(messageText().contains(missing));
    // Typing clears the message: it answered the last attempt.
    QTest::keyClick(child<QLineEdit>(m_tab, "shareFolderEdit"), Qt::Key_Backspace);
    QCOMPARE(messageText(), QString());
}

void TestServeTab::noFolderIsShown()
{
    QCOMPARE(shareFromTab(m_tab, QString()), quint16(0));
    QCOMPARE(messageText(), QStringLiteral("Choose a folder to share first."));
}

void TestServeTab::transfersAppearAndClear()
{
    const quint16 port = shareFromTab(m_tab, m_folder.path());
    QVERIFY(port != 0);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));
    client.write(httpGet("/a.txt"));
    QTRY_VERIFY(client.state() == QAbstractSocket::UnconnectedState || client.readAll().endsWith("hello\n"));

    ServeTransferModel *model = m_tab->transfers();
    QTRY_COMPARE(model->rowCount(), 1);
    QTRY_COMPARE(model->transfer(0).state, TransferInfo::State::Done);
    model->flush();
    QCOMPARE(model->index(0, ServeTransferModel::DialectColumn).data().toString(), QStringLiteral("HTTP"));
    QCOMPARE(model->index(0, ServeTransferModel::StateColumn).data().toString(), QStringLiteral("Done"));
    QCOMPARE(model->index(0, ServeTransferModel::SentColumn).data().toString(), QStringLiteral("6 bytes (100%)"));

    auto *clear = child<QPushButton>(m_tab, "serveClearButton");
    QVERIFY(clear->isEnabled());
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(!clear->isEnabled());
}

void TestServeTab::addressesForUrls_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("endpoint");
    QTest::newRow("ipv4") << QStringLiteral("192.168.1.20") << QStringLiteral("http://192.168.1.20:8888/")
                          << QStringLiteral("192.168.1.20:8888");
    QTest::newRow("ipv6 in brackets") << QStringLiteral("2001:db8::1") << QStringLiteral("http://[2001:db8::1]:8888/")
                                      << QStringLiteral("[2001:db8::1]:8888");
}

void TestServeTab::addressesForUrls()
{
    QFETCH(QString, address);
    QFETCH(QString, url);
    QFETCH(QString, endpoint);
    const Endpoint where{QHostAddress(address).toString(), 8888};
    QCOMPARE(where.shareUrl(), url);
    QCOMPARE(where.toString(), endpoint);
    QVERIFY(QUrl(url).isValid());
}

void TestServeTab::reachableAddressesSkipLoopback()
{
    const auto all = RunningShare::reachableAddresses(QHostAddress::Any);
    for (const QHostAddress &address : all) {
        QVERIFY(!address.isLoopback());
        QVERIFY(!(address.protocol() == QAbstractSocket::IPv6Protocol && address.isLinkLocal()));
    }
    const auto v4 = RunningShare::reachableAddresses(QHostAddress::AnyIPv4);
    for (const QHostAddress &address : v4)
        QCOMPARE(address.protocol(), QAbstractSocket::IPv4Protocol);
    QCOMPARE(RunningShare::reachableAddresses(QHostAddress::LocalHost),
             QList<QHostAddress>{QHostAddress(QHostAddress::LocalHost)});
}

// The tab lists what the engine says, the same call `ferry serve` prints
// (tst_cli checks that side).
void TestServeTab::everyNetworkListsTheEngineAddresses()
{
    child<QLineEdit>(m_tab, "shareFolderEdit")->setText(m_folder.path());
    child<QSpinBox>(m_tab, "sharePortSpin")->setValue(0);
    auto *bind = child<QComboBox>(m_tab, "shareBindCombo");
    bind->setCurrentIndex(bind->findData(QString()));
    QTest::mouseClick(child<QPushButton>(m_tab, "shareStartButton"), Qt::LeftButton);
    QVERIFY(m_tab->isSharing());
    auto *addresses = m_tab->findChild<AddressList *>();
    QCOMPARE(addresses->addresses(), RunningShare::reachableAddresses(QHostAddress::Any));
    m_tab->stopSharing();
    QVERIFY(addresses->addresses().isEmpty());
}

void TestServeTab::accessCodeGoesIntoLinksAndQrCode()
{
    auto *codeEdit = child<QLineEdit>(m_tab, "shareCodeEdit");
    codeEdit->setText(QStringLiteral("open sesame"));
    const quint16 port = shareFromTab(m_tab, m_folder.path());
    QVERIFY(port != 0);
    QVERIFY(codeEdit->isReadOnly());
    const QString url = QStringLiteral("http://127.0.0.1:%1/?code=open%20sesame").arg(port);
    auto *addresses = m_tab->findChild<AddressList *>();
    QCOMPARE(addresses->qrUrl(), url);

    // What a phone's camera reads is the link, and the link opens the share.
    auto *qr = child<QLabel>(m_tab, "shareQrCode");
    QVERIFY(qr->isVisible());
    QString error;
    QCOMPARE(scanQrCode(qr->pixmap().toImage(), &error), url);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const RawExchange withLink = rawExchange(port, {httpGet("/a.txt?code=open%20sesame")});
    QVERIFY2(withLink.received.startsWith("HTTP/1.1 200 "), withLink.received.constData());
    const RawExchange without = rawExchange(port, {httpGet("/a.txt")});
    QVERIFY2(without.received.startsWith("HTTP/1.1 401 "), without.received.constData());

    m_tab->stopSharing();
    QVERIFY(!codeEdit->isReadOnly());
    QVERIFY(!qr->isVisible());
    QCOMPARE(AppSettings().shareCode(), QStringLiteral("open sesame"));
    codeEdit->clear();
    QVERIFY(shareFromTab(m_tab, m_folder.path()) != 0);
    QCOMPARE(addresses->qrUrl(), QStringLiteral("http://127.0.0.1:%1/").arg(m_tab->serverPort()));
}

void TestServeTab::invalidAccessCodeIsShown()
{
    child<QLineEdit>(m_tab, "shareCodeEdit")->setText(QStringLiteral("trailing space "));
    QCOMPARE(shareFromTab(m_tab, m_folder.path()), quint16(0));
    QVERIFY2(messageText().contains(QStringLiteral("space")), qPrintable(messageText()));
}

void TestServeTab::limitsAreEditedRememberedAndApplied()
{
    QTest::mouseClick(child<QPushButton>(m_tab, "shareLimitsButton"), Qt::LeftButton);
    auto *dialog = m_tab->findChild<ServeLimitsDialog *>(QStringLiteral("serveLimitsDialog"));
    QVERIFY(dialog && dialog->isVisible());
    // Shows the defaults `ferry serve` uses.
    QCOMPARE(child<QSpinBox>(dialog, "limitsMaxConnections")->value(), 256);
    QCOMPARE(child<QSpinBox>(dialog, "limitsMaxPerAddress")->value(), 32);
    QCOMPARE(child<QSpinBox>(dialog, "limitsRequestTimeout")->value(), 10);
    QCOMPARE(child<QSpinBox>(dialog, "limitsStallTimeout")->value(), 60);
    child<QSpinBox>(dialog, "limitsMaxConnections")->setValue(7);
    child<QSpinBox>(dialog, "limitsMaxPerAddress")->setValue(3);
    child<QSpinBox>(dialog, "limitsRequestTimeout")->setValue(1);
    dialog->accept();

    ShareServer::Options saved;
    AppSettings().loadShareLimits(saved);
    QCOMPARE(saved.maxConnections, 7);
    QCOMPARE(saved.maxConnectionsPerPeer, 3);
    QCOMPARE(saved.requestDeadline, std::chrono::milliseconds(1000));
    QCOMPARE(saved.stallDeadline, std::chrono::milliseconds(60000));

    // The next share uses them: a silent client is cut after 1 s, not 10.
    const quint16 port = shareFromTab(m_tab, m_folder.path());
    QVERIFY(port != 0);
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(silent.waitForConnected(5000));
    QTRY_COMPARE_WITH_TIMEOUT(silent.state(), QAbstractSocket::UnconnectedState, 6000);
    m_tab->stopSharing();

    // Restore defaults puts them back.
    QTest::mouseClick(child<QPushButton>(m_tab, "shareLimitsButton"), Qt::LeftButton);
    dialog = m_tab->findChild<ServeLimitsDialog *>(QStringLiteral("serveLimitsDialog"));
    QVERIFY(dialog);
    QCOMPARE(child<QSpinBox>(dialog, "limitsMaxConnections")->value(), 7);
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::RestoreDefaults), Qt::LeftButton);
    QCOMPARE(child<QSpinBox>(dialog, "limitsMaxConnections")->value(), 256);
    QCOMPARE(child<QSpinBox>(dialog, "limitsMaxPerAddress")->value(), 32);
    QCOMPARE(child<QSpinBox>(dialog, "limitsRequestTimeout")->value(), 10);
    dialog->accept();
    AppSettings().loadShareLimits(saved);
    QCOMPARE(saved.maxConnections, 256);
}

QTEST_MAIN(TestServeTab)
#include "tst_servetab.moc"
