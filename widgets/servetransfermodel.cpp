#include "servetransfermodel.h"

#include "common/units.h"
#include "transferroles.h"

ServeTransferModel::ServeTransferModel(QObject *parent)
    : BatchedTableModel(parent)
{ }

int ServeTransferModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ServeTransferModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ServeTransferModel::hasFinished() const
{
    return m_finished > 0;
}

QString ServeTransferModel::stateText(TransferInfo::State state)
{
    switch (state) {
    case TransferInfo::State::Sending:
        return tr("Sending");
    case TransferInfo::State::Done:
        return tr("Done");
    case TransferInfo::State::NotFound:
        return tr("Not found");
    case TransferInfo::State::Refused:
        return tr("Refused");
    case TransferInfo::State::BadRequest:
        return tr("Bad request");
    case TransferInfo::State::Unauthorized:
        return tr("No access code");
    case TransferInfo::State::Aborted:
        return tr("Aborted");
    }
    return {};
}

QString ServeTransferModel::dialectText(Dialect dialect)
{
    switch (dialect) {
    case Dialect::Legacy:
        return tr("Legacy");
    case Dialect::Http:
        return tr("HTTP");
    case Dialect::Tls:
        return tr("HTTPS");
    case Dialect::Undecided:
        return QString();
    }
    return {};
}

QString ServeTransferModel::sentText(const TransferInfo &info) const
{
    if (info.size > 0)
        return tr("%1 (%2%)").arg(Units::formatBytes(info.sent)).arg(info.sent * 100 / info.size);
    return Units::formatBytes(info.sent);
}

QVariant ServeTransferModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const TransferInfo &info = row.info;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PeerColumn:
            return info.peer;
        case FileColumn:
            return info.name;
        case DialectColumn:
            return dialectText(info.dialect);
        case SizeColumn:
            return info.size >= 0 ? Units::formatBytes(info.size) : QString();
        case SentColumn:
            return sentText(info);
        case SpeedColumn:
            return info.isFinished() ? QString() : Units::formatRate(row.meter.bytesPerSecond());
        case StateColumn:
            return stateText(info.state);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == FileColumn || index.column() == PeerColumn)
            return index.data(Qt::DisplayRole);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == SpeedColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case TransferRoles::BytesDoneRole:
        return info.sent;
    case TransferRoles::BytesTotalRole:
        return info.size;
    case TransferRoles::ActiveRole:
        return !info.isFinished();
    case TransferRoles::StateRole:
        return int(info.state);
    }
    return {};
}

QVariant ServeTransferModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole) // numbers line up on the right, titles with them
        return QVariant((section == SizeColumn || section == SpeedColumn ? Qt::AlignRight : Qt::AlignLeft)
                        | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PeerColumn:
        return tr("Peer");
    case FileColumn:
        return tr("File");
    case DialectColumn:
        return tr("Protocol");
    case SizeColumn:
        return tr("Size");
    case SentColumn:
        return tr("Sent");
    case SpeedColumn:
        return tr("Speed");
    case StateColumn:
        return tr("State");
    }
    return {};
}

void ServeTransferModel::update(const TransferInfo &info)
{
    if (const auto it = m_rowOf.constFind(info.id); it != m_rowOf.cend()) {
        Row &row = m_rows[*it];
        const bool wasFinished = row.info.isFinished();
        row.info = info;
        row.meter.sample(info.sent);
        if (!wasFinished && info.isFinished() && ++m_finished == 1)
            Q_EMIT hasFinishedChanged(true);
        markChanged(*it);
        return;
    }
    if (const auto it = m_pendingOf.constFind(info.id); it != m_pendingOf.cend()) {
        m_pending[*it] = info;
        return;
    }
    m_pendingOf.insert(info.id, m_pending.size());
    m_pending.append(info);
    scheduleFlush();
}

void ServeTransferModel::applyPending()
{
    if (m_pending.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(m_pending.size()) - 1);
    int newlyFinished = 0;
    for (const TransferInfo &info : std::as_const(m_pending)) {
        m_rowOf.insert(info.id, int(m_rows.size()));
        Row row{info, SpeedMeter()};
        row.meter.restart(info.sent);
        m_rows.append(std::move(row));
        newlyFinished += info.isFinished() ? 1 : 0;
    }
    m_pending.clear();
    m_pendingOf.clear();
    endInsertRows();
    startTicking();
    if (newlyFinished > 0 && m_finished == 0) {
        m_finished = newlyFinished;
        Q_EMIT hasFinishedChanged(true);
    } else {
        m_finished += newlyFinished;
    }
    if (m_rows.size() > MaxRows)
        removeFinished(MaxRows * 9 / 10); // trim in chunks, not one row per update
}

bool ServeTransferModel::refreshActiveRows()
{
    bool active = false;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        if (row.info.isFinished())
            continue;
        row.meter.sample(row.info.sent);
        markChanged(i);
        active = true;
    }
    return active;
}

void ServeTransferModel::clearFinished()
{
    flush();
    removeFinished(0);
}

// Removes finished rows, oldest first, until at most `keep` rows remain
// (0: every finished row). Runs of adjacent rows go in one removal each.
void ServeTransferModel::removeFinished(int keep)
{
    qsizetype excess = keep > 0 ? m_rows.size() - keep : m_rows.size();
    QList<int> doomed;
    for (int i = 0; i < m_rows.size() && excess > 0; ++i) {
        if (m_rows.at(i).info.isFinished()) {
            doomed.append(i);
            --excess;
        }
    }
    for (qsizetype j = doomed.size() - 1; j >= 0;) {
        qsizetype i = j;
        while (i > 0 && doomed.at(i - 1) == doomed.at(i) - 1)
            --i;
        beginRemoveRows({}, doomed.at(i), doomed.at(j));
        m_rows.remove(doomed.at(i), j - i + 1);
        endRemoveRows();
        j = i - 1;
    }
    m_finished -= int(doomed.size());
    reindex();
    if (!doomed.isEmpty() && m_finished == 0)
        Q_EMIT hasFinishedChanged(false);
}

void ServeTransferModel::abortUnfinished()
{
    flush();
    for (int i = 0; i < m_rows.size(); ++i) {
        if (!m_rows.at(i).info.isFinished()) {
            TransferInfo info = m_rows.at(i).info;
            info.state = TransferInfo::State::Aborted;
            update(info);
        }
    }
}

void ServeTransferModel::reindex()
{
    m_rowOf.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowOf.insert(m_rows.at(i).info.id, i);
}
