#include "transfertable.h"

#include "progressdelegate.h"

#include <QHeaderView>
#include <QPainter>

TransferTable::TransferTable(QWidget *parent)
    : QTableView(parent)
{
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    setTextElideMode(Qt::ElideMiddle); // keeps both the start and the extension of long names
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setContextMenuPolicy(Qt::ActionsContextMenu);
    verticalHeader()->hide();
    // Fixed row heights: no per-row size computations with thousands of rows.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
}

void TransferTable::setupColumns(int progressColumn, const QList<int> &stretchColumns, const QStringList &samples)
{
    setItemDelegateForColumn(progressColumn, new ProgressDelegate(this));
    QHeaderView *header = horizontalHeader();
    header->setStretchLastSection(false);
    const QFontMetrics cells = fontMetrics();
    const QFontMetrics titles = header->fontMetrics();
    const int padding = 4 * style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header) + 8;
    header->setMinimumSectionSize(cells.averageCharWidth() * 4);
    for (int column = 0; column < samples.size(); ++column) {
        const bool stretch = stretchColumns.contains(column);
        header->setSectionResizeMode(column, stretch ? QHeaderView::Stretch : QHeaderView::Interactive);
        if (stretch)
            continue;
        const QString title = model()->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, qMax(cells.horizontalAdvance(samples.at(column)), titles.horizontalAdvance(title))
                                              + padding);
    }
}

QList<int> TransferTable::selectedRows() const
{
    QList<int> rows;
    if (!selectionModel())
        return rows;
    const QModelIndexList selected = selectionModel()->selectedRows();
    for (const QModelIndex &index : selected)
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void TransferTable::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    viewport()->update();
}

void TransferTable::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (m_placeholder.isEmpty() || !model() || model()->rowCount() > 0)
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const int margin = fontMetrics().height() * 2;
    painter.drawText(viewport()->rect().adjusted(margin, margin, -margin, -margin), Qt::AlignCenter | Qt::TextWordWrap,
                     m_placeholder);
}
