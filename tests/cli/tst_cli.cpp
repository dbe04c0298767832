#include "client/downloadlimits.h"
#include "client/tlspolicy.h"
#include "scriptedserver.h"
#include "server/runningshare.h"
#include "server/servelimits.h"
#include "testcertificates.h"
#include "tlsfrontend.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUrlQuery>

#include <csignal>

using namespace Qt::StringLiterals;

// Drives the real `ferry` binary the way scripts do: arguments in, exit
// code, stdout and stderr out.
class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void version();
    void badUsage_data();
    void badUsage();
    void helpListsNearby();
    void serveStopsCleanlyOnSignal_data();
    void serveStopsCleanlyOnSignal();
    void serveTlsLinkCarriesThePin();
    void serveReportsBusyPortAndMissingFolder();
    void getSavesBaseNameInCurrentFolder_data();
    void getSavesBaseNameInCurrentFolder();
    void getIntoFolderAndToFile();
    void getMissingExitsThree();
    void getRefusedExitsOne();
    void getInterruptedKeepsPart();
    void codeProtectedShare_data();
    void codeProtectedShare();
    void maxSizeRefusesLargerFile_data();
    void maxSizeRefusesLargerFile();
    void serveListsTheEngineAddresses();
    void listEscapesWhatPeersName();
    void getSeveralUrlsExitsWithTheWorst();
    void getUrlsFromStandardInput();
    void getUrlNamesAndNumbers();
    void getHttpsChecksTheCertificate();
    void limitRateHoldsTheCallBack();
    void listByUrl_data();
    void listByUrl();
    void getRecursiveByUrl_data();
    void getRecursiveByUrl();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run ferry(const QStringList &arguments, const QString &workingDir = {}, const QByteArray &input = {});
    QString url(const QString &name) const { return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(name); }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }

    QTemporaryDir m_share;
    QTemporaryDir m_work;
    QProcess m_server;
    quint16 m_port = 0;
};

