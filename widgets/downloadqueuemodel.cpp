#include "downloadqueuemodel.h"

#include "appsettings.h"
#include "client/downloadengine.h"
#include "common/units.h"
#include "transferroles.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <utility>

DownloadQueueModel::DownloadQueueModel(QObject *parent)
    : BatchedTableModel(parent)
    , m_engine(new DownloadEngine(this))
{
    connect(m_engine, &DownloadEngine::dialectChosen, this, &DownloadQueueModel::onDialectChosen);
    connect(m_engine, &DownloadEngine::progress, this, &DownloadQueueModel::onProgress);
    connect(m_engine, &DownloadEngine::redirected, this, &DownloadQueueModel::onRedirected);
    connect(m_engine, &DownloadEngine::certificateProblem, this, &DownloadQueueModel::onCertificateProblem);
    connect(m_engine, &DownloadEngine::finished, this, &DownloadQueueModel::onFinished);
}

// The engine goes first, while the rows its last signals name still exist.
DownloadQueueModel::~DownloadQueueModel()
{
    delete m_engine;
}

int DownloadQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DownloadQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int DownloadQueueModel::add(const DownloadJob::Request &request)
{
    flush();
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    Row entry;
    entry.request = request;
    m_rows.append(std::move(entry));
    endInsertRows();
    launch(row);
    return row;
}

void DownloadQueueModel::launch(int row)
{
    Row &entry = m_rows[row];
    entry.state = State::Connecting;
    entry.dialect = Dialect::Undecided;
    entry.received = 0;
    entry.total = -1;
    entry.sampled = false;
    entry.message.clear();
    entry.finalUrl = entry.request.url;
    entry.certificateProblem.reset();
    AppSettings().prepareDownload(entry.request, entry.redirectTargets);
    entry.jobId = m_engine->start(entry.request);
    m_rowOfJob.insert(entry.jobId, row);
    markChanged(row);
    startTicking();
    setActiveCount(m_active + 1);
}

void DownloadQueueModel::cancel(int row)
{
    if (row >= 0 && row < m_rows.size() && isActive(m_rows.at(row).state))
        m_engine->cancel(m_rows.at(row).jobId);
}

bool DownloadQueueModel::canRetry(int row) const
{
    const State state = m_rows.at(row).state;
    return state == State::Failed || state == State::Canceled || state == State::NotFound;
}

bool DownloadQueueModel::retry(int row)
{
    if (row < 0 || row >= m_rows.size() || !canRetry(row))
        return false;
    if (isWriting(m_rows.at(row).request.destination))
        return false;
    launch(row);
    return true;
}

QString DownloadQueueModel::destination(int row) const
{
    return savedPathOf(m_rows.at(row));
}

QString DownloadQueueModel::savedPathOf(const Row &row)
{
    return row.savedPath.isEmpty() ? row.request.destination : row.savedPath;
}

bool DownloadQueueModel::isWriting(const QString &destination) const
{
    const QString wanted = QDir::cleanPath(destination);
    for (const Row &row : m_rows) {
        if (isActive(row.state) && QDir::cleanPath(row.request.destination) == wanted)
            return true;
    }
    return false;
}

void DownloadQueueModel::clearFinished()
{
    flush();
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (isActive(m_rows.at(i).state))
            continue;
        int first = i;
        while (first > 0 && !isActive(m_rows.at(first - 1).state))
            --first;
        beginRemoveRows({}, first, i);
        m_rows.remove(first, i - first + 1);
        endRemoveRows();
        i = first;
    }
    m_rowOfJob.clear();
    for (int i = 0; i < m_rows.size(); ++i) {
        if (isActive(m_rows.at(i).state))
            m_rowOfJob.insert(m_rows.at(i).jobId, i);
    }
}

int DownloadQueueModel::rowOfJob(quint64 id) const
{
    return m_rowOfJob.value(id, -1);
}

