#include "client/downloadjob.h"
#include "client/httpgetrequest.h"
#include "client/partfile.h"
#include "loopbackshare.h"
#include "scriptedserver.h"
#include "server/httpresponder.h"
#include "server/shareserver.h"
#include "share/shareroot.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace std::chrono_literals;

namespace {

// Behaves like the tutorial server: one read of the name (GBK), the whole
// file in reply, then close; a missing name closes with zero bytes.
ScriptedServer::Script tutorialServer(const QMap<QString, QByteArray> &files = {})
{
    return [files](const QByteArray &request) {
        QStringDecoder gbk("GBK");
        return std::optional(ScriptedServer::Reply::of(files.value(gbk.decode(request))));
    };
}

} // namespace

class TestDownloadJob : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();

    void downloadsFromFerry_data();
    void downloadsFromFerry();
    void missingFileLeavesNothing_data();
    void missingFileLeavesNothing();
    void fallsBackToTutorialServer();
    void tutorialServerMissingFile();
    void unencodableNameNeverReachesTutorialServer();
    void utf8NamesOnRequest();
    void connectionRefused();
    void truncatedBodyKeepsPart();
    void stalledServerTimesOut();
    void successReplacesExistingFile();
    void worksOnAWorkerThread();
    void progressIsRateLimited();
    void resumesSameVersionFetchingOnlyTheRest_data();
    void resumesSameVersionFetchingOnlyTheRest();
    void changedFileIsFetchedWhole_data();
    void changedFileIsFetchedWhole();
    void lostConnectionIsRetriedWithResume();
    void retriesGiveUp();
    void verifiesDigestWhenAsked();
    void digestMismatchIsNotSaved();
    void bodyInPiecesAfterTheHead_data();
    void bodyInPiecesAfterTheHead();

private:
    struct Result
    {
        DownloadJob::Outcome outcome = DownloadJob::Outcome::Failed;
        QString message;
        Dialect dialect = Dialect::Undecided;
        int progressSignals = 0;
    };
    Result run(DownloadJob::Request request);
    DownloadJob::Request requestFor(quint16 port, const QString &name, const QString &localName = {});
    QString destination(const QString &name) const { return m_downloads.filePath(name); }

    QTemporaryDir m_share;
    QTemporaryDir m_downloads;
    ShareServer m_server;
    QByteArray m_bigFile;
};

// Every test runs with each way of moving the body into the file.
void TestDownloadJob::initTestCase_data()
{
    QTest::addColumn<BodyReceiver::Method>("bodyMethod");
    QTest::newRow("splice") << BodyReceiver::Method::Splice;
    QTest::newRow("read-write") << BodyReceiver::Method::ReadWrite;
}

