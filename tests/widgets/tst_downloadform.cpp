// The Download form: what is wrong with the input is said under the form,
// the cursor goes to the field, and nothing is queued; good input, typed
// or pasted as a link, makes one request. An http:// or https:// link
// fills the fields and is fetched as it is; the proxy setting is kept and
// a bad proxy address is refused in its dialog.

#include "appsettings.h"
#include "client/localname.h"
#include "downloadform.h"
#include "proxydialog.h"
#include "widgettest.h"

#include <QClipboard>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QLabel>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace WidgetTest;

class TestDownloadForm : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void invalidInputIsReported_data();
    void invalidInputIsReported();
    void unknownHostIsReported();
    void enterStartsTheDownload();
    void pastedLinksAndEndpointsFillTheFields_data();
    void pastedLinksAndEndpointsFillTheFields();
    void recentHostsComplete();
    void pastingALinkFillsTheForm_data();
    void pastingALinkFillsTheForm();
    void typedLinkFillsWhenEditingEnds();
    void garbageIsLeftAlone_data();
    void garbageIsLeftAlone();
    void httpOrHttpsWithTypedFieldsMakesAUrl_data();
    void httpOrHttpsWithTypedFieldsMakesAUrl();
    void editedFieldsReplaceThePastedLink();
    void proxySettingRoundTrips();
    void badProxyIsRefused_data();
    void badProxyIsRefused();
    void proxiedLinkIsNotLookedUp();

private:
    QLineEdit *field(const char *name) const { return child<QLineEdit>(m_form, name); }
    QComboBox *protocol() const { return child<QComboBox>(m_form, "downloadProtocolCombo"); }
    void paste(QLineEdit *edit, const QString &text);
    std::optional<DownloadJob::Request> clickDownload();
    ProxyDialog *openProxyDialog();

    QTemporaryDir m_folder;
    DownloadForm *m_form = nullptr;
};

void TestDownloadForm::initTestCase()
{
    useTestSettings("ferry-tst_downloadform");
    QVERIFY(m_folder.isValid());
}

void TestDownloadForm::init()
{
    QSettings().clear();
    m_form = new DownloadForm;
    m_form->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_form));
}

void TestDownloadForm::cleanup()
{
    delete m_form;
    m_form = nullptr;
}

void TestDownloadForm::invalidInputIsReported_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("folder"); // "" means the test's folder
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("focus");

    const QString ok = QStringLiteral("127.0.0.1");
    QTest::newRow("empty host") << QString() << QStringLiteral("8888") << QStringLiteral("a.txt") << QString()
                                << QStringLiteral("Enter the server's address or name.")
                                << QStringLiteral("downloadHostEdit");
    QTest::newRow("host with a space") << QStringLiteral("my host") << QStringLiteral("8888") << QStringLiteral("a.txt")
                                       << QString() << QStringLiteral("“my host” is not a valid host name or address.")
                                       << QStringLiteral("downloadHostEdit");
    QTest::newRow("ftp link") << QStringLiteral("ftp://127.0.0.1/a.txt") << QStringLiteral("8888")
                              << QStringLiteral("a.txt") << QString()
                              << QStringLiteral("Only http:// and https:// links can be downloaded.")
                              << QStringLiteral("downloadHostEdit");
    const QString badPort = QStringLiteral("The port must be a number from 1 to 65535.");
    QTest::newRow("port 0") << ok << QStringLiteral("0") << QStringLiteral("a.txt") << QString() << badPort
                            << QStringLiteral("downloadPortEdit");
    QTest::newRow("port 65536") << ok << QStringLiteral("65536") << QStringLiteral("a.txt") << QString() << badPort
                                << QStringLiteral("downloadPortEdit");
    QTest::newRow("port not a number") << ok << QStringLiteral("http") << QStringLiteral("a.txt") << QString()
                                       << badPort << QStringLiteral("downloadPortEdit");
    QTest::newRow("empty port") << ok << QString() << QStringLiteral("a.txt") << QString() << badPort
                                << QStringLiteral("downloadPortEdit");
    QTest::newRow("empty name") << ok << QStringLiteral("8888") << QStringLiteral("  ") << QString()
                                << QStringLiteral("Enter the name of the file to download.")
                                << QStringLiteral("downloadNameEdit");
    QTest::newRow("name is ..") << ok << QStringLiteral("8888") << QStringLiteral("..") << QString()
                                << QStringLiteral("“..” does not name a file.") << QStringLiteral("downloadNameEdit");
    QTest::newRow("name is a folder") << ok << QStringLiteral("8888") << QStringLiteral("docs/") << QString()
                                      << QStringLiteral("“docs/” does not name a file.")
                                      << QStringLiteral("downloadNameEdit");
    QTest::newRow("no folder") << ok << QStringLiteral("8888") << QStringLiteral("a.txt") << QStringLiteral(" ")
                               << QStringLiteral("Choose a folder to save to.") << QStringLiteral("downloadFolderEdit");
    QTest::newRow("folder not writable") << ok << QStringLiteral("8888") << QStringLiteral("a.txt")
                                         << QStringLiteral("/proc/ferry")
                                         << QStringLiteral("Cannot write to the folder /proc/ferry.")
                                         << QStringLiteral("downloadFolderEdit");
}