void TestCli::initTestCase()
{
    QVERIFY(m_share.isValid() && m_work.isValid());
    QFile file(m_share.filePath(QStringLiteral("hello.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("hello\n");
    file.close();
    QFile empty(m_share.filePath(QStringLiteral("empty.txt")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    QFile large(m_share.filePath(QStringLiteral("large.bin")));
    QVERIFY(large.open(QIODevice::WriteOnly));
    large.write(QByteArray(768 * 1024, 'L'));
    large.close();

    m_server.start(QStringLiteral(FERRY_BINARY),
                   {QStringLiteral("serve"), m_share.path(), QStringLiteral("--port"), QStringLiteral("0"),
                    QStringLiteral("--bind"), QStringLiteral("127.0.0.1")});
    QVERIFY(m_server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine(), 10000);
    const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
    const QRegularExpressionMatch match =
            QRegularExpression(QStringLiteral("^listening on 127\\.0\\.0\\.1:(\\d+)$")).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    m_port = match.captured(1).toUShort();
}

void TestCli::cleanupTestCase()
{
    m_server.terminate();
    m_server.waitForFinished();
}

void TestCli::init()
{
    QDir work(m_work.path());
    work.removeRecursively();
    QVERIFY(QDir().mkpath(m_work.path()));
}

TestCli::Run TestCli::ferry(const QStringList &arguments, const QString &workingDir, const QByteArray &input)
{
    QProcess process;
    process.setWorkingDirectory(workingDir.isEmpty() ? m_work.path() : workingDir);
    process.start(QStringLiteral(FERRY_BINARY), arguments);
    Run run;
    if (!process.waitForStarted())
        return run;
    process.write(input);
    process.closeWriteChannel();
    // Spin the event loop rather than block: some tests serve from this thread.
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000))
        process.kill();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void TestCli::version()
{
    const Run run = ferry({QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("ferry " FERRY_VERSION "\n"));
}

void TestCli::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("fly")};
    QTest::newRow("get a URL without a host") << QStringList{QStringLiteral("get"), QStringLiteral("http://")};
    QTest::newRow("get URLs and a name") << QStringList{QStringLiteral("get"), QStringLiteral("http://127.0.0.1:1/a"),
                                                        QStringLiteral("ftp://127.0.0.1/b")};
    QTest::newRow("-o with two URLs") << QStringList{QStringLiteral("get"), QStringLiteral("http://127.0.0.1:1/a"),
                                                     QStringLiteral("http://127.0.0.1:1/b"), QStringLiteral("-o"),
                                                     QStringLiteral("x")};
    QTest::newRow("bad --limit-rate") << QStringList{QStringLiteral("get"), QStringLiteral("http://127.0.0.1:1/a"),
                                                     QStringLiteral("--limit-rate"), QStringLiteral("fast")};
    QTest::newRow("bad --pin") << QStringList{QStringLiteral("get"), QStringLiteral("https://127.0.0.1:1/a"),
                                              QStringLiteral("--pin"), QStringLiteral("md5//AAAA")};
    QTest::newRow("missing --cacert") << QStringList{QStringLiteral("get"), QStringLiteral("https://127.0.0.1:1/a"),
                                                     QStringLiteral("--cacert"), QStringLiteral("/nonexistent/ca.pem")};
    QTest::newRow("bad --proxy") << QStringList{QStringLiteral("get"), QStringLiteral("http://127.0.0.1:1/a"),
                                                QStringLiteral("--proxy"), QStringLiteral("ftp://127.0.0.1:1")};
    QTest::newRow("-j 0") << QStringList{QStringLiteral("get"), QStringLiteral("http://127.0.0.1:1/a"),
                                         QStringLiteral("-j"), QStringLiteral("0")};
    QTest::newRow("--max-redirs -1") << QStringList{QStringLiteral("get"), QStringLiteral("http://127.0.0.1:1/a"),
                                                    QStringLiteral("--max-redirs=-1")};
    QTest::newRow("--pin with HOST:PORT NAME")
            << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1:1"), QStringLiteral("a"),
                           QStringLiteral("--pin=sha256//AAAA")};
    QTest::newRow("-i file missing") << QStringList{QStringLiteral("get"), QStringLiteral("-i"),
                                                    QStringLiteral("/nonexistent/urls")};
    QTest::newRow("get without name") << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1:8888")};
    QTest::newRow("port out of range") << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1:99999"),
                                                      QStringLiteral("a")};
    QTest::newRow("port not a number") << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1:http"),
                                                      QStringLiteral("a")};
    QTest::newRow("-o with -d") << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1"), QStringLiteral("a"),
                                               QStringLiteral("-o"),  QStringLiteral("x"),         QStringLiteral("-d"),
                                               QStringLiteral("y")};
    QTest::newRow("name without a file part")
            << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1"), QStringLiteral("dir/..")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1"),
                                                   QStringLiteral("a"), QStringLiteral("--fast")};
    QTest::newRow("serve bad port") << QStringList{QStringLiteral("serve"), QStringLiteral("."),
                                                   QStringLiteral("--port"), QStringLiteral("70000")};
    QTest::newRow("serve bad bind") << QStringList{QStringLiteral("serve"), QStringLiteral("."),
                                                   QStringLiteral("--bind"), QStringLiteral("nowhere")};
    QTest::newRow("serve without folder") << QStringList{QStringLiteral("serve")};
    QTest::newRow("serve empty code") << QStringList{QStringLiteral("serve"), QStringLiteral("."),
                                                     QStringLiteral("--code="), QStringLiteral("--port=0")};
    QTest::newRow("serve code with a space at the end")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--code"), QStringLiteral("a "),
                           QStringLiteral("--port=0")};
    QTest::newRow("serve --code with --code-file")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--code=x"),
                           QStringLiteral("--code-file=/dev/null"), QStringLiteral("--port=0")};
    QTest::newRow("serve --code-file missing")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."),
                           QStringLiteral("--code-file=/nonexistent/ferry-code"), QStringLiteral("--port=0")};
    QTest::newRow("serve --code-file empty")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--code-file=/dev/null"),
                           QStringLiteral("--port=0")};
    QTest::newRow("serve --code-file a folder") << QStringList{
            QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--code-file=/"), QStringLiteral("--port=0")};
    QTest::newRow("get --code-file with --legacy")
            << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1"), QStringLiteral("a"),
                           QStringLiteral("--code-file=/dev/null"), QStringLiteral("--legacy")};
    QTest::newRow("list --code-file missing") << QStringList{QStringLiteral("list"), QStringLiteral("127.0.0.1"),
                                                             QStringLiteral("--code-file=/nonexistent/ferry-code")};
    QTest::newRow("get --code with --legacy")
            << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1"), QStringLiteral("a"),
                           QStringLiteral("--code=x"), QStringLiteral("--legacy")};
    QTest::newRow("list a URL and a path")
            << QStringList{QStringLiteral("list"), QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("docs")};
    QTest::newRow("list a URL without a host") << QStringList{QStringLiteral("list"), QStringLiteral("https://")};
    QTest::newRow("list --cacert with HOST:PORT")
            << QStringList{QStringLiteral("list"), QStringLiteral("127.0.0.1:1"), QStringLiteral("--cacert=/dev/null")};
    QTest::newRow("list bad --pin") << QStringList{QStringLiteral("list"), QStringLiteral("https://127.0.0.1:1/"),
                                                   QStringLiteral("--pin"), QStringLiteral("md5//AAAA")};
    QTest::newRow("list missing --cacert")
            << QStringList{QStringLiteral("list"), QStringLiteral("https://127.0.0.1:1/"), QStringLiteral("--cacert"),
                           QStringLiteral("/nonexistent/ca.pem")};
    QTest::newRow("list bad --proxy") << QStringList{QStringLiteral("list"), QStringLiteral("http://127.0.0.1:1/"),
                                                     QStringLiteral("--proxy"), QStringLiteral("ftp://127.0.0.1:1")};
    QTest::newRow("list --max-redirs past its bound")
            << QStringList{QStringLiteral("list"), QStringLiteral("http://127.0.0.1:1/"),
                           QStringLiteral("--max-redirs"), QString::number(DownloadLimits::Redirects.maximum + 1)};
    QTest::newRow("get -r two URLs") << QStringList{QStringLiteral("get"), QStringLiteral("-r"),
                                                    QStringLiteral("http://127.0.0.1:1/a/"),
                                                    QStringLiteral("http://127.0.0.1:1/b/")};
    QTest::newRow("get -r URL with -o") << QStringList{QStringLiteral("get"), QStringLiteral("-r"),
                                                       QStringLiteral("http://127.0.0.1:1/a/"), QStringLiteral("-o"),
                                                       QStringLiteral("x")};
    QTest::newRow("get -r with -i") << QStringList{QStringLiteral("get"), QStringLiteral("-r"), QStringLiteral("-i"),
                                                   QStringLiteral("/dev/null")};
    QTest::newRow("get --max-size not a size") << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1"),
                                                              QStringLiteral("a"), QStringLiteral("--max-size=lots")};
    QTest::newRow("get --max-size negative") << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1"),
                                                            QStringLiteral("a"), QStringLiteral("--max-size=-1")};
    QTest::newRow("get --max-size overflows")
            << QStringList{QStringLiteral("get"), QStringLiteral("127.0.0.1"), QStringLiteral("a"),
                           QStringLiteral("--max-size=99999999999T")};
    // Nearby shares: every usage error is caught before any socket opens,
    // so these rows never send discovery traffic.
    const QString nearby = QStringLiteral("nearby");
    const QString seconds = QStringLiteral("--seconds");
    QTest::newRow("nearby 0 seconds") << QStringList{nearby, seconds, QStringLiteral("0")};
    QTest::newRow("nearby 61 seconds") << QStringList{nearby, seconds, QStringLiteral("61")};
    QTest::newRow("nearby seconds not a number") << QStringList{nearby, seconds, QStringLiteral("3s")};
    QTest::newRow("nearby negative seconds") << QStringList{nearby, seconds, QStringLiteral("-1")};
    QTest::newRow("nearby seconds missing") << QStringList{nearby, seconds};
    QTest::newRow("nearby with an argument") << QStringList{nearby, QStringLiteral("10.0.0.1")};
    QTest::newRow("nearby unknown option") << QStringList{nearby, QStringLiteral("--all")};
    QTest::newRow("serve --name without --announce") << QStringList{QStringLiteral("serve"), QStringLiteral("."),
                                                                    QStringLiteral("--name"), QStringLiteral("desk")};
    QTest::newRow("serve --announce with an empty name")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--announce"),
                           QStringLiteral("--name"), QStringLiteral("\t ")};
    QTest::newRow("serve --announce on loopback only")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--announce"),
                           QStringLiteral("--bind"), QStringLiteral("127.0.0.1")};
    QTest::newRow("serve --allow-host with a space") << QStringList{
            QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--allow-host"), QStringLiteral("my share")};
    QTest::newRow("serve --max-connections past its bound")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--max-connections"),
                           QString::number(ServeLimits::Connections.maximum + 1)};
    QTest::newRow("serve --stall-timeout past its bound")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--stall-timeout"),
                           QString::number(ServeLimits::StallTimeoutSeconds.maximum + 1)};
    QTest::newRow("serve --announce with a bad port")
            << QStringList{QStringLiteral("serve"), QStringLiteral("."), QStringLiteral("--announce"),
                           QStringLiteral("--port"), QStringLiteral("70000")};
}

