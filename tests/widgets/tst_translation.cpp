// The zh_CN translation: it loads the way main() loads it, turns the
// window Chinese, and leaves no string untranslated.

#include "downloadform.h"
#include "downloadtab.h"
#include "mainwindow.h"
#include "widgettest.h"

#include <QAccessible>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTranslator>

using namespace WidgetTest;

class TestTranslation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fileNotFoundIsChinese();
    void windowIsChinese();
    void everyStringIsTranslated();

private:
    QTranslator m_translator;
};

void TestTranslation::initTestCase()
{
    useTestSettings("ferry-tst_translation");
    // As main() does: the system locale picks the file among those compiled in.
    QVERIFY(m_translator.load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("ferry"), QStringLiteral("_"),
                              QStringLiteral(":/i18n")));
    QVERIFY(QCoreApplication::installTranslator(&m_translator));
}

void TestTranslation::cleanupTestCase()
{
    QCoreApplication::removeTranslator(&m_translator);
}

void TestTranslation::fileNotFoundIsChinese()
{
    QCOMPARE(QCoreApplication::translate("DownloadQueueModel", "File not found"), QString::fromUtf8("文件不存在"));
    QCOMPARE(QCoreApplication::translate("DownloadJob", "File not found."), QString::fromUtf8("文件不存在。"));
    QCOMPARE(QCoreApplication::translate("ShareServer", "Port %1 is already in use.").arg(8888),
             QString::fromUtf8("端口 8888 已被占用。"));
}

void TestTranslation::windowIsChinese()
{
    MainWindow window;
    QCOMPARE(window.tabs()->tabText(0), QString::fromUtf8("共享"));
    QCOMPARE(window.tabs()->tabText(1), QString::fromUtf8("下载"));
    const auto name = [&window](const char *objectName) {
        return QAccessible::queryAccessibleInterface(window.findChild<QWidget *>(QLatin1String(objectName)))
                ->text(QAccessible::Name);
    };
    QCOMPARE(name("shareFolderEdit"), QString::fromUtf8("共享的文件夹"));
    QCOMPARE(name("shareStartButton"), QString::fromUtf8("开始共享"));
    QCOMPARE(name("downloadHostEdit"), QString::fromUtf8("主机"));
    QCOMPARE(name("downloadButton"), QString::fromUtf8("下载"));
    QCOMPARE(window.downloadTab()->queue()->headerData(0, Qt::Horizontal).toString(), QString::fromUtf8("名称"));
    // Validation messages too.
    fillDownloadForm(window.downloadTab(), QString(), QStringLiteral("8888"), QStringLiteral("a"),
                     QStringLiteral("/tmp"));
    window.downloadTab()->form()->submit();
    QCOMPARE(window.downloadTab()->form()->errorText(), QString::fromUtf8("请输入服务器的地址或名称。"));
}

// Like `lupdate` reporting no unfinished entries: every message of the
// .ts in the source tree has a translation.
void TestTranslation::everyStringIsTranslated()
{
    QFile ts(QStringLiteral(FERRY_TS_FILE));
    QVERIFY2(ts.open(QIODevice::ReadOnly), FERRY_TS_FILE);
    const QString text = QString::fromUtf8(ts.readAll());
    QVERIFY(text.contains(QLatin1String("language=\"zh_CN\"")));
    const qsizetype messages = text.count(QLatin1String("<message"));
    QVERIFY(messages > 100);
    QCOMPARE(text.count(QLatin1String("type=\"unfinished\"")), 0);
    QCOMPARE(text.count(QLatin1String("type=\"vanished\"")) + text.count(QLatin1String("type=\"obsolete\"")), 0);
    QCOMPARE(text.count(QRegularExpression(QStringLiteral("<translation>\\s*</translation>"))), 0);
}

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
