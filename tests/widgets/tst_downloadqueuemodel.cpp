// DownloadQueueModel and its engine thread: fifty downloads at once over
// loopback finish, and the GUI thread hears about them in bounded batches;
// a URL download that is redirected shows where it went and where it saved.

#include "appsettings.h"
#include "downloadqueuemodel.h"
#include "loopbackshare.h"
#include "scriptedserver.h"
#include "server/shareserver.h"
#include "transferroles.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

class TestDownloadQueueModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fiftyAtOnceStayResponsive();
    void failureSaysWhy();
    void oneWriterPerFile();
    void quittingWhileRunningKeepsPart();
    void redirectedUrlShowsWhereItWent();

private:
    DownloadJob::Request request(const QString &name) const;

    QTemporaryDir m_share;
    QTemporaryDir m_downloads;
    ShareServer m_server;
};

constexpr int Downloads = 50;
constexpr qint64 FileSize = 8 * 1024 * 1024;

void TestDownloadQueueModel::initTestCase()
{
    // Every attempt reads the window's settings: never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Ferry"));
    QCoreApplication::setApplicationName(QStringLiteral("ferry-tst_downloadqueuemodel"));
    QSettings().clear();
    QVERIFY(m_share.isValid() && m_downloads.isValid());
    for (int i = 0; i < Downloads; ++i) {
        QFile file(m_share.filePath(QStringLiteral("file%1.bin").arg(i)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(FileSize));
    }
    ShareServer::Options options = loopbackShare(m_share.path());
    QVERIFY(m_server.start(options));
}

DownloadJob::Request TestDownloadQueueModel::request(const QString &name) const
{
    DownloadJob::Request request;
    request.host = QStringLiteral("127.0.0.1");
    request.port = m_server.serverPort();
    request.name = name;
    request.destination = QDir(m_downloads.path()).filePath(name);
    return request;
}

void TestDownloadQueueModel::fiftyAtOnceStayResponsive()
{
    DownloadQueueModel model;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // A timer that should fire every 20 ms: its longest gap is how long the
    // GUI thread was busy at a stretch.
    QElapsedTimer sinceTick;
    qint64 longestGap = 0;
    QTimer probe;
    probe.setInterval(20);
    connect(&probe, &QTimer::timeout, this, [&] { longestGap = qMax(longestGap, sinceTick.restart()); });
    QElapsedTimer clock;
    clock.start();
    sinceTick.start();
    probe.start();
    for (int i = 0; i < Downloads; ++i)
        model.add(request(QStringLiteral("file%1.bin").arg(i)));
    QCOMPARE(model.activeCount(), Downloads);

    // The jobs run on the engine thread, not here.
    auto *engineThread = model.findChild<QThread *>(QStringLiteral("ferry-downloads"));
    QVERIFY(engineThread);
    QVERIFY(engineThread != QThread::currentThread());

    QTRY_COMPARE_WITH_TIMEOUT(model.activeCount(), 0, 120000);
    probe.stop();
    const qint64 elapsed = clock.elapsed();
    for (int row = 0; row < Downloads; ++row) {
        QCOMPARE(model.state(row), DownloadQueueModel::State::Done);
        QCOMPARE(QFileInfo(model.destination(row)).size(), FileSize);
    }
    model.flush();
    // Batched: each row is announced at most once per flush interval,
    // however many reports (progress, dialect, end) its job sent.
    QList<int> perRow(Downloads);
    for (const QList<QVariant> &arguments : std::as_const(changed)) {
        for (int row = arguments.at(0).toModelIndex().row(); row <= arguments.at(1).toModelIndex().row(); ++row)
            ++perRow[row];
    }
    const int busiest = *std::max_element(perRow.cbegin(), perRow.cend());
    QVERIFY2(busiest <= elapsed / BatchedTableModel::FlushIntervalMs + 3,
             qPrintable(QStringLiteral("a row announced %1 times in %2 ms").arg(busiest).arg(elapsed)));
    QVERIFY2(longestGap < 1500, qPrintable(QStringLiteral("GUI thread blocked for %1 ms").arg(longestGap)));
}

void TestDownloadQueueModel::failureSaysWhy()
{
    const quint16 port = closedLoopbackPort(); // nothing listens there: connection refused
    QVERIFY(port != 0);

    DownloadQueueModel model;
    DownloadJob::Request refused = request(QStringLiteral("file0.bin"));
    refused.port = port;
    refused.destination = QDir(m_downloads.path()).filePath(QStringLiteral("refused.bin"));
    const int row = model.add(refused);
    QCOMPARE(model.index(row, DownloadQueueModel::StateColumn).data().toString(), QStringLiteral("Connecting"));
    QTRY_COMPARE_WITH_TIMEOUT(model.state(row), DownloadQueueModel::State::Failed, 20000);
    model.flush();
    QVERIFY(model.index(row, DownloadQueueModel::StateColumn)
                    .data()
                    .toString()
                    .startsWith(QLatin1String("Connection refused")));
    QVERIFY(model.canRetry(row));
    QVERIFY(!QFile::exists(refused.destination));
}

void TestDownloadQueueModel::oneWriterPerFile()
{
    DownloadQueueModel model;
    const DownloadJob::Request first = request(QStringLiteral("file1.bin"));
    model.add(first);
    QVERIFY(model.isWriting(first.destination));
    QVERIFY(!model.isWriting(first.destination + QLatin1String("x")));
    QTRY_COMPARE_WITH_TIMEOUT(model.activeCount(), 0, 20000);
    QVERIFY(!model.isWriting(first.destination));
    model.clearFinished();
    QCOMPARE(model.rowCount(), 0);
}

// Closing the window mid-download: the engine cancels its jobs and joins
// its thread; what arrived stays in the .part.
void TestDownloadQueueModel::quittingWhileRunningKeepsPart()
{
    QFile big(m_share.filePath(QStringLiteral("big.iso")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(2LL * 1024 * 1024 * 1024));
    const DownloadJob::Request bigRequest = request(QStringLiteral("big.iso"));
    {
        DownloadQueueModel model;
        const int row = model.add(bigRequest);
        QTRY_VERIFY_WITH_TIMEOUT(model.index(row, 0).data(TransferRoles::BytesDoneRole).toLongLong() > 0, 20000);
    }
    QVERIFY(QFileInfo(bigRequest.destination + QLatin1String(".part")).size() > 0);
    QVERIFY(!QFile::exists(bigRequest.destination));
}

// The first answer sends the download elsewhere on the same server, the
// second names the file: the row's tooltip says both URLs, its name and
// destination are the server's.
void TestDownloadQueueModel::redirectedUrlShowsWhereItWent()
{
    AppSettings().setProxy(AppSettings::ProxyMode::None, {}); // loopback, whatever the system's proxy
    const QByteArray body = "the final bytes\n";
    ScriptedServer server(QList<QByteArray>{
            "HTTP/1.1 302 Found\r\nLocation: /final/file.bin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size())
                    + "\r\nContent-Disposition: attachment; filename=\"from-server.bin\"\r\nConnection: close\r\n\r\n"
                    + body,
    });
    QVERIFY(server.listen());
    const QString origin = QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort());

    DownloadJob::Request request;
    request.url = QUrl(origin + QStringLiteral("/start.bin?x=1"));
    request.destination = QDir(m_downloads.path()).filePath(QStringLiteral("start.bin"));
    request.nameFromServer = true;
    request.keepExisting = true;
    DownloadQueueModel model;
    const int row = model.add(request);
    QCOMPARE(model.finalUrl(row), request.url);
    QTRY_COMPARE_WITH_TIMEOUT(model.activeCount(), 0, 20000);
    model.flush();
    QCOMPARE(model.state(row), DownloadQueueModel::State::Done);
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(server.requests().at(0).startsWith("GET /start.bin?x=1 HTTP/1.1\r\n"));

    const QUrl final(origin + QStringLiteral("/final/file.bin"));
    QCOMPARE(model.finalUrl(row), final);
    const QString saved = QDir(m_downloads.path()).filePath(QStringLiteral("from-server.bin"));
    QCOMPARE(model.destination(row), saved);
    QCOMPARE(model.index(row, DownloadQueueModel::NameColumn).data().toString(), QStringLiteral("from-server.bin"));
    const QString tip = model.index(row, DownloadQueueModel::NameColumn).data(Qt::ToolTipRole).toString();
    const QStringList lines = tip.split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), request.url.toDisplayString());
    QCOMPARE(lines.value(1), QStringLiteral("Redirected to %1").arg(final.toDisplayString()));
    QCOMPARE(lines.value(2), QStringLiteral("Saved to %1").arg(QDir::toNativeSeparators(saved)));
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), body);
    QVERIFY(!QFile::exists(request.destination));
}

QTEST_MAIN(TestDownloadQueueModel)
#include "tst_downloadqueuemodel.moc"
