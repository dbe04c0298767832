#include "share/openfilecache.h"
#include "share/shareroot.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

char *toString(ShareRoot::Status status)
{
    switch (status) {
    case ShareRoot::Status::Ok:
        return qstrdup("Ok");
    case ShareRoot::Status::NotFound:
        return qstrdup("NotFound");
    case ShareRoot::Status::Forbidden:
        return qstrdup("Forbidden");
    case ShareRoot::Status::NotRegular:
        return qstrdup("NotRegular");
    case ShareRoot::Status::Unreadable:
        return qstrdup("Unreadable");
    }
    return qstrdup("?");
}

Q_DECLARE_METATYPE(ShareRoot::Lookup)

class TestShareRoot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void normalize_data();
    void normalize();
    void open_data();
    void open();
    void fifoDoesNotBlock();
    void reportsModificationTime();
    void rootGivenThroughSymlink();
    void folderSwappedForLinkAfterResolveIsRefused_data();
    void folderSwappedForLinkAfterResolveIsRefused();
    void invalidRoot_data();
    void invalidRoot();

private:
    QString sharePath(const QString &relative = QString()) const;
    QString outerPath(const QString &relative) const;

    QTemporaryDir m_outer;
};

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

bool makeSymlink(const QString &target, const QString &link)
{
    return ::symlink(QFile::encodeName(target).constData(), QFile::encodeName(link).constData()) == 0;
}

QString withChar(const char *before, char16_t c, const char *after)
{
    return QString::fromUtf8(before) + QChar(c) + QString::fromUtf8(after);
}

} // namespace

QString TestShareRoot::sharePath(const QString &relative) const
{
    return m_outer.filePath(QStringLiteral("share/") + relative);
}

QString TestShareRoot::outerPath(const QString &relative) const
{
    return m_outer.filePath(relative);
}

// outer/
//   outside.txt, outsidedir/secret.txt       (never reachable)
//   share/                                   (the root)
//     a.txt, empty.txt, sub/inner.txt, 中文.txt, 中文目录/文件.txt, my file.txt
//     link-out.txt -> ../outside.txt         link-abs-out.txt -> /abs/outer/outside.txt
//     linkdir-out -> /abs/outer/outsidedir   link-in.txt -> a.txt
//     linkdir-in -> sub                      dangling -> nowhere
//     pipe (FIFO)                            locked.txt (mode 000)
void TestShareRoot::initTestCase()
{
    QVERIFY(m_outer.isValid());
    QDir outer(m_outer.path());
    QVERIFY(outer.mkpath(QStringLiteral("share/sub")));
    QVERIFY(outer.mkpath(QString::fromUtf8("share/中文目录")));
    QVERIFY(outer.mkpath(QStringLiteral("outsidedir")));

    QVERIFY(writeFile(outerPath(QStringLiteral("outside.txt")), QByteArrayLiteral("secret")));
    QVERIFY(writeFile(outerPath(QStringLiteral("outsidedir/secret.txt")), QByteArrayLiteral("secret")));

    QVERIFY(writeFile(sharePath(QStringLiteral("a.txt")), QByteArrayLiteral("hello")));
    QVERIFY(writeFile(sharePath(QStringLiteral("empty.txt")), QByteArray()));
    QVERIFY(writeFile(sharePath(QStringLiteral("sub/inner.txt")), QByteArrayLiteral("inner!")));
    QVERIFY(writeFile(sharePath(QString::fromUtf8("中文.txt")), QByteArrayLiteral("zh")));
    QVERIFY(writeFile(sharePath(QString::fromUtf8("中文目录/文件.txt")), QByteArrayLiteral("zh file")));
    QVERIFY(writeFile(sharePath(QStringLiteral("my file.txt")), QByteArrayLiteral("spaced")));
    QVERIFY(writeFile(sharePath(QStringLiteral("locked.txt")), QByteArrayLiteral("locked")));
    QVERIFY(::chmod(QFile::encodeName(sharePath(QStringLiteral("locked.txt"))).constData(), 0) == 0);

    QVERIFY(makeSymlink(QStringLiteral("../outside.txt"), sharePath(QStringLiteral("link-out.txt"))));
    QVERIFY(makeSymlink(outerPath(QStringLiteral("outside.txt")), sharePath(QStringLiteral("link-abs-out.txt"))));
    QVERIFY(makeSymlink(outerPath(QStringLiteral("outsidedir")), sharePath(QStringLiteral("linkdir-out"))));
    QVERIFY(makeSymlink(QStringLiteral("a.txt"), sharePath(QStringLiteral("link-in.txt"))));
    QVERIFY(makeSymlink(QStringLiteral("sub"), sharePath(QStringLiteral("linkdir-in"))));
    QVERIFY(makeSymlink(QStringLiteral("nowhere"), sharePath(QStringLiteral("dangling"))));
    QVERIFY(makeSymlink(sharePath(), outerPath(QStringLiteral("share-link"))));
    QVERIFY(::mkfifo(QFile::encodeName(sharePath(QStringLiteral("pipe"))).constData(), 0644) == 0);
}

