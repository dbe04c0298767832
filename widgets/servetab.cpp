#include "servetab.h"

#include "addresslist.h"
#include "appsettings.h"
#include "common/accesscode.h"
#include "icons.h"
#include "messagelabel.h"
#include "nearby/nearbyannouncement.h"
#include "servelimitsdialog.h"
#include "server/runningshare.h"
#include "servetransfermodel.h"
#include "sharepinbar.h"
#include "transfertable.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHostInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

ServeTab::ServeTab(QWidget *parent)
    : QWidget(parent)
    , m_share(new RunningShare(this))
    , m_model(new ServeTransferModel(this))
    , m_watcher(new QFileSystemWatcher(this))
{
    setAcceptDrops(true);
    m_message = new MessageLabel(this);
    QGridLayout *form = buildForm();

    auto *addressBox = new QGroupBox(tr("Where others can connect"), this);
    auto *addressLayout = new QVBoxLayout(addressBox);
    m_pinBar = new SharePinBar(addressBox);
    m_addresses = new AddressList(addressBox);
    addressLayout->addWidget(m_pinBar);
    addressLayout->addWidget(m_addresses);

    auto *transferBox = new QGroupBox(tr("Transfers"), this);
    auto *transferLayout = new QVBoxLayout(transferBox);
    auto *transferBar = new QHBoxLayout;
    m_connectionsLabel = new QLabel(transferBox);
    m_clearButton = new QPushButton(Icons::clear(), tr("Cl&ear finished"), transferBox);
    m_clearButton->setObjectName(QStringLiteral("serveClearButton"));
    m_clearButton->setToolTip(tr("Remove finished transfers from the list"));
    transferBar->addWidget(m_connectionsLabel);
    transferBar->addStretch();
    transferBar->addWidget(m_clearButton);
    m_table = new TransferTable(transferBox);
    m_table->setObjectName(QStringLiteral("serveTable"));
    m_table->setAccessibleName(tr("Transfers"));
    m_table->setModel(m_model);
    m_table->setPlaceholderText(tr("Every connection and transfer appears here while you share."));
    m_table->setupColumns(ServeTransferModel::SentColumn, {ServeTransferModel::FileColumn},
                          {QStringLiteral("192.168.100.200:65535"), QString(),
                           ServeTransferModel::dialectText(Dialect::Legacy), QStringLiteral("1023.9 MiB"),
                           QStringLiteral("1023.9 MiB (100%)"), QStringLiteral("1023.9 MiB/s"),
                           ServeTransferModel::stateText(TransferInfo::State::Unauthorized)});
    transferLayout->addLayout(transferBar);
    transferLayout->addWidget(m_table);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(addressBox);
    layout->addWidget(transferBox, 1);

    connect(m_clearButton, &QPushButton::clicked, m_model, &ServeTransferModel::clearFinished);
    connect(m_model, &ServeTransferModel::hasFinishedChanged, m_clearButton, &QPushButton::setEnabled);
    connect(m_share->server(), &ShareServer::transferUpdated, m_model, &ServeTransferModel::update);
    connect(m_share->server(), &ShareServer::connectionCountChanged, this, &ServeTab::onConnectionCountChanged);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &ServeTab::onFolderChanged);
    const auto showCopied = [this](const QString &text) {
        m_message->showMessage(tr("Copied %1 to the clipboard.").arg(text));
    };
    connect(m_addresses, &AddressList::copied, this, showCopied);
    connect(m_pinBar, &SharePinBar::copied, this, showCopied);
    connect(m_pinBar, &SharePinBar::newCertificateConfirmed, this, &ServeTab::replaceCertificate);
    onConnectionCountChanged(0);
    updateControls();
}

ServeTab::~ServeTab()
{
    // Before the model goes: stopping may still report transfers.
    m_share->server()->disconnect(this);
    m_share->server()->disconnect(m_model);
    m_share->stop();
}