void TestDownloadForm::invalidInputIsReported()
{
    QFETCH(QString, host);
    QFETCH(QString, port);
    QFETCH(QString, name);
    QFETCH(QString, folder);
    QFETCH(QString, message);
    QFETCH(QString, focus);
    QSignalSpy requested(m_form, &DownloadForm::requested);
    fillDownloadForm(m_form, host, port, name, folder.isEmpty() ? m_folder.path() : folder.trimmed());
    QTest::mouseClick(child<QPushButton>(m_form, "downloadButton"), Qt::LeftButton);
    QCOMPARE(m_form->errorText(), message);
    QCOMPARE(QApplication::focusWidget()->objectName(), focus);
    QCOMPARE(requested.count(), 0);
    // Editing a field clears the message.
    QTest::keyClick(field("downloadNameEdit"), Qt::Key_End);
    QTest::keyClicks(field("downloadNameEdit"), QStringLiteral("x"));
    QCOMPARE(m_form->errorText(), QString());
}

void TestDownloadForm::unknownHostIsReported()
{
    QSignalSpy requested(m_form, &DownloadForm::requested);
    fillDownloadForm(m_form, QStringLiteral("no-such-host.invalid"), QStringLiteral("8888"), QStringLiteral("a.txt"),
                     m_folder.path());
    QTest::mouseClick(child<QPushButton>(m_form, "downloadButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_form->errorText(), QStringLiteral("Unknown host no-such-host.invalid."), 30000);
    QCOMPARE(requested.count(), 0);
    QVERIFY(child<QPushButton>(m_form, "downloadButton")->isEnabled());
}

void TestDownloadForm::enterStartsTheDownload()
{
    QSignalSpy requested(m_form, &DownloadForm::requested);
    fillDownloadForm(m_form, QStringLiteral("127.0.0.1"), QStringLiteral("9000"), QStringLiteral("docs/报告.pdf"),
                     m_folder.path());
    QTest::keyClick(field("downloadNameEdit"), Qt::Key_Return);
    QCOMPARE(requested.count(), 1);
    const auto request = requested.at(0).at(0).value<DownloadJob::Request>();
    QCOMPARE(request.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(request.port, quint16(9000));
    QCOMPARE(request.name, QStringLiteral("docs/报告.pdf"));
    // Saved under the name's last part, inside the chosen folder.
    QCOMPARE(request.destination, QDir(m_folder.path()).filePath(QStringLiteral("报告.pdf")));
    QCOMPARE(request.protocol, DownloadJob::Protocol::Auto);
    QVERIFY(request.url.isEmpty());
    QVERIFY(!request.nameFromServer);
    QCOMPARE(m_form->errorText(), QString());
}

void TestDownloadForm::pastedLinksAndEndpointsFillTheFields_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("code");
    QTest::newRow("link from the Serve tab")
            << QStringLiteral("http://192.0.2.7:8899/docs/%E6%8A%A5%E5%91%8A.pdf") << QStringLiteral("192.0.2.7")
            << 8899 << QStringLiteral("docs/报告.pdf") << QString();
    QTest::newRow("ipv6 link") << QStringLiteral("http://[::1]:9001/a.txt") << QStringLiteral("::1") << 9001
                               << QStringLiteral("a.txt") << QString();
    QTest::newRow("share link with a code")
            << QStringLiteral("http://192.0.2.7:8899/?code=open%20sesame") << QStringLiteral("192.0.2.7") << 8899
            << QString() << QStringLiteral("open sesame");
    QTest::newRow("address:port") << QStringLiteral("192.0.2.7:9002") << QStringLiteral("192.0.2.7") << 9002
                                  << QString() << QString();
    QTest::newRow("[ipv6]:port") << QStringLiteral("[::1]:9003") << QStringLiteral("::1") << 9003 << QString()
                                 << QString();
}

void TestDownloadForm::pastedLinksAndEndpointsFillTheFields()
{
    QFETCH(QString, typed);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, name);
    QFETCH(QString, code);
    QSignalSpy requested(m_form, &DownloadForm::requested);
    // A link brings its own access code or none: one typed for another share does not stay.
    field("downloadCodeEdit")
            ->setText(typed.contains(QLatin1String("://")) ? QStringLiteral("for another share") : QString());
    fillDownloadForm(m_form, typed, QStringLiteral("8888"), name.isEmpty() ? QStringLiteral("b.txt") : QString(),
                     m_folder.path());
    QTest::mouseClick(child<QPushButton>(m_form, "downloadButton"), Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    const auto request = requested.at(0).at(0).value<DownloadJob::Request>();
    QCOMPARE(request.host, host);
    QCOMPARE(request.port, quint16(port));
    QCOMPARE(request.name, name.isEmpty() ? QStringLiteral("b.txt") : name);
    QCOMPARE(request.accessCode, code);
    QCOMPARE(field("downloadCodeEdit")->text(), code);
    QCOMPARE(field("downloadHostEdit")->text(), host);
    QCOMPARE(field("downloadPortEdit")->text(), QString::number(port));
}

void TestDownloadForm::recentHostsComplete()
{
    for (const char *host : {"192.0.2.1", "192.0.2.2", "192.0.2.1"}) {
        fillDownloadForm(m_form, QLatin1String(host), QStringLiteral("8888"), QStringLiteral("a.txt"), m_folder.path());
        m_form->submit();
    }
    QCompleter *completer = field("downloadHostEdit")->completer();
    QVERIFY(completer);
    QStringList hosts;
    for (int row = 0; row < completer->model()->rowCount(); ++row)
        hosts.append(completer->model()->index(row, 0).data().toString());
    QCOMPARE(hosts.mid(0, 2), (QStringList{QStringLiteral("192.0.2.1"), QStringLiteral("192.0.2.2")}));
    QCOMPARE(hosts.count(QStringLiteral("192.0.2.1")), 1);
}

// As a user pastes: the whole field selected, then the paste shortcut.
void TestDownloadForm::paste(QLineEdit *edit, const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
    edit->setFocus();
    edit->selectAll();
    QTest::keySequence(edit, QKeySequence::Paste);
    QCOMPARE(edit->text(), text);
}

std::optional<DownloadJob::Request> TestDownloadForm::clickDownload()
{
    QSignalSpy requested(m_form, &DownloadForm::requested);
    QTest::mouseClick(child<QPushButton>(m_form, "downloadButton"), Qt::LeftButton);
    if (requested.count() != 1) {
        qWarning("no request; the form says: %s", qPrintable(m_form->errorText()));
        return std::nullopt;
    }
    return requested.at(0).at(0).value<DownloadJob::Request>();
}

void TestDownloadForm::pastingALinkFillsTheForm_data()
{
    QTest::addColumn<QString>("link");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("fileName"); // saved under, in the folder

    QTest::newRow("http with a port") << QStringLiteral("http://192.0.2.7:8080/files/a.txt")
                                      << QStringLiteral("192.0.2.7") << 8080 << QStringLiteral("files/a.txt")
                                      << QStringLiteral("HTTP") << QStringLiteral("a.txt");
    QTest::newRow("http without a port") << QStringLiteral("http://192.0.2.7/a.txt") << QStringLiteral("192.0.2.7")
                                         << 80 << QStringLiteral("a.txt") << QStringLiteral("HTTP")
                                         << QStringLiteral("a.txt");
    QTest::newRow("https with a port") << QStringLiteral("https://192.0.2.7:8443/iso/file.iso")
                                       << QStringLiteral("192.0.2.7") << 8443 << QStringLiteral("iso/file.iso")
                                       << QStringLiteral("HTTPS") << QStringLiteral("file.iso");
    QTest::newRow("https without a port")
            << QStringLiteral("https://192.0.2.7/file.iso") << QStringLiteral("192.0.2.7") << 443
            << QStringLiteral("file.iso") << QStringLiteral("HTTPS") << QStringLiteral("file.iso");
    QTest::newRow("ipv6") << QStringLiteral("https://[::1]:8443/a%20b.txt") << QStringLiteral("::1") << 8443
                          << QStringLiteral("a b.txt") << QStringLiteral("HTTPS") << QStringLiteral("a b.txt");
    QTest::newRow("ipv6 without a port") << QStringLiteral("http://[::1]/a.txt") << QStringLiteral("::1") << 80
                                         << QStringLiteral("a.txt") << QStringLiteral("HTTP")
                                         << QStringLiteral("a.txt");
    QTest::newRow("query kept") << QStringLiteral("https://192.0.2.7:8443/path/file.iso?x=1&y=%C3%A9")
                                << QStringLiteral("192.0.2.7") << 8443 << QStringLiteral("path/file.iso")
                                << QStringLiteral("HTTPS") << QStringLiteral("file.iso");
    QTest::newRow("encoded path") << QStringLiteral("http://192.0.2.7:8888/docs/%E6%8A%A5%E5%91%8A.pdf")
                                  << QStringLiteral("192.0.2.7") << 8888 << QStringLiteral("docs/报告.pdf")
                                  << QStringLiteral("HTTP") << QStringLiteral("报告.pdf");
    QTest::newRow("upper-case scheme") << QStringLiteral("HTTPS://192.0.2.7/x.bin") << QStringLiteral("192.0.2.7")
                                       << 443 << QStringLiteral("x.bin") << QStringLiteral("HTTPS")
                                       << QStringLiteral("x.bin");
    QTest::newRow("front page") << QStringLiteral("https://192.0.2.7/") << QStringLiteral("192.0.2.7") << 443
                                << QString() << QStringLiteral("HTTPS") << QStringLiteral("index.html");
}

void TestDownloadForm::pastingALinkFillsTheForm()
{
    QFETCH(QString, link);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, name);
    QFETCH(QString, protocol);
    QFETCH(QString, fileName);
    fillDownloadForm(m_form, QString(), QStringLiteral("9999"), QString(), m_folder.path());
    paste(field("downloadHostEdit"), link);
    QTRY_COMPARE(field("downloadHostEdit")->text(), host);
    QCOMPARE(field("downloadPortEdit")->text(), QString::number(port));
    QCOMPARE(field("downloadNameEdit")->text(), name);
    QCOMPARE(this->protocol()->currentText(), protocol);

    const std::optional<DownloadJob::Request> request = clickDownload();
    QVERIFY(request);
    QCOMPARE(request->url, QUrl(link)); // exactly the link, its query too
    QCOMPARE(request->url.toString(QUrl::FullyEncoded), QUrl(link).toString(QUrl::FullyEncoded));
    QCOMPARE(request->host, host);
    QCOMPARE(request->port, quint16(port));
    QCOMPARE(request->protocol, DownloadJob::Protocol::Http);
    QCOMPARE(request->destination, QDir(m_folder.path()).filePath(fileName));
    QCOMPARE(fileNameFromUrl(request->url), fileName);
    QVERIFY(request->nameFromServer);
    QVERIFY(request->keepExisting);
}

// Typed character by character, a link is not taken apart under the
// user's fingers; leaving the field fills the form.
void TestDownloadForm::typedLinkFillsWhenEditingEnds()
{
    QVERIFY(QTest::qWaitForWindowActive(m_form));
    QLineEdit *host = field("downloadHostEdit");
    host->clear();
    host->setFocus();
    const QString link = QStringLiteral("https://192.0.2.7:8443/a.iso?x=1");
    QTest::keyClicks(host, link);
    QCoreApplication::processEvents();
    QCOMPARE(host->text(), link);
    QCOMPARE(protocol()->currentText(), QStringLiteral("Automatic (HTTP, or the tutorial protocol)"));
    QTest::keyClick(host, Qt::Key_Tab);
    QCOMPARE(host->text(), QStringLiteral("192.0.2.7"));
    QCOMPARE(field("downloadPortEdit")->text(), QStringLiteral("8443"));
    QCOMPARE(field("downloadNameEdit")->text(), QStringLiteral("a.iso"));
    QCOMPARE(protocol()->currentText(), QStringLiteral("HTTPS"));
    field("downloadFolderEdit")->setText(m_folder.path());
    const std::optional<DownloadJob::Request> request = clickDownload();
    QVERIFY(request);
    QCOMPARE(request->url, QUrl(link));
}

void TestDownloadForm::garbageIsLeftAlone_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ftp link") << QStringLiteral("ftp://192.0.2.7/a.txt");
    QTest::newRow("scheme only") << QStringLiteral("https://");
    QTest::newRow("no host") << QStringLiteral("http:///a.txt");
    QTest::newRow("space in the host") << QStringLiteral("http://bad host/a.txt");
    QTest::newRow("bad port") << QStringLiteral("https://192.0.2.7:99999/a.txt");
    QTest::newRow("not a link") << QStringLiteral("just some words");
}

