#include "nearbysharemodel.h"

#include "common/endpoint.h"

#include <algorithm>

namespace {

bool byName(const NearbyShare &a, const NearbyShare &b)
{
    const int order = a.name.compare(b.name, Qt::CaseInsensitive);
    return order != 0 ? order < 0 : a.address.toString() < b.address.toString();
}

} // namespace

NearbyShareModel::NearbyShareModel(NearbyBrowser *browser, QObject *parent)
    : QAbstractListModel(parent)
{
    const auto known = browser->shares();
    for (const NearbyShare &share : known)
        add(share);
    connect(browser, &NearbyBrowser::shareFound, this, &NearbyShareModel::add);
    connect(browser, &NearbyBrowser::shareLost, this, &NearbyShareModel::remove);
}

int NearbyShareModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shares.size());
}

QVariant NearbyShareModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const NearbyShare &share = m_shares.at(index.row());
    const QString endpoint = Endpoint{share.address.toString(), share.port}.toString();
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 (%2)").arg(share.name, endpoint);
    case Qt::ToolTipRole:
        return share.accessCodeRequired ? tr("%1 at %2: asks for an access code").arg(share.name, endpoint)
                                        : tr("%1 at %2").arg(share.name, endpoint);
    case HostRole:
        return share.address.toString();
    case PortRole:
        return share.port;
    case AccessCodeRole:
        return share.accessCodeRequired;
    default:
        return {};
    }
}

qsizetype NearbyShareModel::rowOf(const NearbyShare &share) const
{
    const auto it = std::find_if(m_shares.cbegin(), m_shares.cend(),
                                 [&share](const NearbyShare &known) { return known.sameShareAs(share); });
    return it == m_shares.cend() ? -1 : it - m_shares.cbegin();
}

// A renamed share moves to its new place in the order.
void NearbyShareModel::add(const NearbyShare &share)
{
    remove(share);
    const auto at = std::lower_bound(m_shares.cbegin(), m_shares.cend(), share, byName) - m_shares.cbegin();
    beginInsertRows({}, int(at), int(at));
    m_shares.insert(at, share);
    endInsertRows();
}

void NearbyShareModel::remove(const NearbyShare &share)
{
    const qsizetype row = rowOf(share);
    if (row < 0)
        return;
    beginRemoveRows({}, int(row), int(row));
    m_shares.removeAt(row);
    endRemoveRows();
}
