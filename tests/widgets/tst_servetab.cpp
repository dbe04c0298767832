// The Serve tab alone: folder by drag and drop, errors in the window,
// addresses, the transfer table and its "Clear finished", the encrypted
// share and its certificate.

#include "addresslist.h"
#include "appsettings.h"
#include "common/endpoint.h"
#include "common/publickeypin.h"
#include "messagelabel.h"
#include "rawclient.h"
#include "servelimitsdialog.h"
#include "server/runningshare.h"
#include "server/sharecertificate.h"
#include "servetransfermodel.h"
#include "widgettest.h"
#include "zbar.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUrl>
#include <QUrlQuery>

using namespace WidgetTest;

namespace {

struct HttpsExchange
{
    QString peerPin;
    QByteArray received;
    bool closed = false;
};

// A GET over TLS to 127.0.0.1:`port` that trusts the server only when its
// key has `pin` (as a Ferry client given a share link does), reading until
// the server closes; the event loop spins, the share living on this thread.
HttpsExchange httpsGet(quint16 port, const QByteArray &target, const QString &pin)
{
    HttpsExchange result;
    QSslSocket socket;
    QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [&](const QList<QSslError> &) {
        result.peerPin = PublicKeyPin::of(socket.peerCertificate());
        if (result.peerPin == pin)
            socket.ignoreSslErrors();
    });
    QObject::connect(&socket, &QSslSocket::encrypted, &socket, [&] { socket.write(httpGet(target)); });
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    result.closed = QTest::qWaitFor(
            [&] {
                result.received += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            10000);
    result.received += socket.readAll();
    return result;
}

} // namespace

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
    void encryptedShareShowsThePin();
    void encryptionIsRemembered();
    void newCertificateChangesThePin();
    void certificateProblemIsShown();

private:
    QString messageText() const;
    static bool sendDrop(QWidget *target, const QList<QUrl> &urls);
    // The pin of the certificate kept where the tab keeps it.
    static QString keptPin();

    QTemporaryDir m_home;
    QTemporaryDir m_folder;
    ServeTab *m_tab = nullptr;
};

void TestServeTab::initTestCase()
{
    // The share's certificate goes under the data folder, which test mode
    // puts under $HOME whatever XDG_DATA_HOME says: both point here.
    QVERIFY(m_home.isValid());
    qputenv("HOME", QFile::encodeName(m_home.path()));
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("share"))));
    useTestSettings("ferry-tst_servetab");
    QVERIFY2(ShareCertificate::defaultFolder().startsWith(m_home.path()),
             qPrintable(ShareCertificate::defaultFolder()));
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
    AppSettings().setShareEncrypted(false); // the other tests share in the clear
}