void TestDownloadForm::garbageIsLeftAlone()
{
    QFETCH(QString, text);
    fillDownloadForm(m_form, QStringLiteral("192.0.2.1"), QStringLiteral("9000"), QStringLiteral("keep.txt"),
                     m_folder.path());
    protocol()->setCurrentIndex(0);
    QSignalSpy requested(m_form, &DownloadForm::requested);
    paste(field("downloadHostEdit"), text);
    QCoreApplication::processEvents(); // a link would be taken apart by now
    QCOMPARE(field("downloadHostEdit")->text(), text);
    QCOMPARE(field("downloadPortEdit")->text(), QStringLiteral("9000"));
    QCOMPARE(field("downloadNameEdit")->text(), QStringLiteral("keep.txt"));
    QCOMPARE(protocol()->currentIndex(), 0);
    // Asked to download it anyway, the form says what is wrong and queues nothing.
    QTest::mouseClick(child<QPushButton>(m_form, "downloadButton"), Qt::LeftButton);
    QCOMPARE(requested.count(), 0);
    QVERIFY(!m_form->errorText().isEmpty());
}

void TestDownloadForm::httpOrHttpsWithTypedFieldsMakesAUrl_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("fileName");
    QTest::newRow("https, a port of its own")
            << QStringLiteral("HTTPS") << QStringLiteral("192.0.2.7") << QStringLiteral("8443")
            << QStringLiteral("docs/报告 1.pdf")
            << QStringLiteral("https://192.0.2.7:8443/docs/%E6%8A%A5%E5%91%8A%201.pdf") << QStringLiteral("报告 1.pdf");
    QTest::newRow("https, port 443") << QStringLiteral("HTTPS") << QStringLiteral("192.0.2.7") << QStringLiteral("443")
                                     << QStringLiteral("a.iso") << QStringLiteral("https://192.0.2.7/a.iso")
                                     << QStringLiteral("a.iso");
    QTest::newRow("http, port 80") << QStringLiteral("HTTP") << QStringLiteral("192.0.2.7") << QStringLiteral("80")
                                   << QStringLiteral("a.iso") << QStringLiteral("http://192.0.2.7/a.iso")
                                   << QStringLiteral("a.iso");
    QTest::newRow("http, port 8888") << QStringLiteral("HTTP") << QStringLiteral("192.0.2.7") << QStringLiteral("8888")
                                     << QStringLiteral("a.iso") << QStringLiteral("http://192.0.2.7:8888/a.iso")
                                     << QStringLiteral("a.iso");
    QTest::newRow("[ipv6]:port in the host field")
            << QStringLiteral("HTTPS") << QStringLiteral("[::1]:9443") << QStringLiteral("8888")
            << QStringLiteral("x.bin") << QStringLiteral("https://[::1]:9443/x.bin") << QStringLiteral("x.bin");
    QTest::newRow("no name: the front page")
            << QStringLiteral("HTTPS") << QStringLiteral("192.0.2.7") << QStringLiteral("443") << QString()
            << QStringLiteral("https://192.0.2.7/") << QStringLiteral("index.html");
    QTest::newRow("question mark in the name")
            << QStringLiteral("HTTP") << QStringLiteral("192.0.2.7") << QStringLiteral("80")
            << QStringLiteral("what?.txt") << QStringLiteral("http://192.0.2.7/what%3F.txt")
            << QStringLiteral("what?.txt");
}

