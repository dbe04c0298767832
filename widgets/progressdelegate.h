#pragma once

#include <QStyledItemDelegate>

// Draws a progress bar in a table cell from TransferRoles: a real
// percentage when the total is known, a busy bar while a transfer of
// unknown size moves, and the cell's display text (percent or bytes) on
// top. The busy bar's position comes from the clock at paint time, so it
// advances exactly as often as the model repaints the row (at most ten
// times a second) and needs no timer of its own.
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ProgressDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