QGridLayout *ServeTab::buildForm()
{
    AppSettings settings;
    auto *grid = new QGridLayout;

    auto *folderLabel = new QLabel(tr("&Folder to share:"), this);
    m_folderEdit = new QLineEdit(settings.shareFolder(), this);
    m_folderEdit->setObjectName(QStringLiteral("shareFolderEdit"));
    m_folderEdit->setAccessibleName(tr("Folder to share"));
    m_folderEdit->setPlaceholderText(tr("Choose a folder, or drop one here"));
    m_folderEdit->setClearButtonEnabled(true);
    folderLabel->setBuddy(m_folderEdit);
    m_chooseButton = new QPushButton(Icons::folder(), tr("C&hoose…"), this);
    m_chooseButton->setObjectName(QStringLiteral("shareChooseButton"));
    m_chooseButton->setAccessibleName(tr("Choose the folder to share"));

    auto *portLabel = new QLabel(tr("&Port:"), this);
    m_portSpin = new QSpinBox(this);
    m_portSpin->setObjectName(QStringLiteral("sharePortSpin"));
    m_portSpin->setAccessibleName(tr("Port"));
    m_portSpin->setRange(0, 65535);
    m_portSpin->setSpecialValueText(tr("Any free port"));
    m_portSpin->setValue(settings.sharePort());
    m_portSpin->setToolTip(
            tr("Ferry, the tutorial client and browsers all use this one port (%1 unless you change it).")
                    .arg(Endpoint::DefaultPort));
    portLabel->setBuddy(m_portSpin);

    auto *bindLabel = new QLabel(tr("&Listen on:"), this);
    m_bindCombo = new QComboBox(this);
    m_bindCombo->setObjectName(QStringLiteral("shareBindCombo"));
    m_bindCombo->setAccessibleName(tr("Listen on"));
    m_bindCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    bindLabel->setBuddy(m_bindCombo);
    fillBindChoices(settings.bindAddress());

    auto *codeLabel = new QLabel(tr("Access &code:"), this);
    m_codeEdit = new QLineEdit(settings.shareCode(), this);
    m_codeEdit->setObjectName(QStringLiteral("shareCodeEdit"));
    m_codeEdit->setAccessibleName(tr("Access code"));
    m_codeEdit->setPlaceholderText(tr("None: anyone who can reach this computer can download"));
    m_codeEdit->setToolTip(tr("When set, browsers, phones and Ferry need this code (the links below carry it); "
                              "the tutorial client, which cannot send one, is refused."));
    m_codeEdit->setMaxLength(AccessCode::MaxLength);
    m_codeEdit->setClearButtonEnabled(true);
    codeLabel->setBuddy(m_codeEdit);

    m_limitsButton = new QPushButton(tr("L&imits…"), this);
    m_limitsButton->setObjectName(QStringLiteral("shareLimitsButton"));
    m_limitsButton->setAccessibleName(tr("Server limits"));
    m_limitsButton->setToolTip(tr("Connections at once and timeouts for slow clients"));

    m_tlsCheck = new QCheckBox(tr("E&ncrypt (HTTPS)"), this);
    m_tlsCheck->setObjectName(QStringLiteral("shareTlsCheck"));
    m_tlsCheck->setToolTip(tr("Browsers, phones and Ferry connect over HTTPS with a certificate Ferry makes and "
                              "keeps; the links carry its pin, and http:// is sent on to https://. The tutorial "
                              "client, which cannot encrypt, still connects unencrypted."));
    m_tlsCheck->setChecked(settings.shareEncrypted());

    m_startButton = new QPushButton(this);
    m_startButton->setObjectName(QStringLiteral("shareStartButton"));

    m_nearbyCheck = new QCheckBox(tr("&Visible to nearby devices"), this);
    m_nearbyCheck->setObjectName(QStringLiteral("shareNearbyCheck"));
    m_nearbyCheck->setToolTip(tr("Announce the share on the local network, so that Ferry on other devices lists it "
                                 "without anyone typing an address. The folder's location is never announced."));
    m_nearbyCheck->setChecked(settings.visibleNearby());
    auto *nearbyNameLabel = new QLabel(tr("&as:"), this);
    m_nearbyNameEdit = new QLineEdit(settings.nearbyName(), this);
    m_nearbyNameEdit->setObjectName(QStringLiteral("shareNearbyNameEdit"));
    m_nearbyNameEdit->setAccessibleName(tr("Name shown to nearby devices"));
    m_nearbyNameEdit->setPlaceholderText(QHostInfo::localHostName());
    m_nearbyNameEdit->setMaxLength(int(NearbyAnnouncement::MaxNameLength));
    m_nearbyNameEdit->setMinimumWidth(m_nearbyNameEdit->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 28);
    nearbyNameLabel->setBuddy(m_nearbyNameEdit);
    auto *nearbyRow = new QHBoxLayout;
    nearbyRow->addWidget(m_tlsCheck);
    nearbyRow->addSpacing(12);
    nearbyRow->addWidget(m_nearbyCheck);
    nearbyRow->addWidget(nearbyNameLabel);
    nearbyRow->addWidget(m_nearbyNameEdit);
    nearbyRow->addStretch();

    auto *portRow = new QHBoxLayout;
    portRow->addWidget(m_portSpin);
    portRow->addSpacing(12);
    portRow->addWidget(bindLabel);
    portRow->addWidget(m_bindCombo);
    portRow->addStretch();

    grid->addWidget(folderLabel, 0, 0);
    grid->addWidget(m_folderEdit, 0, 1);
    grid->addWidget(m_chooseButton, 0, 2);
    grid->addWidget(portLabel, 1, 0);
    grid->addLayout(portRow, 1, 1);
    grid->addWidget(m_startButton, 1, 2);
    grid->addWidget(codeLabel, 2, 0);
    grid->addWidget(m_codeEdit, 2, 1);
    grid->addWidget(m_limitsButton, 2, 2);
    grid->addLayout(nearbyRow, 3, 1);
    grid->setColumnStretch(1, 1);

    connect(m_chooseButton, &QPushButton::clicked, this, &ServeTab::chooseFolder);
    connect(m_limitsButton, &QPushButton::clicked, this, &ServeTab::editLimits);
    connect(m_folderEdit, &QLineEdit::returnPressed, this, &ServeTab::startSharing);
    connect(m_folderEdit, &QLineEdit::textEdited, m_message, &MessageLabel::clearMessage);
    connect(m_codeEdit, &QLineEdit::textEdited, m_message, &MessageLabel::clearMessage);
    connect(m_codeEdit, &QLineEdit::returnPressed, this, &ServeTab::startSharing);
    connect(m_tlsCheck, &QCheckBox::toggled, this, [](bool encrypted) { AppSettings().setShareEncrypted(encrypted); });
    connect(m_nearbyCheck, &QCheckBox::toggled, this, [this](bool visible) {
        AppSettings().setVisibleNearby(visible);
        updateAnnouncing();
    });
    connect(m_nearbyNameEdit, &QLineEdit::editingFinished, this,
            [this] { AppSettings().setNearbyName(m_nearbyNameEdit->text().trimmed()); });
    connect(m_startButton, &QPushButton::clicked, this, [this] {
        if (isSharing())
            stopSharing();
        else
            startSharing();
    });
    return grid;
}