void TestShareRoot::normalize_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QString>("normalized");

    QTest::newRow("plain name") << QStringLiteral("a.txt") << true << QStringLiteral("a.txt");
    QTest::newRow("nested name") << QStringLiteral("dir/sub/a.txt") << true << QStringLiteral("dir/sub/a.txt");
    QTest::newRow("absolute path is share-relative")
            << QStringLiteral("/etc/passwd") << true << QStringLiteral("etc/passwd");
    QTest::newRow("dot segments vanish") << QStringLiteral("./a/./b") << true << QStringLiteral("a/b");
    QTest::newRow("empty segments vanish") << QStringLiteral("a//b///c") << true << QStringLiteral("a/b/c");
    QTest::newRow("trailing slash dropped") << QStringLiteral("dir/") << true << QStringLiteral("dir");
    QTest::newRow("dot-dot inside the share") << QStringLiteral("a/../b") << true << QStringLiteral("b");
    QTest::newRow("dot-dot back to the root") << QStringLiteral("a/..") << true << QString();
    QTest::newRow("backslash is a separator") << QStringLiteral("a\\b.txt") << true << QStringLiteral("a/b.txt");
    QTest::newRow("mixed separators") << QStringLiteral("\\a/b\\c") << true << QStringLiteral("a/b/c");
    QTest::newRow("three dots are a plain name") << QStringLiteral(".../x") << true << QStringLiteral(".../x");
    QTest::newRow("dot-dot inside a name") << QStringLiteral("a..b") << true << QStringLiteral("a..b");
    QTest::newRow("colon after the second character")
            << QStringLiteral("ab:c.txt") << true << QStringLiteral("ab:c.txt");
    QTest::newRow("Chinese names") << QString::fromUtf8("中文目录/文件.txt") << true
                                   << QString::fromUtf8("中文目录/文件.txt");
    QTest::newRow("empty name is the root") << QString() << true << QString();
    QTest::newRow("slash alone is the root") << QStringLiteral("/") << true << QString();

    QTest::newRow("dot-dot") << QStringLiteral("..") << false << QString();
    QTest::newRow("dot-dot slash") << QStringLiteral("../x") << false << QString();
    QTest::newRow("climbs out after a folder") << QStringLiteral("a/../../x") << false << QString();
    QTest::newRow("absolute dot-dot") << QStringLiteral("/../etc/passwd") << false << QString();
    QTest::newRow("backslash dot-dot") << QStringLiteral("..\\x") << false << QString();
    QTest::newRow("deep backslash climb") << QStringLiteral("a\\..\\..\\x") << false << QString();
    QTest::newRow("drive letter with backslash") << QStringLiteral("C:\\x") << false << QString();
    QTest::newRow("drive letter with slash") << QStringLiteral("c:/x") << false << QString();
    QTest::newRow("drive-relative name") << QStringLiteral("C:x") << false << QString();
    QTest::newRow("drive letter after a slash (HTTP)") << QStringLiteral("/C:drive.txt") << false << QString();
    QTest::newRow("drive letter after backslashes") << QStringLiteral("\\\\C:x") << false << QString();
    QTest::newRow("colon deeper down is a plain name")
            << QStringLiteral("/sub/C:x") << true << QStringLiteral("sub/C:x");
    QTest::newRow("colon after a CJK letter is a plain name")
            << QString::fromUtf8("中:x") << true << QString::fromUtf8("中:x");
    QTest::newRow("NUL") << withChar("a", 0, ".txt") << false << QString();
    QTest::newRow("NUL after a valid name") << withChar("a.txt", 0, "") << false << QString();
    QTest::newRow("newline") << withChar("a", '\n', ".txt") << false << QString();
    QTest::newRow("carriage return") << withChar("a", '\r', "") << false << QString();
    QTest::newRow("tab") << withChar("a", '\t', "b") << false << QString();
    QTest::newRow("escape") << withChar("", 0x1B, "[31m") << false << QString();
    QTest::newRow("DEL") << withChar("a", 0x7F, "") << false << QString();
}

