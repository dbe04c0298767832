#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

// A token bucket per sender address: `burst` datagrams at once, then
// `perSecond`. At most `maxSenders` are tracked; when that many are busy,
// a new sender is refused rather than letting spoofed addresses grow the
// table without bound.
class RateLimiter final
{
public:
    RateLimiter(int burst, int perSecond, int maxSenders = 256);

    // True when a datagram from `sender` may be handled now (and counts it).
    bool allow(const QHostAddress &sender);

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    double refilled(const Bucket &bucket, qint64 nowMs) const;
    void forgetIdleSenders(qint64 nowMs);

    int m_burst;
    int m_perSecond;
    int m_maxSenders;
    QElapsedTimer m_clock;
    QHash<QHostAddress, Bucket> m_buckets;
};