void TestCli::badUsage()
{
    QFETCH(QStringList, arguments);
    const Run run = ferry(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.startsWith("ferry: "));
    QVERIFY(run.out.isEmpty());
    QCOMPARE(QDir(m_work.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

void TestCli::helpListsNearby()
{
    const Run overview = ferry({QStringLiteral("--help")});
    QCOMPARE(overview.exitCode, 0);
    QVERIFY(overview.out.contains("nearby [--seconds N]"));
    QVERIFY(overview.out.contains("--announce"));
    const Run nearby = ferry({QStringLiteral("nearby"), QStringLiteral("--help")});
    QCOMPARE(nearby.exitCode, 0);
    QVERIFY(nearby.out.contains("--seconds"));
    const Run serve = ferry({QStringLiteral("serve"), QStringLiteral("--help")});
    QCOMPARE(serve.exitCode, 0);
    QVERIFY(serve.out.contains("--announce"));
    QVERIFY(serve.out.contains("--name"));
}

void TestCli::serveStopsCleanlyOnSignal_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGINT") << int(SIGINT);
    QTest::newRow("SIGTERM") << int(SIGTERM);
}

void TestCli::serveStopsCleanlyOnSignal()
{
    QFETCH(int, signalNumber);
    QProcess server;
    server.start(QStringLiteral(FERRY_BINARY),
                 {QStringLiteral("serve"), m_share.path(), QStringLiteral("--port"), QStringLiteral("0"),
                  QStringLiteral("--bind"), QStringLiteral("127.0.0.1")});
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 10000);
    const QByteArray line = server.readLine();
    QVERIFY(line.startsWith("listening on 127.0.0.1:"));
    const quint16 port = line.mid(line.lastIndexOf(':') + 1).trimmed().toUShort();

    // A connection in progress does not keep the server from stopping.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(client.waitForConnected(5000));

    ::kill(pid_t(server.processId()), signalNumber);
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
    QVERIFY2(server.readAllStandardOutput().isEmpty(), "stdout carries only the listening line");
}

// ferry serve --tls: the pin on stderr, links that carry it, and ferry get
// and ferry list trusting exactly that key; the pin survives a restart and
// --new-certificate changes it.
void TestCli::serveTlsLinkCarriesThePin()
{
    QTemporaryDir data; // the kept certificate goes here, not into the real home
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
    struct Started
    {
        quint16 port = 0;
        QString pin;
        QString link;
    };
    const auto serve = [&](QProcess &server, const QStringList &extra) {
        Started started;
        server.setProcessEnvironment(environment);
        server.start(QStringLiteral(FERRY_BINARY),
                     QStringList{QStringLiteral("serve"), m_share.path(), QStringLiteral("--port"), QStringLiteral("0"),
                                 QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--tls")}
                             + extra);
        if (!server.waitForStarted() || !QTest::qWaitFor([&] { return server.canReadLine(); }, 10000))
            return started;
        const QByteArray line = server.readLine();
        started.port = line.mid(line.lastIndexOf(':') + 1).trimmed().toUShort();
        QByteArray err;
        (void)QTest::qWaitFor(
                [&] {
                    err += server.readAllStandardError();
                    return err.contains("open https://");
                },
                10000);
        const QRegularExpressionMatch pin =
                QRegularExpression(QStringLiteral("certificate pin: (sha256//\\S+)")).match(QString::fromUtf8(err));
        const QRegularExpressionMatch link =
                QRegularExpression(QStringLiteral("open (https://127\\.0\\.0\\.1:\\d+/\\S+)"))
                        .match(QString::fromUtf8(err));
        started.pin = pin.captured(1);
        started.link = link.captured(1);
        return started;
    };
    const auto stop = [](QProcess &server) {
        server.terminate();
        server.waitForFinished(10000);
    };

    QProcess server;
    const Started first = serve(server, {});
    QVERIFY(first.port != 0);
    QVERIFY2(first.pin.startsWith(QStringLiteral("sha256//")) && first.pin.size() == 52, qPrintable(first.pin));
    QVERIFY2(first.link.contains(QStringLiteral("pin=sha256//")), qPrintable(first.link));
    QCOMPARE(QUrlQuery(QUrl(first.link)).queryItemValue(QStringLiteral("pin"), QUrl::FullyDecoded), first.pin);

    Run run = ferry({QStringLiteral("list"), first.link});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("hello.txt\t6\n"));
    // The pinned link to one file, as a person would edit it.
    QUrl file(first.link);
    file.setPath(QStringLiteral("/hello.txt"));
    run = ferry({QStringLiteral("get"), file.toString(QUrl::FullyEncoded), QStringLiteral("-o"),
                 m_work.filePath(QStringLiteral("tls-hello.txt"))});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QFile got(m_work.filePath(QStringLiteral("tls-hello.txt")));
    QVERIFY(got.open(QIODevice::ReadOnly));
    QCOMPARE(got.readAll(), QByteArray("hello\n"));
    // Without the pin the self-signed certificate is refused; with another
    // key's pin too, and nothing is left behind.
    run = ferry({QStringLiteral("list"), QStringLiteral("https://127.0.0.1:%1/").arg(first.port)});
    QCOMPARE(run.exitCode, 1);
    const QString otherPin = QStringLiteral("sha256//") + QString::fromLatin1(QByteArray(32, 'p').toBase64());
    QUrl wrong(first.link);
    wrong.setQuery(QStringLiteral("pin=") + QString::fromLatin1(QUrl::toPercentEncoding(otherPin, "/")));
    run = ferry({QStringLiteral("get"), wrong.toString(QUrl::FullyEncoded), QStringLiteral("-d"),
                 m_work.filePath(QStringLiteral("wrong-pin"))});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("does not match the pinned key"), run.err.constData());
    QVERIFY(!QFileInfo::exists(m_work.filePath(QStringLiteral("wrong-pin/index.html"))));
    // A pin in an http:// link would be checked by nothing.
    run = ferry({QStringLiteral("list"), QStringLiteral("http://127.0.0.1:%1/?pin=%2").arg(first.port).arg(first.pin)});
    QCOMPARE(run.exitCode, 2);
    stop(server);

    // A restart keeps the pin; --new-certificate makes another.
    QProcess again;
    QCOMPARE(serve(again, {}).pin, first.pin);
    stop(again);
    QProcess renewed;
    const Started replaced = serve(renewed, {QStringLiteral("--new-certificate")});
    QVERIFY(!replaced.pin.isEmpty());
    QVERIFY(replaced.pin != first.pin);
    run = ferry({QStringLiteral("list"),
                 QString(first.link).replace(QString::number(first.port), QString::number(replaced.port))});
    QCOMPARE(run.exitCode, 1); // the old link's pin no longer matches
    stop(renewed);

    run = ferry({QStringLiteral("serve"), m_share.path(), QStringLiteral("--cert"), QStringLiteral("x.pem")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("--cert only makes sense with --tls"));
}

void TestCli::serveReportsBusyPortAndMissingFolder()
{
    Run run = ferry({QStringLiteral("serve"), m_share.path(), QStringLiteral("--port"), QString::number(m_port),
                     QStringLiteral("--bind"), QStringLiteral("127.0.0.1")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QByteArray::number(m_port)), run.err.constData());
    run = ferry({QStringLiteral("serve"), m_share.filePath(QStringLiteral("nope")), QStringLiteral("--port"),
                 QStringLiteral("0")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.contains("nope"));
}

void TestCli::getSavesBaseNameInCurrentFolder_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("hello.txt");
    QTest::newRow("climbing name") << QStringLiteral("../hello.txt");
    QTest::newRow("backslash climbing name") << QStringLiteral("..\\hello.txt");
    QTest::newRow("leading slash") << QStringLiteral("/hello.txt");
}

void TestCli::getSavesBaseNameInCurrentFolder()
{
    QFETCH(QString, name);
    // A server that answers any name, however it climbs, with a file.
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n");
    QVERIFY(server.listen());
    const QString inner = m_work.filePath(QStringLiteral("inner"));
    QVERIFY(QDir().mkpath(inner));
    const Run run =
            ferry({QStringLiteral("get"), QStringLiteral("127.0.0.1:%1").arg(server.serverPort()), name}, inner);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QDir(inner).entryList(QDir::Files), QStringList{QStringLiteral("hello.txt")});
    QCOMPARE(QDir(m_work.path()).entryList(QDir::Files), QStringList());
}