void TestDownloadForm::httpOrHttpsWithTypedFieldsMakesAUrl()
{
    QFETCH(QString, protocol);
    QFETCH(QString, host);
    QFETCH(QString, port);
    QFETCH(QString, name);
    QFETCH(QString, url);
    QFETCH(QString, fileName);
    fillDownloadForm(m_form, host, port, name, m_folder.path());
    const int index = this->protocol()->findText(protocol);
    QVERIFY(index >= 0);
    this->protocol()->setCurrentIndex(index);
    const std::optional<DownloadJob::Request> request = clickDownload();
    QVERIFY(request);
    QCOMPARE(request->url.toString(QUrl::FullyEncoded), url);
    QCOMPARE(request->destination, QDir(m_folder.path()).filePath(fileName));
    QVERIFY(request->nameFromServer);
    QVERIFY(request->keepExisting);
}

// The link is fetched as pasted only while the fields still show it; the
// tutorial protocol and Automatic keep host, port and name as before.
void TestDownloadForm::editedFieldsReplaceThePastedLink()
{
    field("downloadFolderEdit")->setText(m_folder.path());
    const QString link = QStringLiteral("https://192.0.2.7:8443/a.iso?x=1");
    paste(field("downloadHostEdit"), link);
    QTRY_COMPARE(field("downloadNameEdit")->text(), QStringLiteral("a.iso"));
    field("downloadNameEdit")->setText(QStringLiteral("b.iso"));
    std::optional<DownloadJob::Request> request = clickDownload();
    QVERIFY(request);
    QCOMPARE(request->url.toString(QUrl::FullyEncoded), QStringLiteral("https://192.0.2.7:8443/b.iso"));

    paste(field("downloadHostEdit"), link);
    QTRY_COMPARE(field("downloadNameEdit")->text(), QStringLiteral("a.iso"));
    request = clickDownload();
    QVERIFY(request);
    QCOMPARE(request->url, QUrl(link));

    paste(field("downloadHostEdit"), link);
    QTRY_COMPARE(field("downloadHostEdit")->text(), QStringLiteral("192.0.2.7"));
    protocol()->setCurrentIndex(0); // Automatic
    request = clickDownload();
    QVERIFY(request);
    QVERIFY(request->url.isEmpty());
    QCOMPARE(request->protocol, DownloadJob::Protocol::Auto);
    QCOMPARE(request->host, QStringLiteral("192.0.2.7"));
    QCOMPARE(request->port, quint16(8443));
    QCOMPARE(request->name, QStringLiteral("a.iso"));
    QCOMPARE(request->destination, QDir(m_folder.path()).filePath(QStringLiteral("a.iso")));
    QVERIFY(!request->nameFromServer);
}

