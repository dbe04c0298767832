// ContentDisposition::fileName reads the name a server suggests, and the
// server may be hostile. Checked here, for any input:
//  - the answer is one harmless file name or nothing: no '/' or '\', no
//    control (C0, DEL, C1), invisible or bidirectional formatting
//    character, no lone surrogate, no drive prefix, trimmed, not "." or
//    "..", at most 255 UTF-8 bytes; cleaning it again changes nothing;
//  - a name found travels unchanged through filename* and through what
//    Ferry's own server sends (HttpResponder::contentDisposition);
//  - the input read as a name (cleanFileName) obeys the same rules, and so
//    does its numbered form (" (7)" before the extension).
#include "fuzzcheck.h"
#include "server/httpresponder.h"
#include "wire/contentdisposition.h"

#include <QUrl>

#include <cstddef>
#include <cstdint>

namespace {

// The list of wire/contentdisposition.cpp, written again on purpose.
bool isUnwanted(char16_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x061C || (c >= 0x200B && c <= 0x200F)
           || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

void checkClean(const QString &name)
{
    if (name.isEmpty())
        return;
    FUZZ_CHECK(!name.contains(QLatin1Char('/')) && !name.contains(QLatin1Char('\\')));
    FUZZ_CHECK(name != QLatin1String(".") && name != QLatin1String(".."));
    FUZZ_CHECK(name == name.trimmed());
    FUZZ_CHECK(!(name.size() >= 2 && name.at(1) == QLatin1Char(':') && name.at(0).unicode() < 0x80
                 && name.at(0).isLetter()));
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        FUZZ_CHECK(!isUnwanted(c.unicode()));
        if (c.isHighSurrogate())
            FUZZ_CHECK(i + 1 < name.size() && name.at(++i).isLowSurrogate());
        else
            FUZZ_CHECK(!c.isLowSurrogate());
    }
    FUZZ_CHECK(name.toUtf8().size() <= ContentDisposition::MaxFileNameBytes);
    FUZZ_CHECK(ContentDisposition::cleanFileName(name) == name);
}

// A clean name, sent back as servers send it, reads back as itself.
void checkRoundTrip(const QString &name)
{
    if (name.isEmpty())
        return;
    const QByteArray extended = "attachment; filename*=UTF-8''" + QUrl::toPercentEncoding(name);
    FUZZ_CHECK(ContentDisposition::fileName(extended) == name);
    FUZZ_CHECK(ContentDisposition::fileName(HttpResponder::contentDisposition(name)) == name);
    const QString numbered = ContentDisposition::insertBeforeExtension(name, QStringLiteral(" (7)"));
    FUZZ_CHECK(numbered.contains(QLatin1String(" (7)")));
    checkClean(numbered);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString found = ContentDisposition::fileName(input);
    checkClean(found);
    checkRoundTrip(found);

    const QString asName = ContentDisposition::cleanFileName(QString::fromUtf8(input));
    checkClean(asName);
    checkRoundTrip(asName);
    return 0;
}
