// --limit-rate: the token bucket's arithmetic on a simulated clock, the
// rate parser, and real transfers on loopback through BodyReceiver, alone
// and with two downloads sharing one limit.
#include "client/bandwidthlimit.h"
#include "client/bodyreceiver.h"
#include "common/units.h"
#include "os/uniquefd.h"
#include "testdata.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

namespace {

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;
constexpr qint64 NsPerMs = 1000 * 1000;
constexpr int TransferTimeoutMs = 60 * 1000;

// A clock that only moves when the test says so.
struct FakeClock
{
    qint64 now = 1000 * NsPerMs;
    BandwidthLimit::Clock function()
    {
        return [this] { return now; };
    }
    void advanceMs(qint64 ms) { now += ms * NsPerMs; }
};

// Writes `payload` into a socket a slice at a time as the previous ones
// leave (never the whole payload queued at once), then closes in order.
class Feeder final
{
public:
    Feeder(QTcpSocket *socket, QByteArray payload)
        : m_socket(socket)
        , m_payload(std::move(payload))
    {
        QObject::connect(m_socket, &QTcpSocket::bytesWritten, &m_context, [this] { feed(); });
    }

    void feed()
    {
        constexpr qint64 SliceBytes = 256 * KiB;
        constexpr qint64 QueuedBytes = 1 * MiB;
        while (m_sent < m_payload.size() && m_socket->bytesToWrite() < QueuedBytes) {
            const qint64 slice = qMin(SliceBytes, m_payload.size() - m_sent);
            const qint64 written = m_socket->write(m_payload.constData() + m_sent, slice);
            if (written <= 0)
                return;
            m_sent += written;
        }
        if (m_sent == m_payload.size() && !m_closing) {
            m_closing = true;
            m_socket->disconnectFromHost();
        }
    }

private:
    QObject m_context; // the connection goes with the feeder
    QTcpSocket *m_socket;
    QByteArray m_payload;
    qint64 m_sent = 0;
    bool m_closing = false;
};

// One download's receiving end: a BodyReceiver writing into a temporary
// file, with what it reported.
struct Download
{
    QFile file;
    std::unique_ptr<BodyReceiver> receiver;
    std::unique_ptr<Feeder> feeder;
    qint64 received = 0;
    bool ended = false;
    QString error;
    qint64 endedAtMs = -1;
};

// A connected pair on 127.0.0.1: the receiving descriptor, taken from
// QTcpSocket as DownloadJob::handOverBody does, and the server's socket
// that sends. Nothing is sent before the hand-over, so nothing is left in
// QTcpSocket's buffer.
std::pair<UniqueFd, QTcpSocket *> connectedPair(QTcpServer &server)
{
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    if (!QTest::qWaitFor(
                [&] { return client.state() == QAbstractSocket::ConnectedState && server.hasPendingConnections(); },
                10000))
        return {};
    UniqueFd descriptor = UniqueFd::duplicate(int(client.socketDescriptor()));
    client.abort();
    return {std::move(descriptor), server.nextPendingConnection()};
}

double mibPerSecond(qint64 bytes, qint64 ms)
{
    return double(bytes) / double(MiB) / (double(qMax<qint64>(1, ms)) / 1000.0);
}

} // namespace

class TestBandwidthLimit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseRate_data();
    void parseRate();

    void burstIsASmallPartOfASecond_data();
    void burstIsASmallPartOfASecond();
    void takeGrantsAtMostWhatTheBucketHolds();
    void giveBackReturnsUnusedBytes();
    void refillFollowsTheClock();
    void msUntilAvailable();
    void longRunRateHoldsOverEveryWindow_data();
    void longRunRateHoldsOverEveryWindow();
    void sharedAcrossThreads();

    void oneReceiverIsHeldToTheLimit_data();
    void oneReceiverIsHeldToTheLimit();
    void twoReceiversShareOneLimit_data();
    void twoReceiversShareOneLimit();
    void stopWhileHeldBackMovesNothingMore_data();
    void stopWhileHeldBackMovesNothingMore();