void TestDownloadJob::initTestCase()
{
    QVERIFY(m_share.isValid() && m_downloads.isValid());
    m_bigFile = QByteArray(3 * 1024 * 1024 + 17, 'x');
    for (qsizetype i = 0; i < m_bigFile.size(); i += 4099)
        m_bigFile[i] = char(i & 0x7F);
    const QList<QPair<QString, QByteArray>> files = {
            {QStringLiteral("a.txt"), "hello\n"},
            {QStringLiteral("empty.txt"), {}},
            {QStringLiteral("big.bin"), m_bigFile},
            {QString::fromUtf8("报告.bin"), "report\n"},
    };
    for (const auto &[name, content] : files) {
        QFile file(m_share.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    QFile large(m_share.filePath(QStringLiteral("large.bin")));
    QVERIFY(large.open(QIODevice::WriteOnly));
    QVERIFY(large.resize(128LL * 1024 * 1024));

    ShareServer::Options options = loopbackShare(m_share.path());
    QVERIFY(m_server.start(options));
}

void TestDownloadJob::init()
{
    QDir downloads(m_downloads.path());
    for (const QString &entry : downloads.entryList(QDir::Files))
        downloads.remove(entry);
}

DownloadJob::Request TestDownloadJob::requestFor(quint16 port, const QString &name, const QString &localName)
{
    DownloadJob::Request request;
    request.host = QStringLiteral("127.0.0.1");
    request.port = port;
    request.name = name;
    request.destination = destination(localName.isEmpty() ? name : localName);
    request.retries = 0;
    QFETCH_GLOBAL(BodyReceiver::Method, bodyMethod);
    request.bodyMethod = bodyMethod;
    return request;
}

TestDownloadJob::Result TestDownloadJob::run(DownloadJob::Request request)
{
    Result result;
    DownloadJob job(request);
    bool finished = false;
    connect(&job, &DownloadJob::dialectChosen, this, [&](Dialect d) { result.dialect = d; });
    connect(&job, &DownloadJob::progress, this, [&] { ++result.progressSignals; });
    connect(&job, &DownloadJob::finished, this, [&](DownloadJob::Outcome outcome, const QString &message) {
        result.outcome = outcome;
        result.message = message;
        finished = true;
    });
    job.start();
    if (!QTest::qWaitFor([&] { return finished; }, 20000))
        qWarning("download did not finish");
    return result;
}

void TestDownloadJob::downloadsFromFerry_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("protocol");
    QTest::addColumn<Dialect>("dialect");
    QTest::newRow("auto, small") << QStringLiteral("a.txt") << int(DownloadJob::Protocol::Auto) << Dialect::Http;
    QTest::newRow("auto, empty") << QStringLiteral("empty.txt") << int(DownloadJob::Protocol::Auto) << Dialect::Http;
    QTest::newRow("auto, 3 MiB") << QStringLiteral("big.bin") << int(DownloadJob::Protocol::Auto) << Dialect::Http;
    QTest::newRow("auto, chinese") << QString::fromUtf8("报告.bin") << int(DownloadJob::Protocol::Auto)
                                   << Dialect::Http;
    QTest::newRow("legacy, 3 MiB") << QStringLiteral("big.bin") << int(DownloadJob::Protocol::Legacy)
                                   << Dialect::Legacy;
    QTest::newRow("legacy, chinese") << QString::fromUtf8("报告.bin") << int(DownloadJob::Protocol::Legacy)
                                     << Dialect::Legacy;
}

void TestDownloadJob::downloadsFromFerry()
{
    QFETCH(QString, name);
    QFETCH(int, protocol);
    QFETCH(Dialect, dialect);
    DownloadJob::Request request = requestFor(m_server.serverPort(), name);
    request.protocol = DownloadJob::Protocol(protocol);
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(result.dialect, dialect);
    QFile got(destination(name));
    QVERIFY(got.open(QIODevice::ReadOnly));
    QFile original(m_share.filePath(name));
    QVERIFY(original.open(QIODevice::ReadOnly));
    QVERIFY(got.readAll() == original.readAll());
    QVERIFY(!QFileInfo::exists(destination(name) + QStringLiteral(".part")));
}

void TestDownloadJob::missingFileLeavesNothing_data()
{
    QTest::addColumn<int>("protocol");
    QTest::newRow("http") << int(DownloadJob::Protocol::Auto);
    QTest::newRow("legacy") << int(DownloadJob::Protocol::Legacy);
}

void TestDownloadJob::missingFileLeavesNothing()
{
    QFETCH(int, protocol);
    DownloadJob::Request request = requestFor(m_server.serverPort(), QStringLiteral("missing.txt"));
    request.protocol = DownloadJob::Protocol(protocol);
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::NotFound);
    QCOMPARE(QDir(m_downloads.path()).entryList(QDir::Files), QStringList());
}

