// NearbyAnnouncement::decode reads every discovery datagram a machine on
// the network sends. Checked here:
//  - nothing longer than MaxDatagramSize is accepted;
//  - an accepted datagram is exactly what encode() gives for what was
//    decoded (one spelling per announcement: no trailing junk, no second
//    reading), and so decodes again to the same thing;
//  - an announcement or goodbye carries a valid name and a port other
//    than 0; a query carries neither; cleaning a received name for display
//    (displayName) keeps it valid. A received name need not be clean
//    already: the protocol allows inner runs of spaces, which displayName
//    folds (an earlier version of this target asked for that; see
//    corpus/nearbyannouncement/finding-double-space).
#include "fuzzcheck.h"
#include "nearby/nearbyannouncement.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray datagram(reinterpret_cast<const char *>(data), qsizetype(size));
    const std::optional<NearbyAnnouncement> decoded = NearbyAnnouncement::decode(datagram);
    if (!decoded)
        return 0;
    FUZZ_CHECK(datagram.size() <= NearbyAnnouncement::MaxDatagramSize);
    FUZZ_CHECK(decoded->encode() == datagram);
    FUZZ_CHECK(NearbyAnnouncement::decode(decoded->encode()) == decoded);
    if (decoded->kind == NearbyAnnouncement::Kind::Query) {
        FUZZ_CHECK(decoded->name.isEmpty() && decoded->port == 0);
    } else {
        FUZZ_CHECK(NearbyAnnouncement::isValidName(decoded->name));
        FUZZ_CHECK(decoded->name.size() <= NearbyAnnouncement::MaxNameLength);
        FUZZ_CHECK(NearbyAnnouncement::isValidName(NearbyAnnouncement::displayName(decoded->name)));
        FUZZ_CHECK(decoded->port != 0);
    }
    return 0;
}