void TestShareRoot::normalize()
{
    QFETCH(QString, name);
    QFETCH(bool, allowed);
    QFETCH(QString, normalized);

    const std::optional<QString> result = ShareRoot::normalize(name);
    QCOMPARE(result.has_value(), allowed);
    if (allowed)
        QCOMPARE(*result, normalized);
}

void TestShareRoot::open_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<ShareRoot::Status>("status");
    QTest::addColumn<QString>("relativePath"); // checked for Ok and NotFound
    QTest::addColumn<QByteArray>("content"); // checked for Ok

    using S = ShareRoot::Status;
    const QString none;
    const QByteArray empty;

    QTest::newRow("regular file") << QStringLiteral("a.txt") << S::Ok << QStringLiteral("a.txt")
                                  << QByteArrayLiteral("hello");
    QTest::newRow("leading slash") << QStringLiteral("/a.txt") << S::Ok << QStringLiteral("a.txt")
                                   << QByteArrayLiteral("hello");
    QTest::newRow("dot segment") << QStringLiteral("./a.txt") << S::Ok << QStringLiteral("a.txt")
                                 << QByteArrayLiteral("hello");
    QTest::newRow("file in a folder") << QStringLiteral("sub/inner.txt") << S::Ok << QStringLiteral("sub/inner.txt")
                                      << QByteArrayLiteral("inner!");
    QTest::newRow("backslash separator") << QStringLiteral("sub\\inner.txt") << S::Ok << QStringLiteral("sub/inner.txt")
                                         << QByteArrayLiteral("inner!");
    QTest::newRow("dot-dot that stays inside")
            << QStringLiteral("sub/../a.txt") << S::Ok << QStringLiteral("a.txt") << QByteArrayLiteral("hello");
    QTest::newRow("empty file") << QStringLiteral("empty.txt") << S::Ok << QStringLiteral("empty.txt") << empty;
    QTest::newRow("name with a space") << QStringLiteral("my file.txt") << S::Ok << QStringLiteral("my file.txt")
                                       << QByteArrayLiteral("spaced");
    QTest::newRow("Chinese name") << QString::fromUtf8("中文.txt") << S::Ok << QString::fromUtf8("中文.txt")
                                  << QByteArrayLiteral("zh");
    QTest::newRow("Chinese folder and name") << QString::fromUtf8("中文目录/文件.txt") << S::Ok
                                             << QString::fromUtf8("中文目录/文件.txt") << QByteArrayLiteral("zh file");
    QTest::newRow("symlink inside pointing inside")
            << QStringLiteral("link-in.txt") << S::Ok << QStringLiteral("link-in.txt") << QByteArrayLiteral("hello");
    QTest::newRow("symlinked folder pointing inside")
            << QStringLiteral("linkdir-in/inner.txt") << S::Ok << QStringLiteral("linkdir-in/inner.txt")
            << QByteArrayLiteral("inner!");

    QTest::newRow("missing file") << QStringLiteral("missing.txt") << S::NotFound << QStringLiteral("missing.txt")
                                  << empty;
    QTest::newRow("absolute /etc/passwd is share-relative")
            << QStringLiteral("/etc/passwd") << S::NotFound << QStringLiteral("etc/passwd") << empty;
    QTest::newRow("missing file in a folder")
            << QStringLiteral("sub/missing") << S::NotFound << QStringLiteral("sub/missing") << empty;
    QTest::newRow("file used as a folder")
            << QStringLiteral("a.txt/x") << S::NotFound << QStringLiteral("a.txt/x") << empty;
    QTest::newRow("dangling symlink") << QStringLiteral("dangling") << S::NotFound << QStringLiteral("dangling")
                                      << empty;
    QTest::newRow("wrong case") << QStringLiteral("A.TXT") << S::NotFound << QStringLiteral("A.TXT") << empty;

    QTest::newRow("dot-dot") << QStringLiteral("..") << S::Forbidden << none << empty;
    QTest::newRow("dot-dot to a real file outside")
            << QStringLiteral("../outside.txt") << S::Forbidden << none << empty;
    QTest::newRow("climbs out after a folder") << QStringLiteral("a/../../x") << S::Forbidden << none << empty;
    QTest::newRow("climbs out to a real file")
            << QStringLiteral("sub/../../outside.txt") << S::Forbidden << none << empty;
    QTest::newRow("backslash climb") << QStringLiteral("..\\outside.txt") << S::Forbidden << none << empty;
    QTest::newRow("drive letter") << QStringLiteral("C:\\x") << S::Forbidden << none << empty;
    QTest::newRow("NUL truncation attempt") << withChar("a.txt", 0, ".jpg") << S::Forbidden << none << empty;
    QTest::newRow("control character") << withChar("a", '\n', ".txt") << S::Forbidden << none << empty;
    QTest::newRow("relative symlink pointing outside")
            << QStringLiteral("link-out.txt") << S::Forbidden << none << empty;
    QTest::newRow("absolute symlink pointing outside")
            << QStringLiteral("link-abs-out.txt") << S::Forbidden << none << empty;
    QTest::newRow("file under a symlinked folder outside")
            << QStringLiteral("linkdir-out/secret.txt") << S::Forbidden << none << empty;
    QTest::newRow("symlinked folder outside itself") << QStringLiteral("linkdir-out") << S::Forbidden << none << empty;

    QTest::newRow("directory") << QStringLiteral("sub") << S::NotRegular << none << empty;
    QTest::newRow("directory with trailing slash") << QStringLiteral("sub/") << S::NotRegular << none << empty;
    QTest::newRow("Chinese directory") << QString::fromUtf8("中文目录") << S::NotRegular << none << empty;
    QTest::newRow("symlinked folder inside") << QStringLiteral("linkdir-in") << S::NotRegular << none << empty;
    QTest::newRow("empty name is the root") << QString() << S::NotRegular << none << empty;
    QTest::newRow("slash is the root") << QStringLiteral("/") << S::NotRegular << none << empty;
    QTest::newRow("dot-dot back to the root") << QStringLiteral("sub/..") << S::NotRegular << none << empty;
    QTest::newRow("FIFO") << QStringLiteral("pipe") << S::NotRegular << none << empty;

    QTest::newRow("unreadable file") << QStringLiteral("locked.txt") << S::Unreadable << none << empty;
}

