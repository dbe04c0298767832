#include "batchedtablemodel.h"

#include <algorithm>

BatchedTableModel::BatchedTableModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_timer(this)
    , m_tick(this)
{
    // Single shot, started by the first change: an idle model never wakes up.
    m_timer.setSingleShot(true);
    m_timer.setInterval(FlushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &BatchedTableModel::flush);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        if (!refreshActiveRows())
            m_tick.stop();
    });
}

void BatchedTableModel::startTicking()
{
    if (!m_tick.isActive())
        m_tick.start();
}

void BatchedTableModel::markChanged(int row)
{
    m_changed.insert(row);
    scheduleFlush();
}

void BatchedTableModel::scheduleFlush()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void BatchedTableModel::flush()
{
    m_timer.stop();
    QList<int> rows(m_changed.cbegin(), m_changed.cend());
    m_changed.clear();
    std::sort(rows.begin(), rows.end());
    const int lastColumn = columnCount() - 1;
    const int rowCount = this->rowCount();
    // One signal per run of adjacent rows: fewer signals, same rows.
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        if (rows.at(i) >= 0 && rows.at(j) < rowCount)
            Q_EMIT dataChanged(index(rows.at(i), 0), index(rows.at(j), lastColumn));
        i = j + 1;
    }
    applyPending();
}
