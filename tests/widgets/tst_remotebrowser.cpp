#include "downloadform.h"
#include "loopbackshare.h"
#include "remotebrowserdialog.h"
#include "server/shareserver.h"
#include "widgettest.h"

#include <QDir>
#include <QLabel>
#include <QTemporaryDir>
#include <QTreeWidget>

// The Download tab's "Browse…": listing a Ferry share over loopback and
// picking a file from a subfolder fills in the file name.
class TestRemoteBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void picksAFileInASubfolder();
    void missingFolderIsExplained();
    void browseButtonFillsTheName();

private:
    static QTreeWidgetItem *itemNamed(QTreeWidget *tree, const QString &text);

    QTemporaryDir m_share;
    ShareServer m_server;
};

void TestRemoteBrowser::initTestCase()
{
    WidgetTest::useTestSettings("tst_remotebrowser");
    QVERIFY(QDir(m_share.path()).mkpath(QString::fromUtf8("文档/内部")));
    for (const QString &name : {QStringLiteral("top.txt"), QString::fromUtf8("文档/报告.pdf")}) {
        QFile file(m_share.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("content");
    }
    ShareServer::Options options = loopbackShare(m_share.path());
    QVERIFY(m_server.start(options));
}

QTreeWidgetItem *TestRemoteBrowser::itemNamed(QTreeWidget *tree, const QString &text)
{
    const QList<QTreeWidgetItem *> found = tree->findItems(text, Qt::MatchExactly);
    return found.isEmpty() ? nullptr : found.first();
}

void TestRemoteBrowser::picksAFileInASubfolder()
{
    RemoteBrowserDialog dialog(QStringLiteral("127.0.0.1"), m_server.serverPort(), QString());
    auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("remoteEntries"));
    QVERIFY(tree);
    QTRY_VERIFY(itemNamed(tree, QString::fromUtf8("文档/")));
    QVERIFY(itemNamed(tree, QStringLiteral("top.txt")));
    // Folders are listed first.
    QCOMPARE(tree->topLevelItem(0)->text(0), QString::fromUtf8("文档/"));

    Q_EMIT tree->itemActivated(itemNamed(tree, QString::fromUtf8("文档/")), 0);
    QTRY_VERIFY(itemNamed(tree, QString::fromUtf8("报告.pdf")));
    QVERIFY(itemNamed(tree, QString::fromUtf8("内部/")));
    Q_EMIT tree->itemActivated(itemNamed(tree, QString::fromUtf8("报告.pdf")), 0);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.selectedPath(), QString::fromUtf8("文档/报告.pdf"));
}

void TestRemoteBrowser::missingFolderIsExplained()
{
    RemoteBrowserDialog dialog(QStringLiteral("127.0.0.1"), m_server.serverPort(), QStringLiteral("nowhere"));
    auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("remoteEntries"));
    const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    QTRY_VERIFY(std::any_of(labels.cbegin(), labels.cend(),
                            [](QLabel *label) { return label->text().contains(QStringLiteral("nowhere")); }));
    QCOMPARE(tree->topLevelItemCount(), 0);
}

void TestRemoteBrowser::browseButtonFillsTheName()
{
    DownloadForm form;
    WidgetTest::fillDownloadForm(&form, QStringLiteral("127.0.0.1"), QString::number(m_server.serverPort()), QString(),
                                 m_share.path());
    QTest::mouseClick(WidgetTest::child<QPushButton>(&form, "downloadBrowseButton"), Qt::LeftButton);
    auto *dialog = form.findChild<RemoteBrowserDialog *>();
    QVERIFY(dialog);
    auto *tree = dialog->findChild<QTreeWidget *>(QStringLiteral("remoteEntries"));
    QTRY_VERIFY(itemNamed(tree, QStringLiteral("top.txt")));
    Q_EMIT tree->itemActivated(itemNamed(tree, QStringLiteral("top.txt")), 0);
    QCOMPARE(WidgetTest::child<QLineEdit>(&form, "downloadNameEdit")->text(), QStringLiteral("top.txt"));
}

QTEST_MAIN(TestRemoteBrowser)
#include "tst_remotebrowser.moc"
