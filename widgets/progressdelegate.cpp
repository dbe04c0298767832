#include "progressdelegate.h"

#include "transferroles.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>
#include <QStyleOptionProgressBar>

namespace {

constexpr int Margin = 2;
constexpr qint64 BusyCycleMs = 2000;

// 0..1..0 over one cycle: where the busy chunk is.
qreal busyPhase()
{
    const qint64 t = QDateTime::currentMSecsSinceEpoch() % BusyCycleMs;
    const qreal x = qreal(t) / qreal(BusyCycleMs) * 2;
    return x <= 1 ? x : 2 - x;
}

} // namespace

ProgressDelegate::ProgressDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant doneData = index.data(TransferRoles::BytesDoneRole);
    const qint64 total = index.data(TransferRoles::BytesTotalRole).toLongLong();
    const bool active = index.data(TransferRoles::ActiveRole).toBool();
    // Nothing to measure (a refused request, a row still connecting): plain text.
    if (!doneData.isValid() || (total < 0 && !active) || (active && total < 0 && doneData.toLongLong() == 0)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const qint64 done = doneData.toLongLong();

    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    item.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget); // background, selection, focus

    QStyleOptionProgressBar bar;
    bar.initFrom(widget);
    bar.state = option.state | QStyle::State_Horizontal;
    bar.direction = option.direction;
    bar.rect = option.rect.adjusted(Margin, Margin, -Margin, -Margin);
    bar.fontMetrics = option.fontMetrics;
    bar.palette = option.palette;
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.text = index.data(Qt::DisplayRole).toString();
    bar.textAlignment = Qt::AlignCenter;
    if (total > 0)
        bar.progress = int(qBound(qint64(0), done * 1000 / total, qint64(1000)));
    else
        bar.progress = total == 0 ? 1000 : 0;
    // The style draws groove and chunk; the text comes after, in two
    // colours, so that it reads both on the chunk and beside it.
    bar.textVisible = false;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);

    const QRect groove = bar.rect.adjusted(2, 2, -2, -2);
    QRect chunk;
    painter->save();
    if (total < 0) { // busy: a block sweeping to and fro
        const int width = qMax(groove.width() / 4, 8);
        chunk = QRect(groove.left() + int(busyPhase() * (groove.width() - width)), groove.top(), width,
                      groove.height());
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(option.palette.color(QPalette::Highlight));
        painter->drawRoundedRect(chunk, 2, 2);
    } else {
        const int width = int(qint64(groove.width()) * bar.progress / bar.maximum);
        chunk = QStyle::visualRect(option.direction, groove,
                                   QRect(groove.left(), groove.top(), width, groove.height()));
    }
    painter->setPen(option.palette.color(QPalette::Text));
    painter->setClipRegion(QRegion(bar.rect).subtracted(chunk));
    painter->drawText(bar.rect, Qt::AlignCenter, bar.text);
    painter->setPen(option.palette.color(QPalette::HighlightedText));
    painter->setClipRect(chunk);
    painter->drawText(bar.rect, Qt::AlignCenter, bar.text);
    painter->restore();
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(qMax(size.width(), 120));
    return size;
}