private:
    void startDownload(Download &download, QTcpServer &server, const QByteArray &payload, BodyReceiver::Method method,
                       BandwidthLimit *limit, QElapsedTimer *clock);
    static void addMethodRows();
    QTemporaryDir m_dir;
    int m_files = 0;
};

void TestBandwidthLimit::parseRate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expected"); // -1: refused

    QTest::newRow("plain bytes") << QStringLiteral("1000") << qint64(1000);
    QTest::newRow("zero means no limit") << QStringLiteral("0") << qint64(0);
    QTest::newRow("B for bytes") << QStringLiteral("10B") << qint64(10);
    QTest::newRow("b for bytes") << QStringLiteral("10b") << qint64(10);
    QTest::newRow("K") << QStringLiteral("200K") << 200 * KiB;
    QTest::newRow("k") << QStringLiteral("200k") << 200 * KiB;
    QTest::newRow("M") << QStringLiteral("10M") << 10 * MiB;
    QTest::newRow("m") << QStringLiteral("3m") << 3 * MiB;
    QTest::newRow("G") << QStringLiteral("1G") << 1024 * MiB;
    QTest::newRow("g") << QStringLiteral("2g") << 2048 * MiB;
    QTest::newRow("empty") << QString() << qint64(-1);
    QTest::newRow("suffix alone") << QStringLiteral("K") << qint64(-1);
    QTest::newRow("B alone") << QStringLiteral("B") << qint64(-1);
    QTest::newRow("two-letter unit") << QStringLiteral("1KB") << qint64(-1);
    QTest::newRow("T is not curl's") << QStringLiteral("1T") << qint64(-1);
    QTest::newRow("fraction") << QStringLiteral("1.5M") << qint64(-1);
    QTest::newRow("negative") << QStringLiteral("-5K") << qint64(-1);
    QTest::newRow("unknown unit") << QStringLiteral("5X") << qint64(-1);
    QTest::newRow("per second spelled out") << QStringLiteral("5K/s") << qint64(-1);
    QTest::newRow("overflow") << QStringLiteral("9223372036854775807G") << qint64(-1);
}

void TestBandwidthLimit::parseRate()
{
    QFETCH(QString, text);
    QFETCH(qint64, expected);
    const std::optional<qint64> rate = Units::parseRate(text);
    if (expected < 0) {
        QVERIFY2(!rate, qPrintable(QString::number(rate.value_or(-1))));
    } else {
        QVERIFY(rate);
        QCOMPARE(*rate, expected);
    }
}

void TestBandwidthLimit::burstIsASmallPartOfASecond_data()
{
    QTest::addColumn<qint64>("rate");
    QTest::addColumn<qint64>("burst");

    QTest::newRow("2 MiB/s: a twentieth of a second") << 2 * MiB << 2 * MiB / 20;
    QTest::newRow("1 GiB/s: a twentieth of a second") << 1024 * MiB << 1024 * MiB / 20;
    QTest::newRow("200 KiB/s: 16 KiB") << 200 * KiB << 16 * KiB;
    QTest::newRow("100 KiB/s: a tenth of a second") << 100 * KiB << 10 * KiB;
    QTest::newRow("10 KiB/s: a tenth of a second") << 10 * KiB << 1 * KiB;
    QTest::newRow("1 B/s: one byte") << qint64(1) << qint64(1);
}

void TestBandwidthLimit::burstIsASmallPartOfASecond()
{
    QFETCH(qint64, rate);
    QFETCH(qint64, burst);
    FakeClock clock;
    const BandwidthLimit limit(rate, clock.function());
    QCOMPARE(limit.rate(), rate);
    QCOMPARE(limit.burst(), burst);
}

void TestBandwidthLimit::takeGrantsAtMostWhatTheBucketHolds()
{
    FakeClock clock;
    BandwidthLimit limit(2 * MiB, clock.function());
    QCOMPARE(limit.take(1000), qint64(1000));
    QCOMPARE(limit.take(100 * MiB), limit.burst() - 1000);
    QCOMPARE(limit.take(1), qint64(0));
    QCOMPARE(limit.take(0), qint64(0));
    QCOMPARE(limit.take(-5), qint64(0));
}

