// A download never takes more than it should: the size limit (--max-size),
// a server that sends more than it announced or never stops, and a disk
// that fills up. Each ends with a clear message, the .part kept, nothing
// presented as complete and nothing that was there before lost.
#include "client/downloadjob.h"
#include "loopbackshare.h"
#include "scriptedserver.h"
#include "server/shareserver.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

// Answers any request with `head` and then `body`, repeated `repeat` times
// or, with repeat < 0, until the client goes away.
ScriptedServer::Reply streaming(const QByteArray &head, const QByteArray &body, int repeat)
{
    ScriptedServer::Reply reply = ScriptedServer::Reply::of(head);
    reply.repeated = body;
    reply.repeat = repeat;
    return reply;
}

} // namespace

class TestDownloadLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void maxSizeRefusesAnnouncedLargerFile();
    void maxSizeStopsEndlessStream_data();
    void maxSizeStopsEndlessStream();
    void extraBytesBeyondContentLengthAreIgnored();
    void fullDisk_data();
    void fullDisk();
    void legacyResetIsNotAFinishedFile_data();
    void legacyResetIsNotAFinishedFile();

private:
    struct Result
    {
        DownloadJob::Outcome outcome = DownloadJob::Outcome::Failed;
        QString message;
    };
    Result run(const DownloadJob::Request &request);
    DownloadJob::Request requestFor(quint16 port, const QString &name, const QString &folder) const;

    QTemporaryDir m_share;
    QTemporaryDir m_downloads;
    ShareServer m_server;
    QByteArray m_threeMiB;
};

void TestDownloadLimits::initTestCase()
{
    QVERIFY(m_share.isValid() && m_downloads.isValid());
    m_threeMiB = randomBytes(3 * 1024 * 1024);
    QFile file(m_share.filePath(QStringLiteral("big.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(m_threeMiB), m_threeMiB.size());
    file.close();
    ShareServer::Options options = loopbackShare(m_share.path());
    QVERIFY(m_server.start(options));
}

void TestDownloadLimits::init()
{
    QDir downloads(m_downloads.path());
    for (const QString &entry : downloads.entryList(QDir::Files))
        downloads.remove(entry);
}

DownloadJob::Request TestDownloadLimits::requestFor(quint16 port, const QString &name, const QString &folder) const
{
    DownloadJob::Request request;
    request.host = QStringLiteral("127.0.0.1");
    request.port = port;
    request.name = name;
    request.destination = QDir(folder).filePath(name);
    request.retries = 0;
    request.stallTimeoutMs = 10000;
    return request;
}

TestDownloadLimits::Result TestDownloadLimits::run(const DownloadJob::Request &request)
{
    DownloadJob job(request);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    Result result;
    if (!finished.wait(30000))
        return result;
    result.outcome = finished.first().at(0).value<DownloadJob::Outcome>();
    result.message = finished.first().at(1).toString();
    return result;
}

void TestDownloadLimits::maxSizeRefusesAnnouncedLargerFile()
{
    DownloadJob::Request request = requestFor(m_server.serverPort(), QStringLiteral("big.bin"), m_downloads.path());
    request.maxBytes = 1024 * 1024;
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(QStringLiteral("more than the limit")), qPrintable(result.message));
    QVERIFY(!QFileInfo::exists(request.destination));
    // Refused from the announced size: not a byte was written.
    QCOMPARE(QFileInfo(request.destination + QStringLiteral(".part")).size(), 0);

    request.maxBytes = m_threeMiB.size();
    QCOMPARE(run(request).outcome, DownloadJob::Outcome::Done);
}

void TestDownloadLimits::maxSizeStopsEndlessStream_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("protocol");
    // A legacy server cannot announce a size; this one never stops.
    QTest::newRow("legacy, endless") << QByteArray() << int(DownloadJob::Protocol::Legacy);
    // Nor can an HTTP server that closes to end its body.
    QTest::newRow("http without length, endless")
            << QByteArray("HTTP/1.0 200 OK\r\n\r\n") << int(DownloadJob::Protocol::Http);
}

void TestDownloadLimits::maxSizeStopsEndlessStream()
{
    QFETCH(QByteArray, head);
    QFETCH(int, protocol);
    ScriptedServer server(streaming(head, QByteArray(64 * 1024, 'x'), -1));
    QVERIFY(server.listen());
    DownloadJob::Request request = requestFor(server.serverPort(), QStringLiteral("endless.bin"), m_downloads.path());
    request.protocol = DownloadJob::Protocol(protocol);
    request.maxBytes = 2 * 1024 * 1024;
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(QStringLiteral("limit")), qPrintable(result.message));
    QVERIFY(!QFileInfo::exists(request.destination));
    QVERIFY(QFileInfo(request.destination + QStringLiteral(".part")).size() <= request.maxBytes);
}

