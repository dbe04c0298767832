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
using namespace Qt::StringLiterals;

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
    void chunkedBody_data();
    void chunkedBody();
    void chunkedPartialContentResumes_data();
    void chunkedPartialContentResumes();

private:
    struct Result
    {
        DownloadJob::Outcome outcome = DownloadJob::Outcome::Failed;
        QString message;
        Dialect dialect = Dialect::Undecided;
        int progressSignals = 0;
        qint64 lastTotal = 0; // as the last progress signal said
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
    connect(&job, &DownloadJob::progress, this, [&](qint64, qint64 total) {
        ++result.progressSignals;
        result.lastTotal = total;
    });
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
    const QByteArray origin =
            HttpGetRequest::originOf(HttpGetRequest::urlForName(QStringLiteral("127.0.0.1"), recordedPort, {}));
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

void TestDownloadJob::chunkedBody_data()
{
    QTest::addColumn<QByteArray>("fields"); // after the status line
    QTest::addColumn<QList<QByteArray>>("pieces"); // the first comes with the head
    QTest::addColumn<bool>("done");
    // In the file when done, else in the .part (null: no .part).
    QTest::addColumn<QByteArray>("saved");
    QTest::addColumn<QString>("message");
    const QByteArray chunked = "Transfer-Encoding: chunked\r\n";
    const QByteArray big(300000, 'b');
    const QByteArray bigHex = QByteArray::number(big.size(), 16);
    const QByteArray hello = "hello, world";
    const QByteArray digest = QCryptographicHash::hash(hello, QCryptographicHash::Sha256).toBase64();

    QTest::newRow("with the head") << chunked << QList<QByteArray>{"5\r\nhello\r\n0\r\n\r\n"} << true
                                   << QByteArray("hello") << u"Saved"_s;
    QTest::newRow("in pieces, split anywhere") << chunked << QList<QByteArray>{"",
                                                                               "5\r",
                                                                               "\nhel",
                                                                               "lo\r",
                                                                               "\n" + bigHex + "\r\n",
                                                                               big.first(1000),
                                                                               big.sliced(1000) + "\r",
                                                                               "\n0\r\n",
                                                                               "\r\n"}
                                               << true << QByteArray("hello" + big) << u"Saved"_s;
    QTest::newRow("extensions and trailers")
            << chunked + "Trailer: X-Checksum\r\n"
            << QList<QByteArray>{"5;name=\"v\"\r\nhello\r\n", "0;last\r\nX-Checksum: 1\r\nY: 2\r\n\r\n"} << true
            << QByteArray("hello") << u"Saved"_s;
    QTest::newRow("empty") << chunked << QList<QByteArray>{"0\r\n\r\n"} << true << QByteArray() << u"Saved"_s;
    QTest::newRow("bytes after the last chunk are not the file's")
            << chunked << QList<QByteArray>{"5\r\nhello\r\n0\r\n\r\n", "garbage"} << true << QByteArray("hello")
            << u"Saved"_s;
    QTest::newRow("verified against Repr-Digest")
            << "ETag: \"v1\"\r\nRepr-Digest: sha-256=:" + digest + ":\r\n" + chunked
            << QList<QByteArray>{"7\r\nhello, \r\n", "5\r\nworld\r\n0\r\n\r\n"} << true << hello
            << u"SHA-256 verified"_s;
    QTest::newRow("coding names are case-insensitive")
            << QByteArray("Transfer-Encoding: Chunked\r\n") << QList<QByteArray>{"2\r\nok\r\n0\r\n\r\n"} << true
            << QByteArray("ok") << u"Saved"_s;

    QTest::newRow("digest mismatch") << "Repr-Digest: sha-256=:" + digest + ":\r\n" + chunked
                                     << QList<QByteArray>{"5\r\nhello\r\n0\r\n\r\n"} << false << QByteArray("hello")
                                     << u"SHA-256"_s;
    QTest::newRow("bad size") << chunked << QList<QByteArray>{"5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n"} << false
                              << QByteArray("hello") << u"malformed chunked body"_s;
    QTest::newRow("negative size") << chunked << QList<QByteArray>{"-5\r\nhello\r\n0\r\n\r\n"} << false
                                   << QByteArray("") << u"malformed chunked body"_s;
    QTest::newRow("huge size") << chunked << QList<QByteArray>{"8000000000000000\r\nhello\r\n0\r\n\r\n"} << false
                               << QByteArray("") << u"2^63"_s;
    QTest::newRow("missing CRLF after the data")
            << chunked << QList<QByteArray>{"5\r\nhelloX\r\n0\r\n\r\n"} << false << QByteArray("hello") << u"CRLF"_s;
    QTest::newRow("closed mid-chunk") << chunked << QList<QByteArray>{"a\r\n01234", "567"} << false
                                      << QByteArray("01234567") << u"before the end of the chunked body"_s;
    QTest::newRow("closed before the last chunk") << chunked << QList<QByteArray>{"5\r\nhello\r\n"} << false
                                                  << QByteArray("hello") << u"before the end of the chunked body"_s;
    QTest::newRow("closed in the trailers") << chunked << QList<QByteArray>{"5\r\nhello\r\n0\r\nX: 1\r\n"} << false
                                            << QByteArray("hello") << u"before the end of the chunked body"_s;
    QTest::newRow("another coding") << QByteArray("Transfer-Encoding: gzip, chunked\r\n")
                                    << QList<QByteArray>{"5\r\nhello\r\n0\r\n\r\n"} << false << QByteArray()
                                    << u"\"gzip, chunked\""_s;
    QTest::newRow("chunked twice") << QByteArray("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n")
                                   << QList<QByteArray>{"5\r\nhello\r\n0\r\n\r\n"} << false << QByteArray()
                                   << u"\"chunked, chunked\""_s;
    QTest::newRow("with a Content-Length")
            << "Content-Length: 5\r\n" + chunked << QList<QByteArray>{"5\r\nhello\r\n0\r\n\r\n"} << false
            << QByteArray() << u"both Content-Length and Transfer-Encoding"_s;
}

// A chunked body is decoded into the .part, is complete only at its last
// chunk, and fails (keeping the .part, never the file) when malformed or
// cut short. Its size is not known: progress is busy.
void TestDownloadJob::chunkedBody()
{
    QFETCH(QByteArray, fields);
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(bool, done);
    QFETCH(QByteArray, saved);
    QFETCH(QString, message);
    ScriptedServer::Reply reply = ScriptedServer::Reply::of("HTTP/1.1 200 OK\r\n" + fields + "\r\n" + pieces.first());
    reply.pieces = pieces.sliced(1);
    ScriptedServer server(reply);
    QVERIFY(server.listen());
    const Result result = run(requestFor(server.serverPort(), QStringLiteral("c.bin")));
    QVERIFY2(result.message.contains(message), qPrintable(result.message));
    QCOMPARE(result.outcome, done ? DownloadJob::Outcome::Done : DownloadJob::Outcome::Failed);
    QVERIFY(server.requests().first().contains("\r\nAccept-Encoding: identity\r\n"));
    QFile file(destination(QStringLiteral("c.bin")));
    QFile part(destination(QStringLiteral("c.bin.part")));
    QCOMPARE(file.exists(), done);
    QCOMPARE(part.exists(), !done && !saved.isNull());
    if (done || !saved.isNull()) {
        QFile &got = done ? file : part;
        QVERIFY(got.open(QIODevice::ReadOnly));
        QVERIFY(got.readAll() == saved);
    }
    if (done)
        QCOMPARE(result.lastTotal, -1);
}

void TestDownloadJob::chunkedPartialContentResumes_data()
{
    QTest::addColumn<QList<QByteArray>>("pieces");
    QTest::addColumn<bool>("withDigest");
    QTest::addColumn<bool>("done");
    QTest::addColumn<QString>("message");
    QTest::newRow("the rest") << QList<QByteArray>{"3\r\nabc\r\n", "7\r\ndefghij\r\n0\r\n\r\n"} << false << true
                              << u"Saved"_s;
    QTest::newRow("the rest, verified") << QList<QByteArray>{"a\r\nabcdefghij\r\n0\r\n\r\n"} << true << true
                                        << u"SHA-256 verified"_s;
    QTest::newRow("shorter than the range")
            << QList<QByteArray>{"5\r\nabcde\r\n0\r\n\r\n"} << false << false << u"Received 15 bytes instead of 20"_s;
    QTest::newRow("longer than the range") << QList<QByteArray>{"b\r\nabcdefghijk\r\n0\r\n\r\n"} << false << false
                                           << u"more than the announced 20 bytes"_s;
    QTest::newRow("the range, then closed")
            << QList<QByteArray>{"a\r\nabcdefghij\r\n"} << false << false << u"before the end of the chunked body"_s;
}

// A resume answered with a chunked 206 appends the decoded rest at the
// .part's end, and is checked against the range it announced.
void TestDownloadJob::chunkedPartialContentResumes()
{
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(bool, withDigest);
    QFETCH(bool, done);
    QFETCH(QString, message);
    const QByteArray whole = "0123456789abcdefghij";
    const QByteArray digest = QCryptographicHash::hash(whole, QCryptographicHash::Sha256).toBase64();
    ScriptedServer::Reply reply = ScriptedServer::Reply::of(
            "HTTP/1.1 206 Partial Content\r\nETag: \"v1\"\r\nContent-Range: bytes 10-19/20\r\n"
            + (withDigest ? "Repr-Digest: sha-256=:" + digest + ":\r\n" : QByteArray())
            + "Transfer-Encoding: chunked\r\n\r\n");
    reply.pieces = pieces;
    ScriptedServer server(reply);
    QVERIFY(server.listen());

    PartFile part(destination(QStringLiteral("r.bin")));
    QVERIFY(part.openFresh());
    QVERIFY(part.write(whole.constData(), 10));
    const QByteArray origin =
            HttpGetRequest::originOf(HttpGetRequest::urlForName(QStringLiteral("127.0.0.1"), server.serverPort(), {}));
    if (!part.storeVersion({"\"v1\"", whole.size(), origin}))
        QSKIP("no extended attributes here: no resume");
    part.close();

    DownloadJob job(requestFor(server.serverPort(), QStringLiteral("r.bin")));
    QSignalSpy resumed(&job, &DownloadJob::resumed);
    QSignalSpy finished(&job, &DownloadJob::finished);
    job.start();
    QVERIFY(finished.wait(20000));
    const QString said = finished.first().at(1).toString();
    QVERIFY2(said.contains(message), qPrintable(said));
    QCOMPARE(finished.first().at(0).value<DownloadJob::Outcome>(),
             done ? DownloadJob::Outcome::Done : DownloadJob::Outcome::Failed);
    QVERIFY(server.requests().first().contains("\r\nRange: bytes=10-\r\n"));
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(resumed.first().at(0).toLongLong(), 10);
    QCOMPARE(resumed.first().at(1).toLongLong(), 20);
    QCOMPARE(QFileInfo::exists(destination(QStringLiteral("r.bin"))), done);
    if (done) {
        QFile got(destination(QStringLiteral("r.bin")));
        QVERIFY(got.open(QIODevice::ReadOnly));
        QCOMPARE(got.readAll(), whole);
    } else {
        QVERIFY(part.exists());
        QVERIFY(part.size() >= 10);
    }
}

QTEST_GUILESS_MAIN(TestDownloadJob)
#include "tst_downloadjob.moc"
