#pragma once

#include "batchedtablemodel.h"
#include "common/speedmeter.h"
#include "server/transferinfo.h"

#include <QHash>
#include <QList>

// The Serve tab's table: one row per transfer the ShareServer reports
// (a legacy connection or an HTTP request), kept for the session until
// cleared. Updates arrive at up to ten a second per transfer; they are
// stored at once and announced in batches (see BatchedTableModel).
class ServeTransferModel final : public BatchedTableModel
{
    Q_OBJECT

public:
    enum Column {
        PeerColumn,
        FileColumn,
        DialectColumn,
        SizeColumn,
        SentColumn,
        SpeedColumn,
        StateColumn,
        ColumnCount
    };

    // Oldest finished rows go beyond this, so that a share busy for days
    // does not grow without bound.
    static constexpr int MaxRows = 5000;

    explicit ServeTransferModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const TransferInfo &transfer(int row) const { return m_rows.at(row).info; }
    bool hasFinished() const;
    static QString stateText(TransferInfo::State state);
    static QString dialectText(Dialect dialect);

public Q_SLOTS:
    void update(const TransferInfo &info);
    void clearFinished();
    // The server stopped: a row whose final update never comes is aborted.
    void abortUnfinished();

Q_SIGNALS:
    void hasFinishedChanged(bool hasFinished);

protected:
    void applyPending() override;
    bool refreshActiveRows() override;

private:
    struct Row
    {
        TransferInfo info;
        SpeedMeter meter;
    };
    void removeFinished(int keep);
    void reindex();
    QString sentText(const TransferInfo &info) const;

    QList<Row> m_rows;
    QHash<quint64, int> m_rowOf;
    QList<TransferInfo> m_pending; // new transfers, inserted at the next flush
    QHash<quint64, qsizetype> m_pendingOf;
    int m_finished = 0;
};
