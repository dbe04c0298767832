#pragma once

#include "common/bound.h"

// The download options' defaults and ranges, defined once: DownloadJob's
// Request starts from them and `ferry get` and the man page offer them.
namespace DownloadLimits {

// Seconds to wait for a connection to be accepted.
inline constexpr Bound ConnectTimeoutSeconds{1, 10, 86400};
// Seconds without a byte from the server before the attempt is given up.
inline constexpr Bound StallTimeoutSeconds{1, 30, 86400};
// Further attempts after a lost or stalled connection (HTTP, with resume).
inline constexpr Bound Retries{0, 3, 100};
// Redirects followed before a download gives up (curl's --max-redirs).
inline constexpr Bound Redirects{0, 10, 50};
// Downloads of one call that run at once (-j).
inline constexpr Bound Jobs{1, 4, 64};

} // namespace DownloadLimits
