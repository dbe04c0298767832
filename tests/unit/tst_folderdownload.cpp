#include "client/folderdownload.h"
#include "loopbackshare.h"
#include "scriptedserver.h"
#include "server/shareserver.h"
#include "testcertificates.h"
#include "testdata.h"
#include "tlsfrontend.h"
#include "wire/httprequest.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

bool writeFile(const QString &path, const QByteArray &content)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// Everything below `root`, links not followed: relative path -> content
// ("<dir>" for folders, "-> target" for links).
QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> result;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        const QString relative = QDir(root).relativeFilePath(path);
        if (info.isSymLink()) {
            result.insert(relative, QByteArray("-> " + QFile::encodeName(info.symLinkTarget())));
        } else if (info.isDir()) {
            result.insert(relative, "<dir>");
        } else {
            QFile file(path);
            result.insert(relative, file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>"));
        }
    }
    return result;
}

QString describe(const QMap<QString, QByteArray> &tree)
{
    QStringList lines;
    for (auto it = tree.cbegin(); it != tree.cend(); ++it)
        lines.append(it.key() + u" ("_s + QString::number(it.value().size()) + u" bytes)"_s);
    return lines.join(u", "_s);
}

QByteArray jsonListing(const QList<std::tuple<QString, qint64, bool>> &entries)
{
    QJsonArray array;
    for (const auto &[name, size, directory] : entries) {
        array.append(QJsonObject{{u"name"_s, name},
                                 {u"size"_s, size},
                                 {u"directory"_s, directory},
                                 {u"modified"_s, u"2024-01-02T03:04:05Z"_s}});
    }
    return QJsonDocument(QJsonObject{{u"path"_s, u"/"_s}, {u"entries"_s, array}}).toJson(QJsonDocument::Compact);
}

// A share that lies: it answers listings (paths ending in '/') and files
// from fixed tables, whatever names they contain.
struct HostileShare
{
    QMap<QString, QByteArray> listings; // decoded path -> JSON
    QMap<QString, QByteArray> files; // decoded path -> body
    // Listings made up on the spot for folders not in the table.
    std::function<QByteArray(const QString &path)> listingFor;

    // What a ScriptedServer answers as this share (which must outlive it).
    ScriptedServer::Script script() const
    {
        return [this](const QByteArray &received) { return answer(received); };
    }

    // The answer once `received` holds a whole request head.
    std::optional<ScriptedServer::Reply> answer(const QByteArray &received) const
    {
        const qsizetype end = findHeadEnd(received);
        if (end < 0)
            return std::nullopt;
        const auto parsed = parseHttpRequest(QByteArrayView(received).first(end));
        if (!std::holds_alternative<HttpRequest>(parsed))
            return ScriptedServer::Reply::of({}, ScriptedServer::Ending::Reset);
        const QString path = std::get<HttpRequest>(parsed).path;
        QByteArray status = "200 OK";
        QByteArray type = "application/octet-stream";
        QByteArray body;
        if (listings.contains(path) || (listingFor && path.endsWith(u'/'))) {
            body = listings.contains(path) ? listings.value(path) : listingFor(path);
            type = "application/json";
        } else if (files.contains(path)) {
            body = files.value(path);
        } else {
            status = "404 Not Found";
            body = "404 Not Found\n";
        }
        return ScriptedServer::Reply::of("HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                                         + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    }
};

// Every path the server was asked for, decoded.
QStringList requestedPaths(const ScriptedServer &server)
{
    QStringList paths;
    for (const QByteArray &request : server.requests()) {
        const auto parsed = parseHttpRequest(QByteArrayView(request).first(findHeadEnd(request)));
        if (std::holds_alternative<HttpRequest>(parsed))
            paths.append(std::get<HttpRequest>(parsed).path);
    }
    return paths;
}

} // namespace

class TestFolderDownload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void recreatesTheRemoteFolder_data();
    void recreatesTheRemoteFolder();
    void missingFolderIsNotFound_data();
    void missingFolderIsNotFound();
    void hostileNamesStayInside_data();
    void hostileNamesStayInside();
    void plantedSymlinkCannotCarryFiles_data();
    void plantedSymlinkCannotCarryFiles();
    void endlessFoldersStop();
    void endlessNamesStop();
    void recreatesTheFolderAtAUrl_data();
    void recreatesTheFolderAtAUrl();
    void refusedCertificateLeavesNothing_data();
    void refusedCertificateLeavesNothing();

private:
    struct Result
    {
        DownloadJob::Outcome outcome = DownloadJob::Outcome::Failed;
        QString message;
        QStringList skipped;
        QStringList failedFiles;
        int certificateProblems = 0;
    };
    Result run(quint16 port, const QString &remoteFolder, const QString &localFolder,
               qsizetype maxEntries = FolderDownload::Request().maxEntries);
    Result run(FolderDownload::Request request);
    // A folder URL's request: defaults as run()'s for HOST:PORT.
    static FolderDownload::Request requestFor(const QUrl &folder, const QString &localFolder);

