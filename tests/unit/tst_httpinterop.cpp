#include "loopbackshare.h"
#include "server/shareserver.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QUrl>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Everything a test looks at once a reply has finished.
struct Fetched
{
    bool finished = false;
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

} // namespace

class TestHttpInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void requests_data();
    void requests();
    void headSendsHeadersOnly_data();
    void headSendsHeadersOnly();
    void resumeWithIfRange();
    void listingAsJson_data();
    void listingAsJson();
    void keepAliveReusesTheConnection();
    void curlKeepsTheUtf8Name();

private:
    Fetched fetch(const QString &method, const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    QUrl url(const QString &path) const;

    QTemporaryDir m_dir;
    QString m_share;
    ShareServer *m_server = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    QByteArray m_big;
};

void TestHttpInterop::initTestCase()
{
    qRegisterMetaType<TransferInfo>();
    QVERIFY(m_dir.isValid());
    m_share = m_dir.filePath(u"share"_s);
    QVERIFY(QDir().mkpath(m_share + u"/中文目录"_s));
    m_big = randomBytes(2 * 1024 * 1024 + 333);
    const QList<QPair<QString, QByteArray>> files{
            {u"big.bin"_s, m_big},
            {u"hello.txt"_s, "hello world\n"},
            {u"empty.txt"_s, {}},
            {u"中文 文件.txt"_s, "chinese\n"},
            {u"中文目录/里面.txt"_s, "inside\n"},
    };
    for (const auto &[name, content] : files) {
        QFile file(m_share + u'/' + name);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }

    m_server = new ShareServer(this);
    ShareServer::Options options = loopbackShare(m_share);
    QVERIFY2(m_server->start(options), qPrintable(m_server->errorString()));
    m_network = new QNetworkAccessManager(this);
}

void TestHttpInterop::cleanupTestCase()
{
    delete m_network;
    m_server->stop();
    // Digests of served files may still be computing.
    QThreadPool::globalInstance()->waitForDone();
}

QUrl TestHttpInterop::url(const QString &path) const
{
    QUrl result;
    result.setScheme(u"http"_s);
    result.setHost(u"127.0.0.1"_s);
    result.setPort(m_server->serverPort());
    const qsizetype question = path.indexOf(u'?');
    result.setPath(question < 0 ? path : path.left(question));
    if (question >= 0)
        result.setQuery(path.mid(question + 1));
    return result;
}

Fetched TestHttpInterop::fetch(const QString &method, const QString &path,
                               const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url(path));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(20000);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    std::unique_ptr<QNetworkReply> reply(method == u"HEAD"_s ? m_network->head(request) : m_network->get(request));
    Fetched fetched;
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(30000))
        return fetched;
    fetched.finished = true;
    fetched.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    fetched.error = reply->error();
    fetched.body = reply->readAll();
    fetched.headers = reply->rawHeaderPairs();
    return fetched;
}

void TestHttpInterop::requests_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body"); // compared when status is 2xx
    QTest::addColumn<QByteArray>("contentRange"); // compared when not empty

    const QByteArray big = m_big;
    const QByteArray size = QByteArray::number(big.size());
    QTest::newRow("whole file") << u"/big.bin"_s << QByteArray() << 200 << big << QByteArray();
    QTest::newRow("small text file") << u"/hello.txt"_s << QByteArray() << 200 << QByteArray("hello world\n")
                                     << QByteArray();
    QTest::newRow("empty file") << u"/empty.txt"_s << QByteArray() << 200 << QByteArray() << QByteArray();
    QTest::newRow("chinese name") << u"/中文 文件.txt"_s << QByteArray() << 200 << QByteArray("chinese\n")
                                  << QByteArray();
    QTest::newRow("file in a chinese folder")
            << u"/中文目录/里面.txt"_s << QByteArray() << 200 << QByteArray("inside\n") << QByteArray();
    QTest::newRow("Range 1000-") << u"/big.bin"_s << QByteArray("bytes=1000-") << 206 << big.mid(1000)
                                 << QByteArray("bytes 1000-" + QByteArray::number(big.size() - 1) + '/' + size);
    QTest::newRow("Range 0-0") << u"/big.bin"_s << QByteArray("bytes=0-0") << 206 << big.left(1)
                               << QByteArray("bytes 0-0/" + size);
    QTest::newRow("Range suffix") << u"/big.bin"_s << QByteArray("bytes=-100") << 206 << big.right(100)
                                  << QByteArray("bytes " + QByteArray::number(big.size() - 100) + '-'
                                                + QByteArray::number(big.size() - 1) + '/' + size);
    QTest::newRow("Range in the middle") << u"/big.bin"_s << QByteArray("bytes=65536-131071") << 206
                                         << big.mid(65536, 65536) << QByteArray("bytes 65536-131071/" + size);
    QTest::newRow("multiple ranges answered whole")
            << u"/big.bin"_s << QByteArray("bytes=0-1,3-4") << 200 << big << QByteArray();
    QTest::newRow("impossible range") << u"/hello.txt"_s << QByteArray("bytes=1000-") << 416 << QByteArray()
                                      << QByteArray("bytes */12");
    QTest::newRow("impossible range on an empty file")
            << u"/empty.txt"_s << QByteArray("bytes=0-") << 416 << QByteArray() << QByteArray("bytes */0");
    QTest::newRow("missing file") << u"/missing.bin"_s << QByteArray() << 404 << QByteArray() << QByteArray();
    QTest::newRow("missing chinese file") << u"/没有.txt"_s << QByteArray() << 404 << QByteArray() << QByteArray();
    QTest::newRow("file with a trailing slash")
            << u"/hello.txt/"_s << QByteArray() << 404 << QByteArray() << QByteArray();
}

