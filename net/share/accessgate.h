#pragma once

#include "common/peerblock.h"
#include "share/sessiontokens.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QString>

#include <chrono>
#include <functional>
#include <list>

struct HttpRequest;

// The optional access code of a share. HTTP clients prove they know it in
// the `code` query parameter (the share link a phone scans) or by Basic
// authentication with the code as password (curl -u, wget --password, a
// browser's login prompt). A query login is answered with a session cookie
// (a random token, never the code) so that the links of a listing keep
// working. The legacy dialect cannot carry a code, so a share with one
// refuses it.
//
// Shared by every session of a server (on several threads). Guessing is
// slowed down per peer (an IPv4 address or an IPv6 /64) after a few wrong
// codes, and for everyone once the share as a whole has seen too many; a
// live session cookie is admitted throughout.
class AccessGate final
{
public:
    enum class Verdict {
        Admitted, // no code set, the right one was given, or a live session
        Missing, // 401: the request carries no code
        Wrong, // 401: it carries another one
        Throttled, // 429: too many wrong codes from this peer, or from all, lately
    };

    using Clock = std::chrono::steady_clock;

    static constexpr int FailuresBeforeThrottle = 5; // per peer
    static constexpr int ThrottleSeconds = 30; // since the peer's last wrong code
    static constexpr int SharedFailuresPerMinute = 60; // all peers together
    static constexpr qsizetype MaxTrackedPeers = 4096;
    static constexpr int SessionHours = 12;
    static constexpr qsizetype MaxSessions = 4096;

    struct Options
    {
        int sharedFailuresPerMinute = SharedFailuresPerMinute;
        std::function<Clock::time_point()> now; // Clock::now when empty; tests drive it
    };

    explicit AccessGate(const QString &code = {});
    AccessGate(const QString &code, const Options &options);

    bool isRequired() const { return !m_code.isEmpty(); }
    QString code() const { return QString::fromUtf8(m_code); }

    // `port` is the share's own (QTcpSocket::localPort()): it names the
    // session cookie, since browsers send a host's cookies to every port.
    Verdict check(const HttpRequest &request, const QHostAddress &peer, quint16 port) const;
    // The Set-Cookie value for the reply to a request check() admitted: a
    // new session when the request gave the code in its query and holds no
    // live session yet, else empty.
    QByteArray sessionCookieFor(const HttpRequest &request, quint16 port) const;
    static QByteArray sessionCookieName(quint16 port);

private:
    struct Failures
    {
        int count = 0;
        Clock::time_point forgiven; // when the count starts again from zero
        bool throttled = false; // in m_throttled, else in m_watched
        std::list<PeerBlock>::iterator place;
    };

    Clock::time_point now() const;
    bool matches(QByteArrayView candidate) const;
    bool holdsSession(const QList<QByteArray> &tokens, Clock::time_point now) const;
    bool isThrottled(const PeerBlock &peer, Clock::time_point now) const;
    void recordFailure(const PeerBlock &peer, Clock::time_point now) const;
    void forgive(const PeerBlock &peer) const;
    void evictOne(Clock::time_point now) const;

    QByteArray m_code; // UTF-8
    Options m_options;
    Clock::duration m_sharedInterval; // a minute over the shared budget
    mutable QMutex m_mutex; // guards everything below
    mutable QHash<PeerBlock, Failures> m_failures;
    // Oldest wrong code first. A table full of peers forgets the oldest one
    // below the limit, so that a crowd of new peers frees no throttled one.
    mutable std::list<PeerBlock> m_watched;
    mutable std::list<PeerBlock> m_throttled;
    mutable Clock::time_point m_sharedBusyUntil; // when the shared budget is whole again
    mutable SessionTokens m_sessions;
};
