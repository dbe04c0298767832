#include "wire/legacyname.h"

#include <QTest>

// Expectations about GBK were checked against CPython's 'gbk' codec, the one
// the tutorial server decodes with; the test itself needs no Python.
class TestLegacyName : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void encode_data();
    void encode();
    void sentGbkAvoidsBytesPythonRejects();
    void complete_data();
    void complete();
    void shownName_data();
    void shownName();
};

namespace {

// U+1F600 GRINNING FACE, outside the BMP and outside GBK.
const QString Emoji = QString::fromUtf8("\xF0\x9F\x98\x80");

} // namespace

void TestLegacyName::decode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("readings");

    QTest::newRow("pure ASCII gives one reading") << QByteArrayLiteral("a.txt") << QStringList{QStringLiteral("a.txt")};
    QTest::newRow("ASCII with spaces and dots")
            << QByteArrayLiteral("my file.tar.gz") << QStringList{QStringLiteral("my file.tar.gz")};
    QTest::newRow("empty bytes give one empty reading") << QByteArray() << QStringList{QString()};
    QTest::newRow("GBK Chinese name (tutorial client)")
            << QByteArrayLiteral("\xD6\xD0\xCE\xC4.txt") << QStringList{QString::fromUtf8("中文.txt")};
    QTest::newRow("GBK Chinese name with a space") << QByteArrayLiteral("\xB2\xE2\xCA\xD4 \xB1\xA8\xB8\xE6.doc")
                                                   << QStringList{QString::fromUtf8("测试 报告.doc")};
    QTest::newRow("GBK traditional character") << QByteArrayLiteral("\xF3\x77") << QStringList{QString::fromUtf8("體")};
    QTest::newRow("GBK middle dot") << QByteArrayLiteral("\xA1\xA4") << QStringList{QString::fromUtf8("·")};
    QTest::newRow("GBK small roman numeral one")
            << QByteArrayLiteral("\xA2\xA1") << QStringList{QString::fromUtf8("ⅰ")};
    QTest::newRow("UTF-8 Chinese name that is not valid GBK")
            << QByteArrayLiteral("\xE4\xB8\xAD\xE6\x96\x87.txt") << QStringList{QString::fromUtf8("中文.txt")};
    QTest::newRow("GBK 'one' (D2BB) is also UTF-8: UTF-8 first")
            << QByteArrayLiteral("\xD2\xBB") << QStringList{QString::fromUtf8("һ"), QString::fromUtf8("一")};
    QTest::newRow("UTF-8 Chinese name that is also GBK: UTF-8 first")
            << QByteArrayLiteral("\xE6\x96\x87\xE4\xBB\xB6.txt")
            << QStringList{QString::fromUtf8("文件.txt"), QString::fromUtf8("鏂囦欢.txt")};
    QTest::newRow("UTF-8 accented Latin that is also GBK")
            << QByteArrayLiteral("\xC3\xA9.txt")
            << QStringList{QString::fromUtf8("é.txt"), QString::fromUtf8("茅.txt")};
    QTest::newRow("UTF-8 emoji that is also GBK")
            << QByteArrayLiteral("\xF0\x9F\x98\x80") << QStringList{Emoji, QString::fromUtf8("馃榾")};
    QTest::newRow("UTF-8 overlong slash is GBK only")
            << QByteArrayLiteral("\xC0\xAF") << QStringList{QString::fromUtf8("蜡")};
    QTest::newRow("truncated UTF-8 lead pair reads as one GBK character")
            << QByteArrayLiteral("\xE4\xB8") << QStringList{QString::fromUtf8("涓")};

    QTest::newRow("single byte 0x80 (cp936 euro) gives none") << QByteArrayLiteral("\x80") << QStringList();
    QTest::newRow("single byte 0xFF gives none") << QByteArrayLiteral("\xFF") << QStringList();
    QTest::newRow("0x80 after ASCII gives none") << QByteArrayLiteral("a\x80") << QStringList();
    QTest::newRow("0xFF inside a GBK name gives none") << QByteArrayLiteral("\xD6\xD0\xFF\xCE\xC4") << QStringList();
    QTest::newRow("lone GBK lead byte gives none") << QByteArrayLiteral("\xD6") << QStringList();
    QTest::newRow("GBK name with a truncated tail gives none")
            << QByteArrayLiteral("\xD6\xD0\xCE\xC4\xD6") << QStringList();
    QTest::newRow("UTF-8 name with a truncated tail gives none")
            << QByteArrayLiteral("\xE4\xB8\xAD\xE4\xB8") << QStringList();
    QTest::newRow("UTF-8 encoded surrogate gives none") << QByteArrayLiteral("\xED\xA0\x80") << QStringList();
    QTest::newRow("GBK trail byte 0x7F gives none") << QByteArrayLiteral("\x81\x7F") << QStringList();
    QTest::newRow("GBK trail byte 0xFF gives none") << QByteArrayLiteral("\x81\xFF") << QStringList();
    QTest::newRow("GB18030 four-byte start gives none") << QByteArrayLiteral("\x81\x30\x81\x30") << QStringList();
    QTest::newRow("user-defined area AAA1 gives none") << QByteArrayLiteral("\xAA\xA1") << QStringList();
    QTest::newRow("user-defined area AFFE gives none") << QByteArrayLiteral("\xAF\xFE") << QStringList();
    QTest::newRow("user-defined area F8A1 gives none") << QByteArrayLiteral("\xF8\xA1") << QStringList();
    QTest::newRow("user-defined area FEFE gives none") << QByteArrayLiteral("\xFE\xFE") << QStringList();
    QTest::newRow("user-defined area A140 gives none") << QByteArrayLiteral("\xA1\x40") << QStringList();
    QTest::newRow("user-defined area A7A0 gives none") << QByteArrayLiteral("\xA7\xA0") << QStringList();
    QTest::newRow("GB18030-only vertical form A6D9 gives none") << QByteArrayLiteral("\xA6\xD9") << QStringList();
    QTest::newRow("GB18030-only FE50 gives none") << QByteArrayLiteral("\xFE\x50") << QStringList();
}