void TestDownloadJob::fallsBackToTutorialServer()
{
    const QString name = QString::fromUtf8("报告.bin");
    ScriptedServer tutorial(tutorialServer({{name, m_bigFile}}));
    QVERIFY(tutorial.listen());
    const Result result = run(requestFor(tutorial.serverPort(), name));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QCOMPARE(result.dialect, Dialect::Legacy);
    QFile got(destination(name));
    QVERIFY(got.open(QIODevice::ReadOnly));
    QVERIFY(got.readAll() == m_bigFile);

    // The probe is ASCII and fits in the tutorial server's one recv(4096);
    // the retry sends the name in GBK.
    QCOMPARE(tutorial.requests().size(), 2);
    const QByteArray probe = tutorial.requests().at(0);
    QVERIFY(probe.startsWith("GET /"));
    QVERIFY(probe.size() < 4096);
    QVERIFY(std::all_of(probe.cbegin(), probe.cend(), [](char c) { return uchar(c) < 0x80; }));
    QCOMPARE(tutorial.requests().at(1), QStringEncoder("GBK").encode(name));
}

void TestDownloadJob::tutorialServerMissingFile()
{
    ScriptedServer tutorial(tutorialServer());
    QVERIFY(tutorial.listen());
    const Result result = run(requestFor(tutorial.serverPort(), QStringLiteral("missing.txt")));
    QCOMPARE(result.outcome, DownloadJob::Outcome::NotFound);
    QCOMPARE(QDir(m_downloads.path()).entryList(QDir::Files), QStringList());
}

void TestDownloadJob::unencodableNameNeverReachesTutorialServer()
{
    ScriptedServer tutorial(tutorialServer());
    QVERIFY(tutorial.listen());
    const QString name = QString::fromUtf8("smile \xF0\x9F\x98\x80.txt");
    const Result result = run(requestFor(tutorial.serverPort(), name, QStringLiteral("smile.txt")));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(QStringLiteral("GBK")), qPrintable(result.message));
    for (const QByteArray &request : tutorial.requests())
        QVERIFY(std::all_of(request.cbegin(), request.cend(), [](char c) { return uchar(c) < 0x80; }));
}

void TestDownloadJob::utf8NamesOnRequest()
{
    ScriptedServer tutorial(tutorialServer());
    QVERIFY(tutorial.listen());
    DownloadJob::Request request = requestFor(tutorial.serverPort(), QString::fromUtf8("报告.bin"));
    request.protocol = DownloadJob::Protocol::Legacy;
    request.legacyEncoding = LegacyName::Encoding::Utf8;
    run(request);
    QCOMPARE(tutorial.requests().size(), 1);
    QCOMPARE(tutorial.requests().first(), QString::fromUtf8("报告.bin").toUtf8());
}

void TestDownloadJob::connectionRefused()
{
    const quint16 port = closedLoopbackPort();
    QVERIFY(port != 0);
    const Result result = run(requestFor(port, QStringLiteral("a.txt")));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(QStringLiteral("refused")), qPrintable(result.message));
    QVERIFY(!QFileInfo::exists(destination(QStringLiteral("a.txt"))));
}

void TestDownloadJob::truncatedBodyKeepsPart()
{
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
    QVERIFY(server.listen());
    const Result result = run(requestFor(server.serverPort(), QStringLiteral("t.bin")));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(QStringLiteral("10 of 1000")), qPrintable(result.message));
    QVERIFY(!QFileInfo::exists(destination(QStringLiteral("t.bin"))));
    QCOMPARE(QFileInfo(destination(QStringLiteral("t.bin.part"))).size(), 10);
}

void TestDownloadJob::stalledServerTimesOut()
{
    ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n01234", ScriptedServer::Ending::StayOpen);
    QVERIFY(server.listen());
    DownloadJob::Request request = requestFor(server.serverPort(), QStringLiteral("s.bin"));
    request.stallTimeoutMs = 300;
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(QStringLiteral("Timed out")), qPrintable(result.message));
    QCOMPARE(QFileInfo(destination(QStringLiteral("s.bin.part"))).size(), 5);
    QVERIFY(!QFileInfo::exists(destination(QStringLiteral("s.bin"))));
}

