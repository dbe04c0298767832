#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QSet>

#include <chrono>
#include <deque>

// The login sessions of one run of one share. A browser that gave the
// access code in a share link gets a session token in a cookie instead of
// the code itself: 128 random bits (base64url, 22 characters), known only
// to this table, valid for a limited time. The table keeps the newest
// `capacity` tokens; only a digest of each is stored and looked up.
//
// Not thread-safe: its owner (AccessGate) locks.
class SessionTokens final
{
public:
    using Clock = std::chrono::steady_clock;

    static constexpr qsizetype TokenLength = 22;

    SessionTokens(std::chrono::seconds lifetime, qsizetype capacity);

    std::chrono::seconds lifetime() const { return m_lifetime; }

    QByteArray issue(Clock::time_point now);
    // Drops the tokens that expired by `now` on the way.
    bool isValid(QByteArrayView token, Clock::time_point now);

private:
    struct Issued
    {
        QByteArray digest;
        Clock::time_point expires;
    };

    void dropExpired(Clock::time_point now);

    std::chrono::seconds m_lifetime;
    qsizetype m_capacity;
    std::deque<Issued> m_issued; // oldest first, which is also the first to expire
    QSet<QByteArray> m_digests;
};
