#include "share/openfilecache.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

// A worker's cache of open files: it may only ever save system calls, never
// serve a file that is no longer the one under the name.
class TestOpenFileCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void secondRequestUsesTheHeldDescriptor();
    void fileReplacedUnderItsNameIsOpenedAfresh();
    void fileChangedInPlaceReportsItsNewSize();
    void deletedFileIsNotFound();
    void permissionChangeReopens();
    void linkedNamesAreNotHeld();
    void largeFilesAreNotHeld();
    void capacityIsBounded();
    void expiryClosesButRepliesKeepReading();

private:
    bool write(const QString &name, const QByteArray &content);
    QString path(const QString &name) const { return m_dir->filePath(name); }
    ShareRoot::OpenedFile open(const QString &name) { return m_files->open(*m_root, m_root->resolve(name)); }
    static int openDescriptors();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ShareRoot> m_root;
    std::unique_ptr<OpenFileCache> m_files;
};

bool TestOpenFileCache::write(const QString &name, const QByteArray &content)
{
    QFile file(path(name));
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) == content.size();
}

int TestOpenFileCache::openDescriptors()
{
    return int(QDir(u"/proc/self/fd"_s).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
}

void TestOpenFileCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(write(u"a.txt"_s, "first"));
    QVERIFY(QDir(m_dir->path()).mkdir(u"sub"_s));
    QVERIFY(write(u"sub/b.txt"_s, "deep"));
    m_root = std::make_unique<ShareRoot>(m_dir->path());
    m_files = std::make_unique<OpenFileCache>(4);
}

void TestOpenFileCache::secondRequestUsesTheHeldDescriptor()
{
    for (const QString &name : {u"a.txt"_s, u"sub/b.txt"_s}) {
        const ShareRoot::OpenedFile first = open(name);
        QCOMPARE(first.status, ShareRoot::Status::Ok);
        const int before = openDescriptors();
        const ShareRoot::OpenedFile second = open(name);
        QCOMPARE(second.status, ShareRoot::Status::Ok);
        QCOMPARE(second.file.handle(), first.file.handle());
        QCOMPARE(openDescriptors(), before);
        QCOMPARE(second.file.readAt(0, 100), first.file.readAt(0, 100));
    }
    QCOMPARE(m_files->size(), 2);
}

void TestOpenFileCache::fileReplacedUnderItsNameIsOpenedAfresh()
{
    const ShareRoot::OpenedFile old = open(u"a.txt"_s);
    QCOMPARE(old.file.readAt(0, 100), QByteArray("first"));
    // The way editors and downloads save: a new file renamed over the old.
    QVERIFY(write(u"a.new"_s, "second version"));
    QVERIFY(::rename(QFile::encodeName(path(u"a.new"_s)).constData(), QFile::encodeName(path(u"a.txt"_s)).constData())
            == 0);
    const ShareRoot::OpenedFile fresh = open(u"a.txt"_s);
    QCOMPARE(fresh.status, ShareRoot::Status::Ok);
    QVERIFY(fresh.fileStatus.inode != old.fileStatus.inode);
    QCOMPARE(fresh.fileStatus.size, qint64(14));
    QCOMPARE(fresh.file.readAt(0, 100), QByteArray("second version"));
    QCOMPARE(old.file.readAt(0, 100), QByteArray("first")); // a reply under way keeps its file
}

