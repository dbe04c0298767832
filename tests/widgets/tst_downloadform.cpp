// The Download form: what is wrong with the input is said under the form,
// the cursor goes to the field, and nothing is queued; good input, typed
// or pasted as a link, makes one request.

#include "downloadform.h"
#include "widgettest.h"

#include <QCompleter>
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

private:
    QLineEdit *field(const char *name) const { return child<QLineEdit>(m_form, name); }

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
                              << QStringLiteral("Only http:// links can be downloaded.")
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
    field("downloadCodeEdit")->clear();
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

QTEST_MAIN(TestDownloadForm)
#include "tst_downloadform.moc"
