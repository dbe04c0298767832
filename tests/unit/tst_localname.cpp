#include "client/localname.h"

#include <QTest>

class TestLocalName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void safeLocalFileName_data();
    void safeLocalFileName();
};

namespace {

QString withChar(const char *before, char16_t c, const char *after)
{
    return QString::fromUtf8(before) + QChar(c) + QString::fromUtf8(after);
}

} // namespace

void TestLocalName::safeLocalFileName_data()
{
    QTest::addColumn<QString>("remoteName");
    QTest::addColumn<QString>("localName");

    QTest::newRow("plain name kept") << QStringLiteral("a.txt") << QStringLiteral("a.txt");
    QTest::newRow("name with spaces kept") << QStringLiteral("my file.tar.gz") << QStringLiteral("my file.tar.gz");
    QTest::newRow("Chinese name kept") << QString::fromUtf8("中文.txt") << QString::fromUtf8("中文.txt");
    QTest::newRow("Chinese folder dropped") << QString::fromUtf8("目录/文件.txt") << QString::fromUtf8("文件.txt");
    QTest::newRow("dot-dot prefix dropped") << QStringLiteral("../x") << QStringLiteral("x");
    QTest::newRow("deep climb dropped") << QStringLiteral("../../../../home/u/.bashrc") << QStringLiteral(".bashrc");
    QTest::newRow("absolute path keeps the base name") << QStringLiteral("/etc/passwd") << QStringLiteral("passwd");
    QTest::newRow("backslash separator") << QStringLiteral("a\\b") << QStringLiteral("b");
    QTest::newRow("Windows climb") << QStringLiteral("..\\..\\win.ini") << QStringLiteral("win.ini");
    QTest::newRow("drive-relative name") << QStringLiteral("C:evil") << QStringLiteral("evil");
    QTest::newRow("drive letter and backslash")
            << QStringLiteral("C:\\Windows\\evil.dll") << QStringLiteral("evil.dll");
    QTest::newRow("colon later in the name kept") << QStringLiteral("ab:c.txt") << QStringLiteral("ab:c.txt");
    QTest::newRow("control characters removed") << withChar("a", '\n', "b.txt") << QStringLiteral("ab.txt");
    QTest::newRow("NUL removed") << withChar("a.txt", 0, ".exe") << QStringLiteral("a.txt.exe");
    QTest::newRow("escape sequence neutralised") << withChar("", 0x1B, "[31mred") << QStringLiteral("[31mred");
    QTest::newRow("DEL removed") << withChar("a", 0x7F, "b") << QStringLiteral("ab");
    QTest::newRow("surrounding spaces trimmed") << QStringLiteral("  a.txt  ") << QStringLiteral("a.txt");
    QTest::newRow("three dots are a name") << QStringLiteral("...") << QStringLiteral("...");
    QTest::newRow("hidden file kept") << QStringLiteral(".hidden") << QStringLiteral(".hidden");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("dot") << QStringLiteral(".") << QString();
    QTest::newRow("dot-dot") << QStringLiteral("..") << QString();
    QTest::newRow("trailing dot-dot") << QStringLiteral("a/..") << QString();
    QTest::newRow("trailing slash") << QStringLiteral("dir/") << QString();
    QTest::newRow("trailing backslash") << QStringLiteral("dir\\") << QString();
    QTest::newRow("slash only") << QStringLiteral("/") << QString();
    QTest::newRow("spaces only") << QStringLiteral("   ") << QString();
    QTest::newRow("control characters only") << withChar("", '\t', "") << QString();
    QTest::newRow("drive letter only") << QStringLiteral("C:") << QString();
    QTest::newRow("drive letter and dot-dot") << QStringLiteral("C:..") << QString();
    QTest::newRow("dot-dot hidden by a control character") << withChar(".", '\r', ".") << QString();
}

void TestLocalName::safeLocalFileName()
{
    QFETCH(QString, remoteName);
    QFETCH(QString, localName);

    const QString safe = ::safeLocalFileName(remoteName);
    QCOMPARE(safe, localName);
    QVERIFY(!safe.contains(QLatin1Char('/')));
    QVERIFY(!safe.contains(QLatin1Char('\\')));
}

QTEST_GUILESS_MAIN(TestLocalName)
#include "tst_localname.moc"
