#include "loopbackshare.h"
#include "os/uniquefd.h"
#include "rawclient.h"
#include "server/shareserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <ctime>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <vector>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

// Descriptors left free under the lowered limit: the peers take them all.
// Fewer than the listener's backlog (50), so that every peer waits there.
constexpr int Headroom = 24;

// A descriptor limit that leaves exactly `free` numbers unused below it
// (an inherited descriptor may sit far above the others).
rlim_t limitLeaving(int free)
{
    QList<int> open;
    const QStringList names = QDir(u"/proc/self/fd"_s).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot);
    for (const QString &name : names)
        open.append(name.toInt());
    if (open.isEmpty()) {
        rlimit limit{};
        ::getrlimit(RLIMIT_NOFILE, &limit);
        for (int fd = 0; fd < int(qMin<rlim_t>(limit.rlim_cur, 65536)); ++fd) {
            if (::fcntl(fd, F_GETFD) != -1)
                open.append(fd);
        }
    }
    std::sort(open.begin(), open.end());
    int limit = 0;
    for (int fd : std::as_const(open)) {
        if (fd - limit >= free) // enough unused numbers before this one
            break;
        free -= fd - limit;
        limit = fd + 1;
    }
    return rlim_t(limit + free);
}

// CPU time this thread has used.
std::chrono::nanoseconds threadCpu()
{
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// Runs this thread's event loop (where the server accepts) for `duration`.
void runEventLoop(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

// The process out of descriptors: the soft RLIMIT_NOFILE lowered to a
// little above those in use, and the rest taken by peers that connect to a
// port and say nothing. Nobody accepts while the peers connect (the server
// accepts on this thread's event loop), so they all wait in its backlog.
// Raw descriptors, since a QTcpSocket would need more of them on the way.
class DescriptorShortage final
{
public:
    DescriptorShortage() { m_lowered = ::getrlimit(RLIMIT_NOFILE, &m_saved) == 0; }
    ~DescriptorShortage()
    {
        m_peers.clear();
        if (m_lowered)
            ::setrlimit(RLIMIT_NOFILE, &m_saved);
    }
    Q_DISABLE_COPY_MOVE(DescriptorShortage)

    // The number of peers connected when socket(2) ran out, or -1 when the
    // limit could not be lowered or something other than EMFILE stopped it.
    int begin(quint16 port)
    {
        if (!m_lowered)
            return -1;
        rlimit lowered = m_saved;
        lowered.rlim_cur = limitLeaving(Headroom);
        if (lowered.rlim_cur > m_saved.rlim_cur || ::setrlimit(RLIMIT_NOFILE, &lowered) != 0)
            return -1;
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        for (int i = 0; i < 4 * Headroom; ++i) {
            UniqueFd peer(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
            if (!peer)
                return errno == EMFILE ? int(m_peers.size()) : -1;
            if (::connect(peer.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0
                && errno != EINPROGRESS)
                return -1;
            m_peers.push_back(std::move(peer));
        }
        return -1; // the limit did not hold
    }
    // Closes the peers: the descriptors are free again (the limit stays).
    void freeDescriptors() { m_peers.clear(); }

private:
    rlimit m_saved{};
    bool m_lowered = false;
    std::vector<UniqueFd> m_peers;
};

} // namespace

// What the listening port does when the process runs out of descriptors
// (a low `ulimit -n`, a flood): it stops trying for a while instead of
// spinning on failed accept calls, lets the cached files go, and serves
// again once descriptors are free.
class TestShareListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void staysIdleWhileOutOfDescriptors();
    void cachedFilesGiveWayToConnections();
    void servesAgainOnceDescriptorsAreFree();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ShareServer> m_server;
    std::unique_ptr<DescriptorShortage> m_shortage;
};

void TestShareListener::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QFile file(m_dir->filePath(u"a.txt"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write("hello\n"), 6);
    file.close();

    m_server = std::make_unique<ShareServer>();
    ShareServer::Options options = loopbackShare(m_dir->path());
    options.workerThreads = 1;
    options.keepFilesOpen = 60s; // only the shortage may make the worker let go of a.txt
    QVERIFY(m_server->start(options));
    const RawExchange warmUp = rawExchange(m_server->serverPort(), {httpGet("/a.txt")});
    QVERIFY2(warmUp.received.startsWith("HTTP/1.1 200 "), warmUp.received.left(200).constData());
    QTRY_COMPARE(m_server->connectionCount(), 0); // the worker holds a.txt open

    m_shortage = std::make_unique<DescriptorShortage>();
    const int peers = m_shortage->begin(m_server->serverPort());
    if (peers < 0)
        QSKIP("cannot lower RLIMIT_NOFILE, or the lowered limit did not hold");
    QVERIFY2(peers >= Headroom / 2, qPrintable(QString::number(peers)));
}

void TestShareListener::cleanup()
{
    m_shortage.reset(); // the limit as it was, before the server goes
    m_server.reset();
    m_dir.reset();
}

void TestShareListener::staysIdleWhileOutOfDescriptors()
{
    // The listener's notifier fires for as long as connections wait; every
    // accept fails with EMFILE. A listener that does not stop trying burns
    // this thread (about 100% of it); one that backs off uses next to none.
    QElapsedTimer wall;
    wall.start();
    const std::chrono::nanoseconds cpuBefore = threadCpu();
    runEventLoop(1s);
    const std::chrono::nanoseconds cpu = threadCpu() - cpuBefore;
    const std::chrono::nanoseconds elapsed(wall.nsecsElapsed());
    QVERIFY2(cpu < elapsed * 3 / 10,
             qPrintable(u"the accepting thread used %1 ms of CPU in %2 ms"_s.arg(cpu.count() / 1000000)
                                .arg(elapsed.count() / 1000000)));
    QVERIFY(m_server->isListening());
}

void TestShareListener::cachedFilesGiveWayToConnections()
{
    // The worker holds a.txt for a minute unless told that descriptors
    // ran short: then its descriptor goes to one of the waiting peers.
    QTRY_VERIFY_WITH_TIMEOUT(m_server->connectionCount() >= 1, 5000);
}

void TestShareListener::servesAgainOnceDescriptorsAreFree()
{
    runEventLoop(300ms); // the shortage under way
    m_shortage->freeDescriptors();
    // The peers' connections still wait to be accepted (and closed) when
    // the first request arrives, so it may find the server short once more:
    // a client retries, and within a second or so it is served.
    QDeadlineTimer deadline(10s);
    RawExchange http;
    do {
        http = rawExchange(m_server->serverPort(), {httpGet("/a.txt")}, 0, 3000);
        if (!http.received.startsWith("HTTP/1.1 200 "))
            QTest::qWait(50);
    } while (!http.received.startsWith("HTTP/1.1 200 ") && !deadline.hasExpired());
    QVERIFY2(http.received.startsWith("HTTP/1.1 200 "), http.received.left(200).constData());
    QCOMPARE(splitHttp(http.received).second, QByteArray("hello\n"));
    QVERIFY(m_server->isListening());
}

QTEST_GUILESS_MAIN(TestShareListener)
#include "tst_sharelistener.moc"