void TestLegacyName::decode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, readings);

    QCOMPARE(LegacyName::decode(bytes), readings);
}

void TestLegacyName::encode_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<LegacyName::Encoding>("encoding");
    QTest::addColumn<bool>("representable");
    QTest::addColumn<QByteArray>("bytes");

    const auto gbk = LegacyName::Encoding::Gbk;
    const auto utf8 = LegacyName::Encoding::Utf8;

    QTest::newRow("GBK: ASCII name unchanged") << QStringLiteral("a.txt") << gbk << true << QByteArrayLiteral("a.txt");
    QTest::newRow("GBK: Chinese name") << QString::fromUtf8("中文.txt") << gbk << true
                                       << QByteArrayLiteral("\xD6\xD0\xCE\xC4.txt");
    QTest::newRow("GBK: Chinese name with a space") << QString::fromUtf8("测试 报告.doc") << gbk << true
                                                    << QByteArrayLiteral("\xB2\xE2\xCA\xD4 \xB1\xA8\xB8\xE6.doc");
    QTest::newRow("GBK: traditional character")
            << QString::fromUtf8("體") << gbk << true << QByteArrayLiteral("\xF3\x77");
    QTest::newRow("GBK: hiragana") << QString::fromUtf8("あ") << gbk << true << QByteArrayLiteral("\xA4\xA2");
    QTest::newRow("GBK: Greek capital omega") << QString::fromUtf8("Ω") << gbk << true << QByteArrayLiteral("\xA6\xB8");
    QTest::newRow("GBK: e acute (pinyin area)")
            << QString::fromUtf8("é") << gbk << true << QByteArrayLiteral("\xA8\xA6");
    QTest::newRow("GBK: middle dot") << QString::fromUtf8("·") << gbk << true << QByteArrayLiteral("\xA1\xA4");
    QTest::newRow("GBK: em dash") << QString::fromUtf8("—") << gbk << true << QByteArrayLiteral("\xA1\xAA");
    QTest::newRow("GBK: horizontal bar") << QString::fromUtf8("―") << gbk << true << QByteArrayLiteral("\xA8\x44");
    QTest::newRow("GBK: fullwidth tilde") << QString::fromUtf8("～") << gbk << true << QByteArrayLiteral("\xA1\xAB");

    QTest::newRow("GBK: euro sign (cp936 0x80, Python rejects)")
            << QString::fromUtf8("€") << gbk << false << QByteArray();
    QTest::newRow("GBK: price in euro") << QString::fromUtf8("price-€5.txt") << gbk << false << QByteArray();
    QTest::newRow("GBK: emoji") << Emoji << gbk << false << QByteArray();
    QTest::newRow("GBK: Chinese name with an emoji")
            << QString(QString::fromUtf8("中文") + Emoji + QStringLiteral(".txt")) << gbk << false << QByteArray();
    QTest::newRow("GBK: private use U+E000 (ICU maps it to AAA1)")
            << QString(QChar(0xE000)) << gbk << false << QByteArray();
    QTest::newRow("GBK: private use U+E4C6") << QString(QChar(0xE4C6)) << gbk << false << QByteArray();
    QTest::newRow("GBK: GB18030-only n grave") << QString::fromUtf8("ǹ") << gbk << false << QByteArray();
    QTest::newRow("GBK: GB18030-only vertical comma") << QString(QChar(0xFE10)) << gbk << false << QByteArray();
    QTest::newRow("GBK: wave dash") << QString::fromUtf8("〜") << gbk << false << QByteArray();
    QTest::newRow("GBK: katakana middle dot") << QString::fromUtf8("・") << gbk << false << QByteArray();
    QTest::newRow("GBK: Hangul") << QString::fromUtf8("한") << gbk << false << QByteArray();
    QTest::newRow("GBK: lone surrogate") << QString(QChar(0xD800)) << gbk << false << QByteArray();

    QTest::newRow("UTF-8: ASCII name unchanged")
            << QStringLiteral("a.txt") << utf8 << true << QByteArrayLiteral("a.txt");
    QTest::newRow("UTF-8: Chinese name") << QString::fromUtf8("中文.txt") << utf8 << true
                                         << QByteArrayLiteral("\xE4\xB8\xAD\xE6\x96\x87.txt");
    QTest::newRow("UTF-8: euro sign") << QString::fromUtf8("€") << utf8 << true << QByteArrayLiteral("\xE2\x82\xAC");
    QTest::newRow("UTF-8: emoji") << Emoji << utf8 << true << QByteArrayLiteral("\xF0\x9F\x98\x80");
    QTest::newRow("UTF-8: lone surrogate") << QString(QChar(0xD800)) << utf8 << false << QByteArray();
}