    QTemporaryDir m_tmp;
    QString m_share;
    QString m_work; // holds the download folder and its neighbours
    QString m_download; // the chosen download folder
    ShareServer *m_server = nullptr;
    TestCertificates m_pki;
};

// Every test runs one file at a time and with four at once (-j 4).
void TestFolderDownload::initTestCase_data()
{
    QTest::addColumn<int>("jobs");
    QTest::newRow("one at a time") << 1;
    QTest::newRow("four at once") << 4;
}

void TestFolderDownload::initTestCase()
{
    qRegisterMetaType<DownloadJob::Outcome>();
    QVERIFY(m_tmp.isValid());
    m_share = m_tmp.filePath(u"share"_s);
    QVERIFY(writeFile(m_share + u"/top.txt"_s, "top\n"));
    QVERIFY(writeFile(m_share + u"/docs/readme.txt"_s, "read me\n"));
    QVERIFY(writeFile(m_share + u"/docs/中文 文件.txt"_s, randomBytes(5000, 1)));
    QVERIFY(writeFile(m_share + u"/docs/empty.txt"_s, {}));
    QVERIFY(writeFile(m_share + u"/docs/sub/big.bin"_s, randomBytes(3 * 1024 * 1024 + 17, 2)));
    QVERIFY(writeFile(m_share + u"/docs/sub/深层/c.txt"_s, "deep\n"));
    QVERIFY(writeFile(m_share + u"/docs/sub/file10.txt"_s, "10\n"));
    QVERIFY(writeFile(m_share + u"/docs/sub/file2.txt"_s, "2\n"));
    QVERIFY(QDir().mkpath(m_share + u"/docs/emptydir"_s));
    QVERIFY(writeFile(m_share + u"/odd 100%/a%20b #1?.txt"_s, "percent\n"));
    QVERIFY(writeFile(m_share + u"/odd 100%/%E4%B8%AD/x.txt"_s, "literal escapes\n"));
    QVERIFY(writeFile(m_share + u"/中文目录/里面.txt"_s, randomBytes(70000, 3)));
    QVERIFY(writeFile(m_share + u"/中文目录/子 目录/更深.bin"_s, randomBytes(1000, 4)));

    m_server = new ShareServer(this);
    ShareServer::Options options = loopbackShare(m_share);
    QVERIFY2(m_server->start(options), qPrintable(m_server->errorString()));
    QVERIFY2(m_pki.isValid(), qPrintable(m_pki.errorString()));
}

void TestFolderDownload::cleanupTestCase()
{
    m_server->stop();
    // Digests of served files may still be computing.
    QThreadPool::globalInstance()->waitForDone();
}

void TestFolderDownload::init()
{
    m_work = m_tmp.filePath(u"work"_s);
    QVERIFY(QDir(m_work).removeRecursively());
    m_download = m_work + u"/download"_s;
    QVERIFY(QDir().mkpath(m_download));
    // Neighbours that must never change.
    QVERIFY(writeFile(m_work + u"/escape.txt"_s, "original\n"));
    QVERIFY(writeFile(m_work + u"/outside/victim.txt"_s, "precious\n"));
}

void TestFolderDownload::cleanup()
{
    QDir(m_work).removeRecursively();
}

