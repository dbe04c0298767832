#include "share/directorylisting.h"
#include "share/shareroot.h"

#include <QCollator>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// Whole seconds: what the JSON form carries.
constexpr qint64 EntryTime = 1700000000;

bool setTime(const QString &path, qint64 seconds)
{
    const struct timespec times[2] = {{seconds, 0}, {seconds, 0}};
    return ::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, AT_SYMLINK_NOFOLLOW) == 0;
}

// Creates `names` in `folder`: a trailing '/' makes a folder; the file's
// content is its name, so sizes differ.
bool populate(const QString &folder, const QStringList &names)
{
    for (const QString &name : names) {
        const QString path = folder + u'/' + name;
        if (name.endsWith(u'/')) {
            if (!QDir().mkpath(path))
                return false;
        } else {
            QFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(name.toUtf8()) < 0)
                return false;
        }
        if (!setTime(QDir::cleanPath(path), EntryTime))
            return false;
    }
    return true;
}

// The listing of `relativePath`, read as a server reads it.
DirectoryListing readListing(const ShareRoot &root, const QString &relativePath = {})
{
    const std::optional<DirectoryListing> listing = DirectoryListing::read(root, relativePath);
    return listing ? *listing : DirectoryListing();
}

QStringList shownNames(const DirectoryListing &listing)
{
    QStringList names;
    for (const DirectoryListing::Entry &entry : listing.entries())
        names.append(entry.isDirectory ? entry.name + u'/' : entry.name);
    return names;
}

} // namespace

class TestDirectoryListing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void ordering_data();
    void ordering();
    void asciiOrderIsTheCollatorsOrder();
    void leavesOutWhatIsNotShared();
    void leavesOutWhatWouldNotBeServed_data();
    void leavesOutWhatWouldNotBeServed();
    void listsTheFolderHeldOpen();
    void jsonShape();
    void fromJsonAccepts_data();
    void fromJsonAccepts();
    void fromJsonRejects_data();
    void fromJsonRejects();
};

void TestDirectoryListing::roundTrip_data()
{
    QTest::addColumn<QString>("folder"); // inside the share
    QTest::addColumn<QStringList>("names");

    QTest::newRow("plain names") << QString() << QStringList{u"a.txt"_s, u"b.bin"_s, u"folder/"_s};
    QTest::newRow("double quotes") << QString() << QStringList{u"say \"hi\".txt"_s, u"\"quoted\"/"_s};
    QTest::newRow("markup characters") << QString()
                                       << QStringList{u"<script>.txt"_s, u"a & b.txt"_s, u"x>y&amp;.txt"_s};
    QTest::newRow("apostrophe") << QString() << QStringList{u"it's.txt"_s, u"'quoted'/"_s};
    QTest::newRow("chinese") << QString() << QStringList{u"中文.txt"_s, u"目录/"_s, u"文件 名.bin"_s};
    QTest::newRow("spaces") << QString()
                            << QStringList{u"with space.txt"_s, u" leading.txt"_s, u"trailing .txt"_s,
                                           u"two  spaces/"_s};
    QTest::newRow("emoji and accents") << QString() << QStringList{u"😀.png"_s, u"café.txt"_s};
    QTest::newRow("empty folder") << QString() << QStringList{};
    QTest::newRow("chinese subfolder") << u"子 目录"_s << QStringList{u"里面.txt"_s, u"<&>\"/"_s};
}

