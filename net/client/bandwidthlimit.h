#pragma once

#include <QMutex>
#include <QObject>

#include <functional>

// A token bucket that caps the rate at which the bytes of several downloads
// together move from their sockets to their files (--limit-rate). The
// bucket fills at the rate and holds a small burst: a twentieth of a second
// of the rate (at least 16 KiB, at most a tenth of a second), so that a
// transfer held back by it stays within a few percent of the rate over a
// couple of seconds while each grant is still large enough for per-call
// costs not to matter.
//
// Downloads that share one limit may live on other threads than the limit
// itself: every member function is thread-safe.
class BandwidthLimit final : public QObject
{
    Q_OBJECT

public:
    // Monotonic time in nanoseconds; only differences matter.
    using Clock = std::function<qint64()>;

    // `bytesPerSecond` below 1 counts as 1 (no limit means no object).
    explicit BandwidthLimit(qint64 bytesPerSecond, QObject *parent = nullptr);
    // As above, reading the time from `clock` (tests simulate time with it).
    BandwidthLimit(qint64 bytesPerSecond, Clock clock, QObject *parent = nullptr);
    ~BandwidthLimit() override;

    qint64 rate() const;
    // The most take() can grant at once, after a pause.
    qint64 burst() const;

    // Up to `wanted` bytes that may be moved now (0: none); the caller moves
    // at most that many and returns what it did not use with giveBack().
    qint64 take(qint64 wanted);
    void giveBack(qint64 unused);
    // Milliseconds until the bucket holds a worthwhile grant again (a
    // quarter of the burst): 0 when it does now, >= 1 when take() grants
    // nothing now. Waiting for a quarter rather than for one byte keeps a
    // held-back download to some tens of wake-ups per second, whatever the
    // rate.
    int msUntilAvailable() const;

private:
    double tokensAt(qint64 now) const;

    const qint64 m_rate;
    const qint64 m_burst;
    const Clock m_clock;
    mutable QMutex m_mutex;
    double m_tokens; // bytes that may move, as of m_updated
    qint64 m_updated; // nanoseconds, from m_clock
};