void TestDownloadJob::successReplacesExistingFile()
{
    const QString target = destination(QStringLiteral("a.txt"));
    QFile old(target);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("old content");
    old.close();

    QCOMPARE(run(requestFor(m_server.serverPort(), QStringLiteral("nothing-here"), QStringLiteral("a.txt"))).outcome,
             DownloadJob::Outcome::NotFound);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("old content"));
    old.close();

    QCOMPARE(run(requestFor(m_server.serverPort(), QStringLiteral("a.txt"))).outcome, DownloadJob::Outcome::Done);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("hello\n"));
}

void TestDownloadJob::worksOnAWorkerThread()
{
    // e.g. "Timers cannot be started from another thread": a member left behind
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
    QThread thread;
    thread.start();
    auto *job = new DownloadJob(requestFor(m_server.serverPort(), QStringLiteral("big.bin")));
    job->moveToThread(&thread);
    connect(&thread, &QThread::finished, job, &QObject::deleteLater);
    QSignalSpy finished(job, &DownloadJob::finished);
    QMetaObject::invokeMethod(job, &DownloadJob::start, Qt::QueuedConnection);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).value<DownloadJob::Outcome>(), DownloadJob::Outcome::Done);
    thread.quit();
    QVERIFY(thread.wait(5000));
    QCOMPARE(QFileInfo(destination(QStringLiteral("big.bin"))).size(), m_bigFile.size());
}

void TestDownloadJob::progressIsRateLimited()
{
    QElapsedTimer clock;
    clock.start();
    const Result result = run(requestFor(m_server.serverPort(), QStringLiteral("large.bin")));
    const qint64 elapsedMs = clock.elapsed();
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QVERIFY(result.progressSignals >= 1);
    // About ten a second, plus the first and the last.
    QVERIFY2(result.progressSignals <= elapsedMs / 100 + 3,
             qPrintable(QStringLiteral("%1 signals in %2 ms").arg(result.progressSignals).arg(elapsedMs)));
}

void TestDownloadJob::resumesSameVersionFetchingOnlyTheRest_data()
{
    QTest::addColumn<bool>("sameServer");
    QTest::newRow("same server") << true;
    // Same name, same validator, another server: its tail must never be
    // appended to the first one's prefix.
    QTest::newRow("another server's bytes") << false;
}

void TestDownloadJob::resumesSameVersionFetchingOnlyTheRest()
{
    QFETCH(bool, sameServer);
    // A .part holding the first MiB, recorded as belonging to the version
    // the server has now.
    const ShareRoot root(m_share.path());
    const ShareRoot::OpenedFile served = root.open(QStringLiteral("big.bin"));
    QVERIFY(served.status == ShareRoot::Status::Ok);
    const qint64 have = 1024 * 1024;
    PartFile part(destination(QStringLiteral("big.bin")));
    QVERIFY(part.openFresh());
    QVERIFY(part.write(m_bigFile.constData(), have));
    const ShareRoot::FileStatus &status = served.fileStatus;
    const quint16 recordedPort = sameServer ? m_server.serverPort() : closedLoopbackPort();
    const QByteArray origin = HttpGetRequest{QStringLiteral("127.0.0.1"), recordedPort, {}, false, {}, {}}.origin();
    QVERIFY(part.storeVersion(
            {HttpResponder::entityTag(status.size, status.modifiedNs, status.inode), status.size, origin}));
    part.close();

    QSignalSpy sent(&m_server, &ShareServer::transferUpdated);
    DownloadJob job(requestFor(m_server.serverPort(), QStringLiteral("big.bin")));
    QSignalSpy resumed(&job, &DownloadJob::resumed);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).value<DownloadJob::Outcome>(), DownloadJob::Outcome::Done);
    QCOMPARE(resumed.size(), sameServer ? 1 : 0);
    if (sameServer)
        QCOMPARE(resumed.first().at(0).toLongLong(), have);

    QFile got(destination(QStringLiteral("big.bin")));
    QVERIFY(got.open(QIODevice::ReadOnly));
    QVERIFY(got.readAll() == m_bigFile);
    QVERIFY(!QFileInfo::exists(part.path()));
    // Only the remainder crossed the network.
    // (Updates arrive in batches: wait for this download's own.)
    QTRY_VERIFY(!sent.isEmpty() && sent.last().at(0).value<TransferInfo>().isFinished()
                && sent.last().at(0).value<TransferInfo>().name == QStringLiteral("/big.bin"));
    QCOMPARE(sent.last().at(0).value<TransferInfo>().sent, sameServer ? m_bigFile.size() - have : m_bigFile.size());
}

