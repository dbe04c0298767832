#include "nearby/ratelimiter.h"

#include <algorithm>

RateLimiter::RateLimiter(int burst, int perSecond, int maxSenders)
    : m_burst(burst)
    , m_perSecond(perSecond)
    , m_maxSenders(maxSenders)
{
    m_clock.start();
}

double RateLimiter::refilled(const Bucket &bucket, qint64 nowMs) const
{
    return std::min<double>(m_burst, bucket.tokens + double(nowMs - bucket.updatedMs) * m_perSecond / 1000.0);
}

void RateLimiter::forgetIdleSenders(qint64 nowMs)
{
    m_buckets.removeIf([this, nowMs](const QHash<QHostAddress, Bucket>::iterator it) {
        return refilled(it.value(), nowMs) >= m_burst;
    });
}

bool RateLimiter::allow(const QHostAddress &sender)
{
    const qint64 nowMs = m_clock.elapsed();
    auto it = m_buckets.find(sender);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_maxSenders)
            forgetIdleSenders(nowMs);
        if (m_buckets.size() >= m_maxSenders)
            return false;
        it = m_buckets.insert(sender, Bucket{double(m_burst), nowMs});
    }
    Bucket &bucket = it.value();
    bucket.tokens = refilled(bucket, nowMs);
    bucket.updatedMs = nowMs;
    if (bucket.tokens < 1)
        return false;
    bucket.tokens -= 1;
    return true;
}