TestFolderDownload::Result TestFolderDownload::run(quint16 port, const QString &remoteFolder,
                                                   const QString &localFolder, qsizetype maxEntries)
{
    FolderDownload::Request request = requestFor(QUrl(), localFolder);
    request.maxEntries = maxEntries;
    request.remoteFolder = remoteFolder;
    request.defaults.host = u"127.0.0.1"_s;
    request.defaults.port = port;
    return run(request);
}

FolderDownload::Request TestFolderDownload::requestFor(const QUrl &folder, const QString &localFolder)
{
    FolderDownload::Request request;
    request.remoteUrl = folder;
    request.localFolder = localFolder;
    request.defaults.retries = 0;
    request.defaults.connectTimeoutMs = 5000;
    request.defaults.stallTimeoutMs = 10000;
    return request;
}

TestFolderDownload::Result TestFolderDownload::run(FolderDownload::Request request)
{
    QFETCH_GLOBAL(int, jobs);
    request.jobs = jobs;
    Result result;
    FolderDownload download(request);
    connect(&download, &FolderDownload::skipped, this, [&result](const QString &name) { result.skipped.append(name); });
    connect(&download, &FolderDownload::certificateProblem, this, [&result] { ++result.certificateProblems; });
    connect(&download, &FolderDownload::fileFinished, this,
            [&result](const QString &path, DownloadJob::Outcome outcome) {
                if (outcome != DownloadJob::Outcome::Done)
                    result.failedFiles.append(path);
            });
    QSignalSpy finished(&download, &FolderDownload::finished);
    download.start();
    if (finished.isEmpty() && !finished.wait(60000))
        return result;
    result.outcome = finished.first().at(0).value<DownloadJob::Outcome>();
    result.message = finished.first().at(1).toString();
    return result;
}

void TestFolderDownload::recreatesTheRemoteFolder_data()
{
    QTest::addColumn<QString>("remote");
    QTest::addColumn<QString>("sharedFolder"); // what must arrive, inside the share
    QTest::addColumn<QString>("localRoot"); // where, inside the download folder

    QTest::newRow("folder") << u"docs"_s << u"docs"_s << u"docs"_s;
    QTest::newRow("folder with a trailing slash") << u"docs/"_s << u"docs"_s << u"docs"_s;
    QTest::newRow("absolute folder") << u"/docs/"_s << u"docs"_s << u"docs"_s;
    QTest::newRow("nested folder lands under its own name") << u"docs/sub"_s << u"docs/sub"_s << u"sub"_s;
    QTest::newRow("chinese folder") << u"中文目录"_s << u"中文目录"_s << u"中文目录"_s;
    QTest::newRow("chinese nested folder with a space")
            << u"中文目录/子 目录/"_s << u"中文目录/子 目录"_s << u"子 目录"_s;
    QTest::newRow("percent, hash and question mark are literal") << u"odd 100%"_s << u"odd 100%"_s << u"odd 100%"_s;
    QTest::newRow("whole share as /") << u"/"_s << QString() << QString();
    QTest::newRow("whole share as empty") << QString() << QString() << QString();
    // Listings go through URLs, where ".." stops at the top: file requests follow the same rule.
    QTest::newRow("dot-dot stops at the top, as in a URL") << u"../"_s << QString() << QString();
    QTest::newRow("dot segments inside") << u"./docs/../docs/sub/./"_s << u"docs/sub"_s << u"sub"_s;
}

void TestFolderDownload::recreatesTheRemoteFolder()
{
    QFETCH(QString, remote);
    QFETCH(QString, sharedFolder);
    QFETCH(QString, localRoot);

    const Result result = run(m_server->serverPort(), remote, m_download);
    QVERIFY2(result.outcome == DownloadJob::Outcome::Done, qPrintable(result.message));
    QVERIFY(result.skipped.isEmpty());
    QVERIFY(result.failedFiles.isEmpty());

    const QMap<QString, QByteArray> expected =
            snapshot(sharedFolder.isEmpty() ? m_share : m_share + u'/' + sharedFolder);
    const QMap<QString, QByteArray> arrived =
            snapshot(localRoot.isEmpty() ? m_download : m_download + u'/' + localRoot);
    QVERIFY2(arrived.keys() == expected.keys(),
             qPrintable(u"got: "_s + describe(arrived) + u"\nwanted: "_s + describe(expected)));
    QVERIFY(arrived == expected);

    // Nothing else in the download folder, nothing changed beside it.
    const QStringList top =
            QDir(m_download).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
    if (!localRoot.isEmpty())
        QCOMPARE(top, QStringList{localRoot});
    QCOMPARE(QDir(m_work).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             (QStringList{u"download"_s, u"escape.txt"_s, u"outside"_s}));
}

