#pragma once

#include <QAbstractTableModel>
#include <QSet>
#include <QTimer>

// A table model that coalesces row changes: subclasses call markChanged()
// as often as updates arrive, and views receive at most one dataChanged per
// changed row and flush interval (about ten a second), never one per update.
// A fast share or fifty downloads thus cost the GUI a bounded repaint rate.
class BatchedTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    static constexpr int FlushIntervalMs = 100;

    explicit BatchedTableModel(QObject *parent = nullptr);

    // Applies and announces everything pending now (tests, and before any
    // structural change so that pending row numbers stay valid).
    void flush();

protected:
    void markChanged(int row);
    // Makes sure a flush happens soon even when no row changed yet (for
    // subclasses that queue new rows in applyPending()).
    void scheduleFlush();
    // Called by every flush after the changed rows are announced (so that
    // their numbers were still valid): insert queued rows, trim old ones here.
    virtual void applyPending() { }

    // Speed and time left go stale when a transfer stalls and no update
    // arrives: while ticking, refreshActiveRows() runs once a second and
    // returns whether any row is still active (false stops the ticking).
    void startTicking();
    virtual bool refreshActiveRows() { return false; }

private:
    QTimer m_timer;
    QTimer m_tick;
    QSet<int> m_changed;
};
