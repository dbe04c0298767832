#pragma once

#include "batchedtablemodel.h"
#include "client/downloadjob.h"
#include "common/speedmeter.h"

#include <QHash>
#include <QList>

class DownloadEngine;

// The Download tab's queue: one row per download, each driven by a
// DownloadJob on the engine thread. Several run at once; a finished row
// can be retried (a new job with the same request) or cleared.
class DownloadQueueModel final : public BatchedTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, SizeColumn, ProgressColumn, SpeedColumn, TimeLeftColumn, StateColumn, ColumnCount };
    enum class State { Connecting, Downloading, Done, NotFound, Failed, Canceled };
    Q_ENUM(State)

    explicit DownloadQueueModel(QObject *parent = nullptr);
    ~DownloadQueueModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Starts a download in a new row; returns the row.
    int add(const DownloadJob::Request &request);
    void cancel(int row);
    // Starts the row's request again; false when another running row
    // writes to the same file.
    bool retry(int row);
    void clearFinished();

    State state(int row) const { return m_rows.at(row).state; }
    QString destination(int row) const { return m_rows.at(row).request.destination; }
    static bool isActive(State state) { return state == State::Connecting || state == State::Downloading; }
    bool canRetry(int row) const;
    // True when a running row writes to `destination` (or its .part).
    bool isWriting(const QString &destination) const;
    int activeCount() const { return m_active; }

Q_SIGNALS:
    void activeCountChanged(int count);

protected:
    bool refreshActiveRows() override;

private:
    struct Row
    {
        DownloadJob::Request request;
        quint64 jobId = 0; // 0 when no job runs for the row
        State state = State::Connecting;
        Dialect dialect = Dialect::Undecided;
        qint64 received = 0;
        qint64 total = -1;
        bool sampled = false; // the speed meter has its starting point
        SpeedMeter meter;
        QString message;
    };
    void launch(int row);
    int rowOfJob(quint64 id) const;
    void onDialectChosen(quint64 id, Dialect dialect);
    void onProgress(quint64 id, qint64 received, qint64 total);
    void onFinished(quint64 id, DownloadJob::Outcome outcome, const QString &message);
    void setActiveCount(int count);
    QString stateText(const Row &row) const;
    QString progressText(const Row &row) const;
    QString toolTip(const Row &row) const;

    DownloadEngine *m_engine;
    QList<Row> m_rows;
    QHash<quint64, int> m_rowOfJob;
    int m_active = 0;
};
