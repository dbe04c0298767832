#include "server/httpresponder.h"
#include "wire/contentdisposition.h"

#include <QElapsedTimer>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

class TestContentDisposition : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileName_data();
    void fileName();
    void longNames_data();
    void longNames();
    void cleanFileName_data();
    void cleanFileName();
    void fromFerryServer_data();
    void fromFerryServer();
    void hugeInputIsLinear_data();
    void hugeInputIsLinear();
};

namespace {

// What every answer must be, whatever the header: one harmless name.
void checkClean(const QString &name)
{
    QVERIFY(!name.contains(u'/'));
    QVERIFY(!name.contains(u'\\'));
    QVERIFY(name != u"."_s && name != u".."_s);
    QVERIFY(name.toUtf8().size() <= ContentDisposition::MaxFileNameBytes);
    QCOMPARE(name, name.trimmed());
    for (const QChar c : name) {
        QVERIFY2(c.unicode() >= 0x20 && (c.unicode() < 0x7F || c.unicode() >= 0xA0), qPrintable(name));
        QVERIFY(c.unicode() != 0x202E && c.unicode() != 0x200F && c.unicode() != 0xFEFF);
    }
    QCOMPARE(ContentDisposition::cleanFileName(name), name);
}

} // namespace

void TestContentDisposition::fileName_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("name");

    // RFC 6266, appendix D, and RFC 8187, section 3.2.2
    QTest::newRow("RFC 6266: token") << "Attachment; filename=example.html"_ba << u"example.html"_s;
    QTest::newRow("RFC 6266: upper case, space after =")
            << "INLINE; FILENAME= \"an example.html\""_ba << u"an example.html"_s;
    QTest::newRow("RFC 6266: filename* with a space before the value")
            << "attachment; filename*= UTF-8''%e2%82%ac%20rates"_ba << u"€ rates"_s;
    QTest::newRow("RFC 6266: both, filename* wins")
            << "attachment; filename=\"EURO rates\"; filename*=utf-8''%e2%82%ac%20rates"_ba << u"€ rates"_s;
    QTest::newRow("RFC 8187: ISO-8859-1 with a language")
            << "attachment; filename*=iso-8859-1'en'%A3%20rates"_ba << u"£ rates"_s;
    QTest::newRow("RFC 8187: UTF-8") << "attachment; filename*=UTF-8''%c2%a3%20and%20%e2%82%ac%20rates"_ba
                                     << u"£ and € rates"_s;

    // The greenbytes test cases browsers are measured by (tc2231)
    QTest::newRow("inline without a name") << "inline"_ba << QString();
    QTest::newRow("attachment without a name") << "attachment"_ba << QString();
    QTest::newRow("quoted") << "attachment; filename=\"foo.html\""_ba << u"foo.html"_s;
    QTest::newRow("inline with a name") << "inline; filename=\"foo.html\""_ba << u"foo.html"_s;
    QTest::newRow("unknown disposition type") << "x-download; filename=\"foo.html\""_ba << u"foo.html"_s;
    QTest::newRow("escaped ordinary character") << "attachment; filename=\"f\\oo.html\""_ba << u"foo.html"_s;
    QTest::newRow("escaped quotes") << "attachment; filename=\"\\\"quoting\\\" tested.html\""_ba
                                    << u"\"quoting\" tested.html"_s;
    QTest::newRow("semicolon inside quotes")
            << "attachment; filename=\"Here's a semicolon;.html\""_ba << u"Here's a semicolon;.html"_s;
    QTest::newRow("other parameter first") << "attachment; foo=\"bar\"; filename=\"foo.html\""_ba << u"foo.html"_s;
    QTest::newRow("other parameter with escapes")
            << "attachment; foo=\"\\\"\\\\\";filename=\"foo.html\""_ba << u"foo.html"_s;
    QTest::newRow("parameter name in capitals") << "attachment; FILENAME=\"foo.html\""_ba << u"foo.html"_s;
    QTest::newRow("single quotes are part of a token") << "attachment; filename='foo.bar'"_ba << u"'foo.bar'"_s;
    QTest::newRow("ISO-8859-1 bytes in filename") << "attachment; filename=\"foo-\xe4.html\""_ba << u"foo-ä.html"_s;
    QTest::newRow("percent signs in filename are not decoded")
            << "attachment; filename=\"foo-%41.html\""_ba << u"foo-%41.html"_s;
    QTest::newRow("lone percent sign") << "attachment; filename=\"50%.html\""_ba << u"50%.html"_s;
    QTest::newRow("escaped percent sequence") << "attachment; filename=\"foo-%\\41.html\""_ba << u"foo-%41.html"_s;
    QTest::newRow("name= is not filename=") << "attachment; name=\"foo-%41.html\""_ba << QString();
    QTest::newRow("filename* UTF-8") << "attachment; filename*=UTF-8''foo-%c3%a4-%e2%82%ac.html"_ba
                                     << u"foo-ä-€.html"_s;
    QTest::newRow("filename* decomposed, not normalised")
            << "attachment; filename*=UTF-8''foo-a%cc%88.html"_ba << u"foo-a\u0308.html"_s;
    QTest::newRow("filename* ISO-8859-1") << "attachment; filename*=iso-8859-1''foo-%E4.html"_ba << u"foo-ä.html"_s;
    QTest::newRow("filename* UTF-8 that is not UTF-8") << "attachment; filename*=utf-8''foo-%E4.html"_ba << QString();
    QTest::newRow("filename* without a charset") << "attachment; filename*=''foo-%E4.html"_ba << QString();
    QTest::newRow("filename* without quotes at all") << "attachment; filename*=foo%20bar.html"_ba << QString();
    QTest::newRow("filename* with one quote only") << "attachment; filename*=UTF-8'foo.html"_ba << QString();
    QTest::newRow("filename* quoted is invalid") << "attachment; filename*=\"UTF-8''foo-%41.html\""_ba << QString();
    QTest::newRow("filename* percent-encoded percent")
            << "attachment; filename*=UTF-8''A-%2541.html"_ba << u"A-%41.html"_s;
    QTest::newRow("filename* broken percent at the end") << "attachment; filename*=UTF-8''foo-%"_ba << QString();
    QTest::newRow("filename* broken percent, one digit") << "attachment; filename*=UTF-8''foo-%4"_ba << QString();
    QTest::newRow("filename* not hex") << "attachment; filename*=UTF-8''foo-%zz.html"_ba << QString();
    QTest::newRow("filename* unknown charset falls back")
            << "attachment; filename*=Shift_JIS''%83%65.txt; filename=\"fallback.txt\""_ba << u"fallback.txt"_s;
    QTest::newRow("filename first, then filename*")
            << "attachment; filename=\"foo-ae.html\"; filename*=UTF-8''foo-%c3%a4.html"_ba << u"foo-ä.html"_s;
    QTest::newRow("filename* first, then filename")
            << "attachment; filename*=UTF-8''foo-%c3%a4.html; filename=\"foo-ae.html\""_ba << u"foo-ä.html"_s;
    QTest::newRow("continuations are not supported, filename* is")
            << "attachment; filename*0*=ISO-8859-15''euro-sign%3d%a4; filename*=ISO-8859-1''currency-sign%3d%a4"_ba
            << u"currency-sign=¤"_s;
    QTest::newRow("continuations alone") << "attachment; filename*0=\"foo.\"; filename*1=\"html\""_ba << QString();
    QTest::newRow("no disposition type") << "filename=\"foo.html\""_ba << u"foo.html"_s;
    QTest::newRow("empty disposition type") << "; filename=\"foo.html\""_ba << u"foo.html"_s;

    // Chinese names, as servers send them
    QTest::newRow("Chinese in filename*")
            << "attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A%202024.pdf"_ba << u"报告 2024.pdf"_s;
    QTest::newRow("Chinese in filename* with a language")
            << "attachment; filename*=utf-8'zh-CN'%E4%B8%AD%E6%96%87.txt"_ba << u"中文.txt"_s;
    QTest::newRow("raw UTF-8 in filename") << "attachment; filename=\"中文文件.txt\""_ba << u"中文文件.txt"_s;
    QTest::newRow("raw UTF-8 token") << "attachment; filename=中文.txt"_ba << u"中文.txt"_s;
    QTest::newRow("raw UTF-8 and filename*, both Chinese")
            << "inline; filename=\"旧.txt\"; filename*=UTF-8''%E6%96%B0.txt"_ba << u"新.txt"_s;

    // Duplicates: the first valid one of each kind
    QTest::newRow("duplicate filename") << "attachment; filename=\"foo.html\"; filename=\"bar.html\""_ba
                                        << u"foo.html"_s;
    QTest::newRow("duplicate filename*") << "attachment; filename*=UTF-8''first.txt; filename*=UTF-8''second.txt"_ba
                                         << u"first.txt"_s;
    QTest::newRow("invalid filename* then a valid one")
            << "attachment; filename*=UTF-8''bad%zz; filename*=UTF-8''good.txt"_ba << u"good.txt"_s;
    QTest::newRow("empty filename then another")
            << "attachment; filename=\"\"; filename=\"later.txt\""_ba << u"later.txt"_s;

    // Layout
    QTest::newRow("spaces around everything") << "attachment ; filename = \"spaced.txt\" ;"_ba << u"spaced.txt"_s;
    QTest::newRow("tabs") << "attachment;\tfilename\t=\tx.txt\t"_ba << u"x.txt"_s;
    QTest::newRow("unquoted name with spaces") << "attachment; filename=my file.txt; size=3"_ba << u"my file.txt"_s;
    QTest::newRow("spaces inside quotes trimmed") << "attachment; filename=\"  padded.txt  \""_ba << u"padded.txt"_s;
    QTest::newRow("garbage after the closing quote") << "attachment; filename=\"a.txt\"garbage; x=1"_ba << u"a.txt"_s;
    QTest::newRow("a quoted value hides a parameter")
            << "attachment; title=\"x; filename=evil.exe\"; filename=\"good.txt\""_ba << u"good.txt"_s;
    QTest::newRow("unterminated quote runs to the end")
            << "attachment; filename=\"unterminated.txt"_ba << u"unterminated.txt"_s;
    QTest::newRow("unterminated quote swallows ;") << "attachment; filename=\"a.txt; size=3"_ba << u"a.txt; size=3"_s;
    QTest::newRow("unterminated quote after a backslash") << "attachment; filename=\"a.txt\\"_ba << QString();
    QTest::newRow("unterminated quote in another parameter")
            << "attachment; title=\"x; filename=\"evil.exe\""_ba << QString();
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("semicolons only") << ";;;;"_ba << QString();
    QTest::newRow("equals only") << "="_ba << QString();
    QTest::newRow("empty value") << "attachment; filename="_ba << QString();
    QTest::newRow("empty quoted value") << "attachment; filename=\"\""_ba << QString();
    QTest::newRow("name without =") << "attachment; filename"_ba << QString();

    // Hostile names
    QTest::newRow("climb in filename") << "attachment; filename=\"../../etc/passwd\""_ba << u"passwd"_s;
    QTest::newRow("climb in filename*") << "attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd"_ba << u"passwd"_s;
    QTest::newRow("absolute path") << "attachment; filename=\"/etc/passwd\""_ba << u"passwd"_s;
    QTest::newRow("dot-dot") << "attachment; filename=\"..\""_ba << QString();
    QTest::newRow("dot") << "attachment; filename=."_ba << QString();
    QTest::newRow("dot-dot in filename*") << "attachment; filename*=UTF-8''%2E%2E"_ba << QString();
    QTest::newRow("folder only") << "attachment; filename=\"dir/\""_ba << QString();
    QTest::newRow("Windows path, escaped backslashes")
            << "attachment; filename=\"C:\\\\evil\\\\x.exe\""_ba << u"x.exe"_s;
    QTest::newRow("Windows path as a token") << "attachment; filename=C:\\evil\\x.exe"_ba << u"x.exe"_s;
    QTest::newRow("Windows path, backslashes unescaped by the quotes")
            << "attachment; filename=\"C:\\evil\\x.exe\""_ba << u"evilx.exe"_s;
    QTest::newRow("Windows path in filename*") << "attachment; filename*=UTF-8''C%3A%5Cevil%5Cx.exe"_ba << u"x.exe"_s;
    QTest::newRow("drive-relative name") << "attachment; filename=\"C:evil.exe\""_ba << u"evil.exe"_s;
    QTest::newRow("UNC path") << "attachment; filename=\"\\\\\\\\server\\\\share\\\\x.exe\""_ba << u"x.exe"_s;
    QTest::newRow("right-to-left override in filename*")
            << "attachment; filename*=UTF-8''photo%E2%80%AEgpj.exe"_ba << u"photogpj.exe"_s;
    QTest::newRow("right-to-left override raw")
            << "attachment; filename=\"photo\u202Egpj.exe\""_ba << u"photogpj.exe"_s;
    QTest::newRow("isolates and marks")
            << "attachment; filename*=UTF-8''a%E2%81%A6b%E2%81%A9c%E2%80%8Fd%E2%80%8Ee%D8%9Cf.txt"_ba
            << u"abcdef.txt"_s;
    QTest::newRow("zero width space and BOM")
            << "attachment; filename=\"\xEF\xBB\xBFin\u200Bvisible.txt\""_ba << u"invisible.txt"_s;
    QTest::newRow("embeddings") << "attachment; filename*=UTF-8''%E2%80%AAx%E2%80%AB%E2%80%AC.txt"_ba << u"x.txt"_s;
    QTest::newRow("line separator") << "attachment; filename*=UTF-8''a%E2%80%A8b.txt"_ba << u"ab.txt"_s;
    QTest::newRow("only a bidi character, filename* falls back")
            << "attachment; filename*=UTF-8''%E2%80%AE; filename=\"plain.txt\""_ba << u"plain.txt"_s;
    QTest::newRow("CR LF in filename*") << "attachment; filename*=UTF-8''evil%0D%0ASet-Cookie.txt"_ba
                                        << u"evilSet-Cookie.txt"_s;
    QTest::newRow("control bytes in filename") << "attachment; filename=\"a\x01"
                                                  "b\x7F"
                                                  "c.txt\""_ba
                                               << u"abc.txt"_s;
    QTest::newRow("NUL in filename*") << "attachment; filename*=UTF-8''a.txt%00.exe"_ba << u"a.txt.exe"_s;
    QTest::newRow("escape sequence") << "attachment; filename*=UTF-8''%1B%5B31mred.txt"_ba << u"[31mred.txt"_s;
    QTest::newRow("C1 CSI in UTF-8") << "attachment; filename*=UTF-8''%C2%9B31m.txt"_ba << u"31m.txt"_s;
    QTest::newRow("C1 in ISO-8859-1") << "attachment; filename*=ISO-8859-1''a%85b%9Bc"_ba << u"abc"_s;
    QTest::newRow("C1 from non-UTF-8 bytes") << "attachment; filename=\"a\x9B"
                                                "b\""_ba
                                             << u"ab"_s;
    QTest::newRow("dot-dot hidden by a control") << "attachment; filename*=UTF-8''.%0D."_ba << QString();
    QTest::newRow("dot-dot hidden by a bidi character") << "attachment; filename*=UTF-8''.%E2%80%AE."_ba << QString();
    QTest::newRow("controls only") << "attachment; filename=\"\x01\x02\""_ba << QString();
    QTest::newRow("surrogate encoded in UTF-8 is not UTF-8")
            << "attachment; filename*=UTF-8''a%ED%A0%80b"_ba << QString();
    QTest::newRow("overlong slash is not UTF-8") << "attachment; filename*=UTF-8''..%C0%AFx"_ba << QString();
}