void TestOpenFileCache::fileChangedInPlaceReportsItsNewSize()
{
    QCOMPARE(open(u"a.txt"_s).fileStatus.size, qint64(5));
    const ShareRoot::OpenedFile before = open(u"a.txt"_s);
    QVERIFY(write(u"a.txt"_s, "first, and more"));
    QFile file(path(u"a.txt"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.setFileTime(QDateTime::currentDateTimeUtc().addSecs(5), QFileDevice::FileModificationTime));
    const ShareRoot::OpenedFile after = open(u"a.txt"_s);
    QVERIFY(after.file.handle() != before.file.handle()); // changed: opened afresh
    QCOMPARE(after.fileStatus.size, qint64(15));
    QVERIFY(after.fileStatus.modifiedNs != before.fileStatus.modifiedNs); // so its ETag changes too
    QCOMPARE(after.file.readAt(0, 100), QByteArray("first, and more"));
}

void TestOpenFileCache::deletedFileIsNotFound()
{
    QCOMPARE(open(u"a.txt"_s).status, ShareRoot::Status::Ok);
    QVERIFY(QFile::remove(path(u"a.txt"_s)));
    QCOMPARE(open(u"a.txt"_s).status, ShareRoot::Status::NotFound);
    m_files->expire(0ms);
    QCOMPARE(m_files->size(), 0);
}

void TestOpenFileCache::permissionChangeReopens()
{
    const ShareRoot::OpenedFile first = open(u"a.txt"_s);
    QCOMPARE(first.status, ShareRoot::Status::Ok);
    // Even a change that leaves the mode as it was (as an ACL change would)
    // moves the ctime: opened afresh.
    const QByteArray file = QFile::encodeName(path(u"a.txt"_s));
    QTRY_VERIFY_WITH_TIMEOUT(::chmod(file.constData(), first.fileStatus.mode & 07777) == 0
                                     && m_root->resolve(u"a.txt"_s).fileStatus->changedNs != first.fileStatus.changedNs,
                             3000); // until the file system's clock ticks
    const ShareRoot::OpenedFile again = open(u"a.txt"_s);
    QCOMPARE(again.status, ShareRoot::Status::Ok);
    QVERIFY(again.fileStatus.changedNs != first.fileStatus.changedNs);
    QVERIFY(again.file.handle() != first.file.handle());
    QVERIFY(::chmod(QFile::encodeName(path(u"a.txt"_s)).constData(), 0) == 0);
    const ShareRoot::OpenedFile locked = open(u"a.txt"_s);
    if (::geteuid() == 0) {
        QCOMPARE(locked.status, ShareRoot::Status::Ok); // root reads it anyway, but through a new open
        QCOMPARE(locked.fileStatus.mode & 0777, 0u);
    } else {
        QCOMPARE(locked.status, ShareRoot::Status::Unreadable); // as a fresh open would say
    }
}

void TestOpenFileCache::linkedNamesAreNotHeld()
{
    QVERIFY(QFile::link(path(u"a.txt"_s), path(u"link.txt"_s)));
    const ShareRoot::OpenedFile opened = open(u"link.txt"_s);
    QCOMPARE(opened.status, ShareRoot::Status::Ok);
    QCOMPARE(opened.file.readAt(0, 100), QByteArray("first"));
    QCOMPARE(m_files->size(), 0);
}

void TestOpenFileCache::largeFilesAreNotHeld()
{
    QCOMPARE(open(u"a.txt"_s).status, ShareRoot::Status::Ok);
    QCOMPARE(m_files->size(), 1);
    QFile grown(path(u"a.txt"_s));
    QVERIFY(grown.resize(OpenFileCache::MaxHeldBytes + 1)); // sparse
    const ShareRoot::OpenedFile large = open(u"a.txt"_s);
    QCOMPARE(large.status, ShareRoot::Status::Ok);
    QCOMPARE(large.fileStatus.size, OpenFileCache::MaxHeldBytes + 1);
    QCOMPARE(large.file.readAt(0, 5), QByteArray("first"));
    QCOMPARE(m_files->size(), 0);
}

void TestOpenFileCache::capacityIsBounded()
{
    for (int i = 0; i < 10; ++i) {
        const QString name = u"f%1.txt"_s.arg(i);
        QVERIFY(write(name, QByteArray::number(i)));
        QCOMPARE(open(name).file.readAt(0, 10), QByteArray::number(i));
        QVERIFY(m_files->size() <= 4);
    }
    QCOMPARE(m_files->size(), 4);
}

void TestOpenFileCache::expiryClosesButRepliesKeepReading()
{
    const int before = openDescriptors();
    ShareRoot::OpenedFile reply = open(u"a.txt"_s);
    QCOMPARE(openDescriptors(), before + 1);
    m_files->expire(0ms);
    QCOMPARE(m_files->size(), 0);
    QCOMPARE(reply.file.readAt(0, 100), QByteArray("first"));
    reply.file.close();
    QCOMPARE(openDescriptors(), before);
    // Not expired yet: held.
    QCOMPARE(open(u"a.txt"_s).status, ShareRoot::Status::Ok);
    m_files->expire(60s);
    QCOMPARE(m_files->size(), 1);
}

QTEST_GUILESS_MAIN(TestOpenFileCache)
#include "tst_openfilecache.moc"
