#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

// A timeout pushed back far more often than it expires: a session moves
// its deadline on every request of a keep-alive connection and every chunk
// of a body. QTimer::start() unregisters and registers a timer with the
// event dispatcher each time; start() here only notes the new due time
// unless it comes sooner, and a timer that fires early waits out the rest.
class Deadline final : public QObject
{
    Q_OBJECT

public:
    explicit Deadline(QObject *parent = nullptr);

    // Expires `interval` from now (sooner or later than before).
    void start(std::chrono::milliseconds interval);
    void stop();
    bool isActive() const { return m_timer.isActive(); }

Q_SIGNALS:
    void expired();

private:
    void onTimeout();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_dueMs = 0; // on m_clock
    qint64 m_timerDueMs = 0; // when m_timer fires
};