void TestContentDisposition::fileName()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, name);

    const QString found = ContentDisposition::fileName(header);
    QCOMPARE(found, name);
    checkClean(found);
}

void TestContentDisposition::longNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");

    const QString a300 = QString(300, u'a');
    QTest::newRow("ASCII stem shortened, extension kept") << a300 + u".txt"_s << QString(251, u'a') + u".txt"_s;
    QTest::newRow(".tar.gz kept whole") << a300 + u".tar.gz"_s << QString(248, u'a') + u".tar.gz"_s;
    QTest::newRow("no extension") << a300 << QString(255, u'a');
    QTest::newRow("exactly 255 bytes kept") << QString(251, u'b') + u".txt"_s << QString(251, u'b') + u".txt"_s;
    // three bytes each: 83 fit in the 251 left beside ".txt"
    QTest::newRow("Chinese cut between characters")
            << QString(100, u'中') + u".txt"_s << QString(83, u'中') + u".txt"_s;
    QString emoji;
    for (int i = 0; i < 70; ++i)
        emoji += u"😀"_s;
    // four bytes each (a surrogate pair): 62 fit in the 251 left beside ".png"
    QTest::newRow("emoji never split") << emoji + u".png"_s << emoji.first(124) + u".png"_s;
    QTest::newRow("extension too long to keep") << u"a."_s + a300 << u"a."_s + QString(253, u'a');
    QTest::newRow("spaces at the cut dropped")
            << QString(250, u'x') + u"      y.txt"_s << QString(250, u'x') + u".txt"_s;
}