void TestDirectoryListing::roundTrip()
{
    QFETCH(QString, folder);
    QFETCH(QStringList, names);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"share"_s);
    const QString listed = folder.isEmpty() ? shared : shared + u'/' + folder;
    QVERIFY(QDir().mkpath(listed));
    QVERIFY(populate(listed, names));

    const ShareRoot root(shared);
    const ShareRoot::Resolved resolved = root.resolve(folder);
    QCOMPARE(resolved.status, ShareRoot::Status::Ok);
    QVERIFY(resolved.isDirectory);
    const DirectoryListing listing = readListing(root, resolved.relativePath);
    QCOMPARE(listing.relativePath(), folder);
    QCOMPARE(listing.entries().size(), names.size());
    QStringList sortedNames = names;
    QStringList shown = shownNames(listing);
    sortedNames.sort();
    shown.sort();
    QCOMPARE(shown, sortedNames);
    for (const DirectoryListing::Entry &entry : listing.entries()) {
        QCOMPARE(entry.modified, QDateTime::fromSecsSinceEpoch(EntryTime, QTimeZone::utc()));
        QCOMPARE(entry.size, entry.isDirectory ? 0 : entry.name.toUtf8().size());
    }

    const QByteArray json = listing.toJson();
    const std::optional<DirectoryListing> parsed = DirectoryListing::fromJson(json);
    QVERIFY(parsed);
    QCOMPARE(parsed->entries(), listing.entries());
    QCOMPARE(parsed->relativePath(), folder);
    QCOMPARE(QJsonDocument::fromJson(json).object().value(u"path"_s).toString(),
             folder.isEmpty() ? u"/"_s : u'/' + folder + u'/');
    // and once more: the client's view renders to the same document
    const std::optional<DirectoryListing> again = DirectoryListing::fromJson(parsed->toJson());
    QVERIFY(again);
    QCOMPARE(again->entries(), listing.entries());
}

void TestDirectoryListing::ordering_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("folders first") << QStringList{u"a.txt"_s, u"z/"_s, u"b/"_s, u"0.txt"_s}
                                   << QStringList{u"b/"_s, u"z/"_s, u"0.txt"_s, u"a.txt"_s};
    QTest::newRow("natural numeric order")
            << QStringList{u"file10.txt"_s, u"file2.txt"_s, u"file1.txt"_s, u"file20.txt"_s, u"file100.txt"_s}
            << QStringList{u"file1.txt"_s, u"file2.txt"_s, u"file10.txt"_s, u"file20.txt"_s, u"file100.txt"_s};
    QTest::newRow("natural order in folders")
            << QStringList{u"dir10/"_s, u"dir9/"_s, u"dir1/"_s} << QStringList{u"dir1/"_s, u"dir9/"_s, u"dir10/"_s};
    QTest::newRow("case-insensitive") << QStringList{u"b.txt"_s, u"C.txt"_s, u"a.txt"_s, u"D.txt"_s}
                                      << QStringList{u"a.txt"_s, u"b.txt"_s, u"C.txt"_s, u"D.txt"_s};
    QTest::newRow("case-insensitive and numeric together")
            << QStringList{u"File10"_s, u"file2"_s, u"FILE1"_s, u"Zeta/"_s, u"alpha/"_s}
            << QStringList{u"alpha/"_s, u"Zeta/"_s, u"FILE1"_s, u"file2"_s, u"File10"_s};
}

// The fast order for ASCII names is the collator's: random names of
// letters, digits and punctuation, listed, against QCollator's sort.
void TestDirectoryListing::asciiOrderIsTheCollatorsOrder()
{
    static const QString Alphabet = u"aAbBzZ0123456789 _-,;!?.'()[]{}@+=~$&#%^"_s;
    QRandomGenerator random(15);
    QSet<QString> unique;
    while (unique.size() < 1500) {
        QString name;
        const int length = 1 + random.bounded(8);
        for (int i = 0; i < length; ++i)
            name += Alphabet.at(random.bounded(Alphabet.size()));
        if (!name.startsWith(u'.') && !name.endsWith(u' ') && !name.startsWith(u' '))
            unique.insert(name);
    }
    const QStringList names(unique.cbegin(), unique.cend());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(populate(dir.path(), names));
    const ShareRoot root(dir.path());
    const QStringList shown = shownNames(readListing(root));
    QCOMPARE(shown.size(), names.size());

    QCollator collator(QLocale::English);
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    for (qsizetype i = 1; i < shown.size(); ++i) {
        QVERIFY2(collator.compare(shown.at(i - 1), shown.at(i)) <= 0,
                 qPrintable(u"\"%1\" before \"%2\""_s.arg(shown.at(i - 1), shown.at(i))));
    }
}