// Every interface, this computer only, or one of this computer's addresses.
void ServeTab::fillBindChoices(const QString &selected)
{
    m_bindCombo->addItem(tr("Every network"), QString());
    m_bindCombo->addItem(tr("This computer only"), QStringLiteral("127.0.0.1"));
    const auto addresses = RunningShare::reachableAddresses(QHostAddress::Any);
    for (const QHostAddress &address : addresses)
        m_bindCombo->addItem(address.toString(), address.toString());
    int index = m_bindCombo->findData(selected);
    if (index < 0) { // a remembered address this computer no longer has: keep it visible
        m_bindCombo->addItem(selected, selected);
        index = m_bindCombo->count() - 1;
    }
    m_bindCombo->setCurrentIndex(index);
}

bool ServeTab::isSharing() const
{
    return m_share->isRunning();
}

quint16 ServeTab::serverPort() const
{
    return m_share->server()->serverPort();
}

bool ServeTab::isVisibleNearby() const
{
    return m_share->isAnnounced();
}

void ServeTab::setNearbyNetwork(const NearbyNetwork &network)
{
    m_share->setNearbyNetwork(network);
}

// Announces while sharing with the box ticked; the goodbye goes out when
// either ends. The share itself is never affected by a discovery problem.
// A share on "this computer only" is announced on no network at all.
void ServeTab::updateAnnouncing()
{
    const bool wanted = isSharing() && m_nearbyCheck->isChecked();
    if (wanted && !m_share->isAnnounced())
        AppSettings().setNearbyName(m_nearbyNameEdit->text().trimmed());
    if (!m_share->setAnnounced(wanted, m_nearbyNameEdit->text()))
        m_message->showError(m_share->errorString());
    m_nearbyNameEdit->setReadOnly(m_share->isAnnounced());
}

void ServeTab::setFolder(const QString &folder)
{
    m_folderEdit->setText(QDir::toNativeSeparators(folder));
    m_message->clearMessage();
}

