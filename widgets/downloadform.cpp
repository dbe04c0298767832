#include "downloadform.h"

#include "appsettings.h"
#include "client/localname.h"
#include "common/accesscode.h"
#include "common/endpoint.h"
#include "downloadlink.h"
#include "icons.h"
#include "messagelabel.h"
#include "proxydialog.h"
#include "remotebrowserdialog.h"

#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QHostInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStringListModel>
#include <QUrl>
#include <QVBoxLayout>

#include <utility>

namespace {

// In the order of the combo box, whose index the settings keep.
enum ProtocolChoice { AutoProtocol, LegacyGbk, LegacyUtf8, HttpLink, HttpsLink };

bool isLink(int choice)
{
    return choice == HttpLink || choice == HttpsLink;
}

QLabel *buddyLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

DownloadForm::DownloadForm(QWidget *parent)
    : QWidget(parent)
    , m_hostEdit(new QLineEdit(this))
    , m_portEdit(new QLineEdit(this))
    , m_codeEdit(new QLineEdit(this))
    , m_nameEdit(new QLineEdit(this))
    , m_browseButton(new QPushButton(tr("&Browse…"), this))
    , m_folderEdit(new QLineEdit(this))
    , m_chooseButton(new QPushButton(Icons::folder(), tr("Chan&ge…"), this))
    , m_protocolCombo(new QComboBox(this))
    , m_proxyButton(new QPushButton(tr("Pro&xy…"), this))
    , m_downloadButton(new QPushButton(Icons::download(), tr("&Download"), this))
    , m_message(new MessageLabel(this))
    , m_recentHosts(new QStringListModel(this))
{
    AppSettings settings;
    m_hostEdit->setObjectName(QStringLiteral("downloadHostEdit"));
    m_hostEdit->setAccessibleName(tr("Host"));
    m_hostEdit->setPlaceholderText(tr("Address or name of the server, e.g. 192.168.1.20, or a whole link"));
    m_hostEdit->setToolTip(tr("A server's address or name, or an http:// or https:// link, which fills in the "
                              "other fields."));
    m_hostEdit->setText(settings.host());
    m_hostText = m_hostTextNow = m_hostEdit->text();
    m_hostEdit->setClearButtonEnabled(true);
    m_recentHosts->setStringList(settings.recentHosts());
    auto *completer = new QCompleter(m_recentHosts, m_hostEdit);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_hostEdit->setCompleter(completer);

    m_portEdit->setObjectName(QStringLiteral("downloadPortEdit"));
    m_portEdit->setAccessibleName(tr("Port"));
    m_portEdit->setText(QString::number(settings.port()));
    m_portEdit->setMaxLength(5);
    m_portEdit->setMaximumWidth(m_portEdit->fontMetrics().horizontalAdvance(QStringLiteral("000000")) + 24);

    m_codeEdit->setObjectName(QStringLiteral("downloadCodeEdit"));
    m_codeEdit->setAccessibleName(tr("Access code"));
    m_codeEdit->setPlaceholderText(tr("If the share has one"));
    m_codeEdit->setToolTip(tr("The access code the person sharing gave you; a pasted share link fills it in."));
    m_codeEdit->setMaxLength(AccessCode::MaxLength);

    m_nameEdit->setObjectName(QStringLiteral("downloadNameEdit"));
    m_nameEdit->setAccessibleName(tr("File name"));
    m_nameEdit->setPlaceholderText(tr("Name of the file on the server, e.g. report.pdf or docs/报告.pdf"));
    m_nameEdit->setClearButtonEnabled(true);

    m_browseButton->setObjectName(QStringLiteral("downloadBrowseButton"));
    m_browseButton->setAccessibleName(tr("Browse the server"));
    m_browseButton->setToolTip(tr("List the files of a Ferry share and pick one"));

    m_folderEdit->setObjectName(QStringLiteral("downloadFolderEdit"));
    m_folderEdit->setAccessibleName(tr("Save to"));
    m_folderEdit->setText(QDir::toNativeSeparators(settings.downloadFolder()));
    m_chooseButton->setObjectName(QStringLiteral("downloadChooseButton"));
    m_chooseButton->setAccessibleName(tr("Choose the download folder"));

    m_protocolCombo->setObjectName(QStringLiteral("downloadProtocolCombo"));
    m_protocolCombo->setAccessibleName(tr("Protocol"));
    m_protocolCombo->addItem(tr("Automatic (HTTP, or the tutorial protocol)"), AutoProtocol);
    m_protocolCombo->addItem(tr("Tutorial protocol, GBK names"), LegacyGbk);
    m_protocolCombo->addItem(tr("Tutorial protocol, UTF-8 names"), LegacyUtf8);
    m_protocolCombo->addItem(tr("HTTP"), HttpLink);
    m_protocolCombo->addItem(tr("HTTPS"), HttpsLink);
    m_protocolCombo->setCurrentIndex(qBound(0, settings.protocol(), m_protocolCombo->count() - 1));
    m_protocolCombo->setToolTip(tr("Automatic works with Ferry, browsers' servers and the tutorial server. "
                                   "HTTP and HTTPS download http://HOST:PORT/NAME or https://HOST:PORT/NAME "
                                   "from any web server."));

    m_proxyButton->setObjectName(QStringLiteral("downloadProxyButton"));
    m_proxyButton->setAccessibleName(tr("Proxy settings"));
    updateProxyTip();

    m_downloadButton->setObjectName(QStringLiteral("downloadButton"));
    m_downloadButton->setAccessibleName(tr("Download"));
    m_downloadButton->setToolTip(tr("Start the download (Enter)"));

    auto *grid = new QGridLayout;
    grid->addWidget(buddyLabel(tr("&Host:"), m_hostEdit, this), 0, 0);
    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_hostEdit, 1);
    hostRow->addSpacing(12);
    hostRow->addWidget(buddyLabel(tr("&Port:"), m_portEdit, this));
    hostRow->addWidget(m_portEdit);
    grid->addLayout(hostRow, 0, 1);
    grid->addWidget(buddyLabel(tr("File &name:"), m_nameEdit, this), 1, 0);
    grid->addWidget(m_nameEdit, 1, 1);
    grid->addWidget(m_browseButton, 1, 2);
    grid->addWidget(buddyLabel(tr("&Save to:"), m_folderEdit, this), 2, 0);
    grid->addWidget(m_folderEdit, 2, 1);
    grid->addWidget(m_chooseButton, 2, 2);
    grid->addWidget(buddyLabel(tr("Pro&tocol:"), m_protocolCombo, this), 3, 0);
    auto *protocolRow = new QHBoxLayout;
    protocolRow->addWidget(m_protocolCombo);
    protocolRow->addWidget(m_proxyButton);
    protocolRow->addSpacing(12);
    protocolRow->addWidget(buddyLabel(tr("Access &code:"), m_codeEdit, this));
    protocolRow->addWidget(m_codeEdit, 1);
    grid->addLayout(protocolRow, 3, 1);
    grid->addWidget(m_downloadButton, 3, 2);
    grid->setColumnStretch(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addWidget(m_message);

    setTabOrder(m_hostEdit, m_portEdit);
    setTabOrder(m_portEdit, m_nameEdit);
    setTabOrder(m_nameEdit, m_browseButton);
    setTabOrder(m_browseButton, m_folderEdit);
    setTabOrder(m_folderEdit, m_chooseButton);
    setTabOrder(m_chooseButton, m_protocolCombo);
    setTabOrder(m_protocolCombo, m_proxyButton);
    setTabOrder(m_proxyButton, m_codeEdit);
    setTabOrder(m_codeEdit, m_downloadButton);

    for (QLineEdit *edit : {m_hostEdit, m_portEdit, m_codeEdit, m_nameEdit, m_folderEdit}) {
        connect(edit, &QLineEdit::returnPressed, this, &DownloadForm::submit);
        connect(edit, &QLineEdit::textEdited, m_message, &MessageLabel::clearMessage);
    }
    connect(m_downloadButton, &QPushButton::clicked, this, &DownloadForm::submit);
    connect(m_chooseButton, &QPushButton::clicked, this, &DownloadForm::chooseFolder);
    connect(m_browseButton, &QPushButton::clicked, this, &DownloadForm::browse);
    connect(m_proxyButton, &QPushButton::clicked, this, &DownloadForm::editProxy);
    connect(m_protocolCombo, &QComboBox::activated, this, &DownloadForm::onProtocolChosen);
    connect(m_hostEdit, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_hostText = std::exchange(m_hostTextNow, text); });
    connect(m_hostEdit, &QLineEdit::textEdited, this, &DownloadForm::onHostEdited);
    connect(m_hostEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_hostEdit->text().contains(QLatin1String("://")))
            fillFromUrl(m_hostEdit->text());
    });
}