void TestDirectoryListing::ordering()
{
    QFETCH(QStringList, names);
    QFETCH(QStringList, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(populate(dir.path(), names));
    const ShareRoot root(dir.path());
    const DirectoryListing listing = readListing(root);
    QCOMPARE(shownNames(listing), expected);
    // The JSON form keeps the order.
    const std::optional<DirectoryListing> parsed = DirectoryListing::fromJson(listing.toJson());
    QVERIFY(parsed);
    QCOMPARE(shownNames(*parsed), expected);
}

void TestDirectoryListing::leavesOutWhatIsNotShared()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"share"_s);
    QVERIFY(QDir().mkpath(shared));
    QVERIFY(populate(dir.path(), {u"outside.txt"_s, u"outside-dir/"_s}));
    QVERIFY(populate(shared, {u"kept.txt"_s, u".hidden"_s, u".hidden-dir/"_s, u"dir/"_s}));
    QVERIFY(QFile::link(dir.filePath(u"outside.txt"_s), shared + u"/link-out"_s));
    QVERIFY(QFile::link(dir.filePath(u"outside-dir"_s), shared + u"/dirlink-out"_s));
    QVERIFY(QFile::link(shared + u"/kept.txt"_s, shared + u"/link-in"_s));
    QVERIFY(QFile::link(shared + u"/dir"_s, shared + u"/dirlink-in"_s));
    QVERIFY(QFile::link(shared + u"/gone"_s, shared + u"/dangling"_s));
    QCOMPARE(::mkfifo(QFile::encodeName(shared + u"/fifo"_s).constData(), 0600), 0);

    const ShareRoot root(shared);
    const DirectoryListing listing = readListing(root);
    QCOMPARE(shownNames(listing), (QStringList{u"dir/"_s, u"dirlink-in/"_s, u"kept.txt"_s, u"link-in"_s}));
}

// Every name listed answers a request for it: what would answer 403 or
// 404 is not shown. The rows a root process sees too come first.
void TestDirectoryListing::leavesOutWhatWouldNotBeServed_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("name"); // as the system spells it
    QTest::addColumn<bool>("unreadable"); // a row root cannot check: root reads everything

    QTest::newRow("control character") << u"file"_s << QByteArray("bell\x07.txt") << false;
    QTest::newRow("escape character") << u"folder"_s << QByteArray("esc\x1b[0m") << false;
    QTest::newRow("DEL character") << u"file"_s << QByteArray("del\x7f") << false;
    QTest::newRow("drive letter") << u"file"_s << QByteArray("C:x") << false;
    QTest::newRow("drive letter folder") << u"folder"_s << QByteArray("d:stuff") << false;
    QTest::newRow("backslash (a separator in requests)") << u"file"_s << QByteArray("back\\slash.txt") << false;
    QTest::newRow("not UTF-8") << u"file"_s << QByteArray("latin1-\xe9.txt") << false;
    QTest::newRow("link out of the share") << u"link-out"_s << QByteArray("out") << false;
    QTest::newRow("dangling link") << u"dangling"_s << QByteArray("dangling") << false;
    QTest::newRow("link to a FIFO") << u"link-fifo"_s << QByteArray("to-fifo") << false;
    QTest::newRow("unreadable file") << u"unreadable-file"_s << QByteArray("secret.txt") << true;
    QTest::newRow("unreadable folder") << u"unreadable-folder"_s << QByteArray("locked") << true;
    QTest::newRow("folder that cannot be searched") << u"unsearchable-folder"_s << QByteArray("noexec") << true;
    QTest::newRow("link to an unreadable file") << u"link-unreadable"_s << QByteArray("to-secret") << true;
}

