// ByteRange::parse answers a peer's Range header for a file of known size.
// The input is the size (its first 8 bytes, little-endian, negative values
// clamped to 0) followed by the header. Checked here:
//  - Partial: 0 <= first <= last < size, so the reply reads inside the file;
//  - Whole: the whole file, first 0 and last size - 1;
//  - Unsatisfiable: only for a "bytes=" header with a single range;
//  - usability does not depend on the size: a header that gives Whole for a
//    non-empty file gives Whole for any other non-empty size, a Partial
//    range stays Partial for a larger file, and an unsatisfiable one stays
//    unsatisfiable for a smaller one.
#include "fuzzcheck.h"
#include "wire/byterange.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace {

void checkKind(const ByteRange &range, QByteArrayView header, qint64 size)
{
    switch (range.kind) {
    case ByteRange::Kind::Partial:
        FUZZ_CHECK(0 <= range.first && range.first <= range.last && range.last < size);
        FUZZ_CHECK(range.length() >= 1 && range.length() <= size);
        break;
    case ByteRange::Kind::Whole:
        FUZZ_CHECK(range.first == 0 && range.last == size - 1);
        break;
    case ByteRange::Kind::Unsatisfiable:
        FUZZ_CHECK(header.trimmed().startsWith("bytes=") && !header.contains(','));
        break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    constexpr size_t SizeBytes = sizeof(quint64);
    quint64 raw = 0;
    for (size_t i = 0; i < std::min(size, SizeBytes); ++i)
        raw |= quint64(data[i]) << (8 * i);
    const qint64 fileSize = std::max<qint64>(static_cast<qint64>(raw), 0);
    const QByteArrayView header = size > SizeBytes ? QByteArrayView(reinterpret_cast<const char *>(data) + SizeBytes,
                                                                    qsizetype(size - SizeBytes))
                                                   : QByteArrayView();

    const ByteRange range = ByteRange::parse(header, fileSize);
    checkKind(range, header, fileSize);

    constexpr qint64 Max = std::numeric_limits<qint64>::max();
    if (fileSize < Max) {
        const ByteRange larger = ByteRange::parse(header, fileSize + 1);
        checkKind(larger, header, fileSize + 1);
        if (range.kind == ByteRange::Kind::Partial)
            FUZZ_CHECK(larger.kind == ByteRange::Kind::Partial);
        if (range.kind == ByteRange::Kind::Whole && fileSize > 0)
            FUZZ_CHECK(larger.kind == ByteRange::Kind::Whole);
    }
    if (fileSize > 1) {
        const ByteRange smaller = ByteRange::parse(header, fileSize - 1);
        checkKind(smaller, header, fileSize - 1);
        if (range.kind == ByteRange::Kind::Unsatisfiable)
            FUZZ_CHECK(smaller.kind == ByteRange::Kind::Unsatisfiable);
        if (range.kind == ByteRange::Kind::Whole)
            FUZZ_CHECK(smaller.kind == ByteRange::Kind::Whole);
    }
    return 0;
}
