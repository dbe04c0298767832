#include "common/sha256.h"
#include "loopbackshare.h"
#include "rawclient.h"
#include "server/shareserver.h"
#include "share/digestcache.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace std::chrono_literals;

// Digests of shared files: computed from the descriptor a request opened,
// and rationed, so that asking for ranges costs the server no hashing and
// a client waiting for a digest waits neither behind background work nor
// beyond a deadline.
class TestDigestCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void waitedForGoesAheadOfBackgroundWork();
    void queuesAreBounded();
    void newVersionIsHashedAgain();

    void digestDescribesTheFileServedNotThePath();
    void rangeRequestsQueueNoHashing();
    void slowDigestDoesNotHoldTheReply();
    void wholeDownloadIsHashedInTheBackground();

private:
    QString makeFile(const QString &name, const QByteArray &content);
    QString makeSparse(const QString &name, qint64 size);
    FileHandle openHandle(const QString &path, DigestCache::Key *key);
    ShareServer::Options options(std::chrono::milliseconds stall = 60s) const;

    QTemporaryDir m_dir;
    QString m_share;
};

void TestDigestCache::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_share = m_dir.filePath(QStringLiteral("share"));
    QVERIFY(QDir().mkpath(m_share));
    makeFile(QStringLiteral("share/small.bin"), randomBytes(100 * 1024, 7));
    // Sparse: they cost no disk, but hashing one reads gigabytes of zeros.
    for (int i = 0; i < 6; ++i)
        makeSparse(QStringLiteral("share/big%1.bin").arg(i), 2LL * 1024 * 1024 * 1024);
    makeSparse(QStringLiteral("share/huge.bin"), 64LL * 1024 * 1024 * 1024);
}

QString TestDigestCache::makeFile(const QString &name, const QByteArray &content)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

QString TestDigestCache::makeSparse(const QString &name, qint64 size)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || !file.resize(size))
        qFatal("cannot make %s", qPrintable(file.fileName()));
    return file.fileName();
}