void TestFolderDownload::missingFolderIsNotFound_data()
{
    QTest::addColumn<QString>("remote");
    QTest::newRow("missing folder") << u"no-such-folder"_s;
    QTest::newRow("missing chinese folder") << u"没有"_s;
    QTest::newRow("missing nested folder") << u"docs/nope/"_s;
}

void TestFolderDownload::missingFolderIsNotFound()
{
    QFETCH(QString, remote);
    const QMap<QString, QByteArray> before = snapshot(m_work);
    const Result result = run(m_server->serverPort(), remote, m_download);
    QVERIFY2(result.outcome == DownloadJob::Outcome::NotFound, qPrintable(result.message));
    QVERIFY(!result.message.isEmpty());
    const QMap<QString, QByteArray> after = snapshot(m_work);
    QVERIFY2(after == before, qPrintable(u"now: "_s + describe(after)));
}

void TestFolderDownload::hostileNamesStayInside_data()
{
    QTest::addColumn<QString>("remote");
    QTest::addColumn<QString>("localRoot");
    QTest::newRow("whole share") << u"/"_s << QString();
    QTest::newRow("a folder") << u"x"_s << u"x"_s;
}

void TestFolderDownload::hostileNamesStayInside()
{
    QFETCH(QString, remote);
    QFETCH(QString, localRoot);

    const QString base = remote == u"/"_s ? u"/"_s : u'/' + remote + u'/';
    HostileShare share;
    share.listings.insert(base, jsonListing({
                                        {u"../escape.txt"_s, 1, false},
                                        {u"a/b.txt"_s, 1, false},
                                        {u".."_s, 0, true},
                                        {u"."_s, 0, true},
                                        {u"../"_s, 0, true},
                                        {u"..\\escape.txt"_s, 1, false},
                                        {u"..\\..\\escape.txt"_s, 1, false},
                                        {u"/escape.txt"_s, 1, false},
                                        {m_work + u"/escape.txt"_s, 1, false},
                                        {u"C:escape.txt"_s, 1, false},
                                        {u"line\nbreak.txt"_s, 1, false},
                                        {u"ok.txt"_s, 2, false},
                                        {u"good"_s, 0, true},
                                }));
    share.listings.insert(base + u"good/"_s, jsonListing({
                                                     {u"../../escape.txt"_s, 1, false},
                                                     {u"../../../escape.txt"_s, 1, false},
                                                     {u"fine.txt"_s, 4, false},
                                             }));
    // Every path a confused client could ask for answers a small body.
    share.files.insert(base + u"ok.txt"_s, "ok");
    share.files.insert(base + u"good/fine.txt"_s, "fine");
    for (const QString &bad : {u"../escape.txt"_s, u"a/b.txt"_s, u"..\\escape.txt"_s, u"/escape.txt"_s, u"escape.txt"_s,
                               u"good/../../escape.txt"_s, u"b.txt"_s})
        share.files.insert(QDir::cleanPath(base + bad), "EVIL");
    ScriptedServer server(share.script());
    QVERIFY(server.listen());

    const QMap<QString, QByteArray> neighboursBefore = snapshot(m_work);
    const Result result = run(server.serverPort(), remote, m_download);
    QVERIFY2(result.outcome == DownloadJob::Outcome::Done, qPrintable(result.message));
    QVERIFY2(result.failedFiles.isEmpty(), qPrintable(result.failedFiles.join(u", "_s)));

    QStringList skipped = result.skipped;
    skipped.sort();
    QStringList expectedSkipped{u"../escape.txt"_s,
                                u"a/b.txt"_s,
                                u".."_s,
                                u"."_s,
                                u"../"_s,
                                u"..\\escape.txt"_s,
                                u"..\\..\\escape.txt"_s,
                                u"/escape.txt"_s,
                                m_work + u"/escape.txt"_s,
                                u"C:escape.txt"_s,
                                u"line\nbreak.txt"_s,
                                u"good/../../escape.txt"_s,
                                u"good/../../../escape.txt"_s};
    expectedSkipped.sort();
    QCOMPARE(skipped, expectedSkipped);

    // Only the plain names were asked for and written.
    QStringList requested = requestedPaths(server);
    requested.sort();
    QStringList expectedRequests{base, base + u"good/"_s, base + u"ok.txt"_s, base + u"good/fine.txt"_s};
    expectedRequests.sort();
    QCOMPARE(requested, expectedRequests);

    const QString prefix = localRoot.isEmpty() ? QString() : localRoot + u'/';
    QMap<QString, QByteArray> expected{{u"download"_s, "<dir>"}};
    if (!localRoot.isEmpty())
        expected.insert(u"download/"_s + localRoot, "<dir>");
    expected.insert(u"download/"_s + prefix + u"ok.txt"_s, "ok");
    expected.insert(u"download/"_s + prefix + u"good"_s, "<dir>");
    expected.insert(u"download/"_s + prefix + u"good/fine.txt"_s, "fine");
    for (auto it = neighboursBefore.cbegin(); it != neighboursBefore.cend(); ++it)
        expected.insert(it.key(), it.value());
    const QMap<QString, QByteArray> after = snapshot(m_work);
    QVERIFY2(after == expected, qPrintable(u"now: "_s + describe(after)));
    QCOMPARE(after.value(u"escape.txt"_s), QByteArray("original\n"));
}

