#include "client/bandwidthlimit.h"

#include <QMutexLocker>

#include <chrono>
#include <cmath>
#include <limits>

namespace {

constexpr double NanosecondsPerSecond = 1e9;
constexpr qint64 MinimumBurstBytes = 16 * 1024;

qint64 steadyNanoseconds()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

// A twentieth of a second of the rate, at least 16 KiB so that a slow limit
// does not turn into tiny reads, but never more than a tenth of a second,
// which would let a slow transfer overshoot noticeably after a pause.
qint64 burstFor(qint64 rate)
{
    return qMax<qint64>(1, qMax(rate / 20, qMin(MinimumBurstBytes, rate / 10)));
}

} // namespace

BandwidthLimit::BandwidthLimit(qint64 bytesPerSecond, QObject *parent)
    : BandwidthLimit(bytesPerSecond, steadyNanoseconds, parent)
{ }

BandwidthLimit::BandwidthLimit(qint64 bytesPerSecond, Clock clock, QObject *parent)
    : QObject(parent)
    , m_rate(qMax<qint64>(1, bytesPerSecond))
    , m_burst(burstFor(m_rate))
    , m_clock(std::move(clock))
    , m_tokens(double(m_burst))
    , m_updated(m_clock())
{ }

BandwidthLimit::~BandwidthLimit() = default;

qint64 BandwidthLimit::rate() const
{
    return m_rate;
}

qint64 BandwidthLimit::burst() const
{
    return m_burst;
}

// What the bucket holds at `now`: it fills at the rate up to the burst.
double BandwidthLimit::tokensAt(qint64 now) const
{
    const double elapsed = double(qMax<qint64>(0, now - m_updated));
    return qMin(double(m_burst), m_tokens + elapsed * double(m_rate) / NanosecondsPerSecond);
}

qint64 BandwidthLimit::take(qint64 wanted)
{
    if (wanted <= 0)
        return 0;
    const QMutexLocker locker(&m_mutex);
    const qint64 now = m_clock();
    m_tokens = tokensAt(now);
    m_updated = qMax(m_updated, now);
    const qint64 granted = qMin(wanted, qint64(std::floor(m_tokens)));
    m_tokens -= double(granted);
    return granted;
}

void BandwidthLimit::giveBack(qint64 unused)
{
    if (unused <= 0)
        return;
    const QMutexLocker locker(&m_mutex);
    m_tokens = qMin(double(m_burst), m_tokens + double(unused));
}

int BandwidthLimit::msUntilAvailable() const
{
    const QMutexLocker locker(&m_mutex);
    const double missing = double(qMax<qint64>(1, m_burst / 4)) - tokensAt(m_clock());
    if (missing <= 0)
        return 0;
    const double ms = std::ceil(missing * 1000.0 / double(m_rate));
    return int(qBound(1.0, ms, double(std::numeric_limits<int>::max())));
}