void TestDirectoryListing::leavesOutWhatWouldNotBeServed()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, name);
    QFETCH(bool, unreadable);
    if (unreadable && ::geteuid() == 0)
        QSKIP("root reads every file and folder");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"share"_s);
    QVERIFY(QDir().mkpath(shared));
    QVERIFY(populate(shared, {u"kept.txt"_s}));
    QVERIFY(populate(dir.path(), {u"outside.txt"_s}));
    const QByteArray base = QFile::encodeName(shared) + '/';
    const QByteArray path = base + name;
    const auto makeFile = [](const QByteArray &at, mode_t mode) {
        const int fd = ::open(at.constData(), O_CREAT | O_WRONLY | O_CLOEXEC, mode);
        return fd >= 0 && ::write(fd, "x", 1) == 1 && ::close(fd) == 0 && ::chmod(at.constData(), mode) == 0;
    };
    if (kind == u"file"_s) {
        QVERIFY(makeFile(path, 0644));
    } else if (kind == u"folder"_s) {
        QCOMPARE(::mkdir(path.constData(), 0755), 0);
    } else if (kind == u"link-out"_s) {
        QCOMPARE(::symlink(QFile::encodeName(dir.filePath(u"outside.txt"_s)).constData(), path.constData()), 0);
    } else if (kind == u"dangling"_s) {
        QCOMPARE(::symlink("nowhere.txt", path.constData()), 0);
    } else if (kind == u"link-fifo"_s) {
        QCOMPARE(::mkfifo(QByteArray(base + ".fifo").constData(), 0600), 0);
        QCOMPARE(::symlink(".fifo", path.constData()), 0);
    } else if (kind == u"unreadable-file"_s) {
        QVERIFY(makeFile(path, 0200));
    } else if (kind == u"unreadable-folder"_s) {
        QCOMPARE(::mkdir(path.constData(), 0311), 0);
    } else if (kind == u"unsearchable-folder"_s) {
        QCOMPARE(::mkdir(path.constData(), 0644), 0);
    } else if (kind == u"link-unreadable"_s) {
        QVERIFY(makeFile(QByteArray(base + ".secret"), 0200));
        QCOMPARE(::symlink(".secret", path.constData()), 0);
    } else {
        QFAIL("unknown kind");
    }

    const ShareRoot root(shared);
    QCOMPARE(shownNames(readListing(root)), QStringList{u"kept.txt"_s});
}

// Renaming the shared folder and putting a link at its old path does not
// make the share list the folder the link leads to.
void TestDirectoryListing::listsTheFolderHeldOpen()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString shared = dir.filePath(u"share"_s);
    const QString other = dir.filePath(u"other"_s);
    QVERIFY(QDir().mkpath(shared + u"/sub"_s));
    QVERIFY(QDir().mkpath(other + u"/sub"_s));
    QVERIFY(populate(shared, {u"original.txt"_s, u"sub/inner-original.txt"_s}));
    QVERIFY(populate(other, {u"other.txt"_s, u"sub/inner-other.txt"_s}));

    const ShareRoot root(shared);
    QVERIFY(root.isValid());
    QVERIFY(QDir().rename(shared, dir.filePath(u"moved"_s)));
    QVERIFY(QFile::link(other, shared));

    for (const QString &folder : {QString(), u"sub"_s}) {
        const QStringList names = shownNames(readListing(root, folder));
        QVERIFY2(!names.contains(u"other.txt"_s) && !names.contains(u"inner-other.txt"_s),
                 qPrintable(names.join(u", "_s)));
    }
    QCOMPARE(shownNames(readListing(root)), (QStringList{u"sub/"_s, u"original.txt"_s}));
    QCOMPARE(shownNames(readListing(root, u"sub"_s)), QStringList{u"inner-original.txt"_s});
}

void TestDirectoryListing::jsonShape()
{
    const QByteArray json =
            R"({"path":"/sub/","entries":[{"name":"f","size":12,"modified":"2023-11-14T22:13:20Z","directory":false},{"name":"d","directory":true}]})";
    const std::optional<DirectoryListing> parsed = DirectoryListing::fromJson(json);
    QVERIFY(parsed);
    QCOMPARE(parsed->relativePath(), u"sub"_s);
    QCOMPARE(parsed->entries().size(), 2);
    const DirectoryListing::Entry file = parsed->entries().at(0);
    QCOMPARE(file.name, u"f"_s);
    QCOMPARE(file.size, 12);
    QCOMPARE(file.modified, QDateTime::fromSecsSinceEpoch(EntryTime, QTimeZone::utc()));
    QVERIFY(!file.isDirectory);
    QVERIFY(parsed->entries().at(1).isDirectory);

    const QJsonObject document = QJsonDocument::fromJson(parsed->toJson()).object();
    QCOMPARE(document.value(u"path"_s).toString(), u"/sub/"_s);
    const QJsonObject first = document.value(u"entries"_s).toArray().at(0).toObject();
    QCOMPARE(first.value(u"name"_s).toString(), u"f"_s);
    QCOMPARE(first.value(u"size"_s).toInteger(), 12);
    QCOMPARE(first.value(u"modified"_s).toString(), u"2023-11-14T22:13:20Z"_s);
    QCOMPARE(first.value(u"directory"_s).toBool(), false);
}

