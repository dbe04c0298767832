// A certificate the user has not trusted: the window shows it (subject,
// issuer, validity, SHA-256 fingerprint) and asks, never trusts silently;
// trusting remembers it for that host and port and restarts what waited.

#include "appsettings.h"
#include "certificatedialog.h"
#include "client/tlspolicy.h"
#include "downloadtab.h"
#include "scriptedserver.h"
#include "testcertificates.h"
#include "tlsfrontend.h"
#include "widgettest.h"

#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTemporaryDir>

using namespace WidgetTest;

class TestCertificateTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void dialogShowsTheCertificate_data();
    void dialogShowsTheCertificate();
    void enterDoesNotTrust();
    void trustingRemembersAndRestarts();
    void cancelTrustsNothing();
    void untrustedServerAsksThenDownloads();

private:
    QSslCertificate certificate() const { return m_pki.certificate(TestCertificates::Kind::SelfSigned); }
    DownloadJob::Request request(const QString &url, const QString &fileName) const;
    // Two rows that failed on 127.0.0.1 at a port where nothing listens.
    bool twoFailedRows(DownloadTab &tab, quint16 &port);

    TestCertificates m_pki;
    QTemporaryDir m_downloads;
};

void TestCertificateTrust::initTestCase()
{
    useTestSettings("ferry-tst_certificatetrust");
    QVERIFY2(m_pki.isValid(), qPrintable(m_pki.errorString()));
    QVERIFY(m_downloads.isValid());
}

void TestCertificateTrust::init()
{
    QSettings().clear();
    AppSettings().setProxy(AppSettings::ProxyMode::None, {}); // loopback, whatever the system's proxy
}

DownloadJob::Request TestCertificateTrust::request(const QString &url, const QString &fileName) const
{
    DownloadJob::Request request;
    request.url = QUrl(url);
    request.destination = QDir(m_downloads.path()).filePath(fileName);
    request.nameFromServer = true;
    request.keepExisting = true;
    return request;
}

void TestCertificateTrust::dialogShowsTheCertificate_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("endpoint");
    QTest::newRow("ipv4") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1:8443");
    QTest::newRow("ipv6") << QStringLiteral("::1") << QStringLiteral("[::1]:8443");
    QTest::newRow("name") << QStringLiteral("files.example") << QStringLiteral("files.example:8443");
}

