#pragma once

#include "client/listjob.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

// Lists the folders of a Ferry share so that a person can pick a file
// instead of typing its name. Listing is asynchronous (ListJob), so the
// window never waits on the network.
class RemoteBrowserDialog final : public QDialog
{
    Q_OBJECT

public:
    RemoteBrowserDialog(const QString &host, quint16 port, const QString &startFolder, const QString &accessCode = {},
                        QWidget *parent = nullptr);

    // The chosen file, relative to the top of the share ("docs/报告.pdf").
    QString selectedPath() const { return m_selected; }

private:
    void list(const QString &folder);
    void onListed(ListJob::Outcome outcome, const DirectoryListing &listing, const QString &message);
    void onActivated(QTreeWidgetItem *item);
    void goUp();
    void updateButtons();

    QString m_host;
    quint16 m_port;
    QString m_accessCode;
    QString m_folder; // "" or "docs/sub/"
    QString m_selected;
    ListJob *m_job = nullptr;
    QLabel *m_location;
    QLabel *m_status;
    QTreeWidget *m_entries;
    QPushButton *m_upButton;
    QPushButton *m_chooseButton;
};