void TestDirectoryListing::fromJsonAccepts_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("entries");

    QTest::newRow("no entries") << QByteArray(R"({"entries":[]})") << 0;
    QTest::newRow("name only") << QByteArray(R"({"entries":[{"name":"a"}]})") << 1;
    QTest::newRow("unknown fields ignored") << QByteArray(R"({"x":1,"entries":[{"name":"a","extra":[1,2]}]})") << 1;
    QTest::newRow("large but valid size") << QByteArray(R"({"entries":[{"name":"a","size":1099511627776}]})") << 1;
    QTest::newRow("chinese name") << QString::fromUtf8(R"({"entries":[{"name":"中文"}]})").toUtf8() << 1;
    QTest::newRow("escaped name") << QByteArray(R"({"entries":[{"name":"\u4e2d\"<&>"}]})") << 1;
}

void TestDirectoryListing::fromJsonAccepts()
{
    QFETCH(QByteArray, json);
    QFETCH(int, entries);
    const std::optional<DirectoryListing> parsed = DirectoryListing::fromJson(json);
    QVERIFY(parsed);
    QCOMPARE(parsed->entries().size(), entries);
    for (const DirectoryListing::Entry &entry : parsed->entries())
        QVERIFY(entry.size >= 0);
}

void TestDirectoryListing::fromJsonRejects_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("empty document") << QByteArray();
    QTest::newRow("garbage") << QByteArray("this is not JSON");
    QTest::newRow("HTML page") << QByteArray("<!DOCTYPE html><html></html>");
    QTest::newRow("truncated") << QByteArray(R"({"entries":[{"name":"a"})");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe{", 4);
    QTest::newRow("array") << QByteArray(R"([{"name":"a"}])");
    QTest::newRow("number") << QByteArray("42");
    QTest::newRow("string") << QByteArray(R"("entries")");
    QTest::newRow("null") << QByteArray("null");
    QTest::newRow("object without entries") << QByteArray(R"({"path":"/"})");
    QTest::newRow("entries is an object") << QByteArray(R"({"entries":{"name":"a"}})");
    QTest::newRow("entries is a string") << QByteArray(R"({"entries":"a"})");
    QTest::newRow("entries is null") << QByteArray(R"({"entries":null})");
    QTest::newRow("entry is a number") << QByteArray(R"({"entries":[1]})");
    QTest::newRow("entry is a string") << QByteArray(R"({"entries":["a.txt"]})");
    QTest::newRow("entry without a name") << QByteArray(R"({"entries":[{"size":1}]})");
    QTest::newRow("empty name") << QByteArray(R"({"entries":[{"name":""}]})");
    QTest::newRow("empty name after a good one") << QByteArray(R"({"entries":[{"name":"a"},{"name":""}]})");
    QTest::newRow("name is a number") << QByteArray(R"({"entries":[{"name":5}]})");
    QTest::newRow("name is null") << QByteArray(R"({"entries":[{"name":null}]})");
    // A size no 64-bit integer holds must not reach a conversion (undefined behaviour).
    QTest::newRow("size 1e300") << QByteArray(R"({"entries":[{"name":"a","size":1e300}]})");
    QTest::newRow("size 2^63") << QByteArray(R"({"entries":[{"name":"a","size":9223372036854775808}]})");
    QTest::newRow("size -1e300") << QByteArray(R"({"entries":[{"name":"a","size":-1e300}]})");
    QTest::newRow("negative size") << QByteArray(R"({"entries":[{"name":"a","size":-5}]})");
}

void TestDirectoryListing::fromJsonRejects()
{
    QFETCH(QByteArray, json);
    QVERIFY(!DirectoryListing::fromJson(json));
}

QTEST_GUILESS_MAIN(TestDirectoryListing)
#include "tst_directorylisting.moc"