void TestDownloadJob::changedFileIsFetchedWhole_data()
{
    QTest::addColumn<QByteArray>("validator");
    QTest::newRow("other entity tag") << QByteArray("\"0-0-0\"");
    QTest::newRow("other date") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT");
    QTest::newRow("no version recorded") << QByteArray();
}

void TestDownloadJob::changedFileIsFetchedWhole()
{
    QFETCH(QByteArray, validator);
    // Bytes of another version: appending to them would splice two files.
    PartFile part(destination(QStringLiteral("big.bin")));
    QVERIFY(part.openFresh());
    const QByteArray stale(500000, '#');
    QVERIFY(part.write(stale.constData(), stale.size()));
    if (!validator.isEmpty())
        QVERIFY(part.storeVersion({validator, m_bigFile.size()}));
    part.close();

    DownloadJob job(requestFor(m_server.serverPort(), QStringLiteral("big.bin")));
    QSignalSpy resumed(&job, &DownloadJob::resumed);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).value<DownloadJob::Outcome>(), DownloadJob::Outcome::Done);
    QCOMPARE(resumed.size(), 0);
    QFile got(destination(QStringLiteral("big.bin")));
    QVERIFY(got.open(QIODevice::ReadOnly));
    QVERIFY(got.readAll() == m_bigFile);
}

void TestDownloadJob::lostConnectionIsRetriedWithResume()
{
    ScriptedServer server(QList<QByteArray>{
            "HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nContent-Length: 20\r\n\r\n0123456789",
            "HTTP/1.1 206 Partial Content\r\nETag: \"v1\"\r\nContent-Range: bytes 10-19/20\r\nContent-Length: 10\r\n\r\nabcdefghij",
    });
    QVERIFY(server.listen());
    DownloadJob::Request request = requestFor(server.serverPort(), QStringLiteral("r.bin"));
    request.retries = 2;
    request.firstRetryDelayMs = 10;
    DownloadJob job(request);
    QSignalSpy retrying(&job, &DownloadJob::retrying);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).value<DownloadJob::Outcome>(), DownloadJob::Outcome::Done);
    QCOMPARE(retrying.size(), 1);
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(server.requests().at(1).contains("\r\nRange: bytes=10-\r\n"));
    QVERIFY(server.requests().at(1).contains("\r\nIf-Range: \"v1\"\r\n"));
    QFile got(destination(QStringLiteral("r.bin")));
    QVERIFY(got.open(QIODevice::ReadOnly));
    QCOMPARE(got.readAll(), QByteArray("0123456789abcdefghij"));
}

void TestDownloadJob::retriesGiveUp()
{
    const QByteArray cut = "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234";
    ScriptedServer server(QList<QByteArray>{cut, cut, cut});
    QVERIFY(server.listen());
    DownloadJob::Request request = requestFor(server.serverPort(), QStringLiteral("g.bin"));
    request.retries = 2;
    request.firstRetryDelayMs = 10;
    DownloadJob job(request);
    QSignalSpy retrying(&job, &DownloadJob::retrying);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).value<DownloadJob::Outcome>(), DownloadJob::Outcome::Failed);
    QCOMPARE(retrying.size(), 2);
    QCOMPARE(server.requests().size(), 3);
    QVERIFY(!QFileInfo::exists(destination(QStringLiteral("g.bin"))));
    QCOMPARE(QFileInfo(destination(QStringLiteral("g.bin.part"))).size(), 5);
}

