// findHeadEnd and parseHttpRequest read what an HTTP peer sends. Checked
// here, on the input and on the head findHeadEnd finds in it:
//  - findHeadEnd gives -1 or the end of the first blank line (LF LF or
//    LF CR LF);
//  - a refusal is one of 400, 414, 431, 505, and a head over 16 KiB is 431;
//  - an accepted request keeps the parser's limits: method and field
//    names are tokens, at most 100 fields, names lower-case, values trimmed
//    and free of control characters but TAB, target at most 8 KiB without
//    spaces, HTTP/1.x, path starting with '/' and valid Unicode, and
//    keep-alive by default for HTTP/1.1, not for HTTP/1.0;
//  - its path, which may still hold anything percent-encoded (NUL, "..",
//    backslashes), is confined by ShareRoot::normalize;
//  - its body framing is accepted only without a transfer coding and with
//    no length or a length of zero; a refusal is 400, 405 or 501.
#include "fuzzcheck.h"
#include "wire/httprequest.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <variant>

namespace {

bool isToken(QByteArrayView s)
{
    static constexpr QByteArrayView Symbols("!#$%&'*+-.^_`|~");
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || Symbols.contains(c);
    });
}

void checkFieldValue(QByteArrayView value)
{
    FUZZ_CHECK(!std::any_of(value.begin(), value.end(),
                            [](char c) { return c != '\t' && fuzzIsControl(static_cast<unsigned char>(c)); }));
    FUZZ_CHECK(fuzzIsTrimmed(value));
}

void checkParse(QByteArrayView head)
{
    const std::variant<HttpRequest, int> parsed = parseHttpRequest(head);
    if (const int *status = std::get_if<int>(&parsed)) {
        FUZZ_CHECK(*status == 400 || *status == 414 || *status == 431 || *status == 505);
        if (head.size() > HttpLimits::MaxHeadBytes)
            FUZZ_CHECK(*status == 431);
        return;
    }
    FUZZ_CHECK(head.size() <= HttpLimits::MaxHeadBytes);
    const HttpRequest &request = std::get<HttpRequest>(parsed);
    FUZZ_CHECK(isToken(request.method));
    FUZZ_CHECK(request.versionMinor >= 0 && request.versionMinor <= 9);
    FUZZ_CHECK(!request.target.isEmpty() && request.target.size() <= 8 * 1024);
    FUZZ_CHECK(!request.target.contains(' '));
    FUZZ_CHECK(request.path.startsWith(QLatin1Char('/')));
    FUZZ_CHECK(request.path.isValidUtf16());
    FUZZ_CHECK(request.headers.size() <= HttpLimits::MaxHeaderCount);
    for (const auto &[name, value] : request.headers) {
        FUZZ_CHECK(isToken(name));
        FUZZ_CHECK(name == name.toLower());
        checkFieldValue(value);
    }
    // Without a Connection field, HTTP/1.0 closes and later versions keep.
    if (request.header("connection").isEmpty())
        FUZZ_CHECK(request.wantsKeepAlive() == (request.versionMinor != 0));
    fuzzCheckConfined(request.path);
    const int refusal = request.bodyRefusal();
    FUZZ_CHECK(refusal == 0 || refusal == 400 || refusal == 405 || refusal == 501);
    if (refusal == 0) {
        FUZZ_CHECK(request.header("transfer-encoding").isNull());
        const QByteArray length = request.header("content-length");
        FUZZ_CHECK(length.isNull() || length.toLongLong() == 0);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype end = findHeadEnd(input);
    FUZZ_CHECK(end == -1 || (end >= 2 && end <= input.size()));
    if (end >= 0) {
        const QByteArrayView head = input.first(end);
        FUZZ_CHECK(head.endsWith("\n\n") || head.endsWith("\n\r\n"));
        FUZZ_CHECK(findHeadEnd(head.chopped(1)) == -1);
        checkParse(head);
    }
    checkParse(input);
    return 0;
}