void TestBandwidthLimit::giveBackReturnsUnusedBytes()
{
    FakeClock clock;
    BandwidthLimit limit(2 * MiB, clock.function());
    const qint64 all = limit.take(100 * MiB);
    QCOMPARE(all, limit.burst());
    limit.giveBack(300);
    QCOMPARE(limit.take(1000), qint64(300));
    QCOMPARE(limit.take(1), qint64(0));

    // What comes back never makes the bucket hold more than its burst.
    limit.giveBack(10 * limit.burst());
    QCOMPARE(limit.take(100 * MiB), limit.burst());
    limit.giveBack(-7);
    QCOMPARE(limit.take(1), qint64(0));
}

void TestBandwidthLimit::refillFollowsTheClock()
{
    FakeClock clock;
    BandwidthLimit limit(1 * MiB, clock.function());
    limit.take(100 * MiB);
    clock.advanceMs(10); // 10485.76 bytes at 1 MiB/s
    QCOMPARE(limit.take(100 * MiB), qint64(10485));
    clock.advanceMs(10); // the fraction left over is not lost
    QCOMPARE(limit.take(100 * MiB), qint64(10486));
    clock.advanceMs(10 * 1000); // a long pause fills the bucket, no more
    QCOMPARE(limit.take(100 * MiB), limit.burst());
    clock.now -= 5 * NsPerMs; // a clock going back grants nothing extra
    QCOMPARE(limit.take(1), qint64(0));
}

void TestBandwidthLimit::msUntilAvailable()
{
    FakeClock clock;
    BandwidthLimit limit(1 * MiB, clock.function());
    QCOMPARE(limit.msUntilAvailable(), 0);
    limit.take(100 * MiB);
    // A quarter of the burst (13107 bytes) takes 12.5 ms at 1 MiB/s.
    QCOMPARE(limit.msUntilAvailable(), 13);
    clock.advanceMs(12);
    QCOMPARE(limit.msUntilAvailable(), 1);
    clock.advanceMs(1);
    QCOMPARE(limit.msUntilAvailable(), 0);
    QVERIFY(limit.take(100 * MiB) >= limit.burst() / 4);

    // Slow rates wait long, never zero while nothing is granted.
    BandwidthLimit slow(10, clock.function());
    slow.take(100);
    QCOMPARE(slow.take(1), qint64(0));
    QCOMPARE(slow.msUntilAvailable(), 100);
}

void TestBandwidthLimit::longRunRateHoldsOverEveryWindow_data()
{
    QTest::addColumn<qint64>("rate");
    QTest::newRow("10 KiB/s") << 10 * KiB;
    QTest::newRow("100 KiB/s") << 100 * KiB;
    QTest::newRow("2 MiB/s") << 2 * MiB;
    QTest::newRow("1 GiB/s") << 1024 * MiB;
}

// A greedy taker over a simulated ten seconds, asking at uneven moments for
// uneven amounts and giving some back: the total is the rate times the time
// plus one burst, and no two-second window gets more than 10% over.
void TestBandwidthLimit::longRunRateHoldsOverEveryWindow()
{
    QFETCH(qint64, rate);
    constexpr int Ms = 10 * 1000;
    constexpr int WindowMs = 2000;
    FakeClock clock;
    BandwidthLimit limit(rate, clock.function());
    QRandomGenerator random(7);
    std::vector<qint64> perMs(Ms, 0);
    for (int ms = 0; ms < Ms;) {
        const int step = random.bounded(1, 8);
        clock.advanceMs(step);
        ms += step;
        if (ms >= Ms)
            break;
        qint64 granted = limit.take(random.bounded(1, int(qMin<qint64>(rate, 64 * MiB))));
        while (granted > 0) {
            const qint64 unused = random.bounded(2) ? granted / 3 : 0;
            limit.giveBack(unused);
            perMs[size_t(ms)] += granted - unused;
            granted = limit.take(random.bounded(1, int(qMin<qint64>(rate, 64 * MiB))));
        }
    }
    qint64 total = 0;
    for (qint64 bytes : perMs)
        total += bytes;
    const qint64 lastMs = (clock.now - 1000 * NsPerMs) / NsPerMs;
    QVERIFY2(total <= limit.burst() + rate * lastMs / 1000 + 1, qPrintable(QString::number(total)));
    // The taker lags by at most one step (7 ms) and one random request.
    QVERIFY2(total >= rate * (Ms - 8) / 1000 - rate, qPrintable(QString::number(total)));

    qint64 window = 0, worst = 0;
    for (int ms = 0; ms < Ms; ++ms) {
        window += perMs[size_t(ms)];
        if (ms >= WindowMs)
            window -= perMs[size_t(ms - WindowMs)];
        worst = qMax(worst, window);
    }
    qInfo("rate %lld B/s: %lld bytes in 10 s, worst 2 s window %.3f x the rate", rate, total,
          double(worst) / double(2 * rate));
    QVERIFY(double(worst) <= 1.1 * double(2 * rate));
}