void DownloadQueueModel::onDialectChosen(quint64 id, Dialect dialect)
{
    const int row = rowOfJob(id);
    if (row < 0)
        return;
    m_rows[row].dialect = dialect;
    m_rows[row].state = State::Downloading;
    markChanged(row);
}

void DownloadQueueModel::onProgress(quint64 id, qint64 received, qint64 total)
{
    const int row = rowOfJob(id);
    if (row < 0)
        return;
    Row &entry = m_rows[row];
    if (!entry.sampled) {
        // A resumed download starts past zero: measure speed from there.
        entry.meter.restart(received);
        entry.sampled = true;
    }
    entry.meter.sample(received);
    entry.received = received;
    entry.total = total;
    entry.state = State::Downloading;
    markChanged(row);
}

void DownloadQueueModel::onRedirected(quint64 id, const QUrl &location)
{
    const int row = rowOfJob(id);
    if (row < 0)
        return;
    Row &entry = m_rows[row];
    entry.finalUrl = location;
    const auto sameOrigin = [&location](const QUrl &known) {
        return known.scheme() == location.scheme() && known.host() == location.host()
               && known.port() == location.port();
    };
    if (std::none_of(entry.redirectTargets.cbegin(), entry.redirectTargets.cend(), sameOrigin))
        entry.redirectTargets.append(
                location.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo));
    markChanged(row);
}

void DownloadQueueModel::onCertificateProblem(quint64 id, const QString &host, quint16 port,
                                              const QSslCertificate &certificate, const QString &problem)
{
    const int row = rowOfJob(id);
    if (row >= 0)
        m_rows[row].certificateProblem = Row::CertificateProblem{host, port, certificate, problem};
}

void DownloadQueueModel::onFinished(quint64 id, DownloadJob::Outcome outcome, const QString &message,
                                    const QString &savedPath)
{
    const auto it = m_rowOfJob.constFind(id);
    if (it == m_rowOfJob.cend())
        return;
    const int row = *it;
    m_rowOfJob.erase(it);
    Row &entry = m_rows[row];
    entry.jobId = 0;
    entry.message = message;
    if (!savedPath.isEmpty())
        entry.savedPath = savedPath;
    switch (outcome) {
    case DownloadJob::Outcome::Done:
        entry.state = State::Done;
        if (entry.total < 0) // legacy: the size is what arrived
            entry.total = entry.received;
        break;
    case DownloadJob::Outcome::NotFound:
        entry.state = State::NotFound;
        break;
    case DownloadJob::Outcome::Failed:
        entry.state = State::Failed;
        break;
    case DownloadJob::Outcome::Canceled:
        entry.state = State::Canceled;
        break;
    }
    const std::optional<Row::CertificateProblem> problem = std::exchange(entry.certificateProblem, std::nullopt);
    markChanged(row);
    setActiveCount(m_active - 1);
    if (outcome == DownloadJob::Outcome::Failed && problem)
        Q_EMIT certificateProblem(row, problem->host, problem->port, problem->certificate, problem->problem);
}

bool DownloadQueueModel::refreshActiveRows()
{
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &entry = m_rows[i];
        if (entry.state == State::Downloading && entry.sampled) {
            entry.meter.sample(entry.received);
            markChanged(i);
        }
    }
    return m_active > 0;
}

void DownloadQueueModel::setActiveCount(int count)
{
    if (count == m_active)
        return;
    m_active = count;
    Q_EMIT activeCountChanged(count);
}

QString DownloadQueueModel::stateText(const Row &row) const
{
    switch (row.state) {
    case State::Connecting:
        if (row.finalUrl != row.request.url)
            return tr("Redirected to %1").arg(row.finalUrl.host());
        return tr("Connecting");
    case State::Downloading:
        return tr("Downloading");
    case State::Done:
        return tr("Done");
    case State::NotFound:
        return tr("File not found");
    case State::Canceled:
        return tr("Canceled");
    case State::Failed:
        return row.message;
    }
    return {};
}