// A link pasted or dropped fills the fields at once; one typed character
// by character waits for the end of the editing (Enter, Tab, Download).
void DownloadForm::onHostEdited(const QString &text)
{
    // textChanged may come before or after textEdited: the text before this edit is whichever is not `text`.
    const QString &before = m_hostTextNow == text ? m_hostText : m_hostTextNow;
    if (!text.contains(QLatin1String("://")) || insertedLength(before, text) <= 1)
        return;
    // Once the line edit is done with this edit, not from inside it.
    QMetaObject::invokeMethod(
            this,
            [this, text] {
                if (m_hostEdit->text() == text)
                    fillFromUrl(text);
            },
            Qt::QueuedConnection);
}

// Choosing HTTPS over HTTP (or back) moves the port from one default to the other.
void DownloadForm::onProtocolChosen()
{
    const int choice = m_protocolCombo->currentData().toInt();
    if (!isLink(choice))
        return;
    const bool https = choice == HttpsLink;
    if (Endpoint::parsePort(m_portEdit->text()) == DownloadLink::defaultPort(!https))
        m_portEdit->setText(QString::number(DownloadLink::defaultPort(https)));
}

bool DownloadForm::fillFromUrl(const QString &text)
{
    const std::optional<DownloadLink> link = DownloadLink::parse(text);
    if (!link)
        return false;
    m_hostEdit->setText(link->host);
    m_portEdit->setText(QString::number(link->port));
    // A link to a folder (a share's own link) leaves the name to pick.
    if (!link->name.isEmpty())
        m_nameEdit->setText(link->name);
    // The link's own access code, or none: a code typed for another share must not follow it.
    m_codeEdit->setText(link->accessCode);
    m_protocolCombo->setCurrentIndex(m_protocolCombo->findData(link->https ? HttpsLink : HttpLink));
    m_link = link;
    m_message->clearMessage();
    return true;
}