// Four threads take from one limit on the real clock: together they get no
// more than the burst plus the rate times the time they ran.
void TestBandwidthLimit::sharedAcrossThreads()
{
    constexpr qint64 Rate = 1 * MiB;
    QElapsedTimer elapsed;
    elapsed.start();
    BandwidthLimit limit(Rate);
    QAtomicInteger<qint64> total = 0;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back(QThread::create([&] {
            QElapsedTimer running;
            running.start();
            while (running.elapsed() < 300) {
                const qint64 granted = limit.take(4096);
                limit.giveBack(granted / 4);
                total.fetchAndAddRelaxed(granted - granted / 4);
                if (granted == 0)
                    QThread::msleep(1);
            }
        }));
        threads.back()->start();
    }
    for (const auto &thread : threads)
        QVERIFY(thread->wait(10000));
    const qint64 ms = elapsed.elapsed();
    qInfo("4 threads: %lld bytes in %lld ms", qint64(total.loadRelaxed()), ms);
    QVERIFY(total.loadRelaxed() > 0);
    QVERIFY(total.loadRelaxed() <= limit.burst() + Rate * (ms + 1) / 1000 + 1);
}

void TestBandwidthLimit::addMethodRows()
{
    QTest::addColumn<BodyReceiver::Method>("method");
    QTest::newRow("splice") << BodyReceiver::Method::Splice;
    QTest::newRow("read/write") << BodyReceiver::Method::ReadWrite;
}

void TestBandwidthLimit::startDownload(Download &download, QTcpServer &server, const QByteArray &payload,
                                       BodyReceiver::Method method, BandwidthLimit *limit, QElapsedTimer *clock)
{
    download.file.setFileName(m_dir.filePath(QStringLiteral("body%1.part").arg(++m_files)));
    QVERIFY(download.file.open(QIODevice::ReadWrite | QIODevice::Truncate));
    auto [descriptor, sending] = connectedPair(server);
    QVERIFY(descriptor);
    QVERIFY(sending);
    download.receiver =
            std::make_unique<BodyReceiver>(std::move(descriptor), download.file.handle(), qint64(-1), method);
    download.receiver->setBandwidthLimit(limit);
    BodyReceiver *receiver = download.receiver.get();
    connect(receiver, &BodyReceiver::received, this, [&download](qint64 bytes) { download.received += bytes; });
    connect(receiver, &BodyReceiver::endOfStream, this, [&download, clock] {
        download.ended = true;
        download.endedAtMs = clock->elapsed();
    });
    connect(receiver, &BodyReceiver::socketError, this, [&download](const QString &m) { download.error = m; });
    connect(receiver, &BodyReceiver::fileError, this, [&download](const QString &m) { download.error = m; });
    download.feeder = std::make_unique<Feeder>(sending, payload);
}

void TestBandwidthLimit::oneReceiverIsHeldToTheLimit_data()
{
    addMethodRows();
}

