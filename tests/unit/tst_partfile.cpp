#include "client/partfile.h"
#include "os/renamenoreplace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <limits>
#include <sys/stat.h>
#include <sys/xattr.h>

using namespace Qt::StringLiterals;

namespace {

constexpr char Attribute[] = "user.ferry.version";

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

bool hasAttribute(const QString &path)
{
    return ::getxattr(QFile::encodeName(path).constData(), Attribute, nullptr, 0) >= 0;
}

quint64 inode(const QString &path)
{
    struct stat st
    { };
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_ino : 0;
}

} // namespace

class TestPartFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void freshWriteAndSize();
    void versionRoundTrip_data();
    void versionRoundTrip();
    void unusableVersionsAreNotStored_data();
    void unusableVersionsAreNotStored();
    void storeVersionNeedsAnOpenFile();
    void originRoundTrip_data();
    void originRoundTrip();
    void openFreshForgetsVersionAndContent();
    void openForAppendKeepsContent();
    void commitReplacesDestinationAtomically_data();
    void commitReplacesDestinationAtomically();
    void removeDeletesOnlyThePart();
    void noAttributeIsUnusable();
    void malformedAttributeIsUnusable_data();
    void malformedAttributeIsUnusable();
    void openFreshDoesNotWriteThroughALink_data();
    void openFreshDoesNotWriteThroughALink();
    void openForAppendDoesNotWriteThroughASymlink();
    void renameNoReplace_data();
    void renameNoReplace();
    void commitKeepingExisting_data();
    void commitKeepingExisting();
    void commitKeepingExistingWhenAllAreTaken();
    void setDestinationMovesOnlyTheCommit_data();
    void setDestinationMovesOnlyTheCommit();

private:
    QString destination(const QString &name = u"file.bin"_s) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestPartFile::initTestCase()
{
    QTemporaryDir probe;
    QVERIFY(probe.isValid());
    const QString path = probe.filePath(u"probe"_s);
    QVERIFY(writeAll(path, "x"));
    if (::setxattr(QFile::encodeName(path).constData(), "user.ferry.probe", "1", 1, 0) != 0)
        QSKIP("the temporary folder's file system has no user extended attributes");
}

void TestPartFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestPartFile::freshWriteAndSize()
{
    PartFile part(destination());
    QCOMPARE(part.destination(), destination());
    QCOMPARE(part.path(), destination() + u".part"_s);
    QVERIFY(!part.exists());
    QCOMPARE(part.size(), 0);
    QVERIFY(!part.isOpen());

    QVERIFY(part.openFresh());
    QVERIFY(part.isOpen());
    QVERIFY(part.exists());
    QCOMPARE(part.size(), 0);
    QVERIFY(part.write("hello ", 6));
    QVERIFY(part.write("world", 5));
    QCOMPARE(part.size(), 11);
    part.close();
    QVERIFY(!part.isOpen());
    QCOMPARE(part.size(), 11);
    QCOMPARE(readAll(part.path()), QByteArray("hello world"));
    QVERIFY(!QFile::exists(destination()));
}

void TestPartFile::versionRoundTrip_data()
{
    QTest::addColumn<QByteArray>("validator");
    QTest::addColumn<qint64>("size");

    QTest::newRow("entity tag") << QByteArray("\"2710-17a2b3c4d5e6f-1f2e3\"") << qint64(10000);
    QTest::newRow("HTTP date with spaces") << QByteArray("Tue, 02 Jan 2024 03:04:05 GMT") << qint64(1);
    QTest::newRow("768 MiB") << QByteArray("\"abc\"") << qint64(768) * 1024 * 1024;
    QTest::newRow("larger than 4 GiB") << QByteArray("\"abc\"") << qint64(5) * 1024 * 1024 * 1024;
    QTest::newRow("INT64_MAX") << QByteArray("\"abc\"") << std::numeric_limits<qint64>::max();
    QTest::newRow("long validator") << QByteArray('"' + QByteArray(900, 'v') + '"') << qint64(42);
}

void TestPartFile::versionRoundTrip()
{
    QFETCH(QByteArray, validator);
    QFETCH(qint64, size);

    PartFile part(destination());
    QVERIFY(part.openFresh());
    QVERIFY(part.storeVersion({validator, size}));
    QVERIFY(part.write("abc", 3));
    QCOMPARE(part.storedVersion().validator, validator);
    part.close();

    // A later attempt (another object) finds it.
    const PartFile later(destination());
    const PartFile::Version stored = later.storedVersion();
    QVERIFY(stored.isUsable());
    QCOMPARE(stored.validator, validator);
    QCOMPARE(stored.size, size);
}

