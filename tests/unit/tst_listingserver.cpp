#include "loopbackshare.h"
#include "rawclient.h"
#include "residentmemory.h"
#include "server/shareserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <atomic>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int LargeFolderFiles = 50000;

// A blocking loopback connection (for client threads), receive buffer
// small when `reads` is false: that peer never reads what it is sent.
int connectTo(quint16 port, bool reads)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (!reads) {
        const int small = 4096;
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool writeAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.constData() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

// Reads until the server closes (a `Connection: close` request).
QByteArray readToClose(int fd)
{
    QByteArray received;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            return received;
        received.append(buffer, n);
    }
}

// Runs `work` on a thread of its own while this thread's event loop (the
// server accepts on it) keeps running; false when it took longer than `ms`.
bool runAside(const std::function<void()> &work, int ms)
{
    std::atomic<bool> done{false};
    std::thread thread([&] {
        work();
        done = true;
    });
    const bool inTime = QTest::qWaitFor([&] { return done.load(); }, ms);
    thread.join();
    return inTime;
}

} // namespace

class TestListingServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void largeListingIsWhole_data();
    void largeListingIsWhole();
    void othersAreAnsweredDuringLargeListings();
    void listsTheFolderHeldOpen();

private:
    QTemporaryDir m_dir;
    QString m_share;
};

void TestListingServer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_share = m_dir.filePath(u"share"_s);
    QVERIFY(QDir().mkpath(m_share + u"/large"_s));
    QFile small(m_share + u"/small.txt"_s);
    QVERIFY(small.open(QIODevice::WriteOnly));
    QCOMPARE(small.write("small\n"), 6);
    small.close();
    const QByteArray large = QFile::encodeName(m_share + u"/large/"_s);
    for (int i = 0; i < LargeFolderFiles; ++i) {
        const QByteArray name = large + "file-" + QByteArray::number(i) + ".txt";
        const int fd = ::open(name.constData(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
        QVERIFY(fd >= 0);
        ::close(fd);
    }
}

void TestListingServer::largeListingIsWhole_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("json");
    QTest::newRow("HTML") << httpGet("/large/") << false;
    QTest::newRow("JSON") << httpGet("/large/?format=json") << true;
}

// Streamed in pieces, a large listing still arrives whole, its length
// announced up front.
void TestListingServer::largeListingIsWhole()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, json);
    ShareServer server;
    QVERIFY(server.start(loopbackShare(m_share)));
    QByteArray response;
    QVERIFY(runAside(
            [&] {
                const int fd = connectTo(server.serverPort(), true);
                if (fd >= 0 && writeAll(fd, request))
                    response = readToClose(fd);
                if (fd >= 0)
                    ::close(fd);
            },
            60000));
    const auto [head, body] = splitHttp(response);
    QVERIFY2(head.startsWith("HTTP/1.1 200 "), head.constData());
    QVERIFY(head.contains(QByteArray("\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n")));
    if (json) {
        const QJsonArray entries = QJsonDocument::fromJson(body).object().value(u"entries"_s).toArray();
        QCOMPARE(entries.size(), LargeFolderFiles);
        QCOMPARE(entries.at(0).toObject().value(u"name"_s).toString(), u"file-0.txt"_s);
        QCOMPARE(entries.at(LargeFolderFiles - 1).toObject().value(u"name"_s).toString(),
                 u"file-%1.txt"_s.arg(LargeFolderFiles - 1));
    } else {
        QCOMPARE(body.count("<tr>"), LargeFolderFiles + 1); // and "../"
        QVERIFY(body.endsWith("</html>\n"));
    }
}

// Peers that pipeline listing requests for a 50,000-file folder and never
// read do not stall the other clients of the same (single) worker thread,
// and the server's memory stays bounded meanwhile.
void TestListingServer::othersAreAnsweredDuringLargeListings()
{
    constexpr int Attackers = 4;
    constexpr int Pipelined = 20;
    constexpr int Probes = 10;
    constexpr qint64 ProbeBoundMs = 2000;
    ShareServer server;
    ShareServer::Options options = loopbackShare(m_share);
    options.workerThreads = 1;
    QVERIFY(server.start(options));
    const quint16 port = server.serverPort();
    const qint64 before = residentKiB();
    QVERIFY(before > 0);

    std::vector<int> attackers;
    for (int a = 0; a < Attackers; ++a) {
        QByteArray burst;
        for (int i = 0; i < Pipelined; ++i) {
            // HTML and JSON, and a query that differs: none of it is one cheap answer
            const QByteArray target =
                    "/large/?n=" + QByteArray::number(a * Pipelined + i) + (i % 2 ? "&format=json" : "");
            burst += httpRequest(target);
        }
        const int fd = connectTo(port, false);
        QVERIFY(fd >= 0);
        QVERIFY(writeAll(fd, burst));
        attackers.push_back(fd);
    }

    qint64 worstMs = 0;
    qint64 grown = 0;
    for (int probe = 0; probe < Probes; ++probe) {
        QElapsedTimer clock;
        clock.start();
        QByteArray response;
        const bool inTime = runAside(
                [&] {
                    const int fd = connectTo(port, true);
                    if (fd >= 0 && writeAll(fd, httpGet("/small.txt")))
                        response = readToClose(fd);
                    if (fd >= 0)
                        ::close(fd);
                },
                30000);
        const qint64 ms = clock.elapsed();
        worstMs = qMax(worstMs, ms);
        grown = qMax(grown, residentKiB() - before);
        QVERIFY(inTime);
        QVERIFY2(response.startsWith("HTTP/1.1 200 ") && response.endsWith("\r\n\r\nsmall\n"),
                 response.left(200).constData());
        QVERIFY2(ms < ProbeBoundMs, qPrintable(u"probe %1 took %2 ms"_s.arg(probe).arg(ms)));
        QTest::qWait(100);
    }
    qInfo() << "other client: worst" << worstMs << "ms; memory grew by at most" << grown << "KiB";
    QVERIFY2(grown < 96 * 1024, qPrintable(u"grew by %1 KiB"_s.arg(grown)));
    for (const int fd : attackers)
        ::close(fd);
}

// The shared folder renamed and a link put at its old path: the server
// still lists the folder it was started on (or nothing), never the other.
void TestListingServer::listsTheFolderHeldOpen()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"share"_s);
    const QString other = dir.filePath(u"other"_s);
    QVERIFY(QDir().mkpath(shared));
    QVERIFY(QDir().mkpath(other));
    for (const QString &path : QStringList{shared + u"/original.txt"_s, other + u"/other.txt"_s}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    ShareServer server;
    QVERIFY(server.start(loopbackShare(shared)));
    QVERIFY(QDir().rename(shared, dir.filePath(u"moved"_s)));
    QVERIFY(QFile::link(other, shared));

    for (const QByteArray &target : {QByteArray("/"), QByteArray("/?format=json")}) {
        const RawExchange exchange = rawExchange(server.serverPort(), {httpGet(target)});
        QVERIFY2(exchange.received.startsWith("HTTP/1.1 200 ") || exchange.received.startsWith("HTTP/1.1 404 "),
                 exchange.received.left(100).constData());
        QVERIFY2(!exchange.received.contains("other.txt"), exchange.received.constData());
        if (exchange.received.startsWith("HTTP/1.1 200 "))
            QVERIFY(exchange.received.contains("original.txt"));
    }
}

QTEST_GUILESS_MAIN(TestListingServer)
#include "tst_listingserver.moc"