QString TestServeTab::keptPin()
{
    QString error;
    const std::optional<ShareCertificate> kept =
            ShareCertificate::loadOrCreate(ShareCertificate::defaultFolder(), &error);
    return kept ? kept->pin() : error;
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

void TestServeTab::encryptedShareShowsThePin()
{
    auto *tls = child<QCheckBox>(m_tab, "shareTlsCheck");
    QVERIFY(!tls->isChecked()); // off by default
    auto *pinLabel = child<QLabel>(m_tab, "sharePinLabel");
    QVERIFY(!pinLabel->isVisible());
    tls->setChecked(true);
    const quint16 port = shareFromTab(m_tab, m_folder.path());
    QVERIFY2(port != 0, qPrintable(messageText()));
    QVERIFY(!tls->isEnabled()); // a change would need a restart

    // The pin shown is that of the certificate kept in the data folder...
    const QString pin = keptPin();
    QVERIFY2(pin.startsWith(PublicKeyPin::Prefix), qPrintable(pin));
    QVERIFY(pinLabel->isVisible());
    QCOMPARE(pinLabel->text(), pin);
    QVERIFY(pinLabel->textInteractionFlags().testFlag(Qt::TextSelectableByMouse));
    QVERIFY(child<QLabel>(m_tab, "shareEncryptedLabel")->isVisible());
    QVERIFY(pinLabel->toolTip().contains(QStringLiteral("browser")));

    // ...that the links and the QR code carry, on https://.
    auto *addresses = m_tab->findChild<AddressList *>();
    const QString url = addresses->qrUrl();
    QVERIFY2(url.startsWith(QStringLiteral("https://127.0.0.1:%1/?").arg(port)), qPrintable(url));
    QVERIFY2(url.contains(QStringLiteral("pin=")), qPrintable(url));
    QCOMPARE(QUrlQuery(QUrl(url)).queryItemValue(QStringLiteral("pin"), QUrl::FullyDecoded), pin);
    QString error;
    QCOMPARE(scanQrCode(child<QLabel>(m_tab, "shareQrCode")->pixmap().toImage(), &error), url);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // The server presents that key: a client checking the pin downloads.
    const HttpsExchange https = httpsGet(port, "/a.txt", pin);
    QVERIFY(https.closed);
    QCOMPARE(https.peerPin, pin);
    QVERIFY2(https.received.startsWith("HTTP/1.1 200 "), https.received.constData());
    QVERIFY(https.received.endsWith("hello\n"));
    // One checking another pin does not.
    const HttpsExchange wrong = httpsGet(port, "/a.txt", QStringLiteral("sha256//AAAA"));
    QVERIFY(wrong.closed);
    QCOMPARE(wrong.peerPin, pin);
    QVERIFY(wrong.received.isEmpty());
    // Plain HTTP is sent on to https://.
    const RawExchange plain = rawExchange(port, {httpGet("/a.txt")});
    QVERIFY2(plain.received.startsWith("HTTP/1.1 308 "), plain.received.constData());

    // The pin's copy button.
    QTest::mouseClick(child<QToolButton>(m_tab, "sharePinCopyButton"), Qt::LeftButton);
    QCOMPARE(messageText(), QStringLiteral("Copied %1 to the clipboard.").arg(pin));

    m_tab->stopSharing();
    QVERIFY(tls->isEnabled());
    QVERIFY(!pinLabel->isVisible());
    // Kept across shares: the same pin next time.
    QVERIFY(shareFromTab(m_tab, m_folder.path()) != 0);
    QCOMPARE(pinLabel->text(), pin);
}

void TestServeTab::encryptionIsRemembered()
{
    QVERIFY(!AppSettings().shareEncrypted());
    child<QCheckBox>(m_tab, "shareTlsCheck")->setChecked(true);
    QVERIFY(AppSettings().shareEncrypted());
    delete m_tab;
    m_tab = new ServeTab;
    m_tab->show();
    QVERIFY(child<QCheckBox>(m_tab, "shareTlsCheck")->isChecked());
    const quint16 port = shareFromTab(m_tab, m_folder.path());
    QVERIFY(port != 0);
    QVERIFY(m_tab->findChild<AddressList *>()->qrUrl().startsWith(QStringLiteral("https://")));

    m_tab->stopSharing();
    child<QCheckBox>(m_tab, "shareTlsCheck")->setChecked(false);
    QVERIFY(!AppSettings().shareEncrypted());
    QVERIFY(shareFromTab(m_tab, m_folder.path()) != 0);
    QCOMPARE(m_tab->findChild<AddressList *>()->qrUrl(),
             QStringLiteral("http://127.0.0.1:%1/").arg(m_tab->serverPort()));
    QVERIFY(!child<QLabel>(m_tab, "sharePinLabel")->isVisible());
}

void TestServeTab::newCertificateChangesThePin()
{
    child<QCheckBox>(m_tab, "shareTlsCheck")->setChecked(true);
    const quint16 port = shareFromTab(m_tab, m_folder.path());
    QVERIFY(port != 0);
    auto *pinLabel = child<QLabel>(m_tab, "sharePinLabel");
    const QString oldPin = pinLabel->text();
    QCOMPARE(oldPin, keptPin());
    auto *renew = child<QPushButton>(m_tab, "shareNewCertificateButton");
    QVERIFY(renew->isVisible());

    // Asked first; Cancel changes nothing.
    QTest::mouseClick(renew, Qt::LeftButton);
    auto *question = m_tab->findChild<QMessageBox *>(QStringLiteral("newCertificateQuestion"));
    QVERIFY(question && question->isVisible());
    QVERIFY(question->text().contains(QStringLiteral("stop working")));
    QCOMPARE(question->defaultButton(), question->button(QMessageBox::Cancel));
    QTest::mouseClick(question->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!m_tab->findChild<QMessageBox *>(QStringLiteral("newCertificateQuestion")));
    QCOMPARE(pinLabel->text(), oldPin);
    QCOMPARE(keptPin(), oldPin);

    // Confirmed: a new certificate, kept, and the share restarted with it
    // on the same port.
    QSignalSpy sharing(m_tab, &ServeTab::sharingChanged);
    QTest::mouseClick(renew, Qt::LeftButton);
    question = m_tab->findChild<QMessageBox *>(QStringLiteral("newCertificateQuestion"));
    QVERIFY(question);
    QTest::mouseClick(child<QPushButton>(question, "newCertificateConfirmButton"), Qt::LeftButton);
    QTRY_VERIFY(pinLabel->text() != oldPin);
    const QString newPin = keptPin();
    QCOMPARE(pinLabel->text(), newPin);
    QVERIFY(m_tab->isSharing());
    QCOMPARE(m_tab->serverPort(), port);
    QCOMPARE(sharing.count(), 2); // stopped, started
    QCOMPARE(messageText(), QStringLiteral("The share restarted with a new certificate."));
    const QString url = m_tab->findChild<AddressList *>()->qrUrl();
    QCOMPARE(QUrlQuery(QUrl(url)).queryItemValue(QStringLiteral("pin"), QUrl::FullyDecoded), newPin);

    // The old pin no longer opens it; the new one does.
    QVERIFY(httpsGet(port, "/a.txt", oldPin).received.isEmpty());
    const HttpsExchange https = httpsGet(port, "/a.txt", newPin);
    QVERIFY2(https.received.startsWith("HTTP/1.1 200 "), https.received.constData());
}

void TestServeTab::certificateProblemIsShown()
{
    // A file where the certificate's folder would be.
    const QString folder = ShareCertificate::defaultFolder();
    QVERIFY(QDir(folder).removeRecursively());
    QVERIFY(QDir().mkpath(QFileInfo(folder).path()));
    QFile blocker(folder);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    child<QCheckBox>(m_tab, "shareTlsCheck")->setChecked(true);
    QCOMPARE(shareFromTab(m_tab, m_folder.path()), quint16(0));
    QVERIFY2(messageText().contains(QStringLiteral("certificate")), qPrintable(messageText()));
    QVERIFY(!child<QLabel>(m_tab, "sharePinLabel")->isVisible());

    QVERIFY(QFile::remove(folder));
    QVERIFY(shareFromTab(m_tab, m_folder.path()) != 0);
    QCOMPARE(child<QLabel>(m_tab, "sharePinLabel")->text(), keptPin());
}

QTEST_MAIN(TestServeTab)
#include "tst_servetab.moc"