void TestDownloadLimits::extraBytesBeyondContentLengthAreIgnored()
{
    ScriptedServer server(
            streaming("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n", "0123456789abcdef", 1));
    QVERIFY(server.listen());
    const DownloadJob::Request request = requestFor(server.serverPort(), QStringLiteral("ten.bin"), m_downloads.path());
    QCOMPARE(run(request).outcome, DownloadJob::Outcome::Done);
    QFile saved(request.destination);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray("0123456789"));
}

void TestDownloadLimits::fullDisk_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QString>("message");
    // The size is announced: refused before a byte is written.
    QTest::newRow("http") << int(DownloadJob::Protocol::Http) << QStringLiteral("Not enough disk space");
    // The size is not known: the disk fills up on the way.
    QTest::newRow("legacy") << int(DownloadJob::Protocol::Legacy) << QStringLiteral("No space left");
}

void TestDownloadLimits::fullDisk()
{
    QFETCH(int, protocol);
    QFETCH(QString, message);
    // A real full disk: a 1 MiB tmpfs of the test's own (needs root).
    QTemporaryDir mountPoint;
    if (::geteuid() != 0)
        QSKIP("needs root to mount a small tmpfs (CI runs as root)");
    const int mounted = QProcess::execute(QStringLiteral("mount"),
                                          {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                           QStringLiteral("size=1m"), QStringLiteral("ferry-test"), mountPoint.path()});
    if (mounted != 0)
        QSKIP("cannot mount a tmpfs here (no CAP_SYS_ADMIN)");
    auto unmount = qScopeGuard([&] { QProcess::execute(QStringLiteral("umount"), {mountPoint.path()}); });

    // What was there before must survive the failure.
    const QByteArray before = randomBytes(100 * 1024);
    QFile existing(mountPoint.filePath(QStringLiteral("big.bin")));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    QCOMPARE(existing.write(before), before.size());
    existing.close();

    DownloadJob::Request request = requestFor(m_server.serverPort(), QStringLiteral("big.bin"), mountPoint.path());
    request.protocol = DownloadJob::Protocol(protocol);
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(message), qPrintable(result.message));
    QVERIFY(existing.open(QIODevice::ReadOnly));
    QCOMPARE(existing.readAll(), before);
    existing.close();
    // The .part holds a prefix of the file, for a resume once there is room.
    QFile part(request.destination + QStringLiteral(".part"));
    if (part.open(QIODevice::ReadOnly))
        QVERIFY(m_threeMiB.startsWith(part.readAll()));
}

void TestDownloadLimits::legacyResetIsNotAFinishedFile_data()
{
    QTest::addColumn<int>("method");
    QTest::newRow("splice") << int(BodyReceiver::Method::Splice);
    QTest::newRow("read/write") << int(BodyReceiver::Method::ReadWrite);
}

void TestDownloadLimits::legacyResetIsNotAFinishedFile()
{
    QFETCH(int, method);
    // A legacy server that fails mid-file resets the connection (as Ferry's
    // does when a file shrinks): an orderly close would mean "done".
    ScriptedServer server(QByteArray(100000, 'x'), ScriptedServer::Ending::Reset);
    QVERIFY(server.listen());
    DownloadJob::Request request = requestFor(server.serverPort(), QStringLiteral("reset.bin"), m_downloads.path());
    request.protocol = DownloadJob::Protocol::Legacy;
    request.bodyMethod = BodyReceiver::Method(method);
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY(!QFileInfo::exists(request.destination));
    QCOMPARE(QFileInfo(request.destination + QStringLiteral(".part")).size(), 100000);
}

QTEST_GUILESS_MAIN(TestDownloadLimits)
#include "tst_downloadlimits.moc"