void TestBandwidthLimit::oneReceiverIsHeldToTheLimit()
{
    QFETCH(BodyReceiver::Method, method);
    constexpr qint64 Rate = 2 * MiB;
    const QByteArray payload = randomBytes(6 * MiB, 11);
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    BandwidthLimit limit(Rate);
    QElapsedTimer clock;
    Download download;
    startDownload(download, server, payload, method, &limit, &clock);
    if (QTest::currentTestFailed())
        return;

    clock.start();
    download.feeder->feed();
    QTRY_VERIFY_WITH_TIMEOUT(download.ended || !download.error.isEmpty(), TransferTimeoutMs);
    QVERIFY2(download.error.isEmpty(), qPrintable(download.error));
    QCOMPARE(download.received, qint64(payload.size()));
    QVERIFY(download.file.seek(0));
    QVERIFY(download.file.readAll() == payload);

    qInfo("6 MiB at a limit of 2 MiB/s: %lld ms, %.3f MiB/s", download.endedAtMs,
          mibPerSecond(payload.size(), download.endedAtMs));
    QVERIFY2(download.endedAtMs >= qint64(0.9 * 1000.0 * double(payload.size()) / double(Rate)),
             qPrintable(QString::number(download.endedAtMs)));
}

void TestBandwidthLimit::twoReceiversShareOneLimit_data()
{
    addMethodRows();
}

void TestBandwidthLimit::twoReceiversShareOneLimit()
{
    QFETCH(BodyReceiver::Method, method);
    constexpr qint64 Rate = 2 * MiB;
    const QByteArray payloads[2] = {randomBytes(3 * MiB, 21), randomBytes(3 * MiB, 22)};
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    BandwidthLimit limit(Rate);
    QElapsedTimer clock;
    Download downloads[2];
    for (int i = 0; i < 2; ++i) {
        startDownload(downloads[i], server, payloads[i], method, &limit, &clock);
        if (QTest::currentTestFailed())
            return;
    }

    clock.start();
    for (Download &download : downloads)
        download.feeder->feed();
    const auto settled = [](const Download &d) { return d.ended || !d.error.isEmpty(); };
    QTRY_VERIFY_WITH_TIMEOUT(settled(downloads[0]) && settled(downloads[1]), TransferTimeoutMs);
    qint64 lastMs = 0, total = 0;
    for (int i = 0; i < 2; ++i) {
        Download &download = downloads[i];
        QVERIFY2(download.error.isEmpty(), qPrintable(download.error));
        QCOMPARE(download.received, qint64(payloads[i].size()));
        QVERIFY(download.file.seek(0));
        QVERIFY(download.file.readAll() == payloads[i]);
        lastMs = qMax(lastMs, download.endedAtMs);
        total += payloads[i].size();
    }

    qInfo("2 x 3 MiB sharing 2 MiB/s: done after %lld and %lld ms, together %.3f MiB/s", downloads[0].endedAtMs,
          downloads[1].endedAtMs, mibPerSecond(total, lastMs));
    QVERIFY2(lastMs >= qint64(0.9 * 1000.0 * double(total) / double(Rate)), qPrintable(QString::number(lastMs)));
}

// Stopped while waiting for the limit: the timer that would have resumed
// reading moves nothing more into the file.
void TestBandwidthLimit::stopWhileHeldBackMovesNothingMore_data()
{
    addMethodRows();
}

void TestBandwidthLimit::stopWhileHeldBackMovesNothingMore()
{
    QFETCH(BodyReceiver::Method, method);
    const QByteArray payload = randomBytes(1 * MiB, 31);
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    BandwidthLimit limit(64 * KiB); // a 16 KiB burst, then a grant every 62.5 ms
    QElapsedTimer clock;
    clock.start();
    Download download;
    startDownload(download, server, payload, method, &limit, &clock);
    if (QTest::currentTestFailed())
        return;

    download.feeder->feed();
    QTRY_VERIFY_WITH_TIMEOUT(download.received > 0, 10000);
    download.receiver->stop();
    const qint64 atStop = download.received;
    const qint64 fileSize = download.file.size();
    QVERIFY(atStop < payload.size());
    QSignalSpy spy(download.receiver.get(), &BodyReceiver::received);
    QVERIFY(!spy.wait(500)); // several of the limit's grants
    QCOMPARE(download.received, atStop);
    QCOMPARE(download.file.size(), fileSize);
    QVERIFY(!download.ended);
    QVERIFY2(download.error.isEmpty(), qPrintable(download.error));
}

QTEST_GUILESS_MAIN(TestBandwidthLimit)
#include "tst_bandwidthlimit.moc"
