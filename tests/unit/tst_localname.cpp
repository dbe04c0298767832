#include "client/localname.h"

#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

class TestLocalName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void safeLocalFileName_data();
    void safeLocalFileName();
    void fileNameFromUrl_data();
    void fileNameFromUrl();
    void numberedFileName_data();
    void numberedFileName();
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
    QTest::newRow("C1 control removed") << withChar("a", 0x9B, "b") << QStringLiteral("ab");
    QTest::newRow("bidi override removed") << withChar("photo", 0x202E, "gpj.exe") << QStringLiteral("photogpj.exe");
    QTest::newRow("zero width space removed") << withChar("a", 0x200B, "b") << QStringLiteral("ab");
    QTest::newRow("long name shortened, extension kept")
            << QString(QString(300, u'n') + u".iso"_s) << QString(QString(251, u'n') + u".iso"_s);
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

void TestLocalName::fileNameFromUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("name");

    QTest::newRow("last segment") << u"http://host/dir/file.txt"_s << u"file.txt"_s;
    QTest::newRow("query and fragment ignored") << u"http://host/get/a.zip?token=1#x"_s << u"a.zip"_s;
    QTest::newRow("percent-decoded space") << u"http://host/my%20file.txt"_s << u"my file.txt"_s;
    QTest::newRow("percent-decoded Chinese") << u"http://host/%E4%B8%AD%E6%96%87.txt"_s << u"中文.txt"_s;
    QTest::newRow("Chinese as typed") << u"http://host/文件/报告.pdf"_s << u"报告.pdf"_s;
    QTest::newRow("not UTF-8: kept encoded") << u"http://host/%D6%D0.txt"_s << u"%D6%D0.txt"_s;
    QTest::newRow("encoded percent") << u"http://host/100%25.txt"_s << u"100%.txt"_s;
    QTest::newRow("trailing slash: the folder's name") << u"http://host/dir/"_s << u"dir"_s;
    QTest::newRow("several trailing slashes") << u"http://host/a/dir//"_s << u"dir"_s;
    QTest::newRow("IPv6 host and port") << u"http://[::1]:8888/x.bin"_s << u"x.bin"_s;
    QTest::newRow("root") << u"http://host/"_s << u"index.html"_s;
    QTest::newRow("no path") << u"http://host"_s << u"index.html"_s;
    QTest::newRow("no path, a query") << u"http://host?q=a.txt"_s << u"index.html"_s;
    QTest::newRow("encoded slashes climbing") << u"http://host/a%2F..%2F..%2Fetc%2Fpasswd"_s << u"passwd"_s;
    QTest::newRow("encoded backslashes") << u"http://host/C%3A%5Cevil%5Cx.exe"_s << u"x.exe"_s;
    QTest::newRow("encoded dot-dot") << u"http://host/a/%2E%2E"_s << u"index.html"_s;
    QTest::newRow("encoded NUL") << u"http://host/a.txt%00.exe"_s << u"a.txt.exe"_s;
    QTest::newRow("encoded control only") << u"http://host/%0A"_s << u"index.html"_s;
    QTest::newRow("encoded bidi override") << u"http://host/photo%E2%80%AEgpj.exe"_s << u"photogpj.exe"_s;
    QTest::newRow("long segment shortened")
            << QString(u"http://host/"_s + QString(400, u'z') + u".html"_s) << QString(QString(250, u'z') + u".html"_s);
}

void TestLocalName::fileNameFromUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, name);

    const QUrl parsed(url);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.errorString()));
    const QString local = ::fileNameFromUrl(parsed);
    QCOMPARE(local, name);
    QCOMPARE(::safeLocalFileName(local), local);
}

void TestLocalName::numberedFileName_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("numbered");

    QTest::newRow("extension") << u"report.pdf"_s << 1 << u"report (1).pdf"_s;
    QTest::newRow("two digits") << u"report.pdf"_s << 12 << u"report (12).pdf"_s;
    QTest::newRow("999") << u"report.pdf"_s << 999 << u"report (999).pdf"_s;
    QTest::newRow("no extension") << u"README"_s << 1 << u"README (1)"_s;
    QTest::newRow("hidden file") << u".bashrc"_s << 1 << u".bashrc (1)"_s;
    QTest::newRow("hidden file with an extension") << u".config.json"_s << 2 << u".config (2).json"_s;
    QTest::newRow("tar.gz") << u"archive.tar.gz"_s << 1 << u"archive (1).tar.gz"_s;
    QTest::newRow("tar.xz") << u"archive.tar.xz"_s << 1 << u"archive (1).tar.xz"_s;
    QTest::newRow("tar.bz2") << u"archive.tar.bz2"_s << 1 << u"archive (1).tar.bz2"_s;
    QTest::newRow("tar.zst") << u"linux-6.1.tar.zst"_s << 3 << u"linux-6.1 (3).tar.zst"_s;
    QTest::newRow("TAR.GZ in capitals") << u"BACKUP.TAR.GZ"_s << 1 << u"BACKUP (1).TAR.GZ"_s;
    QTest::newRow("json.gz") << u"dump.json.gz"_s << 1 << u"dump (1).json.gz"_s;
    QTest::newRow("version dots are not an extension") << u"app-1.2.3.zip"_s << 1 << u"app-1.2.3 (1).zip"_s;
    QTest::newRow("long part before .gz is the stem") << u"notes.backup.gz"_s << 1 << u"notes.backup (1).gz"_s;
    QTest::newRow("hidden .tar.gz") << u".tar.gz"_s << 1 << u".tar (1).gz"_s;
    QTest::newRow("trailing dot") << u"file."_s << 1 << u"file (1)."_s;
    QTest::newRow("Chinese") << u"报告.pdf"_s << 1 << u"报告 (1).pdf"_s;
    QTest::newRow("spaces") << u"my file.txt"_s << 4 << u"my file (4).txt"_s;
    QTest::newRow("already numbered") << u"report (1).pdf"_s << 1 << u"report (1) (1).pdf"_s;
    QTest::newRow("n = 0 is the name itself") << u"report.pdf"_s << 0 << u"report.pdf"_s;
    QTest::newRow("longest name: the stem makes room")
            << QString(QString(251, u'a') + u".txt"_s) << 7 << QString(QString(247, u'a') + u" (7).txt"_s);
}

void TestLocalName::numberedFileName()
{
    QFETCH(QString, fileName);
    QFETCH(int, n);
    QFETCH(QString, numbered);

    const QString name = ::numberedFileName(fileName, n);
    QCOMPARE(name, numbered);
    QVERIFY(name.toUtf8().size() <= 255);
}

QTEST_GUILESS_MAIN(TestLocalName)
#include "tst_localname.moc"
