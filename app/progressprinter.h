#pragma once

#include "common/speedmeter.h"

#include <QObject>

// Draws a one-line progress report on stderr when stderr is a terminal:
// bytes, percent when the size is known, speed and time left.
class ProgressPrinter final : public QObject
{
    Q_OBJECT

public:
    explicit ProgressPrinter(QObject *parent = nullptr);

    bool isActive() const { return m_enabled; }
    void update(qint64 received, qint64 total);
    // Ends the progress line so the next message starts on a fresh line.
    void finish();

private:
    bool m_enabled;
    bool m_drawn = false;
    SpeedMeter m_meter;
};
