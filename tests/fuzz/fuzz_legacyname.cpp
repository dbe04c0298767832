// LegacyName::decode reads the raw name a tutorial-protocol client sends;
// encode makes the bytes the Ferry client sends. Checked here:
//  - at most two readings (UTF-8, GBK), without duplicates; pure ASCII has
//    exactly one, the bytes themselves;
//  - every reading is valid UTF-16 and encodes to UTF-8, which decodes back
//    to the same name as its first reading (UTF-8 is tried first);
//  - when a reading can be sent in GBK, the server decodes those bytes to a
//    list that contains the reading (what we send is what a server reads);
//  - every reading, handed to ShareRoot as the server does, stays confined.
#include "fuzzcheck.h"
#include "wire/legacyname.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QStringList readings = LegacyName::decode(bytes);

    FUZZ_CHECK(readings.size() <= 2);
    FUZZ_CHECK(readings.size() < 2 || readings.at(0) != readings.at(1));
    const bool ascii =
            std::all_of(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii)
        FUZZ_CHECK(readings == QStringList{QString::fromLatin1(bytes)});

    for (const QString &reading : readings) {
        FUZZ_CHECK(reading.isValidUtf16());

        const std::optional<QByteArray> utf8 = LegacyName::encode(reading, LegacyName::Encoding::Utf8);
        FUZZ_CHECK(utf8.has_value());
        FUZZ_CHECK(LegacyName::decode(*utf8).value(0) == reading);

        if (const std::optional<QByteArray> gbk = LegacyName::encode(reading, LegacyName::Encoding::Gbk))
            FUZZ_CHECK(LegacyName::decode(*gbk).contains(reading));

        fuzzCheckConfined(reading);
    }
    return 0;
}
