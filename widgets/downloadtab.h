#pragma once

#include "client/downloadjob.h"

#include <QHash>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

class CertificateDialog;
class DownloadForm;
class DownloadQueueModel;
class NearbyBrowser;
class NearbyShareModel;
class QAction;
class QGroupBox;
class QLabel;
class QListView;
class QPushButton;
class TransferTable;

// The Download tab: the form on top, beside it the shares announced nearby
// (once a browser is given), the queue below, and the actions on the
// selected rows (buttons above the table, the same in its context menu):
// cancel, retry, open, show in folder, clear finished. A download that
// fails on a certificate the user has not trusted asks whether to trust it
// for that host and port (CertificateDialog); trusting remembers it and
// starts the download again.
class DownloadTab final : public QWidget
{
    Q_OBJECT

public:
    explicit DownloadTab(QWidget *parent = nullptr);

    DownloadForm *form() const { return m_form; }
    DownloadQueueModel *queue() const { return m_model; }
    int activeCount() const;

    // Queues a request (from the form) unless its file is being written
    // already; an existing finished file is kept and the new one gets a
    // free name beside it ("name (1).ext").
    bool enqueue(DownloadJob::Request request);

    // Shows the shares `browser` hears (starting it if needed); picking one
    // fills in its host and port. Without a browser there is no Nearby list,
    // so nothing is ever sent (the tests' windows).
    void setNearbyBrowser(NearbyBrowser *browser);

public Q_SLOTS:
    void cancelSelected();
    void retrySelected();
    void openSelected();
    void showSelectedInFolder();
    // Asks whether to trust `certificate` for host:port, which made the
    // download in `row` fail; one question per certificate and endpoint,
    // however many rows wait for it.
    void askToTrust(int row, const QString &host, quint16 port, const QSslCertificate &certificate,
                    const QString &problem);

private:
    QAction *addRowAction(const QIcon &icon, const QString &text, const QKeySequence &shortcut,
                          void (DownloadTab::*slot)());
    QPushButton *buttonFor(QAction *action, const QString &text);
    void updateActions();
    QString freeDestination(const QString &destination) const;
    QGroupBox *buildNearbyBox();
    void pickNearby(const QModelIndex &index);
    void updateNearbyHint();
    void retryRow(int row);
    void answerTrust(const QString &key, bool trusted);

    DownloadForm *m_form;
    DownloadQueueModel *m_model;
    TransferTable *m_table;
    QAction *m_cancelAction = nullptr;
    QAction *m_retryAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_showAction = nullptr;
    QAction *m_clearAction = nullptr;
    QGroupBox *m_nearbyBox = nullptr;
    QListView *m_nearbyList = nullptr;
    QLabel *m_nearbyHint = nullptr;
    NearbyShareModel *m_nearbyModel = nullptr;
    struct TrustQuestion
    {
        QPointer<CertificateDialog> dialog;
        QList<QPersistentModelIndex> rows;
    };
    QHash<QString, TrustQuestion> m_trustQuestions; // by endpoint and certificate digest
};