void TestLegacyName::encode()
{
    QFETCH(QString, name);
    QFETCH(LegacyName::Encoding, encoding);
    QFETCH(bool, representable);
    QFETCH(QByteArray, bytes);

    const std::optional<QByteArray> encoded = LegacyName::encode(name, encoding);
    QCOMPARE(encoded.has_value(), representable);
    if (!representable)
        return;
    QCOMPARE(*encoded, bytes);
    // What a Ferry client sends, a Ferry server reads back.
    QVERIFY(LegacyName::decode(*encoded).contains(name));
}

// Python's 'gbk' codec rejects the single bytes 0x80 and 0xFF and the three
// user-defined areas (AAA1-AFFE, F8A1-FEFE, A140-A7A0) that ICU maps to the
// Private Use Area. No character may ever be sent as such bytes.
void TestLegacyName::sentGbkAvoidsBytesPythonRejects()
{
    for (char32_t cp = 0x80; cp <= 0xFFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        const QString name(QChar(static_cast<char16_t>(cp)));
        const std::optional<QByteArray> bytes = LegacyName::encode(name, LegacyName::Encoding::Gbk);
        if (!bytes)
            continue;
        QVERIFY2(bytes->size() == 2, qPrintable(QStringLiteral("U+%1").arg(uint(cp), 4, 16, QLatin1Char('0'))));
        const auto lead = static_cast<unsigned char>(bytes->at(0));
        const auto trail = static_cast<unsigned char>(bytes->at(1));
        const bool userDefined = (lead >= 0xAA && lead <= 0xAF && trail >= 0xA1)
                                 || (lead >= 0xF8 && lead <= 0xFE && trail >= 0xA1)
                                 || (lead >= 0xA1 && lead <= 0xA7 && trail <= 0xA0);
        QVERIFY2(lead >= 0x81 && lead <= 0xFE && trail >= 0x40 && trail <= 0xFE && trail != 0x7F && !userDefined,
                 qPrintable(QStringLiteral("U+%1 -> %2")
                                    .arg(uint(cp), 4, 16, QLatin1Char('0'))
                                    .arg(QString::fromLatin1(bytes->toHex()))));
        // The GBK reading comes last: pairs with a lead C2-DF and a trail
        // 80-BF, such as D2BB for U+4E00, are valid UTF-8 too and read that
        // way first.
        const QStringList readings = LegacyName::decode(*bytes);
        QVERIFY(!readings.isEmpty());
        QCOMPARE(readings.constLast(), name);
    }
}

