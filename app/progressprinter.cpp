#include "progressprinter.h"

#include "common/units.h"

#include <cstdio>
#include <unistd.h>

ProgressPrinter::ProgressPrinter(QObject *parent)
    : QObject(parent)
    , m_enabled(::isatty(STDERR_FILENO) == 1)
{ }

void ProgressPrinter::update(qint64 received, qint64 total)
{
    if (!m_enabled)
        return;
    m_meter.sample(received);
    const double rate = m_meter.bytesPerSecond();
    QString line;
    if (total >= 0) {
        const int percent = total > 0 ? int(received * 100 / total) : 100;
        line = tr("%1 / %2  %3%  %4  ETA %5")
                       .arg(Units::formatBytes(received), Units::formatBytes(total))
                       .arg(percent)
                       .arg(Units::formatRate(rate), Units::formatDuration(m_meter.secondsLeft(total - received)));
    } else {
        line = tr("%1  %2").arg(Units::formatBytes(received), Units::formatRate(rate));
    }
    std::fprintf(stderr, "\r\033[K%s", line.toLocal8Bit().constData());
    std::fflush(stderr);
    m_drawn = true;
}

void ProgressPrinter::finish()
{
    if (m_drawn) {
        std::fputc('\n', stderr);
        m_drawn = false;
    }
}