ProxyDialog *TestDownloadForm::openProxyDialog()
{
    QTest::mouseClick(child<QPushButton>(m_form, "downloadProxyButton"), Qt::LeftButton);
    auto *dialog = m_form->findChild<ProxyDialog *>(QStringLiteral("proxyDialog"));
    if (dialog && !dialog->isVisible())
        return nullptr;
    return dialog;
}

void TestDownloadForm::proxySettingRoundTrips()
{
    QCOMPARE(AppSettings().proxyMode(), AppSettings::ProxyMode::System);
    QPointer<ProxyDialog> dialog = openProxyDialog();
    QVERIFY(dialog);
    QVERIFY(child<QRadioButton>(dialog, "proxySystemRadio")->isChecked());
    auto *url = child<QLineEdit>(dialog, "proxyUrlEdit");
    QVERIFY(!url->isEnabled());
    child<QRadioButton>(dialog, "proxyManualRadio")->click();
    QVERIFY(url->isEnabled());
    const QString manual = QStringLiteral("http://user:secret@192.0.2.9:3128");
    url->setText(manual);
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(!dialog);

    {
        const AppSettings settings;
        QCOMPARE(settings.proxyMode(), AppSettings::ProxyMode::Manual);
        QCOMPARE(settings.manualProxy(), manual);
        const ProxyRoute route = settings.downloadProxy().routeFor(QUrl(QStringLiteral("https://192.0.2.7/a.iso")));
        QCOMPARE(route.kind, ProxyRoute::Kind::Http);
        QCOMPARE(route.host, QStringLiteral("192.0.2.9"));
        QCOMPARE(route.port, quint16(3128));
        QCOMPARE(route.user, QStringLiteral("user"));
        QCOMPARE(route.password, QStringLiteral("secret"));
    }
    const QString tip = child<QPushButton>(m_form, "downloadProxyButton")->toolTip();
    QVERIFY2(tip.contains(QLatin1String("192.0.2.9:3128")) && !tip.contains(QLatin1String("secret")), qPrintable(tip));

    // The next time, the dialog shows what was chosen; "No proxy" keeps the URL for later.
    dialog = openProxyDialog();
    QVERIFY(dialog);
    QVERIFY(child<QRadioButton>(dialog, "proxyManualRadio")->isChecked());
    QCOMPARE(child<QLineEdit>(dialog, "proxyUrlEdit")->text(), manual);
    child<QRadioButton>(dialog, "proxyNoneRadio")->click();
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(!dialog);
    QCOMPARE(AppSettings().proxyMode(), AppSettings::ProxyMode::None);
    QVERIFY(AppSettings().downloadProxy().routeFor(QUrl(QStringLiteral("https://192.0.2.7/a.iso"))).isDirect());

    dialog = openProxyDialog();
    QVERIFY(dialog);
    QVERIFY(child<QRadioButton>(dialog, "proxyNoneRadio")->isChecked());
    QCOMPARE(child<QLineEdit>(dialog, "proxyUrlEdit")->text(), manual);
    child<QRadioButton>(dialog, "proxySystemRadio")->click();
    dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY(!dialog);
    QCOMPARE(AppSettings().proxyMode(), AppSettings::ProxyMode::System);
}