void TestLegacyName::complete_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("final");
    QTest::addColumn<QStringList>("found"); // what the lookup finds a file under
    QTest::addColumn<QStringList>("refused"); // what it refuses to serve
    QTest::addColumn<bool>("waitForMore");
    QTest::addColumn<LegacyName::Lookup>("outcome");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("asked"); // the lookups made, in order

    using Lookup = LegacyName::Lookup;
    const QString utf8 = QString::fromUtf8("文件.txt");
    const QString gbk = QString::fromUtf8("鏂囦欢.txt"); // the same bytes read as GBK
    const QByteArray both = QByteArrayLiteral("\xE6\x96\x87\xE4\xBB\xB6.txt");
    const QString ascii = QStringLiteral("a.txt");
    const QStringList none;

    QTest::newRow("a file's name is served at once") << QByteArrayLiteral("a.txt") << false << QStringList{ascii}
                                                     << none << false << Lookup::Found << ascii << QStringList{ascii};
    QTest::newRow("a file's name is served once final too")
            << QByteArrayLiteral("a.txt") << true << QStringList{ascii} << none << false << Lookup::Found << ascii
            << QStringList{ascii};
    QTest::newRow("a missing name waits for more") << QByteArrayLiteral("a.txt") << false << none << none << true
                                                   << Lookup::Missing << ascii << QStringList{ascii};
    QTest::newRow("a missing name, final, is not found") << QByteArrayLiteral("a.txt") << true << none << none << false
                                                         << Lookup::Missing << ascii << QStringList{ascii};
    QTest::newRow("a refused name waits for more") << QByteArrayLiteral("a.txt") << false << none << QStringList{ascii}
                                                   << true << Lookup::Refused << ascii << QStringList{ascii};
    QTest::newRow("a refused name, final, is refused")
            << QByteArrayLiteral("a.txt") << true << none << QStringList{ascii} << false << Lookup::Refused << ascii
            << QStringList{ascii};
    QTest::newRow("the start of a longer file's name waits for the rest")
            << QByteArrayLiteral("a.txt") << false << QStringList{QStringLiteral("a.txt.bak")} << none << true
            << Lookup::Missing << ascii << QStringList{ascii};
    QTest::newRow("a file named by the start of another's name is served")
            << QByteArrayLiteral("a.txt") << false << QStringList{ascii, QStringLiteral("a.txt.bak")} << none << false
            << Lookup::Found << ascii << QStringList{ascii};
    QTest::newRow("UTF-8 reading found: GBK not looked up")
            << both << false << QStringList{utf8, gbk} << none << false << Lookup::Found << utf8 << QStringList{utf8};
    QTest::newRow("GBK reading found after UTF-8 missing")
            << both << false << QStringList{gbk} << none << false << Lookup::Found << gbk << QStringList{utf8, gbk};
    QTest::newRow("found beats refused") << both << true << QStringList{gbk} << QStringList{utf8} << false
                                         << Lookup::Found << gbk << QStringList{utf8, gbk};
    QTest::newRow("refused first beats missing")
            << both << true << none << QStringList{utf8} << false << Lookup::Refused << utf8 << QStringList{utf8, gbk};
    QTest::newRow("refused after missing beats it")
            << both << true << none << QStringList{gbk} << false << Lookup::Refused << gbk << QStringList{utf8, gbk};
    QTest::newRow("both refused: the first") << both << true << none << QStringList{utf8, gbk} << false
                                             << Lookup::Refused << utf8 << QStringList{utf8, gbk};
    QTest::newRow("both missing, final: the last reading")
            << both << true << none << none << false << Lookup::Missing << gbk << QStringList{utf8, gbk};
    QTest::newRow("both missing waits for more")
            << both << false << none << none << true << Lookup::Missing << gbk << QStringList{utf8, gbk};
    QTest::newRow("GBK name cut inside a character waits, shown in hex")
            << QByteArrayLiteral("\xD6\xD0\xCE") << false << none << none << true << Lookup::Missing
            << QStringLiteral("d6d0ce") << none;
    QTest::newRow("undecodable bytes, final, are not found, shown in hex")
            << QByteArrayLiteral("\x80") << true << none << none << false << Lookup::Missing << QStringLiteral("80")
            << none;
    QTest::newRow("GBK name completed by its last byte is served")
            << QByteArrayLiteral("\xD6\xD0\xCE\xC4") << false << QStringList{QString::fromUtf8("中文")} << none << false
            << Lookup::Found << QString::fromUtf8("中文") << QStringList{QString::fromUtf8("中文")};
}

