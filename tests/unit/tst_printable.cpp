// Text from a peer printed on a terminal or in a log: nothing in it may
// act as a terminal control or forge a line.
#include "common/printable.h"

#include <QTest>

class TestPrintable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escaped_data();
    void escaped();
};

void TestPrintable::escaped_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("shown");

    QTest::newRow("plain") << QStringLiteral("report.pdf") << QStringLiteral("report.pdf");
    QTest::newRow("chinese") << QStringLiteral("报告.pdf") << QStringLiteral("报告.pdf");
    QTest::newRow("emoji") << QStringLiteral("\U0001F600.txt") << QStringLiteral("\U0001F600.txt");
    QTest::newRow("escape sequence") << QStringLiteral("a\x1b[2Jb") << QStringLiteral("a\\x1b[2Jb");
    QTest::newRow("forged line") << QStringLiteral("a\r\nferry: done") << QStringLiteral("a\\x0d\\x0aferry: done");
    QTest::newRow("tab keeps columns") << QStringLiteral("a\tb") << QStringLiteral("a\\x09b");
    QTest::newRow("delete") << QStringLiteral("a\x7f") << QStringLiteral("a\\x7f");
    QTest::newRow("C1 CSI") << QStringLiteral("a\u009b2J") << QStringLiteral("a\\x9b2J");
    QTest::newRow("right-to-left override")
            << QStringLiteral("evil\u202Etxt.exe") << QStringLiteral("evil\\u{202e}txt.exe");
    QTest::newRow("isolate") << QStringLiteral("a\u2066b\u2069") << QStringLiteral("a\\u{2066}b\\u{2069}");
    QTest::newRow("line separator") << QStringLiteral("a\u2028b") << QStringLiteral("a\\u{2028}b");
    QTest::newRow("backslash") << QStringLiteral("a\\x1b") << QStringLiteral("a\\\\x1b");
    QTest::newRow("NUL") << QString(QChar(0)) << QStringLiteral("\\x00");
    QTest::newRow("empty") << QString() << QString();
}

void TestPrintable::escaped()
{
    QFETCH(QString, text);
    QFETCH(QString, shown);
    const QString escaped = Printable::escaped(text);
    QCOMPARE(escaped, shown);
    for (const QChar c : escaped)
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7F && (c.unicode() < 0x80 || c.unicode() >= 0xA0),
                 qPrintable(escaped));
}

QTEST_GUILESS_MAIN(TestPrintable)
#include "tst_printable.moc"
