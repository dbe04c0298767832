// The window end to end over loopback: share a folder from the Serve tab,
// download from it through the Download tab into another folder.

#include "downloadform.h"
#include "downloadtab.h"
#include "mainwindow.h"
#include "servetransfermodel.h"
#include "transfertable.h"
#include "widgettest.h"

#include <QDesktopServices>
#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QUrl>

using namespace WidgetTest;

// Receives what QDesktopServices would hand to the desktop.
class UrlCatcher final : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public Q_SLOTS:
    void open(const QUrl &url) { urls.append(url); }
};

class TestLoopbackTransfer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void downloadsThroughTheWindow_data();
    void downloadsThroughTheWindow();
    void missingFileSaysFileNotFound();
    void cancelKeepsPartAndRetryResumes();
    void existingFileIsKept();
    void openAndShowInFolder();

private:
    int download(const QString &name, int protocolIndex = 0);
    DownloadQueueModel *queue() const { return m_window->downloadTab()->queue(); }
    void selectRow(int row);

    QTemporaryDir m_share;
    QTemporaryDir m_downloads;
    QByteArray m_payload;
    MainWindow *m_window = nullptr;
    quint16 m_port = 0;
};

void TestLoopbackTransfer::initTestCase()
{
    useTestSettings("ferry-tst_loopbacktransfer");
    QVERIFY(m_share.isValid() && m_downloads.isValid());
    m_payload.resize(700 * 1024 + 13);
    QRandomGenerator generator(4);
    for (char &byte : m_payload)
        byte = char(generator.bounded(256));
    for (const QString &name : {QStringLiteral("photo.jpg"), QString::fromUtf8("报告.bin")}) {
        QFile file(m_share.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(m_payload), qint64(m_payload.size()));
    }
    // Large and sparse: takes long enough to still be running when canceled.
    QFile big(m_share.filePath(QStringLiteral("big.iso")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    QVERIFY(big.resize(2LL * 1024 * 1024 * 1024));
}

void TestLoopbackTransfer::init()
{
    QDir downloads(m_downloads.path());
    for (const QString &entry : downloads.entryList(QDir::Files))
        QVERIFY(downloads.remove(entry));
    m_window = new MainWindow;
    m_window->show();
    m_port = shareFromTab(m_window->serveTab(), m_share.path());
    QVERIFY(m_port != 0);
}

void TestLoopbackTransfer::cleanup()
{
    for (int row = 0; row < queue()->rowCount(); ++row)
        queue()->cancel(row);
    QTRY_COMPARE(queue()->activeCount(), 0);
    delete m_window;
    m_window = nullptr;
}

// Fills the form the way a person does and presses Download; returns the new row.
int TestLoopbackTransfer::download(const QString &name, int protocolIndex)
{
    const int rows = queue()->rowCount();
    fillDownloadForm(m_window->downloadTab(), QStringLiteral("127.0.0.1"), QString::number(m_port), name,
                     m_downloads.path());
    child<QComboBox>(m_window, "downloadProtocolCombo")->setCurrentIndex(protocolIndex);
    QTest::mouseClick(child<QPushButton>(m_window, "downloadButton"), Qt::LeftButton);
    if (queue()->rowCount() != rows + 1)
        qWarning("no row added: %s", qPrintable(m_window->downloadTab()->form()->errorText()));
    return queue()->rowCount() - 1;
}

void TestLoopbackTransfer::selectRow(int row)
{
    auto *table = child<TransferTable>(m_window, "downloadTable");
    table->selectionModel()->clearSelection();
    table->selectRow(row);
}

void TestLoopbackTransfer::downloadsThroughTheWindow_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("protocol");
    QTest::newRow("automatic, ascii name") << QStringLiteral("photo.jpg") << 0;
    QTest::newRow("automatic, chinese name") << QString::fromUtf8("报告.bin") << 0;
    QTest::newRow("tutorial protocol, chinese name") << QString::fromUtf8("报告.bin") << 1;
}

void TestLoopbackTransfer::downloadsThroughTheWindow()
{
    QFETCH(QString, name);
    QFETCH(int, protocol);
    const int row = download(name, protocol);
    QCOMPARE(row, 0);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue(), row), DownloadQueueModel::State::Done, 20000);
    queue()->flush();
    QCOMPARE(contents(m_downloads.filePath(name)), m_payload);
    QVERIFY(!QFile::exists(m_downloads.filePath(name + QLatin1String(".part"))));
    QCOMPARE(queue()->index(row, DownloadQueueModel::StateColumn).data().toString(), QStringLiteral("Done"));
    QCOMPARE(queue()->index(row, DownloadQueueModel::ProgressColumn).data().toString(), QStringLiteral("100%"));
    QCOMPARE(queue()->index(row, DownloadQueueModel::NameColumn).data().toString(), name);

    // The Serve tab saw the same transfer.
    ServeTransferModel *served = m_window->serveTab()->transfers();
    QTRY_COMPARE(served->rowCount(), 1);
    QTRY_COMPARE(served->transfer(0).state, TransferInfo::State::Done);
    QVERIFY(served->transfer(0).name.endsWith(name));
    QCOMPARE(served->transfer(0).sent, qint64(m_payload.size()));
    QCOMPARE(served->transfer(0).dialect, protocol == 0 ? Dialect::Http : Dialect::Legacy);
    QVERIFY(served->transfer(0).peer.contains(QLatin1String("127.0.0.1")));
}

