// sniffDialect() runs on a session's buffer each time bytes arrive, so it
// sees every prefix of what a peer sends. Checked here, for the input and
// each of its prefixes:
//  - Http and Legacy are final: once a prefix gets one, every longer
//    prefix gets the same (the decision never depends on segmentation);
//  - Http needs a complete line, and a complete line always decides;
//  - only the first line counts: every prefix past its LF agrees;
//  - the sniffer and the request parser agree: a request line that
//    parseHttpRequest accepts (capital method of at most 16 letters, no
//    control characters) is Http, and a line sniffed as Http is refused by
//    the parser only for its target or version (400, 414, 505).
#include "fuzzcheck.h"
#include "wire/dialect.h"
#include "wire/httprequest.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <variant>

namespace {

bool isCapitalMethod(QByteArrayView method)
{
    return !method.isEmpty() && method.size() <= 16
           && std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void checkAgainstParser(QByteArrayView input, qsizetype newline, Dialect dialect)
{
    QByteArrayView line = input.first(newline);
    if (line.endsWith('\r'))
        line.chop(1);
    // The request line alone, as its own head.
    const auto parsed = parseHttpRequest(input.first(newline + 1));
    if (const auto *request = std::get_if<HttpRequest>(&parsed)) {
        if (isCapitalMethod(request->method) && !fuzzHasControl(line))
            FUZZ_CHECK(dialect == Dialect::Http);
    } else if (dialect == Dialect::Http && newline + 1 <= HttpLimits::MaxHeadBytes) {
        const int status = std::get<int>(parsed);
        FUZZ_CHECK(status == 400 || status == 414 || status == 505);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');

    Dialect decided = Dialect::Undecided;
    for (qsizetype length = 0; length <= input.size(); ++length) {
        const Dialect dialect = sniffDialect(input.first(length));
        if (decided != Dialect::Undecided)
            FUZZ_CHECK(dialect == decided);
        const bool hasLine = newline >= 0 && newline < length;
        if (dialect == Dialect::Http)
            FUZZ_CHECK(hasLine);
        if (hasLine)
            FUZZ_CHECK(dialect != Dialect::Undecided);
        if (length > 0)
            FUZZ_CHECK((dialect == Dialect::Tls) == (input[0] == '\x16'));
        decided = dialect;
    }
    if (newline >= 0)
        checkAgainstParser(input, newline, decided);
    return 0;
}