// A folder in every folder, for ever: the download stops at the depth
// limit, before fetching a single file, and says so.
void TestFolderDownload::endlessFoldersStop()
{
    HostileShare share;
    share.listingFor = [](const QString &) { return jsonListing({{u"deeper"_s, 0, true}, {u"bait.txt"_s, 4, false}}); };
    ScriptedServer server(share.script());
    QVERIFY(server.listen());
    const Result result = run(server.serverPort(), u"/"_s, m_download);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(u"32"_s), qPrintable(result.message));
    const int maxDepth = FolderDownload::Request().maxDepth;
    const QStringList requested = requestedPaths(server);
    QCOMPARE(requested.size(), 1 + maxDepth); // the top folder and 32 below it
    QVERIFY(std::all_of(requested.cbegin(), requested.cend(), [](const QString &path) { return path.endsWith(u'/'); }));
}

// Millions of names: the download stops once more than the limit were
// listed, before fetching a single file.
void TestFolderDownload::endlessNamesStop()
{
    HostileShare share;
    share.listingFor = [](const QString &path) {
        QList<std::tuple<QString, qint64, bool>> entries;
        for (int i = 0; i < 300; ++i)
            entries.append({u"n%1"_s.arg(i), 1, path == u"/"_s});
        return jsonListing(entries);
    };
    ScriptedServer server(share.script());
    QVERIFY(server.listen());
    const Result result = run(server.serverPort(), u"/"_s, m_download, 500);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(u"500"_s), qPrintable(result.message));
    const QStringList requested = requestedPaths(server);
    QCOMPARE(requested.size(), 2); // the top folder and its first folder: 600 names
    QVERIFY(std::all_of(requested.cbegin(), requested.cend(), [](const QString &path) { return path.endsWith(u'/'); }));
}