FileHandle TestDigestCache::openHandle(const QString &path, DigestCache::Key *key)
{
    UniqueFd fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC));
    struct stat status
    { };
    ::fstat(fd.get(), &status);
    *key = {quint64(status.st_dev), quint64(status.st_ino), qint64(status.st_size),
            qint64(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec,
            qint64(status.st_ctim.tv_sec) * 1'000'000'000 + status.st_ctim.tv_nsec};
    return FileHandle(std::move(fd));
}

ShareServer::Options TestDigestCache::options(std::chrono::milliseconds stall) const
{
    ShareServer::Options options = loopbackShare(m_share);
    options.stallDeadline = stall;
    return options;
}

void TestDigestCache::waitedForGoesAheadOfBackgroundWork()
{
    DigestCache digests;
    for (int i = 0; i < 6; ++i) {
        DigestCache::Key key;
        digests.computeWhenIdle(key, openHandle(m_share + QStringLiteral("/big%1.bin").arg(i), &key));
    }
    QVERIFY(digests.queuedWhenIdle() > 0); // gigabytes of hashing ahead
    DigestCache::Key key;
    const FileHandle small = openHandle(m_share + QStringLiteral("/small.bin"), &key);
    std::optional<QFuture<QByteArray>> digest = digests.computeNow(key, small);
    QVERIFY(digest);
    QTRY_VERIFY_WITH_TIMEOUT(digest->isFinished(), 20000);
    QCOMPARE(digest->result(), QCryptographicHash::hash(randomBytes(100 * 1024, 7), QCryptographicHash::Sha256));
    QCOMPARE(digests.find(key), digest->result());
}

void TestDigestCache::queuesAreBounded()
{
    DigestCache digests;
    for (int i = 0; i < 6; ++i) {
        DigestCache::Key key;
        digests.computeWhenIdle(key, openHandle(m_share + QStringLiteral("/big%1.bin").arg(i), &key));
    }
    QVERIFY(digests.queuedWhenIdle() <= DigestCache::MaxQueuedWhenIdle);

    // Clients waiting for digests of more files than the limit: the rest
    // are told there is none to wait for.
    int accepted = 0;
    for (int i = 0; i < DigestCache::MaxWaitedFor + 5; ++i) {
        // Distinct versions of one huge file, as far as the cache can tell.
        DigestCache::Key key;
        const FileHandle huge = openHandle(m_share + QStringLiteral("/huge.bin"), &key);
        key.changedNs += i;
        accepted += digests.computeNow(key, huge) ? 1 : 0;
    }
    QCOMPARE(accepted, DigestCache::MaxWaitedFor);
    QCOMPARE(digests.waitedFor(), DigestCache::MaxWaitedFor);
}

void TestDigestCache::newVersionIsHashedAgain()
{
    const QString path = makeFile(QStringLiteral("share/changing.txt"), "one\n");
    DigestCache digests;
    DigestCache::Key first;
    std::optional<QFuture<QByteArray>> digest = digests.computeNow(first, openHandle(path, &first));
    QVERIFY(digest);
    QTRY_VERIFY(digest->isFinished());
    QCOMPARE(digests.find(first), QCryptographicHash::hash("one\n", QCryptographicHash::Sha256));

    makeFile(QStringLiteral("share/changing.txt"), "two, longer\n");
    DigestCache::Key second;
    const FileHandle changed = openHandle(path, &second);
    QVERIFY(!(second == first));
    QVERIFY(digests.find(second).isEmpty());
    digest = digests.computeNow(second, changed);
    QVERIFY(digest);
    QTRY_VERIFY(digest->isFinished());
    QCOMPARE(digest->result(), QCryptographicHash::hash("two, longer\n", QCryptographicHash::Sha256));
}

// The shared folder is renamed and a link to another folder put at its
// old path: the digest still describes the file served, from the folder
// held open, never the other folder's file of the same name.
void TestDigestCache::digestDescribesTheFileServedNotThePath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(QStringLiteral("shared"));
    const QString other = dir.filePath(QStringLiteral("other"));
    QVERIFY(QDir().mkpath(shared) && QDir().mkpath(other));
    const QByteArray mine = randomBytes(200 * 1024, 1);
    const QByteArray theirs = randomBytes(200 * 1024, 2);
    for (const auto &[folder, content] : {std::pair{shared, mine}, std::pair{other, theirs}}) {
        QFile file(folder + QStringLiteral("/f.bin"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }
    ShareServer server;
    QVERIFY(server.start(loopbackShare(shared)));
    QVERIFY(QDir().rename(shared, dir.filePath(QStringLiteral("moved"))));
    QVERIFY(QFile::link(other, shared));

    const RawExchange exchange =
            rawExchange(server.serverPort(), {httpGet("/f.bin", "Want-Repr-Digest: sha-256=9\r\n")});
    const auto [head, body] = splitHttp(exchange.received);
    QVERIFY2(head.startsWith("HTTP/1.1 200 "), head.constData());
    QVERIFY(body == mine);
    const QByteArray expected = Sha256::reprDigestValue(QCryptographicHash::hash(mine, QCryptographicHash::Sha256));
    QVERIFY2(head.contains(QByteArray("\r\nRepr-Digest: " + expected + "\r\n")), head.constData());
}

// Asking for one byte of each of several large files used to queue a
// full-file hash of each, ahead of a client that asked for a digest.
void TestDigestCache::rangeRequestsQueueNoHashing()
{
    ShareServer server;
    QVERIFY(server.start(options(3s))); // a digest is waited for 3 s at most
    for (int i = 0; i < 6; ++i) {
        const QByteArray target = QStringLiteral("/big%1.bin").arg(i).toUtf8();
        const RawExchange exchange = rawExchange(server.serverPort(), {httpGet(target, "Range: bytes=0-0\r\n")});
        QVERIFY2(exchange.received.startsWith("HTTP/1.1 206 "), exchange.received.left(100).constData());
    }
    const RawExchange asked =
            rawExchange(server.serverPort(), {httpGet("/small.bin", "Want-Repr-Digest: sha-256=9\r\n")});
    const auto [head, body] = splitHttp(asked.received);
    QVERIFY2(head.startsWith("HTTP/1.1 200 "), head.constData());
    const QByteArray expected =
            Sha256::reprDigestValue(QCryptographicHash::hash(randomBytes(100 * 1024, 7), QCryptographicHash::Sha256));
    QVERIFY2(head.contains(QByteArray("\r\nRepr-Digest: " + expected + "\r\n")), head.constData());
}

// A digest that takes longer than a client may wait (64 GiB here, against
// a 2 s stall timeout) does not hold the reply: it comes without one.
void TestDigestCache::slowDigestDoesNotHoldTheReply()
{
    ShareServer server;
    QVERIFY(server.start(options(2s)));
    const RawExchange exchange = rawExchange(
            server.serverPort(),
            {httpRequest("/huge.bin", "Connection: close\r\nWant-Repr-Digest: sha-256=9\r\n", "HEAD")}, 0, 20000);
    QVERIFY2(exchange.received.startsWith("HTTP/1.1 200 "), exchange.received.constData());
    QVERIFY(exchange.received.contains("\r\nContent-Length: 68719476736\r\n"));
    QVERIFY(!exchange.received.contains("Repr-Digest"));
}

// Once a whole file was sent, later replies offer its digest without being
// asked; a range of it is no reason to hash it.
void TestDigestCache::wholeDownloadIsHashedInTheBackground()
{
    const QByteArray content = randomBytes(300 * 1024, 3);
    makeFile(QStringLiteral("share/whole.bin"), content);
    ShareServer server;
    QVERIFY(server.start(options()));
    const auto headOffersDigest = [&server] {
        return rawExchange(server.serverPort(), {httpRequest("/whole.bin", "Connection: close\r\n", "HEAD")})
                .received.contains("\r\nRepr-Digest: ");
    };
    QVERIFY(rawExchange(server.serverPort(), {httpGet("/whole.bin", "Range: bytes=0-9\r\n")})
                    .received.startsWith("HTTP/1.1 206 "));
    QTest::qWait(500);
    QVERIFY(!headOffersDigest());

    const RawExchange whole = rawExchange(server.serverPort(), {httpGet("/whole.bin")});
    QVERIFY(splitHttp(whole.received).second == content);
    QTRY_VERIFY_WITH_TIMEOUT(headOffersDigest(), 10000);
}

QTEST_GUILESS_MAIN(TestDigestCache)
#include "tst_digestcache.moc"
