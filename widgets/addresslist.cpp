#include "addresslist.h"

#include "common/endpoint.h"
#include "icons.h"
#include "qrcodeimage.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QClipboard>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QToolButton>

namespace {

// Address, copy, link, copy, QR button; then the stretch; then the QR code.
constexpr int StretchColumn = 5;
constexpr int HintColumns = StretchColumn + 1;
constexpr int QrColumn = StretchColumn + 1;

} // namespace

AddressList::AddressList(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout(this))
    , m_hint(new QLabel(this))
    , m_qrCode(new QLabel(this))
    , m_qrChoice(new QButtonGroup(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(12);
    m_grid->setColumnStretch(StretchColumn, 1);
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false); // greyed: a hint, not content
    m_qrCode->setObjectName(QStringLiteral("shareQrCode"));
    m_qrCode->setAlignment(Qt::AlignRight | Qt::AlignTop);
    m_qrChoice->setExclusive(true);
    showFor({}, {}, 0);
}

void AddressList::showFor(const QList<QHostAddress> &addresses, const QHostAddress &bound, quint16 port,
                          const QString &accessCode, const QString &pin)
{
    // Rebuilt from scratch: a handful of rows, changed only when sharing starts.
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        if (item->widget() && item->widget() != m_hint && item->widget() != m_qrCode)
            delete item->widget();
        delete item;
    }
    showQrCode({});
    m_addresses = port == 0 ? QList<QHostAddress>() : addresses;
    if (port == 0) {
        m_hint->setText(tr("Start sharing to see the addresses other devices can use."));
        m_grid->addWidget(m_hint, 0, 0, 1, HintColumns);
        return;
    }
    int row = 0;
    for (const QHostAddress &address : addresses)
        addRow(row++, address, port, accessCode, pin);
    if (bound.isLoopback()) {
        m_hint->setText(tr("Only this computer can connect. Listen on every network to share with other devices."));
    } else if (addresses.isEmpty()) {
        m_hint->setText(
                tr("This computer has no network connection: only programs on it can connect (127.0.0.1 port %1).")
                        .arg(port));
    } else if (!pin.isEmpty() && !accessCode.isEmpty()) {
        m_hint->setText(tr("Browsers and phones open the link or scan the code: both carry the access code and the "
                           "certificate's pin, which Ferry checks. The tutorial client cannot open a share that has "
                           "a code."));
    } else if (!pin.isEmpty()) {
        m_hint->setText(tr("Browsers and phones open the link or scan the code; Ferry checks the certificate's pin "
                           "they carry. The tutorial client uses the address and port, unencrypted."));
    } else if (!accessCode.isEmpty()) {
        m_hint->setText(
                tr("Browsers and phones open the link or scan the code: both carry the access code. Ferry needs "
                   "the address and the code; the tutorial client cannot open a share that has one."));
    } else {
        m_hint->setText(tr(
                "Browsers and phones open the link or scan the code; Ferry and the tutorial client use the address and port."));
    }
    m_grid->addWidget(m_hint, row, 0, 1, HintColumns);
    m_grid->addWidget(m_qrCode, 0, QrColumn, qMax(1, row + 1), 1);
    if (!m_qrChoice->buttons().isEmpty())
        m_qrChoice->buttons().constFirst()->click();
}

void AddressList::addRow(int row, const QHostAddress &address, quint16 port, const QString &accessCode,
                         const QString &pin)
{
    const Endpoint where{address.toString(), port};
    const QString endpoint = where.toString();
    const QString url = where.shareUrl(accessCode, pin);

    auto *endpointLabel = new QLabel(endpoint, this);
    endpointLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = endpointLabel->font();
    bold.setBold(true);
    endpointLabel->setFont(bold);

    auto *copyEndpoint = new QToolButton(this);
    copyEndpoint->setIcon(Icons::copy());
    copyEndpoint->setAutoRaise(true);
    copyEndpoint->setToolTip(tr("Copy %1").arg(endpoint));
    copyEndpoint->setAccessibleName(tr("Copy address %1").arg(endpoint));
    connect(copyEndpoint, &QToolButton::clicked, this, [this, endpoint] { copy(endpoint); });

    auto *link = new QLabel(this);
    link->setTextFormat(Qt::RichText);
    link->setText(QStringLiteral("<a href=\"%1\">%2</a>").arg(url.toHtmlEscaped(), url.toHtmlEscaped()));
    link->setOpenExternalLinks(true);
    link->setTextInteractionFlags(Qt::TextBrowserInteraction);

    auto *copyUrl = new QToolButton(this);
    copyUrl->setIcon(Icons::copy());
    copyUrl->setAutoRaise(true);
    copyUrl->setToolTip(tr("Copy %1").arg(url));
    copyUrl->setAccessibleName(tr("Copy link %1").arg(url));
    connect(copyUrl, &QToolButton::clicked, this, [this, url] { copy(url); });

    auto *showQr = new QToolButton(this);
    showQr->setIcon(Icons::qrCode());
    showQr->setAutoRaise(true);
    showQr->setCheckable(true);
    showQr->setToolTip(tr("Show the QR code of %1").arg(url));
    showQr->setAccessibleName(tr("QR code of link %1").arg(url));
    m_qrChoice->addButton(showQr);
    connect(showQr, &QToolButton::toggled, this, [this, url](bool checked) {
        if (checked)
            showQrCode(url);
    });

    m_grid->addWidget(endpointLabel, row, 0);
    m_grid->addWidget(copyEndpoint, row, 1);
    m_grid->addWidget(link, row, 2);
    m_grid->addWidget(copyUrl, row, 3);
    m_grid->addWidget(showQr, row, 4);
}

void AddressList::showQrCode(const QString &url)
{
    m_qrUrl = url;
    const QImage image = url.isEmpty() ? QImage() : QrCodeImage::render(url);
    if (image.isNull()) {
        m_qrCode->clear();
        m_qrCode->hide();
        return;
    }
    // Whole pixels per module, at least about 150 px across: crisp on
    // screen and easy for a camera at arm's length.
    const int scale = qMax(3, (150 + image.width() - 1) / image.width());
    m_qrCode->setPixmap(
            QPixmap::fromImage(image.scaled(image.size() * scale, Qt::IgnoreAspectRatio, Qt::FastTransformation)));
    m_qrCode->setToolTip(tr("Scan with a phone's camera to open %1").arg(url));
    m_qrCode->setAccessibleName(tr("QR code of %1").arg(url));
    m_qrCode->show();
}

void AddressList::copy(const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
    Q_EMIT copied(text);
}