void TestCli::getIntoFolderAndToFile()
{
    const QString folder = m_work.filePath(QStringLiteral("new/folder"));
    Run run = ferry({QStringLiteral("get"), address(), QStringLiteral("empty.txt"), QStringLiteral("-d"), folder});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/empty.txt")));
    QCOMPARE(QFileInfo(folder + QStringLiteral("/empty.txt")).size(), 0);

    const QString file = m_work.filePath(QStringLiteral("renamed.txt"));
    run = ferry({QStringLiteral("get"), address(), QStringLiteral("hello.txt"), QStringLiteral("-o"), file});
    QCOMPARE(run.exitCode, 0);
    QFile saved(file);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray("hello\n"));
}

void TestCli::getMissingExitsThree()
{
    for (const QString &mode : {QStringLiteral("--stall-timeout=30"), QStringLiteral("--legacy")}) {
        const Run run = ferry({QStringLiteral("get"), address(), QStringLiteral("missing.txt"), mode});
        QCOMPARE(run.exitCode, 3);
        QVERIFY(!run.err.isEmpty());
        QCOMPARE(QDir(m_work.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
    }
}

void TestCli::getRefusedExitsOne()
{
    const quint16 port = closedLoopbackPort();
    QVERIFY(port != 0);
    const Run run =
            ferry({QStringLiteral("get"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("hello.txt")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("refused"), run.err.constData());
    QCOMPARE(QDir(m_work.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
}

void TestCli::getInterruptedKeepsPart()
{
    // A server that promises 1000 bytes, sends 10 and hangs up.
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
    QVERIFY(server.listen());
    const Run run = ferry({QStringLiteral("get"), QStringLiteral("127.0.0.1:%1").arg(server.serverPort()),
                           QStringLiteral("cut.bin"), QStringLiteral("--retries"), QStringLiteral("0")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("cut.bin.part"), run.err.constData());
    QCOMPARE(QDir(m_work.path()).entryList(QDir::Files), QStringList{QStringLiteral("cut.bin.part")});
}

void TestCli::codeProtectedShare_data()
{
    QTest::addColumn<bool>("serveWithCodeFile");
    QTest::newRow("serve --code") << false;
    QTest::newRow("serve --code-file") << true;
}

void TestCli::codeProtectedShare()
{
    QFETCH(bool, serveWithCodeFile);
    QTemporaryDir secrets;
    QFile serverCode(secrets.filePath(QStringLiteral("code")));
    QVERIFY(serverCode.open(QIODevice::WriteOnly));
    serverCode.write("open sesame\n");
    serverCode.close();
    const QStringList codeArguments = serveWithCodeFile
                                              ? QStringList{QStringLiteral("--code-file"), serverCode.fileName()}
                                              : QStringList{QStringLiteral("--code"), QStringLiteral("open sesame")};
    QProcess server;
    server.start(QStringLiteral(FERRY_BINARY),
                 QStringList{QStringLiteral("serve"), m_share.path(), QStringLiteral("--port=0"),
                             QStringLiteral("--bind=127.0.0.1")}
                         + codeArguments);
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 10000);
    const QByteArray line = server.readLine();
    const QString address =
            QStringLiteral("127.0.0.1:") + QString::fromLatin1(line.mid(line.lastIndexOf(':') + 1).trimmed());

    Run run = ferry({QStringLiteral("get"), address, QStringLiteral("hello.txt")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("access code"), run.err.constData());
    QCOMPARE(QDir(m_work.path()).entryList(QDir::Files), QStringList());
    run = ferry({QStringLiteral("list"), address});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("access code"), run.err.constData());
    run = ferry({QStringLiteral("get"), address, QStringLiteral("hello.txt"), QStringLiteral("--legacy")});
    QCOMPARE(run.exitCode, 3); // the legacy dialect is refused the only way it knows

    run = ferry({QStringLiteral("get"), address, QStringLiteral("hello.txt"), QStringLiteral("--code=open sesame")});
    QCOMPARE(run.exitCode, 0);
    QFile saved(m_work.filePath(QStringLiteral("hello.txt")));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray("hello\n"));
    run = ferry({QStringLiteral("list"), address, QStringLiteral("--code=open sesame")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("hello.txt\t6\n"));

    // From a file, out of the process list: its first line, whatever ends it.
    QFile codeFile(m_work.filePath(QStringLiteral("code.txt")));
    QVERIFY(codeFile.open(QIODevice::WriteOnly));
    codeFile.write("open sesame\r\nsecond line\n");
    codeFile.close();
    run = ferry({QStringLiteral("list"), address, QStringLiteral("--code-file"), codeFile.fileName()});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("hello.txt\t6\n"));
    QVERIFY(QFile::remove(m_work.filePath(QStringLiteral("hello.txt"))));
    run = ferry({QStringLiteral("get"), address, QStringLiteral("hello.txt"), QStringLiteral("--code-file"),
                 codeFile.fileName()});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(QFile::exists(m_work.filePath(QStringLiteral("hello.txt"))));
    // From standard input.
    QProcess piped;
    piped.setWorkingDirectory(m_work.path());
    piped.start(QStringLiteral(FERRY_BINARY), {QStringLiteral("list"), address, QStringLiteral("--code-file=-")});
    QVERIFY(piped.waitForStarted());
    piped.write("open sesame\n");
    piped.closeWriteChannel();
    QVERIFY(piped.waitForFinished(30000));
    QCOMPARE(piped.exitCode(), 0);
    QVERIFY(piped.readAllStandardOutput().contains("hello.txt\t6\n"));
    // A wrong code from a file is refused like a wrong --code.
    QVERIFY(codeFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
    codeFile.write("open simsim\n");
    codeFile.close();
    run = ferry({QStringLiteral("list"), address, QStringLiteral("--code-file"), codeFile.fileName()});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("access code"), run.err.constData());

    server.terminate();
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitCode(), 0);
}

void TestCli::maxSizeRefusesLargerFile_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("http (size announced)") << QString();
    QTest::newRow("legacy (size unknown)") << QStringLiteral("--legacy");
}

void TestCli::maxSizeRefusesLargerFile()
{
    QFETCH(QString, mode);
    QStringList arguments{QStringLiteral("get"), address(), QStringLiteral("hello.txt"),
                          QStringLiteral("--max-size=5")};
    if (!mode.isEmpty())
        arguments << mode;
    Run run = ferry(arguments);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("limit"), run.err.constData());
    QVERIFY(!QFile::exists(m_work.filePath(QStringLiteral("hello.txt"))));
    arguments.replace(3, QStringLiteral("--max-size=6"));
    run = ferry(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY(QFile::exists(m_work.filePath(QStringLiteral("hello.txt"))));
}

// `ferry serve` prints the addresses the engine says the share can be
// reached at: the same call the Serve tab lists (tst_servetab checks that).
void TestCli::serveListsTheEngineAddresses()
{
    QProcess server;
    server.start(QStringLiteral(FERRY_BINARY),
                 {QStringLiteral("serve"), m_share.path(), QStringLiteral("--port"), QStringLiteral("0")});
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 10000);
    const QByteArray line = server.readLine();
    QVERIFY(line.startsWith("listening on 0.0.0.0:"));
    const QByteArray port = line.mid(line.lastIndexOf(':') + 1).trimmed();
    // The addresses are printed before the server waits for connections,
    // so before it handles the signal.
    server.terminate();
    QVERIFY(server.waitForFinished(10000));
    const QList<QByteArray> lines = server.readAllStandardError().split('\n');
    QList<QHostAddress> printed;
    const QRegularExpression row(
            QStringLiteral("^  open http://\\S+/ or use (\\S+) port %1$").arg(QString::fromLatin1(port)));
    for (const QByteArray &text : lines) {
        const QRegularExpressionMatch match = row.match(QString::fromUtf8(text));
        if (match.hasMatch())
            printed.append(QHostAddress(match.captured(1)));
    }
    QCOMPARE(printed, RunningShare::reachableAddresses(QHostAddress::Any));
}

// Names come from a peer: a control sequence or a bidirectional override
// in one cannot repaint the terminal or reorder the line, and each entry
// stays one line. (A Ferry share does not even list names with C0
// controls, which it would not serve; a C1 CSI and U+202E it serves.)
void TestCli::listEscapesWhatPeersName()
{
    QVERIFY(QDir(m_share.path()).mkpath(QStringLiteral("hostile")));
    QFile file(m_share.filePath(QStringLiteral("hostile/a\u009b2Jb\u202ec.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x");
    file.close();
    const Run run = ferry({QStringLiteral("list"), address(), QStringLiteral("hostile/")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("a\\x9b2Jb\\u{202e}c.txt\t1\n"));
}

// Each download of a call counts: the exit code is the worst (a failure
// over a missing file over success) and each failure names its URL.
void TestCli::getSeveralUrlsExitsWithTheWorst()
{
    const QString folder = m_work.filePath(QStringLiteral("several"));
    Run run = ferry({QStringLiteral("get"), url(QStringLiteral("hello.txt")), url(QStringLiteral("missing.txt")),
                     url(QStringLiteral("empty.txt")), QStringLiteral("-j"), QStringLiteral("2"), QStringLiteral("-d"),
                     folder});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains(QByteArray(url(QStringLiteral("missing.txt")).toUtf8() + ": File not found.")),
             run.err.constData());
    QCOMPARE(QDir(folder).entryList(QDir::Files),
             (QStringList{QStringLiteral("empty.txt"), QStringLiteral("hello.txt")}));

    const quint16 closed = closedLoopbackPort();
    run = ferry({QStringLiteral("get"), url(QStringLiteral("missing.txt")),
                 QStringLiteral("http://127.0.0.1:%1/x").arg(closed), url(QStringLiteral("large.bin")),
                 QStringLiteral("-d"), folder});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("http://127.0.0.1:%1/x: ").arg(closed).toUtf8()), run.err.constData());
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/large.bin")));
}

void TestCli::getUrlsFromStandardInput()
{
    const QByteArray list = "# today's files\n\n" + url(QStringLiteral("hello.txt")).toUtf8() + "\n  "
                            + url(QStringLiteral("empty.txt")).toUtf8() + "  \n";
    const Run run = ferry({QStringLiteral("get"), QStringLiteral("-i"), QStringLiteral("-")}, {}, list);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QDir(m_work.path()).entryList(QDir::Files),
             (QStringList{QStringLiteral("empty.txt"), QStringLiteral("hello.txt")}));
}

// A URL's file is saved under its last segment, and never over a file
// that is there: the second copy is "name (1).ext", as browsers do.
void TestCli::getUrlNamesAndNumbers()
{
    Run run = ferry({QStringLiteral("get"), url(QStringLiteral("hello.txt")), url(QStringLiteral("hello.txt"))});
    QCOMPARE(run.exitCode, 0);
    run = ferry({QStringLiteral("get"), url(QStringLiteral("hello.txt"))});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(QDir(m_work.path()).entryList(QDir::Files),
             (QStringList{QStringLiteral("hello (1).txt"), QStringLiteral("hello (2).txt"),
                          QStringLiteral("hello.txt")}));
    QVERIFY2(run.err.contains("hello (2).txt"), run.err.constData());
}

void TestCli::getHttpsChecksTheCertificate()
{
    TestCertificates pki;
    QVERIFY(pki.isValid());
    TlsFrontend https(pki.certificate(TestCertificates::Kind::Trusted), pki.key(TestCertificates::Kind::Trusted),
                      m_port);
    QVERIFY(https.listen());
    const QString link = QStringLiteral("https://127.0.0.1:%1/hello.txt").arg(https.port());

    Run run = ferry({QStringLiteral("get"), link});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("unknown authority"), run.err.constData());
    QVERIFY2(run.err.contains("--pin sha256//"), run.err.constData());
    QCOMPARE(QDir(m_work.path()).entryList(QDir::Files | QDir::Hidden), QStringList());

    run = ferry({QStringLiteral("get"), link, QStringLiteral("--cacert"), pki.caPath()});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(QFileInfo::exists(m_work.filePath(QStringLiteral("hello.txt"))));

    run = ferry({QStringLiteral("get"), link, QStringLiteral("-k"), QStringLiteral("-o"), QStringLiteral("k.txt")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains("not checked"), run.err.constData());

    const QString pin = TlsPolicy::pinOf(pki.certificate(TestCertificates::Kind::Trusted));
    run = ferry(
            {QStringLiteral("get"), link, QStringLiteral("--pin"), pin, QStringLiteral("-o"), QStringLiteral("p.txt")});
    QCOMPARE(run.exitCode, 0);
    run = ferry({QStringLiteral("get"), link, QStringLiteral("--cacert"), pki.caPath(), QStringLiteral("--pin"),
                 QStringLiteral("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), QStringLiteral("-o"),
                 QStringLiteral("w.txt")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(!QFileInfo::exists(m_work.filePath(QStringLiteral("w.txt"))));
}

// Never faster than the limit, for all the call's downloads together (a
// lower bound: a slow machine cannot make it fail).
void TestCli::limitRateHoldsTheCallBack()
{
    QElapsedTimer timer;
    timer.start();
    const Run run = ferry({QStringLiteral("get"), url(QStringLiteral("large.bin")), url(QStringLiteral("large.bin")),
                           QStringLiteral("--limit-rate"), QStringLiteral("512K")});
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(run.exitCode, 0);
    // 1.5 MiB at 512 KiB/s: 3 s at least (less 10% and one bucket).
    QVERIFY2(elapsed >= 2600, qPrintable(QString::number(elapsed)));
}

// `ferry list URL`: a Ferry share over HTTP, and behind a TLS front with
// the certificate checks and words of `ferry get URL`.
void TestCli::listByUrl_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QStringList>("options"); // "CA" and "PIN" stand for the test PKI's
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("said"); // in stderr

    QTest::newRow("http") << u"http"_s << QStringList() << u"/"_s << 0 << QByteArray();
    QTest::newRow("http without a path") << u"http"_s << QStringList() << QString() << 0 << QByteArray();
    QTest::newRow("http missing folder") << u"http"_s << QStringList() << u"/nope/"_s << 3 << QByteArray("/nope/");
    QTest::newRow("https --cacert") << u"https"_s << QStringList{u"--cacert"_s, u"CA"_s} << u"/"_s << 0 << QByteArray();
    QTest::newRow("https --pin") << u"https"_s << QStringList{u"--pin"_s, u"PIN"_s} << u"/"_s << 0 << QByteArray();
    QTest::newRow("https -k") << u"https"_s << QStringList{u"-k"_s} << u"/"_s << 0 << QByteArray("not checked");
    QTest::newRow("https, the certificate unchecked")
            << u"https"_s << QStringList() << u"/"_s << 1 << QByteArray("unknown authority");
    QTest::newRow("https --cacert and a wrong pin")
            << u"https"_s
            << QStringList{u"--cacert"_s, u"CA"_s, u"--pin"_s,
                           u"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="_s}
            << u"/"_s << 1 << QByteArray("pinned");
    QTest::newRow("https --cacert, missing folder")
            << u"https"_s << QStringList{u"--cacert"_s, u"CA"_s} << u"/nope/"_s << 3 << QByteArray("/nope/");
}

void TestCli::listByUrl()
{
    QFETCH(QString, scheme);
    QFETCH(QStringList, options);
    QFETCH(QString, path);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, said);
    TestCertificates pki;
    QVERIFY(pki.isValid());
    TlsFrontend https(pki.certificate(TestCertificates::Kind::Trusted), pki.key(TestCertificates::Kind::Trusted),
                      m_port);
    QVERIFY(https.listen());
    options.replaceInStrings(QRegularExpression(u"^CA$"_s), pki.caPath());
    options.replaceInStrings(QRegularExpression(u"^PIN$"_s),
                             TlsPolicy::pinOf(pki.certificate(TestCertificates::Kind::Trusted)));
    const quint16 port = scheme == u"https"_s ? https.port() : m_port;
    const Run run = ferry(QStringList{u"list"_s, u"%1://127.0.0.1:%2%3"_s.arg(scheme).arg(port).arg(path)} + options);
    QVERIFY2(run.exitCode == exitCode, run.err.constData());
    QVERIFY2(run.err.contains(said), run.err.constData());
    if (exitCode == 0) {
        QVERIFY2(run.out.contains("hello.txt\t6\n") && run.out.contains("empty.txt\t0\n"), run.out.constData());
    } else {
        QVERIFY(run.out.isEmpty());
    }
    // A refused certificate is told as `ferry get` tells it: its details and
    // the options that would trust it.
    if (said == "unknown authority")
        QVERIFY2(run.err.contains(QByteArray(
                         "--pin " + TlsPolicy::pinOf(pki.certificate(TestCertificates::Kind::Trusted)).toLatin1())),
                 run.err.constData());
}

// `ferry get -r URL`: a small tree, over HTTP and behind a TLS front, byte
// for byte; a certificate it does not trust leaves nothing.
void TestCli::getRecursiveByUrl_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<bool>("trusted"); // https: --cacert given
    QTest::addColumn<QString>("path");
    QTest::newRow("http") << u"http"_s << true << u"/tree/"_s;
    QTest::newRow("http without the folder's slash") << u"http"_s << true << u"/tree"_s;
    QTest::newRow("https --cacert") << u"https"_s << true << u"/tree/"_s;
    QTest::newRow("https, the certificate unchecked") << u"https"_s << false << u"/tree/"_s;
}

void TestCli::getRecursiveByUrl()
{
    QFETCH(QString, scheme);
    QFETCH(bool, trusted);
    QFETCH(QString, path);
    const QMap<QString, QByteArray> tree{{u"a.txt"_s, "a\n"},
                                         {u"sub/b.bin"_s, QByteArray(300 * 1024, 'b') + "end"},
                                         {u"sub/deeper/c d.txt"_s, "c\n"},
                                         {u"sub/empty"_s, QByteArray()}};
    for (auto it = tree.cbegin(); it != tree.cend(); ++it) {
        const QString file = m_share.filePath(u"tree/"_s + it.key());
        QVERIFY(QDir().mkpath(QFileInfo(file).absolutePath()));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(it.value());
    }
    TestCertificates pki;
    QVERIFY(pki.isValid());
    TlsFrontend https(pki.certificate(TestCertificates::Kind::Trusted), pki.key(TestCertificates::Kind::Trusted),
                      m_port);
    QVERIFY(https.listen());
    const quint16 port = scheme == u"https"_s ? https.port() : m_port;
    QStringList arguments{u"get"_s,
                          u"-r"_s,
                          u"%1://127.0.0.1:%2%3"_s.arg(scheme).arg(port).arg(path),
                          u"-d"_s,
                          m_work.filePath(u"into"_s),
                          u"-j"_s,
                          u"2"_s};
    if (scheme == u"https"_s && trusted)
        arguments << u"--cacert"_s << pki.caPath();
    const Run run = ferry(arguments);

    if (!trusted) {
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("unknown authority"), run.err.constData());
        QVERIFY2(run.err.contains("--pin sha256//"), run.err.constData());
        QCOMPARE(QDir(m_work.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
        return;
    }
    QVERIFY2(run.exitCode == 0, run.err.constData());
    for (auto it = tree.cbegin(); it != tree.cend(); ++it) {
        QFile saved(m_work.filePath(u"into/tree/"_s + it.key()));
        QVERIFY2(saved.open(QIODevice::ReadOnly), qPrintable(saved.fileName()));
        QVERIFY2(saved.readAll() == it.value(), qPrintable(it.key()));
    }
    QCOMPARE(QDir(m_work.filePath(u"into"_s)).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{u"tree"_s});
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