void TestFolderDownload::plantedSymlinkCannotCarryFiles_data()
{
    QTest::addColumn<QString>("remote");
    QTest::addColumn<QString>("link"); // inside the download folder
    QTest::addColumn<QString>("target"); // inside m_work/outside
    QTest::addColumn<QString>("mustArrive"); // a file that still arrives, inside the download folder

    QTest::newRow("subfolder linked out") << u"docs"_s << u"docs/sub"_s << u"outside"_s << u"docs/readme.txt"_s;
    QTest::newRow("nested subfolder linked out")
            << u"docs"_s << u"docs/sub/深层"_s << u"outside"_s << u"docs/sub/big.bin"_s;
    QTest::newRow("top folder linked out") << u"docs"_s << u"docs"_s << u"outside"_s << QString();
    QTest::newRow("file linked out") << u"docs"_s << u"docs/readme.txt"_s << u"outside/victim.txt"_s
                                     << u"docs/readme.txt"_s;
    QTest::newRow(".part linked out") << u"docs"_s << u"docs/readme.txt.part"_s << u"outside/victim.txt"_s
                                      << u"docs/readme.txt"_s;
    QTest::newRow(".part of a nested file linked out")
            << u"docs"_s << u"docs/sub/big.bin.part"_s << u"outside/victim.txt"_s << u"docs/sub/big.bin"_s;
    QTest::newRow("whole share: folder linked out") << u"/"_s << u"docs"_s << u"outside"_s << u"top.txt"_s;
    QTest::newRow("whole share: chinese folder linked out")
            << u"/"_s << u"中文目录/子 目录"_s << u"outside"_s << u"中文目录/里面.txt"_s;
}

void TestFolderDownload::plantedSymlinkCannotCarryFiles()
{
    QFETCH(QString, remote);
    QFETCH(QString, link);
    QFETCH(QString, target);
    QFETCH(QString, mustArrive);

    const QString linkPath = m_download + u'/' + link;
    QVERIFY(QDir().mkpath(QFileInfo(linkPath).absolutePath()));
    QVERIFY(QFile::link(m_work + u'/' + target, linkPath));
    const QMap<QString, QByteArray> outsideBefore = snapshot(m_work + u"/outside"_s);
    const QByteArray escapeBefore = snapshot(m_work).value(u"escape.txt"_s);

    const Result result = run(m_server->serverPort(), remote, m_download);
    Q_UNUSED(result); // refusing the linked part is a failure; what matters is where bytes went

    const QMap<QString, QByteArray> outsideAfter = snapshot(m_work + u"/outside"_s);
    QVERIFY2(outsideAfter == outsideBefore, qPrintable(u"outside now holds: "_s + describe(outsideAfter)));
    QCOMPARE(snapshot(m_work).value(u"escape.txt"_s), escapeBefore);
    if (!mustArrive.isEmpty()) {
        const QFileInfo arrived(m_download + u'/' + mustArrive);
        QVERIFY2(arrived.isFile() && !arrived.isSymLink(), qPrintable(mustArrive));
        QFile shared(m_share + u'/' + mustArrive); // the rows keep the share's layout
        QVERIFY(shared.open(QIODevice::ReadOnly));
        QFile local(arrived.filePath());
        QVERIFY(local.open(QIODevice::ReadOnly));
        QVERIFY(local.readAll() == shared.readAll());
    }
}

// Named by its URL, a folder is fetched over HTTP or HTTPS, every listing
// and every file with the same TLS settings (the TLS front only speaks
// TLS: a plain request below the folder would fail).
void TestFolderDownload::recreatesTheFolderAtAUrl_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("trust"); // https: "ca" (--cacert) or "pin"
    QTest::addColumn<QByteArray>("path"); // the URL's, percent-encoded
    QTest::addColumn<QString>("sharedFolder");
    QTest::addColumn<QString>("localRoot");

    const QByteArray nested = '/' + QUrl::toPercentEncoding(u"中文目录/子 目录"_s, "/") + '/';
    QTest::newRow("http folder") << u"http"_s << QString() << QByteArray("/docs/") << u"docs"_s << u"docs"_s;
    QTest::newRow("http folder without its slash")
            << u"http"_s << QString() << QByteArray("/docs") << u"docs"_s << u"docs"_s;
    QTest::newRow("http dot segments") << u"http"_s << QString() << QByteArray("/docs/../docs/sub/./") << u"docs/sub"_s
                                       << u"sub"_s;
    QTest::newRow("https folder, the CA added")
            << u"https"_s << u"ca"_s << QByteArray("/docs/") << u"docs"_s << u"docs"_s;
    QTest::newRow("https whole share, pinned") << u"https"_s << u"pin"_s << QByteArray("/") << QString() << QString();
    QTest::newRow("https whole share without a path")
            << u"https"_s << u"ca"_s << QByteArray() << QString() << QString();
    QTest::newRow("https chinese nested folder, percent-encoded")
            << u"https"_s << u"ca"_s << nested << u"中文目录/子 目录"_s << u"子 目录"_s;
    QTest::newRow("https percent, hash and question mark are literal")
            << u"https"_s << u"pin"_s << QByteArray("/odd%20100%25/") << u"odd 100%"_s << u"odd 100%"_s;
}