void TestDownloadJob::verifiesDigestWhenAsked()
{
    DownloadJob::Request request = requestFor(m_server.serverPort(), QStringLiteral("big.bin"));
    request.askForDigest = true;
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Done);
    QVERIFY2(result.message.contains(QStringLiteral("SHA-256 verified")), qPrintable(result.message));
}

void TestDownloadJob::digestMismatchIsNotSaved()
{
    const QByteArray body = "0123456789";
    const QByteArray wrong = QCryptographicHash::hash("something else", QCryptographicHash::Sha256).toBase64();
    ScriptedServer server("HTTP/1.1 200 OK\r\nETag: \"v1\"\r\nRepr-Digest: sha-256=:" + wrong
                          + ":\r\nContent-Length: 10\r\n\r\n" + body);
    QVERIFY(server.listen());
    const Result result = run(requestFor(server.serverPort(), QStringLiteral("d.bin")));
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(QStringLiteral("SHA-256")), qPrintable(result.message));
    QVERIFY(!QFileInfo::exists(destination(QStringLiteral("d.bin"))));
    // The bytes stay for inspection but can never be resumed onto.
    PartFile part(destination(QStringLiteral("d.bin")));
    QVERIFY(part.exists());
    QVERIFY(!part.storedVersion().isUsable());
}

void TestDownloadJob::bodyInPiecesAfterTheHead_data()
{
    QTest::addColumn<int>("protocol");
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QList<QByteArray>>("pieces");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QByteArray>("saved");
    const QList<QByteArray> pieces = {"01234", QByteArray(300000, 'a'), "56789"};
    const QByteArray all = pieces.join();
    const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(all.size()) + "\r\n\r\n";
    QTest::newRow("http, complete") << int(DownloadJob::Protocol::Http) << head << pieces
                                    << int(DownloadJob::Outcome::Done) << all;
    QTest::newRow("http, more than announced")
            << int(DownloadJob::Protocol::Http) << head << (QList<QByteArray>(pieces) << "extra")
            << int(DownloadJob::Outcome::Done) << all;
    QTest::newRow("http, closed early") << int(DownloadJob::Protocol::Http) << head << pieces.first(2)
                                        << int(DownloadJob::Outcome::Failed) << QByteArray();
    // The legacy dialect: the close ends the file.
    QTest::newRow("legacy") << int(DownloadJob::Protocol::Legacy) << QByteArray("x") << pieces
                            << int(DownloadJob::Outcome::Done) << QByteArray("x" + all);
}

void TestDownloadJob::bodyInPiecesAfterTheHead()
{
    QFETCH(int, protocol);
    QFETCH(QByteArray, head);
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(int, outcome);
    QFETCH(QByteArray, saved);
    ScriptedServer::Reply reply = ScriptedServer::Reply::of(head);
    reply.pieces = pieces;
    ScriptedServer server(reply);
    QVERIFY(server.listen());
    DownloadJob::Request request = requestFor(server.serverPort(), QStringLiteral("p.bin"));
    request.protocol = DownloadJob::Protocol(protocol);
    const Result result = run(request);
    QCOMPARE(int(result.outcome), outcome);
    QFile got(destination(QStringLiteral("p.bin")));
    if (result.outcome != DownloadJob::Outcome::Done) {
        QVERIFY2(result.message.contains(QStringLiteral("Connection lost")), qPrintable(result.message));
        QVERIFY(!got.exists());
        return;
    }
    QVERIFY(got.open(QIODevice::ReadOnly));
    QVERIFY(got.readAll() == saved);
}

QTEST_GUILESS_MAIN(TestDownloadJob)
#include "tst_downloadjob.moc"