void TestShareRoot::open()
{
    QFETCH(QString, name);
    QFETCH(ShareRoot::Status, status);
    QFETCH(QString, relativePath);
    QFETCH(QByteArray, content);

    if (status == ShareRoot::Status::Unreadable && ::geteuid() == 0)
        QSKIP("root reads files whatever their permissions");

    // With openat2 and with the walk used where the kernel lacks it; then
    // through a worker's cache of open files, first empty, then holding it.
    enum Through { Root, ColdCache, WarmCache };
    for (const ShareRoot::Lookup lookup : {ShareRoot::Lookup::Fastest, ShareRoot::Lookup::Portable}) {
        const ShareRoot root(sharePath(), lookup);
        QVERIFY(root.isValid());
        OpenFileCache files;
        for (const Through through : {Root, ColdCache, WarmCache}) {
            const ShareRoot::OpenedFile opened =
                    through == Root ? root.open(name) : files.open(root, root.resolve(name));
            QVERIFY(files.size() <= 1);
            QCOMPARE(opened.status, status);
            if (status == ShareRoot::Status::Ok || status == ShareRoot::Status::NotFound)
                QCOMPARE(opened.relativePath, relativePath);
            if (status != ShareRoot::Status::Ok) {
                QVERIFY(!opened.file);
                continue;
            }
            QVERIFY(opened.file.isOpen());
            QCOMPARE(opened.fileStatus.size, qint64(content.size()));
            QCOMPARE(opened.file.readAt(0, opened.fileStatus.size + 1), content);
            QVERIFY(opened.lastModified.isValid());
        }
    }
}

void TestShareRoot::fifoDoesNotBlock()
{
    const ShareRoot root(sharePath());
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(root.open(QStringLiteral("pipe")).status, ShareRoot::Status::NotRegular);
    QVERIFY2(timer.elapsed() < 2000, "opening a FIFO blocked");
}

void TestShareRoot::reportsModificationTime()
{
    const QString path = sharePath(QStringLiteral("sub/inner.txt"));
    const QDateTime when = QDateTime(QDate(2021, 3, 4), QTime(5, 6, 7, 890), Qt::UTC);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(when, QFileDevice::FileModificationTime));
    }
    const ShareRoot::OpenedFile opened = ShareRoot(sharePath()).open(QStringLiteral("sub/inner.txt"));
    QCOMPARE(opened.status, ShareRoot::Status::Ok);
    // Seconds for HTTP dates, nanoseconds for validators.
    QCOMPARE(opened.lastModified, when.addMSecs(-890));
    QCOMPARE(opened.lastModified.timeSpec(), Qt::UTC);
    QCOMPARE(opened.fileStatus.modifiedNs, when.toMSecsSinceEpoch() * 1000000);
}