void TestFolderDownload::recreatesTheFolderAtAUrl()
{
    QFETCH(QString, scheme);
    QFETCH(QString, trust);
    QFETCH(QByteArray, path);
    QFETCH(QString, sharedFolder);
    QFETCH(QString, localRoot);

    TlsFrontend https(m_pki.certificate(TestCertificates::Kind::Trusted), m_pki.key(TestCertificates::Kind::Trusted),
                      m_server->serverPort());
    QVERIFY(https.listen());
    const quint16 port = scheme == u"https"_s ? https.port() : m_server->serverPort();
    const QUrl folder = QUrl::fromEncoded(scheme.toLatin1() + "://127.0.0.1:" + QByteArray::number(port) + path);
    QVERIFY2(folder.isValid(), folder.errorString().toUtf8());
    FolderDownload::Request request = requestFor(folder, m_download);
    if (trust == u"ca"_s)
        request.defaults.tls.addedAuthorities = {m_pki.caCertificate()};
    else if (trust == u"pin"_s)
        request.defaults.tls.pins = {TlsPolicy::publicKeyDigest(m_pki.certificate(TestCertificates::Kind::Trusted))};

    const Result result = run(request);
    QVERIFY2(result.outcome == DownloadJob::Outcome::Done, qPrintable(result.message));
    QVERIFY(result.skipped.isEmpty());
    QVERIFY(result.failedFiles.isEmpty());
    QCOMPARE(result.certificateProblems, 0);
    const QMap<QString, QByteArray> expected =
            snapshot(sharedFolder.isEmpty() ? m_share : m_share + u'/' + sharedFolder);
    const QMap<QString, QByteArray> arrived =
            snapshot(localRoot.isEmpty() ? m_download : m_download + u'/' + localRoot);
    QVERIFY2(arrived.keys() == expected.keys(),
             qPrintable(u"got: "_s + describe(arrived) + u"\nwanted: "_s + describe(expected)));
    QVERIFY(arrived == expected);
    if (!localRoot.isEmpty())
        QCOMPARE(QDir(m_download).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{localRoot});
    if (scheme == u"https"_s)
        QVERIFY(https.handshakesCompleted() > 1); // the files came that way too
}

// A certificate the settings do not trust stops the download at the first
// listing: the problem is told, and nothing is created.
void TestFolderDownload::refusedCertificateLeavesNothing_data()
{
    QTest::addColumn<bool>("wrongPin");
    QTest::addColumn<QString>("problemWord");
    QTest::newRow("unknown authority") << false << u"unknown authority"_s;
    QTest::newRow("wrong pin") << true << u"pinned"_s;
}

void TestFolderDownload::refusedCertificateLeavesNothing()
{
    QFETCH(bool, wrongPin);
    QFETCH(QString, problemWord);
    TlsFrontend https(m_pki.certificate(TestCertificates::Kind::Trusted), m_pki.key(TestCertificates::Kind::Trusted),
                      m_server->serverPort());
    QVERIFY(https.listen());
    FolderDownload::Request request =
            requestFor(QUrl(u"https://127.0.0.1:%1/docs/"_s.arg(https.port())), m_download + u"/new"_s);
    if (wrongPin) {
        request.defaults.tls.addedAuthorities = {m_pki.caCertificate()};
        request.defaults.tls.pins = {QByteArray(32, 'x')};
    }
    const QMap<QString, QByteArray> before = snapshot(m_work);
    const Result result = run(request);
    QCOMPARE(result.outcome, DownloadJob::Outcome::Failed);
    QVERIFY2(result.message.contains(problemWord, Qt::CaseInsensitive), qPrintable(result.message));
    QCOMPARE(result.certificateProblems, 1);
    const QMap<QString, QByteArray> after = snapshot(m_work);
    QVERIFY2(after == before, qPrintable(u"now: "_s + describe(after)));
}

QTEST_GUILESS_MAIN(TestFolderDownload)
#include "tst_folderdownload.moc"
