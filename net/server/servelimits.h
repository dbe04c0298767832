#pragma once

#include "common/bound.h"

#include <chrono>

// The server's limits and timeouts, defined once: ShareServer::Options
// starts from these defaults, and `ferry serve`, the Serve tab's Limits
// dialog and the man page offer exactly these ranges.
namespace ServeLimits {

// Connections served at once; more are told "busy" (see net/README.md).
inline constexpr Bound Connections{1, 256, 100000};
// Connections one peer (an IPv4 address, an IPv6 /64) may hold at once;
// more from it are told "busy", and beyond twice as many closed at once,
// so one peer cannot take every slot.
// Browsers open six per host, segmented downloaders up to sixteen; behind
// a reverse proxy every client is the proxy's address, so raise it there.
inline constexpr Bound ConnectionsPerPeer{1, 32, 100000};
// Seconds a client may take to send its request head.
inline constexpr Bound RequestTimeoutSeconds{1, 10, 86400};
// Seconds an HTTP keep-alive connection may wait for its next request.
inline constexpr Bound IdleTimeoutSeconds{1, 15, 86400};
// Seconds a client may stop reading in the middle of a reply.
inline constexpr Bound StallTimeoutSeconds{1, 60, 86400};

// How long a legacy name may wait for more bytes before it is taken as
// complete (the tutorial client sends it in one segment).
inline constexpr std::chrono::milliseconds LegacyQuietPeriod{250};

// The slowest a reply may be taken, in bytes per second, averaged over
// each stall timeout: a reader that trickles (a byte now and then, never
// quite stalling) cannot hold a slot for hours.
inline constexpr qint64 MinimumReadRate = 1024;

// The longest a reply waits for a digest its client asked for (never
// beyond the stall timeout): then it goes without, and the hashing goes
// on for the next request. Shorter than a Ferry client's stall timeout.
inline constexpr std::chrono::milliseconds DigestWait{20000};

constexpr std::chrono::seconds defaultSeconds(const Bound &bound)
{
    return std::chrono::seconds(bound.defaultValue);
}

} // namespace ServeLimits