void TestPartFile::unusableVersionsAreNotStored_data()
{
    QTest::addColumn<QByteArray>("validator");
    QTest::addColumn<qint64>("size");
    QTest::newRow("empty validator") << QByteArray() << qint64(10);
    QTest::newRow("size 0") << QByteArray("\"a\"") << qint64(0);
    QTest::newRow("unknown size") << QByteArray("\"a\"") << qint64(-1);
}

void TestPartFile::unusableVersionsAreNotStored()
{
    QFETCH(QByteArray, validator);
    QFETCH(qint64, size);
    PartFile part(destination());
    QVERIFY(part.openFresh());
    QVERIFY(!part.storeVersion({validator, size}));
    part.close();
    QVERIFY(!part.storedVersion().isUsable());
    QVERIFY(!hasAttribute(part.path()));
}

void TestPartFile::originRoundTrip_data()
{
    QTest::addColumn<QByteArray>("validator");
    QTest::addColumn<QByteArray>("origin");
    QTest::newRow("entity tag, IPv6 origin") << QByteArray("\"abc\"") << QByteArray("http://[::1]:9000");
    QTest::newRow("date with spaces") << QByteArray("Tue, 02 Jan 2024 03:04:05 GMT")
                                      << QByteArray("http://127.0.0.1:8888");
    QTest::newRow("no origin (an older record)") << QByteArray("Tue, 02 Jan 2024 03:04:05 GMT") << QByteArray();
}

// The record says which server the bytes came from, so that a resume asks
// only that one; a record without an origin reads back without one.
void TestPartFile::originRoundTrip()
{
    QFETCH(QByteArray, validator);
    QFETCH(QByteArray, origin);
    PartFile part(destination());
    QVERIFY(part.openFresh());
    QVERIFY(part.storeVersion({validator, 1234, origin}));
    part.close();
    const PartFile::Version stored = PartFile(destination()).storedVersion();
    QCOMPARE(stored.validator, validator);
    QCOMPARE(stored.size, qint64(1234));
    QCOMPARE(stored.origin, origin);
}

void TestPartFile::storeVersionNeedsAnOpenFile()
{
    PartFile part(destination());
    QVERIFY(!part.storeVersion({"\"a\"", 10}));
    QVERIFY(part.openFresh());
    part.close();
    QVERIFY(!part.storeVersion({"\"a\"", 10}));
    QVERIFY(!part.storedVersion().isUsable());
}

void TestPartFile::openFreshForgetsVersionAndContent()
{
    PartFile part(destination());
    QVERIFY(part.openFresh());
    QVERIFY(part.write("old bytes", 9));
    QVERIFY(part.storeVersion({"\"v1\"", 100}));
    part.close();
    QVERIFY(part.storedVersion().isUsable());

    PartFile again(destination());
    QVERIFY(again.openFresh());
    QCOMPARE(again.size(), 0);
    QVERIFY(!again.storedVersion().isUsable());
    again.close();
    QCOMPARE(readAll(again.path()), QByteArray());
    QVERIFY(!again.storedVersion().isUsable());
    QVERIFY(!hasAttribute(again.path()));
}

void TestPartFile::openForAppendKeepsContent()
{
    {
        PartFile part(destination());
        QVERIFY(part.openFresh());
        QVERIFY(part.write("first half|", 11));
        QVERIFY(part.storeVersion({"\"v1\"", 22}));
        part.close();
    }
    PartFile part(destination());
    QVERIFY(part.openForAppend());
    QCOMPARE(part.size(), 11);
    QVERIFY(part.write("second half", 11));
    QCOMPARE(part.size(), 22);
    part.close();
    QCOMPARE(readAll(part.path()), QByteArray("first half|second half"));
    const PartFile::Version stored = part.storedVersion();
    QCOMPARE(stored.validator, QByteArray("\"v1\""));
    QCOMPARE(stored.size, 22);

    // Appending to nothing starts a new file.
    PartFile other(destination(u"other.bin"_s));
    QVERIFY(other.openForAppend());
    QVERIFY(other.write("x", 1));
    other.close();
    QCOMPARE(readAll(other.path()), QByteArray("x"));
}

void TestPartFile::commitReplacesDestinationAtomically_data()
{
    QTest::addColumn<bool>("destinationExists");
    QTest::addColumn<bool>("closeFirst");
    QTest::newRow("new destination, still open") << false << false;
    QTest::newRow("existing destination, still open") << true << false;
    QTest::newRow("existing destination, closed first") << true << true;
}

