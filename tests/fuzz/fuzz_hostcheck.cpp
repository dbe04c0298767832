// HostCheck::admits reads the Host field of every request a share gets.
// Checked here: the same answer whatever the case of the letters, and
// nothing admitted holds a space or a control character.
#include "fuzzcheck.h"
#include "share/hostcheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView host(reinterpret_cast<const char *>(data), qsizetype(size));
    static const HostCheck check({QStringLiteral("share.example.lan")}, QStringLiteral("alice-laptop"));
    const bool admitted = check.admits(host);
    FUZZ_CHECK(admitted == check.admits(host.toByteArray().toUpper()));
    if (!admitted)
        return 0;
    for (const char c : host)
        FUZZ_CHECK(!fuzzIsControl(static_cast<unsigned char>(c)) && c != ' ');
    return 0;
}