void TestShareRoot::rootGivenThroughSymlink()
{
    const ShareRoot root(outerPath(QStringLiteral("share-link")));
    QVERIFY(root.isValid());
    QCOMPARE(root.path(), QFileInfo(sharePath()).canonicalFilePath());
    QCOMPARE(root.open(QStringLiteral("a.txt")).status, ShareRoot::Status::Ok);
    QCOMPARE(root.open(QStringLiteral("link-out.txt")).status, ShareRoot::Status::Forbidden);
}

void TestShareRoot::folderSwappedForLinkAfterResolveIsRefused_data()
{
    QTest::addColumn<QString>("swapped"); // what becomes a link out between resolve and open
    QTest::addColumn<ShareRoot::Lookup>("lookup");
    for (const auto lookup : {ShareRoot::Lookup::Fastest, ShareRoot::Lookup::Portable}) {
        const char *how = lookup == ShareRoot::Lookup::Fastest ? "openat2" : "walk";
        QTest::addRow("%s: grandparent folder", how) << QStringLiteral("race") << lookup;
        QTest::addRow("%s: parent folder", how) << QStringLiteral("race/deep") << lookup;
        QTest::addRow("%s: the file itself", how) << QStringLiteral("race/deep/target.txt") << lookup;
    }
}

void TestShareRoot::folderSwappedForLinkAfterResolveIsRefused()
{
    QFETCH(QString, swapped);
    QFETCH(ShareRoot::Lookup, lookup);
    // share/race/deep/target.txt inside; outside/race-out/deep/target.txt (and
    // outside/race-out/target.txt) hold a secret.
    QTemporaryDir outside;
    QVERIFY(QDir(outside.path()).mkpath(QStringLiteral("deep")));
    QVERIFY(writeFile(outside.filePath(QStringLiteral("deep/target.txt")), "secret\n"));
    QVERIFY(writeFile(outside.filePath(QStringLiteral("target.txt")), "secret\n"));
    QVERIFY(QDir(sharePath()).mkpath(QStringLiteral("race/deep")));
    QVERIFY(writeFile(sharePath(QStringLiteral("race/deep/target.txt")), "inside\n"));
    auto cleanup = qScopeGuard([this] {
        QFile::remove(sharePath(QStringLiteral("race")));
        QDir(sharePath(QStringLiteral("race"))).removeRecursively();
        QDir(sharePath(QStringLiteral("race.old"))).removeRecursively();
        QFile::remove(sharePath(QStringLiteral("race.old"))); // when the file itself was swapped
    });

    const ShareRoot root(sharePath(), lookup);
    const ShareRoot::Resolved resolved = root.resolve(QStringLiteral("race/deep/target.txt"));
    QCOMPARE(resolved.status, ShareRoot::Status::Ok);
    QCOMPARE(root.open(resolved).status, ShareRoot::Status::Ok);

    // Someone with write access to the share swaps a part for a link out.
    const QString victim = sharePath(swapped);
    QVERIFY(QFile::rename(victim, sharePath(QStringLiteral("race.old"))));
    const QString linkTarget =
            swapped.endsWith(QLatin1String(".txt")) ? outside.filePath(QStringLiteral("target.txt")) : outside.path();
    QVERIFY(makeSymlink(linkTarget, victim));
    ShareRoot::OpenedFile opened = root.open(resolved);
    QVERIFY(opened.status != ShareRoot::Status::Ok);
    QVERIFY(!opened.file);
    // Resolving again sees the link and refuses it too.
    QCOMPARE(root.open(QStringLiteral("race/deep/target.txt")).status, ShareRoot::Status::Forbidden);
}

void TestShareRoot::invalidRoot_data()
{
    QTest::addColumn<QString>("folder");

    QTest::newRow("missing folder") << outerPath(QStringLiteral("no-such-folder"));
    QTest::newRow("regular file") << outerPath(QStringLiteral("outside.txt"));
    QTest::newRow("empty path") << QString();
}

void TestShareRoot::invalidRoot()
{
    QFETCH(QString, folder);

    const ShareRoot root(folder);
    QVERIFY(!root.isValid());
    QCOMPARE(root.open(QStringLiteral("a.txt")).status, ShareRoot::Status::Forbidden);
}

QTEST_GUILESS_MAIN(TestShareRoot)
#include "tst_shareroot.moc"