void ServeTab::editLimits()
{
    ShareServer::Options limits;
    AppSettings().loadShareLimits(limits);
    auto *dialog = new ServeLimitsDialog(limits, this);
    dialog->setObjectName(QStringLiteral("serveLimitsDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [dialog] { AppSettings().saveShareLimits(dialog->applyTo({})); });
    dialog->open();
}

void ServeTab::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder to share"), m_folderEdit->text());
    if (!folder.isEmpty())
        setFolder(folder);
}

bool ServeTab::startSharing()
{
    if (isSharing())
        return true;
    std::optional<ShareServer::Options> options = optionsFromForm();
    if (!options)
        return false;
    if (m_tlsCheck->isChecked()) {
        QString problem;
        options->tls = ShareCertificate::loadOrCreate(ShareCertificate::defaultFolder(), &problem);
        if (!options->tls) {
            m_message->showError(problem);
            return false;
        }
    }
    if (!start(*options))
        return false;
    AppSettings settings;
    settings.setShareFolder(options->folder);
    settings.setSharePort(options->port);
    settings.setBindAddress(m_bindCombo->currentData().toString());
    settings.setShareCode(options->accessCode);
    return true;
}

std::optional<ShareServer::Options> ServeTab::optionsFromForm()
{
    const QString folder = QDir::fromNativeSeparators(m_folderEdit->text().trimmed());
    if (folder.isEmpty()) {
        m_message->showError(tr("Choose a folder to share first."));
        m_folderEdit->setFocus();
        return std::nullopt;
    }
    ShareServer::Options options;
    AppSettings().loadShareLimits(options);
    options.folder = QFileInfo(folder).absoluteFilePath();
    const QString bind = m_bindCombo->currentData().toString();
    options.address = bind.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(bind);
    options.port = quint16(m_portSpin->value());
    options.accessCode = m_codeEdit->text();
    if (!options.accessCode.isEmpty()) {
        if (const QString problem = AccessCode::validate(options.accessCode); !problem.isEmpty()) {
            m_message->showError(problem);
            m_codeEdit->setFocus();
            return std::nullopt;
        }
    }
    return options;
}

bool ServeTab::start(const ShareServer::Options &options)
{
    if (!m_share->start(options)) {
        m_message->showError(m_share->errorString());
        return false;
    }
    m_running = options;
    m_message->clearMessage();
    m_watcher->addPath(options.folder);
    const QString pin = options.tls ? options.tls->pin() : QString();
    m_pinBar->showCertificate(options.tls ? options.tls->certificate : QSslCertificate());
    m_addresses->showFor(m_share->reachableAddresses(), options.address, serverPort(), options.accessCode, pin);
    updateControls();
    updateAnnouncing();
    Q_EMIT sharingChanged(true);
    return true;
}

// A new certificate in the kept one's place; an encrypted share restarts
// with it, on the port it has, so that only the pin in its links changes.
void ServeTab::replaceCertificate()
{
    QString problem;
    std::optional<ShareCertificate> made = ShareCertificate::create(ShareCertificate::defaultFolder(), &problem);
    if (!made) {
        m_message->showError(problem);
        return;
    }
    if (!isSharing() || !m_running.tls) {
        m_message->showMessage(tr("New certificate made: the next encrypted share uses it."));
        return;
    }
    ShareServer::Options options = m_running;
    options.port = serverPort();
    options.tls = std::move(made);
    stopSharing();
    if (start(options))
        m_message->showMessage(tr("The share restarted with a new certificate."));
}

void ServeTab::stopSharing()
{
    if (!isSharing())
        return;
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    m_share->stop();
    m_model->abortUnfinished();
    m_pinBar->showCertificate(QSslCertificate());
    m_addresses->showFor({}, {}, 0);
    updateControls();
    updateAnnouncing();
    Q_EMIT sharingChanged(false);
}

void ServeTab::onFolderChanged(const QString &path)
{
    if (isSharing() && !QFileInfo(path).isDir())
        m_message->showError(tr("The shared folder %1 no longer exists: nothing can be downloaded until it is back.")
                                     .arg(QDir::toNativeSeparators(path)));
}

void ServeTab::onConnectionCountChanged(int count)
{
    m_connectionsLabel->setText(count == 0 ? tr("No connections") : tr("Connections: %1").arg(count));
}

void ServeTab::updateControls()
{
    const bool sharing = isSharing();
    m_folderEdit->setReadOnly(sharing);
    m_chooseButton->setEnabled(!sharing);
    m_portSpin->setEnabled(!sharing);
    m_bindCombo->setEnabled(!sharing);
    m_codeEdit->setReadOnly(sharing);
    m_tlsCheck->setEnabled(!sharing);
    m_startButton->setText(sharing ? tr("&Stop sharing") : tr("&Start sharing"));
    // Said without the mnemonic, which translations write as "(&S)".
    m_startButton->setAccessibleName(sharing ? tr("Stop sharing") : tr("Start sharing"));
    m_startButton->setIcon(sharing ? Icons::stop() : Icons::start());
    m_startButton->setToolTip(sharing ? tr("Close the port and every connection") : tr("Share the folder on the port"));
    m_clearButton->setEnabled(m_model->hasFinished());
}

// The one local folder being dragged, or an empty string.
QString ServeTab::droppedFolder(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1 || !mime->urls().constFirst().isLocalFile())
        return {};
    const QString path = mime->urls().constFirst().toLocalFile();
    return QFileInfo(path).isDir() ? path : QString();
}

void ServeTab::dragEnterEvent(QDragEnterEvent *event)
{
    if (!isSharing() && !droppedFolder(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void ServeTab::dropEvent(QDropEvent *event)
{
    const QString folder = droppedFolder(event->mimeData());
    if (isSharing() || folder.isEmpty())
        return;
    setFolder(folder);
    event->acceptProposedAction();
    m_startButton->setFocus();
}