void TestLegacyName::complete()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, final);
    QFETCH(QStringList, found);
    QFETCH(QStringList, refused);
    QFETCH(bool, waitForMore);
    QFETCH(LegacyName::Lookup, outcome);
    QFETCH(QString, name);
    QFETCH(QStringList, asked);

    QStringList lookups;
    const LegacyName::Completion completion = LegacyName::complete(bytes, final, [&](const QString &reading) {
        lookups.append(reading);
        return found.contains(reading)     ? LegacyName::Lookup::Found
               : refused.contains(reading) ? LegacyName::Lookup::Refused
                                           : LegacyName::Lookup::Missing;
    });
    QCOMPARE(completion.waitForMore, waitForMore);
    QCOMPARE(completion.outcome, outcome);
    QCOMPARE(completion.name, name);
    QCOMPARE(lookups, asked);
}

void TestLegacyName::shownName_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("name");

    QTest::newRow("ASCII") << QByteArrayLiteral("a.txt") << QStringLiteral("a.txt");
    QTest::newRow("GBK only") << QByteArrayLiteral("\xD6\xD0\xCE\xC4.txt") << QString::fromUtf8("中文.txt");
    QTest::newRow("UTF-8 and GBK: the UTF-8 reading")
            << QByteArrayLiteral("\xE6\x96\x87\xE4\xBB\xB6.txt") << QString::fromUtf8("文件.txt");
    QTest::newRow("undecodable: hex") << QByteArrayLiteral("a\x80") << QStringLiteral("6180");
}

void TestLegacyName::shownName()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, name);

    QCOMPARE(LegacyName::shownName(bytes), name);
}

QTEST_GUILESS_MAIN(TestLegacyName)
#include "tst_legacyname.moc"
