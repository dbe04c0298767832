#include "common/speedmeter.h"

SpeedMeter::SpeedMeter(qint64 windowMs)
    : m_windowMs(windowMs)
{
    restart();
}

void SpeedMeter::restart(qint64 bytes)
{
    m_clock.start();
    m_samples = {{0, bytes}};
}

void SpeedMeter::sample(qint64 totalBytes)
{
    const qint64 now = m_clock.elapsed();
    m_samples.append({now, totalBytes});
    while (m_samples.size() > 2 && now - m_samples.at(1).first >= m_windowMs)
        m_samples.removeFirst();
}

double SpeedMeter::bytesPerSecond() const
{
    if (m_samples.size() < 2)
        return 0.0;
    const auto &first = m_samples.first();
    const auto &last = m_samples.last();
    const qint64 ms = last.first - first.first;
    return ms > 0 ? double(last.second - first.second) * 1000.0 / double(ms) : 0.0;
}

qint64 SpeedMeter::secondsLeft(qint64 remaining) const
{
    const double rate = bytesPerSecond();
    if (remaining < 0 || rate <= 0.0)
        return -1;
    return qint64(double(remaining) / rate + 0.999);
}
