#pragma once

#include <QTableView>

// The table both tabs show transfers in: whole-row selection, a progress
// delegate on one column, a stretching name column and widths that fit the
// content a person expects to read (sizes, speeds, short states).
class TransferTable final : public QTableView
{
    Q_OBJECT

public:
    explicit TransferTable(QWidget *parent = nullptr);

    // Call after setModel(): which column holds the bar, which columns
    // share the spare width, and for the others a sample of their widest
    // usual content (the header's title counts too, in any language).
    void setupColumns(int progressColumn, const QList<int> &stretchColumns, const QStringList &samples);

    QList<int> selectedRows() const;
    // Shown, greyed, while the table is empty: what will appear there and how.
    void setPlaceholderText(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_placeholder;
};