// Most file systems take at most 255 bytes in a name.
void TestContentDisposition::longNames()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);

    QCOMPARE(ContentDisposition::cleanFileName(name), expected);
    const QByteArray header = "attachment; filename*=UTF-8''" + QUrl::toPercentEncoding(name);
    QCOMPARE(ContentDisposition::fileName(header), expected);
    QVERIFY(expected.toUtf8().size() <= ContentDisposition::MaxFileNameBytes);
}

void TestContentDisposition::cleanFileName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("clean");

    QTest::newRow("plain") << u"a.txt"_s << u"a.txt"_s;
    QTest::newRow("inner spaces kept") << u"a  b.txt"_s << u"a  b.txt"_s;
    QTest::newRow("no-break spaces trimmed") << u"\u00A0a.txt\u00A0"_s << u"a.txt"_s;
    QTest::newRow("drive prefixes, twice") << u"C:D:x.txt"_s << u"x.txt"_s;
    QTest::newRow("drive prefix after a bidi character") << u"\u202EC:x.txt"_s << u"x.txt"_s;
    QTest::newRow("non-ASCII letter and colon kept") << u"é:x"_s << u"é:x"_s;
    QTest::newRow("lone high surrogate dropped") << u"a"_s + QChar(0xD800) + u"b"_s << u"ab"_s;
    QTest::newRow("lone low surrogate dropped") << QChar(0xDC00) + u"b"_s << u"b"_s;
    QTest::newRow("surrogate pair kept") << u"😀.png"_s << u"😀.png"_s;
    QTest::newRow("paragraph separator") << u"a\u2029b"_s << u"ab"_s;
    QTest::newRow("Arabic letter mark") << u"a\u061Cb"_s << u"ab"_s;
    QTest::newRow("DEL and C1") << u"a\u007F\u0080\u009Fb"_s << u"ab"_s;
    QTest::newRow("NBSP is not C1") << u"a\u00A0b"_s << u"a\u00A0b"_s;
    QTest::newRow("three dots are a name") << u"..."_s << u"..."_s;
    QTest::newRow("dot space dot is a name") << u". ."_s << u". ."_s;
    QTest::newRow("dot-dot with spaces") << u" .. "_s << QString();
    QTest::newRow("trailing separator") << u"a/b/"_s << QString();
}