void TestDownloadForm::badProxyIsRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("empty") << QString();
    QTest::newRow("ftp") << QStringLiteral("ftp://192.0.2.9:21");
    QTest::newRow("https proxy") << QStringLiteral("https://192.0.2.9:3128");
    QTest::newRow("port too large") << QStringLiteral("http://192.0.2.9:99999");
    QTest::newRow("no host") << QStringLiteral("http://:3128");
}

void TestDownloadForm::badProxyIsRefused()
{
    QFETCH(QString, url);
    QString expected;
    if (url.isEmpty())
        expected = QStringLiteral("Enter the proxy's address, or choose another option.");
    else
        QVERIFY(!ProxyRules().setProxy(url, &expected));
    QVERIFY(!expected.isEmpty());

    QPointer<ProxyDialog> dialog = openProxyDialog();
    QVERIFY(dialog);
    child<QRadioButton>(dialog, "proxyManualRadio")->click();
    auto *edit = child<QLineEdit>(dialog, "proxyUrlEdit");
    edit->setText(url);
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    ok->click();
    QCoreApplication::processEvents();
    QVERIFY(dialog && dialog->isVisible());
    auto *problem = child<QLabel>(dialog, "proxyProblem");
    QVERIFY(problem->isVisible());
    QCOMPARE(problem->text(), expected);
    QCOMPARE(AppSettings().proxyMode(), AppSettings::ProxyMode::System);
    QCOMPARE(AppSettings().manualProxy(), QString());
    // Editing clears the message; a good address is taken.
    QTest::keyClicks(edit, QStringLiteral("x"));
    QVERIFY(!problem->isVisible());
    edit->setText(QStringLiteral("socks5://192.0.2.9:1080"));
    ok->click();
    QTRY_VERIFY(!dialog);
    QCOMPARE(AppSettings().proxyMode(), AppSettings::ProxyMode::Manual);
    QCOMPARE(AppSettings().manualProxy(), QStringLiteral("socks5://192.0.2.9:1080"));
}

// Through a proxy, the proxy looks the name up: the form does not ask
// this computer's resolver, which may not know it.
void TestDownloadForm::proxiedLinkIsNotLookedUp()
{
    AppSettings().setProxy(AppSettings::ProxyMode::Manual, QStringLiteral("http://192.0.2.9:3128"));
    field("downloadFolderEdit")->setText(m_folder.path());
    paste(field("downloadHostEdit"), QStringLiteral("https://no-such-host.invalid/a.iso"));
    QTRY_COMPARE(field("downloadHostEdit")->text(), QStringLiteral("no-such-host.invalid"));
    const std::optional<DownloadJob::Request> request = clickDownload(); // at once, without a lookup
    QVERIFY(request);
    QCOMPARE(request->url, QUrl(QStringLiteral("https://no-such-host.invalid/a.iso")));
}

QTEST_MAIN(TestDownloadForm)
#include "tst_downloadform.moc"