void TestPartFile::commitReplacesDestinationAtomically()
{
    QFETCH(bool, destinationExists);
    QFETCH(bool, closeFirst);

    if (destinationExists)
        QVERIFY(writeAll(destination(), "the previous, longer version of the file"));
    PartFile part(destination());
    QVERIFY(part.openFresh());
    QVERIFY(part.storeVersion({"\"v2\"", 11}));
    QVERIFY(part.write("new content", 11));
    if (closeFirst)
        part.close();
    const quint64 partInode = inode(part.path());
    QVERIFY(partInode != 0);

    QVERIFY2(part.commit(), qPrintable(part.errorString()));
    QVERIFY(!part.isOpen());
    QVERIFY(!QFile::exists(part.path()));
    QCOMPARE(readAll(destination()), QByteArray("new content"));
    // rename(2): the very same file, not a copy
    QCOMPARE(inode(destination()), partInode);
    QVERIFY2(!hasAttribute(destination()), "the finished file carries no resume attribute");
}

void TestPartFile::removeDeletesOnlyThePart()
{
    QVERIFY(writeAll(destination(), "keep me"));
    PartFile part(destination());
    QVERIFY(part.remove()); // nothing to remove is fine
    QVERIFY(part.openFresh());
    QVERIFY(part.write("partial", 7));
    QVERIFY(part.remove());
    QVERIFY(!part.isOpen());
    QVERIFY(!part.exists());
    QVERIFY(!QFile::exists(part.path()));
    QCOMPARE(readAll(destination()), QByteArray("keep me"));
}

void TestPartFile::noAttributeIsUnusable()
{
    PartFile part(destination());
    QVERIFY(!part.storedVersion().isUsable()); // no file at all
    QVERIFY(writeAll(part.path(), "bytes from somewhere else"));
    const PartFile::Version version = part.storedVersion();
    QVERIFY(!version.isUsable());
    QVERIFY(version.validator.isEmpty());
}

void TestPartFile::malformedAttributeIsUnusable_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no space") << QByteArray("1234");
    QTest::newRow("only a validator") << QByteArray("\"tag\"");
    QTest::newRow("leading space") << QByteArray(" 12 \"tag\"");
    QTest::newRow("size not a number") << QByteArray("abc \"tag\"");
    QTest::newRow("negative size") << QByteArray("-5 \"tag\"");
    QTest::newRow("size 0") << QByteArray("0 \"tag\"");
    QTest::newRow("no validator") << QByteArray("12 ");
    QTest::newRow("size overflows") << QByteArray("99999999999999999999999 \"tag\"");
}

void TestPartFile::malformedAttributeIsUnusable()
{
    QFETCH(QByteArray, value);
    PartFile part(destination());
    QVERIFY(writeAll(part.path(), "abc"));
    QCOMPARE(::setxattr(QFile::encodeName(part.path()).constData(), Attribute, value.constData(), size_t(value.size()),
                        0),
             0);
    QVERIFY(!part.storedVersion().isUsable());
}

void TestPartFile::openFreshDoesNotWriteThroughALink_data()
{
    QTest::addColumn<bool>("hardLink");
    QTest::newRow("symlink to a file elsewhere") << false;
    QTest::newRow("hard link to a file elsewhere") << true;
}

void TestPartFile::openFreshDoesNotWriteThroughALink()
{
    QFETCH(bool, hardLink);
    QTemporaryDir elsewhere;
    QVERIFY(elsewhere.isValid());
    const QString victim = elsewhere.filePath(u"victim.txt"_s);
    QVERIFY(writeAll(victim, "precious"));

    PartFile part(destination());
    if (hardLink)
        QCOMPARE(::link(QFile::encodeName(victim).constData(), QFile::encodeName(part.path()).constData()), 0);
    else
        QVERIFY(QFile::link(victim, part.path()));

    if (part.openFresh()) {
        QVERIFY(part.write("attacker-chosen bytes", 21));
        QVERIFY(part.commit());
        QCOMPARE(readAll(destination()), QByteArray("attacker-chosen bytes"));
        QVERIFY(!QFileInfo(destination()).isSymLink());
    }
    QCOMPARE(readAll(victim), QByteArray("precious"));
}

void TestPartFile::openForAppendDoesNotWriteThroughASymlink()
{
    QTemporaryDir elsewhere;
    QVERIFY(elsewhere.isValid());
    const QString victim = elsewhere.filePath(u"victim.txt"_s);
    QVERIFY(writeAll(victim, "precious"));

    PartFile part(destination());
    QVERIFY(QFile::link(victim, part.path()));
    if (part.openForAppend()) {
        QVERIFY(part.write("+more", 5));
        part.close();
    }
    QCOMPARE(readAll(victim), QByteArray("precious"));
}

