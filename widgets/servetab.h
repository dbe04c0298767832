#pragma once

#include "server/shareserver.h"

#include <QWidget>

#include <optional>

class AddressList;
class MessageLabel;
struct NearbyNetwork;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QFileSystemWatcher;
class QLabel;
class QLineEdit;
class QMimeData;
class QPushButton;
class QSpinBox;
class RunningShare;
class ServeTransferModel;
class SharePinBar;
class TransferTable;

// The Serve tab: choose a folder (button, typing or drag and drop), a port
// and the interfaces to listen on, whether the share is encrypted (HTTPS
// with Ferry's own certificate, off by default), whether nearby devices see
// it (off by default) and under which name, start sharing; then the
// addresses others can use (with the certificate's pin when encrypted) and
// every transfer, live. Errors show in the tab.
class ServeTab final : public QWidget
{
    Q_OBJECT

public:
    explicit ServeTab(QWidget *parent = nullptr);
    ~ServeTab() override;

    bool isSharing() const;
    quint16 serverPort() const;
    ServeTransferModel *transfers() const { return m_model; }
    bool isVisibleNearby() const;
    // Tests only: announce over loopback instead of the real networks.
    void setNearbyNetwork(const NearbyNetwork &network);

public Q_SLOTS:
    void setFolder(const QString &folder);
    bool startSharing();
    void stopSharing();

Q_SIGNALS:
    void sharingChanged(bool sharing);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QGridLayout *buildForm();
    // The share the form describes (without its certificate); nullopt
    // with the problem shown when the form is incomplete.
    std::optional<ShareServer::Options> optionsFromForm();
    bool start(const ShareServer::Options &options);
    void replaceCertificate();
    void chooseFolder();
    void editLimits();
    void fillBindChoices(const QString &selected);
    void onFolderChanged(const QString &path);
    void onConnectionCountChanged(int count);
    void updateControls();
    void updateAnnouncing();
    static QString droppedFolder(const QMimeData *mime);

    RunningShare *m_share;
    ShareServer::Options m_running; // what m_share was last started with
    ServeTransferModel *m_model;
    QFileSystemWatcher *m_watcher;
    QLineEdit *m_folderEdit = nullptr;
    QPushButton *m_chooseButton = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QComboBox *m_bindCombo = nullptr;
    QLineEdit *m_codeEdit = nullptr;
    QPushButton *m_limitsButton = nullptr;
    QCheckBox *m_tlsCheck = nullptr;
    QCheckBox *m_nearbyCheck = nullptr;
    QLineEdit *m_nearbyNameEdit = nullptr;
    QPushButton *m_startButton = nullptr;
    MessageLabel *m_message = nullptr;
    SharePinBar *m_pinBar = nullptr;
    AddressList *m_addresses = nullptr;
    QLabel *m_connectionsLabel = nullptr;
    QPushButton *m_clearButton = nullptr;
    TransferTable *m_table = nullptr;
};