void TestContentDisposition::cleanFileName()
{
    QFETCH(QString, name);
    QFETCH(QString, clean);

    const QString cleaned = ContentDisposition::cleanFileName(name);
    QCOMPARE(cleaned, clean);
    checkClean(cleaned);
}

void TestContentDisposition::fromFerryServer_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("fromFilenameOnly"); // what curl -OJ sees

    QTest::newRow("ASCII") << u"report.pdf"_s << u"report.pdf"_s;
    QTest::newRow("spaces and brackets") << u"my file (final).tar.gz"_s << u"my file (final).tar.gz"_s;
    QTest::newRow("Chinese") << u"中文文件.txt"_s << u"中文文件.txt"_s;
    QTest::newRow("accents") << u"naïve café.txt"_s << u"naïve café.txt"_s;
    QTest::newRow("emoji") << u"party 😀.png"_s << u"party 😀.png"_s;
    QTest::newRow("percent sign") << u"50% off.html"_s << u"50_ off.html"_s;
    QTest::newRow("quote") << u"say \"hi\".txt"_s << u"say _hi_.txt"_s;
    QTest::newRow("semicolon and equals") << u"a;b=c.txt"_s << u"a;b=c.txt"_s;
    QTest::newRow("apostrophe") << u"it's.txt"_s << u"it's.txt"_s;
}