void TestCertificateTrust::dialogShowsTheCertificate()
{
    QFETCH(QString, host);
    QFETCH(QString, endpoint);
    const QString problem = QStringLiteral("The certificate is self-signed, and untrusted.");
    CertificateDialog dialog(host, 8443, certificate(), problem);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    const QString details = child<QPlainTextEdit>(&dialog, "certificateDetails")->toPlainText();
    QCOMPARE(details, TlsPolicy::describe(certificate()));
    const QByteArray sha256 = certificate().digest(QCryptographicHash::Sha256);
    const QString fingerprint = QString::fromLatin1(sha256.toHex(':').toUpper());
    QVERIFY2(details.contains(fingerprint), qPrintable(details));
    QVERIFY2(details.contains(certificate().subjectDisplayName()), qPrintable(details));
    QVERIFY2(details.contains(certificate().expiryDate().toUTC().toString(Qt::ISODate)), qPrintable(details));
    QCOMPARE(child<QLabel>(&dialog, "certificateProblem")->text(), problem);
    QVERIFY(child<QLabel>(&dialog, "certificateHeading")->text().contains(endpoint));

    auto *trust = child<QPushButton>(&dialog, "certificateTrustButton");
    QCOMPARE(trust->text(), QStringLiteral("&Trust this certificate for %1").arg(endpoint));
    QCOMPARE(dialog.host(), host);
    QCOMPARE(dialog.port(), quint16(8443));
    QCOMPARE(dialog.digest(), sha256);
    QTest::mouseClick(trust, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(AppSettings().trustedCertificates(host, 8443).isEmpty()); // the dialog only answers
}

void TestCertificateTrust::enterDoesNotTrust()
{
    CertificateDialog dialog(QStringLiteral("127.0.0.1"), 8443, certificate(), QStringLiteral("Self-signed."));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *cancel = child<QPushButton>(&dialog, "certificateCancelButton");
    QVERIFY(cancel->isDefault());
    QVERIFY(!child<QPushButton>(&dialog, "certificateTrustButton")->isDefault());
    QTest::keyClick(&dialog, Qt::Key_Return);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

bool TestCertificateTrust::twoFailedRows(DownloadTab &tab, quint16 &port)
{
    port = closedLoopbackPort();
    if (port == 0)
        return false;
    const QString origin = QStringLiteral("https://127.0.0.1:%1/").arg(port);
    tab.enqueue(request(origin + QStringLiteral("a.bin"), QStringLiteral("a.bin")));
    tab.enqueue(request(origin + QStringLiteral("b.bin"), QStringLiteral("b.bin")));
    DownloadQueueModel *model = tab.queue();
    if (!QTest::qWaitFor([model] { return model->rowCount() == 2 && model->activeCount() == 0; }, 20000))
        return false;
    return model->state(0) == DownloadQueueModel::State::Failed && model->state(1) == DownloadQueueModel::State::Failed;
}

// Rows waiting for the same certificate share one question; trusting
// remembers the digest for that host and port, restarts them with it, and
// every later request there carries it.
void TestCertificateTrust::trustingRemembersAndRestarts()
{
    DownloadTab tab;
    tab.show();
    quint16 port = 0;
    QVERIFY(twoFailedRows(tab, port));
    DownloadQueueModel *model = tab.queue();
    const QString host = QStringLiteral("127.0.0.1");
    const QByteArray digest = TlsPolicy::certificateDigest(certificate());
    QVERIFY(model->request(0).tls.trustedCertificates.isEmpty());

    tab.askToTrust(0, host, port, certificate(), QStringLiteral("Self-signed."));
    tab.askToTrust(1, host, port, certificate(), QStringLiteral("Self-signed."));
    const auto dialogs = tab.findChildren<CertificateDialog *>();
    QCOMPARE(dialogs.size(), 1);
    QVERIFY(dialogs.first()->isVisible());
    QVERIFY(AppSettings().trustedCertificates(host, port).isEmpty()); // nothing before the answer

    QTest::mouseClick(child<QPushButton>(dialogs.first(), "certificateTrustButton"), Qt::LeftButton);
    QCOMPARE(AppSettings().trustedCertificates(host, port), QList<QByteArray>{digest});
    for (int row : {0, 1}) {
        QCOMPARE(model->request(row).tls.trustedCertificates, QList<QByteArray>{digest}); // restarted with it
    }
    QTRY_COMPARE_WITH_TIMEOUT(model->activeCount(), 0, 20000);

    tab.enqueue(request(QStringLiteral("https://127.0.0.1:%1/c.bin").arg(port), QStringLiteral("c.bin")));
    QCOMPARE(model->request(2).tls.trustedCertificates, QList<QByteArray>{digest});
    // Another port of the same host is another server.
    DownloadJob::Request elsewhere =
            request(QStringLiteral("https://127.0.0.1:%1/").arg(port == 1 ? 2 : port - 1), QStringLiteral("d.bin"));
    AppSettings().prepareDownload(elsewhere);
    QVERIFY(elsewhere.tls.trustedCertificates.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(model->activeCount(), 0, 20000);
}

void TestCertificateTrust::cancelTrustsNothing()
{
    DownloadTab tab;
    tab.show();
    quint16 port = 0;
    QVERIFY(twoFailedRows(tab, port));
    DownloadQueueModel *model = tab.queue();
    tab.askToTrust(0, QStringLiteral("127.0.0.1"), port, certificate(), QStringLiteral("Self-signed."));
    QPointer<CertificateDialog> dialog = tab.findChild<CertificateDialog *>();
    QVERIFY(dialog);
    QTest::mouseClick(child<QPushButton>(dialog, "certificateCancelButton"), Qt::LeftButton);
    QTRY_VERIFY(!dialog);
    QVERIFY(AppSettings().trustedCertificates(QStringLiteral("127.0.0.1"), port).isEmpty());
    QCOMPARE(model->state(0), DownloadQueueModel::State::Failed); // not restarted
    QCOMPARE(model->activeCount(), 0);
    QVERIFY(model->request(0).tls.trustedCertificates.isEmpty());
}

// End to end over loopback: an HTTPS server with a self-signed certificate
// makes the row fail and the question appear; once trusted, the download
// completes.
void TestCertificateTrust::untrustedServerAsksThenDownloads()
{
    const QByteArray body = "trusted bytes\n";
    ScriptedServer backend(
            ScriptedServer::Reply::of("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size())
                                      + "\r\nConnection: close\r\n\r\n" + body));
    QVERIFY(backend.listen());
    TlsFrontend https(certificate(), m_pki.key(TestCertificates::Kind::SelfSigned), backend.serverPort());
    QVERIFY(https.listen());

    DownloadTab tab;
    tab.show();
    DownloadQueueModel *model = tab.queue();
    const QString url = QStringLiteral("https://127.0.0.1:%1/greeting.txt").arg(https.port());
    QVERIFY(tab.enqueue(request(url, QStringLiteral("greeting.txt"))));
    QTRY_VERIFY_WITH_TIMEOUT(tab.findChild<CertificateDialog *>(), 20000);
    QCOMPARE(model->state(0), DownloadQueueModel::State::Failed);
    QCOMPARE(backend.requests().size(), 0); // nothing was asked of an untrusted server
    auto *dialog = tab.findChild<CertificateDialog *>();
    QCOMPARE(dialog->host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(dialog->port(), https.port());
    const QString fingerprint =
            QString::fromLatin1(certificate().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    QVERIFY(child<QPlainTextEdit>(dialog, "certificateDetails")->toPlainText().contains(fingerprint));

    QTest::mouseClick(child<QPushButton>(dialog, "certificateTrustButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(model->activeCount(), 0, 20000);
    QCOMPARE(model->state(0), DownloadQueueModel::State::Done);
    QCOMPARE(contents(model->destination(0)), body);
    QCOMPARE(AppSettings().trustedCertificates(QStringLiteral("127.0.0.1"), https.port()),
             QList<QByteArray>{TlsPolicy::certificateDigest(certificate())});
    QVERIFY(tab.findChildren<CertificateDialog *>().isEmpty() || !tab.findChild<CertificateDialog *>()->isVisible());
}

QTEST_MAIN(TestCertificateTrust)
#include "tst_certificatetrust.moc"