void TestLoopbackTransfer::missingFileSaysFileNotFound()
{
    const int row = download(QStringLiteral("nothing-here.txt"));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue(), row), DownloadQueueModel::State::NotFound, 20000);
    queue()->flush();
    QCOMPARE(queue()->index(row, DownloadQueueModel::StateColumn).data().toString(), QStringLiteral("File not found"));
    QCOMPARE(QDir(m_downloads.path()).entryList(QDir::Files), QStringList());
    QTRY_COMPARE(m_window->serveTab()->transfers()->rowCount(), 1);
    QTRY_COMPARE(m_window->serveTab()->transfers()->transfer(0).state, TransferInfo::State::NotFound);
}

void TestLoopbackTransfer::cancelKeepsPartAndRetryResumes()
{
    const QString part = m_downloads.filePath(QStringLiteral("big.iso.part"));
    const int row = download(QStringLiteral("big.iso"));
    QTRY_VERIFY_WITH_TIMEOUT(queue()->index(row, 0).data(TransferRoles::BytesDoneRole).toLongLong() > 0, 20000);
    QCOMPARE(queue()->index(row, 0).data(TransferRoles::BytesTotalRole).toLongLong(), 2LL * 1024 * 1024 * 1024);

    selectRow(row);
    auto *cancel = child<QPushButton>(m_window, "downloadCancelButton");
    QTRY_VERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue(), row), DownloadQueueModel::State::Canceled, 20000);
    QVERIFY(QFile::exists(part));
    QVERIFY(QFileInfo(part).size() > 0);
    QVERIFY(!QFile::exists(m_downloads.filePath(QStringLiteral("big.iso"))));

    // Retry starts the same request again on the same row.
    auto *retry = child<QPushButton>(m_window, "downloadRetryButton");
    QTRY_VERIFY(retry->isEnabled());
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(DownloadQueueModel::isActive(stateOf(queue(), row)));
    QCOMPARE(queue()->rowCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(queue()->index(row, 0).data(TransferRoles::BytesDoneRole).toLongLong() > 0, 20000);
    queue()->cancel(row);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue(), row), DownloadQueueModel::State::Canceled, 20000);
    QVERIFY(QFile::exists(part));
}

void TestLoopbackTransfer::existingFileIsKept()
{
    const int first = download(QStringLiteral("photo.jpg"));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue(), first), DownloadQueueModel::State::Done, 20000);
    const int second = download(QStringLiteral("photo.jpg"));
    QCOMPARE(queue()->destination(second), m_downloads.filePath(QStringLiteral("photo (1).jpg")));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue(), second), DownloadQueueModel::State::Done, 20000);
    QCOMPARE(contents(m_downloads.filePath(QStringLiteral("photo.jpg"))), m_payload);
    QCOMPARE(contents(m_downloads.filePath(QStringLiteral("photo (1).jpg"))), m_payload);
}

void TestLoopbackTransfer::openAndShowInFolder()
{
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
    const int row = download(QStringLiteral("photo.jpg"));
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(queue(), row), DownloadQueueModel::State::Done, 20000);
    selectRow(row);
    auto *open = child<QPushButton>(m_window, "downloadOpenButton");
    QTRY_VERIFY(open->isEnabled());
    QTest::mouseClick(open, Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>(m_window, "downloadShowButton"), Qt::LeftButton);
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(catcher.urls, (QList<QUrl>{QUrl::fromLocalFile(m_downloads.filePath(QStringLiteral("photo.jpg"))),
                                        QUrl::fromLocalFile(QDir(m_downloads.path()).absolutePath())}));
    // Nothing to cancel or retry on a finished download.
    QVERIFY(!child<QPushButton>(m_window, "downloadCancelButton")->isEnabled());
    QVERIFY(!child<QPushButton>(m_window, "downloadRetryButton")->isEnabled());
}

QTEST_MAIN(TestLoopbackTransfer)
#include "tst_loopbacktransfer.moc"
