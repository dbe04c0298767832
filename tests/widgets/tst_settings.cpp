// Settings persist: what one window remembers, the next one shows.

#include "appsettings.h"
#include "downloadform.h"
#include "downloadtab.h"
#include "mainwindow.h"
#include "widgettest.h"

#include <QCompleter>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace WidgetTest;

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void defaults();
    void roundTripThroughTheWindow();
    void recentHostsAreFewAndUnique();
    void badValuesFallBack();
    void proxyReachesTheRequests();
    void trustedCertificatesAreKeptPerEndpoint();
};

void TestSettings::initTestCase()
{
    useTestSettings("ferry-tst_settings");
}

void TestSettings::init()
{
    QSettings().clear();
}

void TestSettings::defaults()
{
    const AppSettings settings;
    QCOMPARE(settings.sharePort(), quint16(8888));
    QCOMPARE(settings.port(), quint16(8888));
    QCOMPARE(settings.bindAddress(), QString());
    QCOMPARE(settings.shareFolder(), QString());
    const QString downloads = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    QCOMPARE(settings.downloadFolder(), downloads.isEmpty() ? QDir::homePath() : downloads);
    QCOMPARE(settings.currentTab(), 0);
}

void TestSettings::roundTripThroughTheWindow()
{
    QTemporaryDir share, downloads;
    QVERIFY(share.isValid() && downloads.isValid());
    QSize size;
    {
        MainWindow window;
        window.show();
        QVERIFY(shareFromTab(window.serveTab(), share.path()) != 0);
        window.serveTab()->stopSharing();
        // A request to a port where nothing listens is enough: it is remembered when asked.
        fillDownloadForm(window.downloadTab(), QStringLiteral("127.0.0.1"), QStringLiteral("9123"),
                         QStringLiteral("a.txt"), downloads.path());
        child<QComboBox>(&window, "downloadProtocolCombo")->setCurrentIndex(2);
        window.downloadTab()->form()->submit();
        QTRY_COMPARE_WITH_TIMEOUT(window.downloadTab()->activeCount(), 0, 20000);
        window.tabs()->setCurrentIndex(1);
        window.resize(1111, 666);
        size = window.size();
        QVERIFY(window.close());
    }
    MainWindow window;
    QCOMPARE(child<QLineEdit>(&window, "shareFolderEdit")->text(), QDir::toNativeSeparators(share.path()));
    QCOMPARE(child<QSpinBox>(&window, "sharePortSpin")->value(), 0); // "any free port" is a choice too
    QCOMPARE(child<QComboBox>(&window, "shareBindCombo")->currentData().toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(child<QLineEdit>(&window, "downloadHostEdit")->text(), QStringLiteral("127.0.0.1"));
    QCOMPARE(child<QLineEdit>(&window, "downloadPortEdit")->text(), QStringLiteral("9123"));
    QCOMPARE(child<QLineEdit>(&window, "downloadFolderEdit")->text(), QDir::toNativeSeparators(downloads.path()));
    QCOMPARE(child<QComboBox>(&window, "downloadProtocolCombo")->currentIndex(), 2);
    QCompleter *completer = child<QLineEdit>(&window, "downloadHostEdit")->completer();
    QCOMPARE(completer->model()->rowCount(), 1);
    QCOMPARE(completer->model()->index(0, 0).data().toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(window.tabs()->currentIndex(), 1);
    QCOMPARE(window.size(), size);
}

void TestSettings::recentHostsAreFewAndUnique()
{
    AppSettings settings;
    for (int i = 0; i < 15; ++i)
        settings.rememberHost(QStringLiteral("host%1.lan").arg(i), 8888);
    settings.rememberHost(QStringLiteral("HOST3.lan"), 9000);
    const QStringList recent = settings.recentHosts();
    QCOMPARE(recent.size(), AppSettings::MaxRecentHosts);
    QCOMPARE(recent.first(), QStringLiteral("HOST3.lan"));
    QCOMPARE(recent.at(1), QStringLiteral("host14.lan"));
    QCOMPARE(recent.filter(QStringLiteral("host3.lan"), Qt::CaseInsensitive).size(), 1);
    QCOMPARE(settings.host(), QStringLiteral("HOST3.lan"));
    QCOMPARE(settings.port(), quint16(9000));
}

void TestSettings::badValuesFallBack()
{
    QSettings raw;
    raw.setValue(QStringLiteral("serve/port"), QStringLiteral("70000"));
    raw.setValue(QStringLiteral("download/port"), 0);
    raw.setValue(QStringLiteral("window/tab"), 7);
    raw.sync();
    const AppSettings settings;
    QCOMPARE(settings.sharePort(), quint16(8888));
    QCOMPARE(settings.port(), quint16(8888));
    MainWindow window; // an out-of-range tab index must not leave the window without one
    QCOMPARE(window.tabs()->currentIndex(), 1);
}

void TestSettings::proxyReachesTheRequests()
{
    AppSettings settings;
    QCOMPARE(settings.proxyMode(), AppSettings::ProxyMode::System);
    DownloadJob::Request request;
    request.url = QUrl(QStringLiteral("https://192.0.2.7:8443/a.iso"));

    settings.setProxy(AppSettings::ProxyMode::Manual, QStringLiteral(" socks5://192.0.2.9:1080 "));
    QCOMPARE(settings.manualProxy(), QStringLiteral("socks5://192.0.2.9:1080"));
    settings.prepareDownload(request);
    ProxyRoute route = request.proxy.routeFor(request.url);
    QCOMPARE(route.kind, ProxyRoute::Kind::Socks5);
    QCOMPARE(route.host, QStringLiteral("192.0.2.9"));
    QCOMPARE(route.port, quint16(1080));

    settings.setProxy(AppSettings::ProxyMode::None, settings.manualProxy());
    settings.prepareDownload(request);
    QVERIFY(request.proxy.routeFor(request.url).isDirect());
    QCOMPARE(AppSettings().manualProxy(), QStringLiteral("socks5://192.0.2.9:1080")); // kept for later

    QSettings raw;
    raw.setValue(QStringLiteral("download/proxy"), QStringLiteral("carrier pigeon"));
    raw.sync();
    QCOMPARE(AppSettings().proxyMode(), AppSettings::ProxyMode::System);
}

void TestSettings::trustedCertificatesAreKeptPerEndpoint()
{
    const QByteArray first(32, 'a');
    const QByteArray second(32, 'b');
    const QByteArray other(32, 'c');
    {
        AppSettings settings;
        settings.trustCertificate(QStringLiteral("Example.LAN"), 8443, first);
        settings.trustCertificate(QStringLiteral("example.lan"), 8443, second);
        settings.trustCertificate(QStringLiteral("example.lan"), 8443, first); // once is enough
        settings.trustCertificate(QStringLiteral("::1"), 8443, other);
        settings.trustCertificate(QStringLiteral("example.lan"), 8443, QByteArray("short")); // not a digest
    }
    const AppSettings settings; // as the next window reads them
    QCOMPARE(settings.trustedCertificates(QStringLiteral("example.lan"), 8443), (QList<QByteArray>{first, second}));
    QCOMPARE(settings.trustedCertificates(QStringLiteral("EXAMPLE.lan"), 8443), (QList<QByteArray>{first, second}));
    QVERIFY(settings.trustedCertificates(QStringLiteral("example.lan"), 443).isEmpty());
    QVERIFY(settings.trustedCertificates(QStringLiteral("other.lan"), 8443).isEmpty());
    QCOMPARE(settings.trustedCertificates(QStringLiteral("::1"), 8443), QList<QByteArray>{other});

    // A request carries those of its own host and port, and of where earlier attempts were redirected.
    DownloadJob::Request request;
    request.url = QUrl(QStringLiteral("https://example.lan:8443/a.iso"));
    settings.prepareDownload(request);
    QCOMPARE(request.tls.trustedCertificates, (QList<QByteArray>{first, second}));
    request.url = QUrl(QStringLiteral("https://example.lan/a.iso"));
    settings.prepareDownload(request);
    QVERIFY(request.tls.trustedCertificates.isEmpty());
    settings.prepareDownload(request, {QUrl(QStringLiteral("https://[::1]:8443/"))});
    QCOMPARE(request.tls.trustedCertificates, QList<QByteArray>{other});
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