void TestHttpInterop::requests()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, range);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentRange);

    QList<QPair<QByteArray, QByteArray>> headers;
    if (!range.isEmpty())
        headers.append({"Range", range});
    const Fetched fetched = fetch(u"GET"_s, path, headers);
    QVERIFY(fetched.finished);
    QCOMPARE(fetched.status, status);
    if (!contentRange.isEmpty())
        QCOMPARE(fetched.header("Content-Range"), contentRange);
    QCOMPARE(fetched.header("Content-Length").toLongLong(), fetched.body.size());
    if (status >= 400) {
        QVERIFY(fetched.error != QNetworkReply::NoError);
        QVERIFY2(!fetched.body.isEmpty(), "every error response has a short body");
        return;
    }
    QCOMPARE(fetched.error, QNetworkReply::NoError);
    QCOMPARE(fetched.body.size(), body.size());
    QVERIFY(fetched.body == body);
    QCOMPARE(fetched.header("Accept-Ranges"), QByteArray("bytes"));
    QVERIFY(fetched.header("ETag").startsWith('"'));
    QVERIFY(!fetched.header("Last-Modified").isEmpty());
    QVERIFY(fetched.header("Content-Disposition").contains("filename*=UTF-8''"));
}

void TestHttpInterop::headSendsHeadersOnly_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("length");
    QTest::newRow("file") << u"/big.bin"_s << 200 << qint64(m_big.size());
    QTest::newRow("chinese file") << u"/中文 文件.txt"_s << 200 << qint64(8);
    QTest::newRow("missing file") << u"/missing.bin"_s << 404 << qint64(-1);
    QTest::newRow("listing") << u"/"_s << 200 << qint64(-1);
}

void TestHttpInterop::headSendsHeadersOnly()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(qint64, length);
    const Fetched fetched = fetch(u"HEAD"_s, path);
    QVERIFY(fetched.finished);
    QCOMPARE(fetched.status, status);
    QVERIFY(fetched.body.isEmpty());
    if (length >= 0) {
        QCOMPARE(fetched.header("Content-Length").toLongLong(), length);
        QVERIFY(fetched.header("ETag").startsWith('"'));
    }
    // The connection is still usable afterwards: the HEAD reply carried no body.
    const Fetched next = fetch(u"GET"_s, u"/hello.txt"_s);
    QCOMPARE(next.status, 200);
    QCOMPARE(next.body, QByteArray("hello world\n"));
}

void TestHttpInterop::resumeWithIfRange()
{
    const Fetched first = fetch(u"GET"_s, u"/big.bin"_s, {{"Range", "bytes=0-999"}});
    QCOMPARE(first.status, 206);
    const QByteArray etag = first.header("ETag");
    const QByteArray lastModified = first.header("Last-Modified");
    QVERIFY(!etag.isEmpty());

    const Fetched rest = fetch(u"GET"_s, u"/big.bin"_s, {{"Range", "bytes=1000-"}, {"If-Range", etag}});
    QCOMPARE(rest.status, 206);
    QVERIFY(first.body + rest.body == m_big);

    // Last-Modified has a second's precision: as a validator it is weak
    // (two versions may share it), so the whole file comes back.
    const Fetched byDate = fetch(u"GET"_s, u"/big.bin"_s, {{"Range", "bytes=1000-"}, {"If-Range", lastModified}});
    QCOMPARE(byDate.status, 200);
    QVERIFY(byDate.body == m_big);

    const Fetched changed =
            fetch(u"GET"_s, u"/big.bin"_s, {{"Range", "bytes=1000-"}, {"If-Range", "\"another-version\""}});
    QCOMPARE(changed.status, 200);
    QVERIFY(changed.body == m_big);

    const Fetched cached = fetch(u"GET"_s, u"/big.bin"_s, {{"If-None-Match", etag}});
    QCOMPARE(cached.status, 304);
    QVERIFY(cached.body.isEmpty());
}

