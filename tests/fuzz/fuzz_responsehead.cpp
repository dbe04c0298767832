// HttpResponseHead is how the client reads what a server answers, and a
// server may be hostile. Checked here, when a head parses:
//  - the status is three digits, 100 to 999;
//  - field names are non-empty, lower-case, without ':' or surrounding
//    whitespace, and no name or value holds a line break;
//  - contentLength() is -1 exactly when there is no Content-Length, else
//    a value >= 0 that every Content-Length field spells (or nothing when
//    they are malformed or disagree);
//  - contentRange() gives 0 <= first <= last < total.
#include "fuzzcheck.h"
#include "wire/httpresponsehead.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<HttpResponseHead> head = HttpResponseHead::parse(input);
    if (!head)
        return 0;

    FUZZ_CHECK(head->status >= 100 && head->status <= 999);
    FUZZ_CHECK(!head->reason.contains('\n'));
    bool hasContentLength = false;
    for (const auto &[name, value] : head->headers) {
        FUZZ_CHECK(!name.isEmpty() && name == name.toLower());
        FUZZ_CHECK(!name.contains(':') && fuzzIsTrimmed(name) && fuzzIsTrimmed(value));
        FUZZ_CHECK(!name.contains('\n') && !value.contains('\n'));
        hasContentLength = hasContentLength || name == "content-length";
    }

    if (const std::optional<qint64> length = head->contentLength()) {
        FUZZ_CHECK(*length >= -1);
        FUZZ_CHECK((*length == -1) == !hasContentLength);
        for (const auto &[name, value] : head->headers) {
            if (name == "content-length")
                FUZZ_CHECK(value.toLongLong() == *length);
        }
    } else {
        FUZZ_CHECK(hasContentLength);
    }

    if (const std::optional<HttpResponseHead::ContentRange> range = head->contentRange())
        FUZZ_CHECK(0 <= range->first && range->first <= range->last && range->last < range->total);
    return 0;
}
