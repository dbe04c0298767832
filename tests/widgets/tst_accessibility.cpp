// What screen readers and AT-SPI automation see: the main controls' names
// exactly as the issue gives them, a name on every control a keyboard can
// reach, and table cells that read out their values.

#include "downloadtab.h"
#include "mainwindow.h"
#include "servetransfermodel.h"
#include "transfertable.h"
#include "widgettest.h"

#include <QAccessible>
#include <QAccessibleTableInterface>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace WidgetTest;

namespace {

QString accessibleName(QWidget *widget)
{
    QAccessibleInterface *interface = QAccessible::queryAccessibleInterface(widget);
    return interface ? interface->text(QAccessible::Name) : QString();
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void mainControls_data();
    void mainControls();
    void startButtonSaysWhatItDoes();
    void everyFocusableControlHasAName();
    void tablesReadOutTheirCells();

private:
    MainWindow *m_window = nullptr;
};

void TestAccessibility::initTestCase()
{
    useTestSettings("ferry-tst_accessibility");
}

void TestAccessibility::init()
{
    m_window = new MainWindow;
    m_window->show();
}

void TestAccessibility::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

void TestAccessibility::mainControls_data()
{
    QTest::addColumn<QString>("objectName");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("role");
    QTest::newRow("serve: folder") << QStringLiteral("shareFolderEdit") << QStringLiteral("Folder to share")
                                   << int(QAccessible::EditableText);
    QTest::newRow("serve: port") << QStringLiteral("sharePortSpin") << QStringLiteral("Port")
                                 << int(QAccessible::SpinBox);
    QTest::newRow("serve: start") << QStringLiteral("shareStartButton") << QStringLiteral("Start sharing")
                                  << int(QAccessible::Button);
    QTest::newRow("download: host") << QStringLiteral("downloadHostEdit") << QStringLiteral("Host")
                                    << int(QAccessible::EditableText);
    QTest::newRow("download: port") << QStringLiteral("downloadPortEdit") << QStringLiteral("Port")
                                    << int(QAccessible::EditableText);
    QTest::newRow("download: name") << QStringLiteral("downloadNameEdit") << QStringLiteral("File name")
                                    << int(QAccessible::EditableText);
    QTest::newRow("download: folder") << QStringLiteral("downloadFolderEdit") << QStringLiteral("Save to")
                                      << int(QAccessible::EditableText);
    QTest::newRow("download: button") << QStringLiteral("downloadButton") << QStringLiteral("Download")
                                      << int(QAccessible::Button);
}

void TestAccessibility::mainControls()
{
    QFETCH(QString, objectName);
    QFETCH(QString, name);
    QFETCH(int, role);
    auto *widget = m_window->findChild<QWidget *>(objectName);
    QVERIFY(widget);
    QAccessibleInterface *interface = QAccessible::queryAccessibleInterface(widget);
    QVERIFY(interface);
    QCOMPARE(interface->text(QAccessible::Name), name);
    QCOMPARE(int(interface->role()), role);
}

void TestAccessibility::startButtonSaysWhatItDoes()
{
    QTemporaryDir share;
    auto *button = child<QPushButton>(m_window, "shareStartButton");
    QVERIFY(shareFromTab(m_window->serveTab(), share.path()) != 0);
    QCOMPARE(accessibleName(button), QStringLiteral("Stop sharing"));
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(accessibleName(button), QStringLiteral("Start sharing"));
}

void TestAccessibility::everyFocusableControlHasAName()
{
    QTemporaryDir share; // sharing adds the address lines and their copy buttons
    QVERIFY(shareFromTab(m_window->serveTab(), share.path()) != 0);
    const auto widgets = m_window->findChildren<QWidget *>();
    QStringList unnamed;
    for (QWidget *widget : widgets) {
        // Hidden on purpose (an empty message line) or in a popup (a combo box's list).
        if (widget->isHidden() || widget->window() != m_window)
            continue;
        if (widget->focusPolicy() == Qt::NoFocus || widget->focusProxy() || widget->inherits("QTabBar")
            || widget->inherits("QScrollBar") || widget->inherits("QHeaderView"))
            continue;
        if (accessibleName(widget).trimmed().isEmpty())
            unnamed.append(QStringLiteral("%1 (%2)").arg(QLatin1String(widget->metaObject()->className()),
                                                         widget->objectName()));
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QStringLiteral(", "))));
}

void TestAccessibility::tablesReadOutTheirCells()
{
    ServeTransferModel *model = m_window->serveTab()->transfers();
    TransferInfo info;
    info.id = 1;
    info.peer = QStringLiteral("192.0.2.9:50000");
    info.name = QStringLiteral("report.pdf");
    info.dialect = Dialect::Legacy;
    info.size = 2048;
    info.sent = 1024;
    model->update(info);
    model->flush();

    auto *table = child<TransferTable>(m_window, "serveTable");
    QAccessibleInterface *interface = QAccessible::queryAccessibleInterface(table);
    QVERIFY(interface);
    QCOMPARE(interface->text(QAccessible::Name), QStringLiteral("Transfers"));
    QAccessibleTableInterface *cells = interface->tableInterface();
    QVERIFY(cells);
    QCOMPARE(cells->rowCount(), 1);
    QCOMPARE(cells->columnCount(), int(ServeTransferModel::ColumnCount));
    const auto cellText = [cells](int column) {
        QAccessibleInterface *cell = cells->cellAt(0, column);
        return cell ? cell->text(QAccessible::Name) : QString();
    };
    QCOMPARE(cellText(ServeTransferModel::PeerColumn), QStringLiteral("192.0.2.9:50000"));
    QCOMPARE(cellText(ServeTransferModel::DialectColumn), QStringLiteral("Legacy"));
    // The progress delegate's value, as text.
    QCOMPARE(cellText(ServeTransferModel::SentColumn), QStringLiteral("1.0 KiB (50%)"));
    QCOMPARE(cellText(ServeTransferModel::StateColumn), QStringLiteral("Sending"));
    QCOMPARE(cells->columnDescription(ServeTransferModel::SentColumn), QStringLiteral("Sent"));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