void TestHttpInterop::listingAsJson_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<QStringList>("names");

    const QStringList top{u"中文目录"_s, u"big.bin"_s, u"empty.txt"_s, u"hello.txt"_s, u"中文 文件.txt"_s};
    QTest::newRow("Accept: application/json") << u"/"_s << QByteArray("application/json") << top;
    QTest::newRow("?format=json") << u"/?format=json"_s << QByteArray() << top;
    QTest::newRow("chinese subfolder") << u"/中文目录/"_s << QByteArray("application/json")
                                       << QStringList{u"里面.txt"_s};
}

void TestHttpInterop::listingAsJson()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, accept);
    QFETCH(QStringList, names);

    QList<QPair<QByteArray, QByteArray>> headers;
    if (!accept.isEmpty())
        headers.append({"Accept", accept});
    const Fetched fetched = fetch(u"GET"_s, path, headers);
    QCOMPARE(fetched.status, 200);
    QVERIFY(fetched.header("Content-Type").startsWith("application/json"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(fetched.body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    QStringList listed;
    const QJsonArray entries = document.object().value(u"entries"_s).toArray();
    for (const QJsonValue &entry : entries)
        listed.append(entry.toObject().value(u"name"_s).toString());
    QCOMPARE(listed, names);

    // Without asking for JSON, a browser gets HTML.
    const Fetched html = fetch(u"GET"_s, url(path).path(), {{"Accept", "text/html"}});
    QCOMPARE(html.status, 200);
    QVERIFY(html.header("Content-Type").startsWith("text/html"));
    for (const QString &name : std::as_const(names))
        QVERIFY2(QString::fromUtf8(html.body).contains(name.toHtmlEscaped()), qPrintable(name));
}

void TestHttpInterop::keepAliveReusesTheConnection()
{
    // A fresh client, so that the only connection is the one made here.
    QNetworkAccessManager network;
    QSignalSpy transfers(m_server, &ShareServer::transferUpdated);
    const QList<QString> paths{u"/hello.txt"_s, u"/missing.bin"_s,   u"/big.bin"_s,
                               u"/"_s,          u"/中文 文件.txt"_s, u"/hello.txt"_s};
    for (const QString &path : paths) {
        QNetworkRequest request(url(path));
        std::unique_ptr<QNetworkReply> reply(network.get(request));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(reply->isFinished() || finished.wait(30000));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QCOMPARE(status, path == u"/missing.bin"_s ? 404 : 200);
    }
    // Every request arrived from the same client port: one connection.
    // (Updates reach observers in batches, so reports of earlier tests'
    // connections may arrive here too: count those of the last request's.)
    QTRY_VERIFY(!transfers.isEmpty() && transfers.last().at(0).value<TransferInfo>().isFinished()
                && transfers.last().at(0).value<TransferInfo>().name == paths.last());
    const QString ourPeer = transfers.last().at(0).value<TransferInfo>().peer;
    QSet<quint64> ids;
    for (const auto &arguments : std::as_const(transfers)) {
        const auto info = arguments.at(0).value<TransferInfo>();
        if (info.peer == ourPeer)
            ids.insert(info.id);
    }
    QCOMPARE(ids.size(), paths.size());
}

// curl -OJ names the file after Content-Disposition's filename= and
// ignores filename*: the UTF-8 name must be in filename= too.
void TestHttpInterop::curlKeepsTheUtf8Name()
{
    const QString curl = QStandardPaths::findExecutable(u"curl"_s);
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    QTemporaryDir into;
    QVERIFY(into.isValid());
    QProcess process;
    process.setWorkingDirectory(into.path());
    process.start(curl, {u"--silent"_s, u"--show-error"_s, u"--max-time"_s, u"20"_s, u"-OJ"_s,
                         url(u"/中文 文件.txt"_s).toString(QUrl::FullyEncoded)});
    // The server answers on this thread's event loop: keep it running.
    QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             process.readAllStandardError().constData());
    QCOMPARE(QDir(into.path()).entryList(QDir::Files), QStringList{u"中文 文件.txt"_s});
    QFile saved(into.filePath(u"中文 文件.txt"_s));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QCOMPARE(saved.readAll(), QByteArray("chinese\n"));
}

QTEST_GUILESS_MAIN(TestHttpInterop)
#include "tst_httpinterop.moc"