// What Ferry's own server sends (HttpResponder::contentDisposition) reads
// back as the name, from filename* and from filename= alone.
void TestContentDisposition::fromFerryServer()
{
    QFETCH(QString, name);
    QFETCH(QString, fromFilenameOnly);

    const QByteArray header = HttpResponder::contentDisposition(name);
    QCOMPARE(ContentDisposition::fileName(header), name);
    const qsizetype extended = header.indexOf("; filename*=");
    QVERIFY(extended > 0);
    QCOMPARE(ContentDisposition::fileName(header.first(extended)), fromFilenameOnly);
}

void TestContentDisposition::hugeInputIsLinear_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("name");

    constexpr qsizetype Size = 1 << 20;
    QTest::newRow("semicolons") << QByteArray(Size, ';') << QString();
    QTest::newRow("quotes") << QByteArray(Size, '"') << QString();
    QTest::newRow("equals") << QByteArray(Size, '=') << QString();
    QTest::newRow("backslashes in quotes") << "filename=\"" + QByteArray(Size, '\\') << QString();
    QTest::newRow("huge quoted name") << "attachment; filename=\"" + QByteArray(Size, 'a') + ".txt\""
                                      << QString(251, u'a') + u".txt"_s;
    QTest::newRow("huge token") << "filename=" + QByteArray(Size, 'a') << QString(255, u'a');
    QTest::newRow("percent signs") << "filename*=UTF-8''" + QByteArray(Size, '%') << QString();
    QTest::newRow("percent-encoded bidi characters")
            << "filename*=UTF-8''" + QByteArray("%E2%80%AE").repeated(Size / 9) + "x" << u"x"_s;
    QTest::newRow("many parameters") << QByteArray("filename*=x;").repeated(Size / 12) + "filename=y" << u"y"_s;
    QTest::newRow("many slashes") << "filename=" + QByteArray("a/").repeated(Size / 2) + "b" << u"b"_s;
    QTest::newRow("many drive prefixes") << "filename=" + QByteArray("C:").repeated(Size / 2) + "x" << u"x"_s;
    QTest::newRow("many spaces") << "filename=\"" + QByteArray(Size, ' ') + "x" + QByteArray(Size, ' ') + "\""
                                 << u"x"_s;
    QTest::newRow("many dots") << "filename=x" + QByteArray(Size, '.') + "gz" << u"x"_s + QString(252, u'.') + u"gz"_s;
}

// A hostile server cannot make the parser work harder than the length of
// what it sent: a megabyte takes a fraction of a second in a debug build
// and a few seconds sanitized; one quadratic step would take hours.
void TestContentDisposition::hugeInputIsLinear()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, name);

    QElapsedTimer timer;
    timer.start();
    const QString found = ContentDisposition::fileName(header);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(found, name);
    QVERIFY2(elapsed < 10000, qPrintable(u"%1 ms"_s.arg(elapsed)));
}

QTEST_GUILESS_MAIN(TestContentDisposition)
#include "tst_contentdisposition.moc"
