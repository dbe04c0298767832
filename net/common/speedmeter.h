#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QPair>

// Transfer speed over a sliding window of recent samples, so that the
// number a user reads follows the current rate rather than the average
// since the start. Feed it cumulative byte counts.
class SpeedMeter final
{
public:
    explicit SpeedMeter(qint64 windowMs = 3000);

    void restart(qint64 bytes = 0);
    void sample(qint64 totalBytes);
    double bytesPerSecond() const;
    // Seconds left for `remaining` bytes at the current rate; -1 if unknown.
    qint64 secondsLeft(qint64 remaining) const;

private:
    QElapsedTimer m_clock;
    QList<QPair<qint64, qint64>> m_samples; // (ms since start, bytes)
    qint64 m_windowMs;
};