void DownloadForm::editProxy()
{
    const AppSettings settings;
    auto *dialog = new ProxyDialog(settings.proxyMode(), settings.manualProxy(), this);
    dialog->setObjectName(QStringLiteral("proxyDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        AppSettings().setProxy(dialog->mode(), dialog->manualUrl());
        updateProxyTip();
    });
    dialog->open();
}

void DownloadForm::updateProxyTip()
{
    m_proxyButton->setToolTip(tr("How http:// and https:// downloads reach their servers; now: %1")
                                      .arg(ProxyDialog::summary(AppSettings())));
}

void DownloadForm::browse()
{
    const QString host = m_hostEdit->text().trimmed();
    if (host.isEmpty())
        return showError(tr("Enter the server's address or name."), m_hostEdit);
    const std::optional<quint16> port = Endpoint::parsePort(m_portEdit->text());
    if (!port)
        return showError(tr("The port must be a number from 1 to 65535."), m_portEdit);
    m_message->clearMessage();
    // Start in the folder of the name already typed, if any.
    const QString typed = m_nameEdit->text().trimmed();
    const QString folder = typed.contains(QLatin1Char('/')) ? typed.section(QLatin1Char('/'), 0, -2) : QString();
    auto *dialog = new RemoteBrowserDialog(host, *port, folder, m_codeEdit->text(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_nameEdit->setText(dialog->selectedPath());
        m_nameEdit->setFocus();
    });
    dialog->open();
}

void DownloadForm::showError(const QString &message, QWidget *field)
{
    m_message->showError(message);
    if (field) {
        field->setFocus();
        if (auto *edit = qobject_cast<QLineEdit *>(field))
            edit->selectAll();
    }
}

QString DownloadForm::errorText() const
{
    return m_message->kind() == MessageLabel::Kind::Error ? m_message->text() : QString();
}

void DownloadForm::setEndpoint(const QString &host, quint16 port)
{
    m_hostEdit->setText(host);
    m_portEdit->setText(QString::number(port));
    m_message->clearMessage();
}

void DownloadForm::clearName()
{
    m_nameEdit->clear();
    m_nameEdit->setFocus();
}

void DownloadForm::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Save downloads to"), m_folderEdit->text());
    if (!folder.isEmpty())
        m_folderEdit->setText(QDir::toNativeSeparators(folder));
}

