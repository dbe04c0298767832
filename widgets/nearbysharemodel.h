#pragma once

#include "nearby/nearbybrowser.h"

#include <QAbstractListModel>

// The shares a NearbyBrowser hears, as a list sorted by name: rows appear
// as announcements arrive and go on goodbye or expiry.
class NearbyShareModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { HostRole = Qt::UserRole + 1, PortRole, AccessCodeRole };

    explicit NearbyShareModel(NearbyBrowser *browser, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    NearbyShare share(int row) const { return m_shares.value(row); }

private:
    void add(const NearbyShare &share);
    void remove(const NearbyShare &share);
    qsizetype rowOf(const NearbyShare &share) const;

    QList<NearbyShare> m_shares;
};