// What can already be at a name: commits must leave all of them alone.
enum class Occupant { File, DanglingLink, Folder };

namespace {

bool occupy(const QString &path, Occupant occupant)
{
    switch (occupant) {
    case Occupant::File:
        return writeAll(path, "old " + QFile::encodeName(QFileInfo(path).fileName()));
    case Occupant::DanglingLink:
        return QFile::link(path + u".nowhere"_s, path);
    case Occupant::Folder:
        return QDir().mkdir(path);
    }
    return false;
}

void checkUntouched(const QString &path, Occupant occupant)
{
    const QFileInfo info(path);
    switch (occupant) {
    case Occupant::File:
        QCOMPARE(readAll(path), "old " + QFile::encodeName(info.fileName()));
        break;
    case Occupant::DanglingLink:
        QVERIFY(info.isSymLink());
        QVERIFY(!info.exists()); // still dangling: nothing written through it
        break;
    case Occupant::Folder:
        QVERIFY(info.isDir());
        QVERIFY(QDir(path).isEmpty());
        break;
    }
}

} // namespace

void TestPartFile::renameNoReplace_data()
{
    QTest::addColumn<bool>("sourceExists");
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("occupant"); // -1: none
    QTest::addColumn<int>("error");

    QTest::newRow("free name") << true << u"to"_s << -1 << 0;
    QTest::newRow("a file there") << true << u"to"_s << int(Occupant::File) << EEXIST;
    QTest::newRow("a dangling link there") << true << u"to"_s << int(Occupant::DanglingLink) << EEXIST;
    QTest::newRow("a folder there") << true << u"to"_s << int(Occupant::Folder) << EEXIST;
    QTest::newRow("no source") << false << u"to"_s << -1 << ENOENT;
    QTest::newRow("no such folder") << true << u"missing/to"_s << -1 << ENOENT;
}

void TestPartFile::renameNoReplace()
{
    QFETCH(bool, sourceExists);
    QFETCH(QString, target);
    QFETCH(int, occupant);
    QFETCH(int, error);

    const QString from = destination(u"from"_s);
    const QString to = destination(target);
    if (sourceExists)
        QVERIFY(writeAll(from, "moving"));
    if (occupant >= 0)
        QVERIFY(occupy(to, Occupant(occupant)));
    const quint64 source = inode(from);

    QCOMPARE(Os::renameNoReplace(from, to), error);
    if (error == 0) {
        QVERIFY(!QFileInfo::exists(from));
        QCOMPARE(inode(to), source);
        QCOMPARE(readAll(to), QByteArray("moving"));
    } else if (sourceExists) {
        QCOMPARE(readAll(from), QByteArray("moving"));
    }
    if (occupant >= 0)
        checkUntouched(to, Occupant(occupant));
}

void TestPartFile::commitKeepingExisting_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("taken");
    QTest::addColumn<int>("occupant");
    QTest::addColumn<QString>("committedAs");

    const int file = int(Occupant::File);
    QTest::newRow("free name") << u"file.bin"_s << QStringList() << file << u"file.bin"_s;
    QTest::newRow("taken name gets (1)") << u"file.bin"_s << QStringList{u"file.bin"_s} << file << u"file (1).bin"_s;
    QTest::newRow("several taken") << u"file.bin"_s << QStringList{u"file.bin"_s, u"file (1).bin"_s, u"file (2).bin"_s}
                                   << file << u"file (3).bin"_s;
    QTest::newRow("the first gap") << u"file.bin"_s << QStringList{u"file.bin"_s, u"file (2).bin"_s} << file
                                   << u"file (1).bin"_s;
    QTest::newRow("only a numbered one taken")
            << u"file.bin"_s << QStringList{u"file (1).bin"_s} << file << u"file.bin"_s;
    QTest::newRow("tar.gz") << u"a.tar.gz"_s << QStringList{u"a.tar.gz"_s} << file << u"a (1).tar.gz"_s;
    QTest::newRow("no extension") << u"README"_s << QStringList{u"README"_s} << file << u"README (1)"_s;
    QTest::newRow("hidden file") << u".bashrc"_s << QStringList{u".bashrc"_s} << file << u".bashrc (1)"_s;
    QTest::newRow("Chinese") << u"报告.pdf"_s << QStringList{u"报告.pdf"_s} << file << u"报告 (1).pdf"_s;
    QTest::newRow("a dangling link is taken")
            << u"file.bin"_s << QStringList{u"file.bin"_s} << int(Occupant::DanglingLink) << u"file (1).bin"_s;
    QTest::newRow("a folder is taken") << u"file.bin"_s << QStringList{u"file.bin"_s} << int(Occupant::Folder)
                                       << u"file (1).bin"_s;
}