// Host, port and name from the fields. The host field also takes
// "HOST:PORT" and a whole "http://HOST:PORT/NAME" link, as people paste
// them from the Serve tab or a chat; the fields then show the parts.
std::optional<DownloadForm::Target> DownloadForm::readTarget()
{
    Target target;
    QString hostText = m_hostEdit->text().trimmed();
    if (hostText.isEmpty()) {
        showError(tr("Enter the server's address or name."), m_hostEdit);
        return std::nullopt;
    }
    if (hostText.contains(QLatin1String("://"))) {
        if (!fillFromUrl(hostText)) {
            showError(tr("Only http:// and https:// links can be downloaded."), m_hostEdit);
            return std::nullopt;
        }
        hostText = m_hostEdit->text();
    }
    // Port 0 as the default tells whether the text carried a port of its own.
    const std::optional<Endpoint> endpoint = Endpoint::parse(hostText, 0);
    if (!endpoint) {
        showError(tr("“%1” is not a valid host name or address.").arg(hostText), m_hostEdit);
        return std::nullopt;
    }
    m_hostEdit->setText(endpoint->host);
    if (endpoint->port != 0)
        m_portEdit->setText(QString::number(endpoint->port));
    target.host = endpoint->host;

    const std::optional<quint16> port = Endpoint::parsePort(m_portEdit->text());
    if (!port) {
        showError(tr("The port must be a number from 1 to 65535."), m_portEdit);
        return std::nullopt;
    }
    target.port = *port;

    // Over HTTP(S) any path will do: "" is the server's front page, and the
    // local name comes from the link (fileNameFromUrl) or the server.
    target.name = m_nameEdit->text().trimmed();
    if (isLink(m_protocolCombo->currentData().toInt()))
        return target;
    if (target.name.isEmpty()) {
        showError(tr("Enter the name of the file to download."), m_nameEdit);
        return std::nullopt;
    }
    if (safeLocalFileName(target.name).isEmpty()) {
        showError(tr("“%1” does not name a file.").arg(target.name), m_nameEdit);
        return std::nullopt;
    }
    return target;
}

// The link as filled in while the fields still show it (its query kept),
// else scheme://host:port/name from the fields.
QUrl DownloadForm::urlFor(const Target &target, int choice) const
{
    const bool https = choice == HttpsLink;
    if (m_link && m_link->shows(https, target.host, target.port, target.name))
        return m_link->url;
    return DownloadLink::build(https, target.host, target.port, target.name);
}

void DownloadForm::submit()
{
    if (m_lookupId >= 0)
        return; // a lookup is running: its end submits
    m_message->clearMessage();
    const std::optional<Target> target = readTarget();
    if (!target)
        return;

    const QString folder = QDir::fromNativeSeparators(m_folderEdit->text().trimmed());
    if (folder.isEmpty()) {
        showError(tr("Choose a folder to save to."), m_folderEdit);
        return;
    }
    if (!QDir().mkpath(folder) || !QFileInfo(folder).isWritable()) {
        showError(tr("Cannot write to the folder %1.").arg(QDir::toNativeSeparators(folder)), m_folderEdit);
        return;
    }

    DownloadJob::Request request;
    request.host = target->host;
    request.port = target->port;
    request.name = target->name;
    const QDir saveTo(QFileInfo(folder).absoluteFilePath());
    const int choice = m_protocolCombo->currentData().toInt();
    if (isLink(choice)) {
        request.url = urlFor(*target, choice);
        request.protocol = DownloadJob::Protocol::Http;
        // A proposal: the server's name for the file replaces it, and an existing file is never replaced.
        request.destination = saveTo.filePath(fileNameFromUrl(request.url));
        request.nameFromServer = true;
        request.keepExisting = true;
    } else {
        request.destination = saveTo.filePath(safeLocalFileName(target->name));
        request.protocol = choice == AutoProtocol ? DownloadJob::Protocol::Auto : DownloadJob::Protocol::Legacy;
        request.legacyEncoding = choice == LegacyUtf8 ? LegacyName::Encoding::Utf8 : LegacyName::Encoding::Gbk;
    }
    request.accessCode = m_codeEdit->text();
    if (!request.accessCode.isEmpty() && request.protocol == DownloadJob::Protocol::Legacy) {
        showError(tr("The tutorial protocol cannot carry an access code: choose Automatic."), m_protocolCombo);
        return;
    }

    // Through a proxy the proxy looks the name up: this computer may not know it.
    const bool proxied = request.url.isValid() && !AppSettings().downloadProxy().routeFor(request.url).isDirect();
    if (proxied || !QHostAddress(request.host).isNull()) {
        finishSubmit(request);
        return;
    }
    // Resolved asynchronously: a slow DNS server must not freeze the window.
    setBusy(true);
    m_lookupId = QHostInfo::lookupHost(request.host, this, [this, request](const QHostInfo &info) {
        m_lookupId = -1;
        setBusy(false);
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            showError(tr("Unknown host %1.").arg(request.host), m_hostEdit);
            return;
        }
        finishSubmit(request);
    });
}

void DownloadForm::finishSubmit(const DownloadJob::Request &request)
{
    AppSettings settings;
    settings.rememberHost(request.host, request.port);
    settings.setDownloadFolder(QFileInfo(request.destination).absolutePath());
    settings.setProtocol(m_protocolCombo->currentIndex());
    m_recentHosts->setStringList(settings.recentHosts());
    Q_EMIT requested(request);
}

void DownloadForm::setBusy(bool busy)
{
    m_downloadButton->setEnabled(!busy);
    m_downloadButton->setText(busy ? tr("Looking up…") : tr("&Download"));
}
