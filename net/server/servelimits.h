#pragma once

#include "common/bound.h"

#include <chrono>

// The server's limits and timeouts, defined once: ShareServer::Options
// starts from these defaults, and `ferry serve`, the Serve tab's Limits
// dialog and the man page offer exactly these ranges.
namespace ServeLimits {

// Connections served at once; more are told "busy" (see net/README.md).
inline constexpr Bound Connections{1, 256, 100000};
// Seconds a client may take to send its request head.
inline constexpr Bound RequestTimeoutSeconds{1, 10, 86400};
// Seconds an HTTP keep-alive connection may wait for its next request.
inline constexpr Bound IdleTimeoutSeconds{1, 15, 86400};
// Seconds a client may stop reading in the middle of a reply.
inline constexpr Bound StallTimeoutSeconds{1, 60, 86400};

// How long a legacy name may wait for more bytes before it is taken as
// complete (the tutorial client sends it in one segment).
inline constexpr std::chrono::milliseconds LegacyQuietPeriod{250};

constexpr std::chrono::seconds defaultSeconds(const Bound &bound)
{
    return std::chrono::seconds(bound.defaultValue);
}

} // namespace ServeLimits