void TestPartFile::commitKeepingExisting()
{
    QFETCH(QString, name);
    QFETCH(QStringList, taken);
    QFETCH(int, occupant);
    QFETCH(QString, committedAs);

    for (const QString &takenName : std::as_const(taken))
        QVERIFY(occupy(destination(takenName), Occupant(occupant)));
    PartFile part(destination(name));
    QVERIFY(part.openFresh());
    QVERIFY(part.storeVersion({"\"v1\"", 11}));
    QVERIFY(part.write("new content", 11));
    const quint64 partInode = inode(part.path());

    QVERIFY2(part.commitKeepingExisting(), qPrintable(part.errorString()));
    QCOMPARE(part.destination(), destination(committedAs));
    QVERIFY(!part.isOpen());
    QVERIFY(!QFileInfo::exists(part.path()));
    QCOMPARE(inode(part.destination()), partInode);
    QCOMPARE(readAll(part.destination()), QByteArray("new content"));
    QVERIFY2(!hasAttribute(part.destination()), "the finished file carries no resume attribute");
    for (const QString &takenName : std::as_const(taken))
        checkUntouched(destination(takenName), Occupant(occupant));
    QCOMPARE(
            QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot).size(),
            taken.size() + 1);
}

void TestPartFile::commitKeepingExistingWhenAllAreTaken()
{
    QVERIFY(occupy(destination(), Occupant::File));
    for (int n = 1; n <= 999; ++n)
        QVERIFY(occupy(destination(u"file (%1).bin"_s.arg(n)), Occupant::File));
    PartFile part(destination());
    QVERIFY(part.openFresh());
    QVERIFY(part.write("new content", 11));

    QVERIFY(!part.commitKeepingExisting());
    QVERIFY(!part.errorString().isEmpty());
    QCOMPARE(part.destination(), destination());
    QCOMPARE(readAll(part.path()), QByteArray("new content")); // kept, for another try
    checkUntouched(destination(), Occupant::File);
    checkUntouched(destination(u"file (999).bin"_s), Occupant::File);
    QVERIFY(!QFileInfo::exists(destination(u"file (1000).bin"_s)));
}

void TestPartFile::setDestinationMovesOnlyTheCommit_data()
{
    QTest::addColumn<bool>("keepExisting");
    QTest::addColumn<bool>("nameTaken");
    QTest::addColumn<QString>("committedAs");

    QTest::newRow("commit") << false << false << u"report.pdf"_s;
    QTest::newRow("commit replaces what -o names") << false << true << u"report.pdf"_s;
    QTest::newRow("commit keeping existing") << true << false << u"report.pdf"_s;
    QTest::newRow("commit keeping existing, name taken") << true << true << u"report (1).pdf"_s;
}

// A job that learns the name from Content-Disposition: the bytes went to
// the provisional name's .part, and land under the new name.
void TestPartFile::setDestinationMovesOnlyTheCommit()
{
    QFETCH(bool, keepExisting);
    QFETCH(bool, nameTaken);
    QFETCH(QString, committedAs);

    if (nameTaken)
        QVERIFY(occupy(destination(u"report.pdf"_s), Occupant::File));
    PartFile part(destination(u"download"_s));
    QVERIFY(part.openFresh());
    QVERIFY(part.write("pdf bytes", 9));
    part.setDestination(destination(u"report.pdf"_s));
    QCOMPARE(part.destination(), destination(u"report.pdf"_s));
    QCOMPARE(part.path(), destination(u"download.part"_s));
    QVERIFY(part.write("!", 1)); // still writing to the same file

    QVERIFY2(keepExisting ? part.commitKeepingExisting() : part.commit(), qPrintable(part.errorString()));
    QCOMPARE(part.destination(), destination(committedAs));
    QCOMPARE(readAll(destination(committedAs)), QByteArray("pdf bytes!"));
    QVERIFY(!QFileInfo::exists(destination(u"download.part"_s)));
    QVERIFY(!QFileInfo::exists(destination(u"download"_s)));
    if (nameTaken && keepExisting)
        checkUntouched(destination(u"report.pdf"_s), Occupant::File);
}

QTEST_GUILESS_MAIN(TestPartFile)
#include "tst_partfile.moc"