QString DownloadQueueModel::progressText(const Row &row) const
{
    if (row.total > 0)
        return tr("%1%").arg(row.received * 100 / row.total);
    if (row.total == 0)
        return row.state == State::Done ? tr("%1%").arg(100) : QString();
    if (row.state == State::Connecting || row.state == State::NotFound)
        return {};
    return Units::formatBytes(row.received);
}

QString DownloadQueueModel::toolTip(const Row &row) const
{
    const QString saved = savedPathOf(row);
    QString tip;
    if (row.request.url.isValid()) {
        tip = row.request.url.toDisplayString();
        if (row.finalUrl != row.request.url)
            tip += QLatin1Char('\n') + tr("Redirected to %1").arg(row.finalUrl.toDisplayString());
        tip += QLatin1Char('\n') + tr("Saved to %1").arg(QDir::toNativeSeparators(saved));
    } else {
        const bool v6 = row.request.host.contains(QLatin1Char(':'));
        const QString host = v6 ? QLatin1Char('[') + row.request.host + QLatin1Char(']') : row.request.host;
        tip = tr("%1 from %2 port %3\nSaved to %4")
                      .arg(row.request.name, host)
                      .arg(row.request.port)
                      .arg(QDir::toNativeSeparators(saved));
    }
    if (!row.message.isEmpty() && row.state != State::Done)
        tip += QLatin1Char('\n') + row.message;
    if ((row.state == State::Failed || row.state == State::Canceled) && row.received > 0)
        tip += QLatin1Char('\n')
               + tr("The partial download stays in %1 for a retry.")
                         .arg(QDir::toNativeSeparators(saved + QLatin1String(".part")));
    return tip;
}

QVariant DownloadQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const bool moving = row.state == State::Downloading;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return QFileInfo(savedPathOf(row)).fileName();
        case SizeColumn:
            if (row.total >= 0)
                return Units::formatBytes(row.total);
            return row.dialect == Dialect::Legacy ? tr("Unknown") : QString();
        case ProgressColumn:
            return progressText(row);
        case SpeedColumn:
            return moving ? Units::formatRate(row.meter.bytesPerSecond()) : QString();
        case TimeLeftColumn:
            return moving && row.total >= 0 ? Units::formatDuration(row.meter.secondsLeft(row.total - row.received))
                                            : QString();
        case StateColumn:
            return stateText(row);
        }
        return {};
    case Qt::AccessibleTextRole:
        // What a screen reader says for the bar: the delegate draws only a short text.
        if (index.column() == ProgressColumn && row.total > 0)
            return tr("%1%, %2 of %3")
                    .arg(row.received * 100 / row.total)
                    .arg(Units::formatBytes(row.received), Units::formatBytes(row.total));
        if (index.column() == ProgressColumn && row.total < 0 && row.state != State::Connecting)
            return tr("%1 received").arg(Units::formatBytes(row.received));
        return index.data(Qt::DisplayRole);
    case Qt::ToolTipRole:
        return toolTip(row);
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == SpeedColumn || index.column() == TimeLeftColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case TransferRoles::BytesDoneRole:
        return row.received;
    case TransferRoles::BytesTotalRole:
        return row.total;
    case TransferRoles::ActiveRole:
        return isActive(row.state);
    case TransferRoles::StateRole:
        return int(row.state);
    }
    return {};
}

QVariant DownloadQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole) // numbers line up on the right, titles with them
        return QVariant((section == SizeColumn || section == SpeedColumn || section == TimeLeftColumn ? Qt::AlignRight
                                                                                                      : Qt::AlignLeft)
                        | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case ProgressColumn:
        return tr("Progress");
    case SpeedColumn:
        return tr("Speed");
    case TimeLeftColumn:
        return tr("Time left");
    case StateColumn:
        return tr("State");
    }
    return {};
}
