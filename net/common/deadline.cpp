#include "common/deadline.h"

#include <limits>

Deadline::Deadline(QObject *parent)
    : QObject(parent)
    , m_timer(this)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Deadline::onTimeout);
}

void Deadline::start(std::chrono::milliseconds interval)
{
    const qint64 ms = qMax<qint64>(0, interval.count());
    m_dueMs = m_clock.elapsed() + ms;
    if (m_timer.isActive() && m_timerDueMs <= m_dueMs)
        return; // fires first, then waits out the rest
    m_timer.start(int(qMin<qint64>(ms, std::numeric_limits<int>::max())));
    m_timerDueMs = m_dueMs;
}

void Deadline::stop()
{
    m_timer.stop();
}

void Deadline::onTimeout()
{
    const qint64 left = m_dueMs - m_clock.elapsed();
    if (left > 0) {
        m_timer.start(int(qMin<qint64>(left, std::numeric_limits<int>::max())));
        m_timerDueMs = m_dueMs;
        return;
    }
    Q_EMIT expired();
}
