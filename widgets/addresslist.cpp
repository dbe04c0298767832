#include "addresslist.h"

#include "icons.h"

#include <QClipboard>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QNetworkInterface>
#include <QToolButton>

AddressList::AddressList(QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout(this))
    , m_hint(new QLabel(this))
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(12);
    m_grid->setColumnStretch(4, 1);
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false); // greyed: a hint, not content
    showFor({}, 0);
}

QList<QHostAddress> AddressList::reachableAddresses(const QHostAddress &bound)
{
    const bool wildcard = bound == QHostAddress(QHostAddress::Any) || bound == QHostAddress(QHostAddress::AnyIPv4)
            || bound == QHostAddress(QHostAddress::AnyIPv6);
    if (!wildcard)
        return {bound};
    QList<QHostAddress> addresses;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::IsRunning)
            || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const auto entries = interface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            const QHostAddress ip = entry.ip();
            if (ip.isLoopback() || (ip.protocol() == QAbstractSocket::IPv6Protocol && ip.isLinkLocal()))
                continue;
            if (bound == QHostAddress(QHostAddress::AnyIPv4) && ip.protocol() != QAbstractSocket::IPv4Protocol)
                continue;
            if (bound == QHostAddress(QHostAddress::AnyIPv6) && ip.protocol() != QAbstractSocket::IPv6Protocol)
                continue;
            QHostAddress plain = ip;
            plain.setScopeId({});
            if (!addresses.contains(plain))
                addresses.append(plain);
        }
    }
    // IPv4 first: what people type and read out to each other.
    std::stable_sort(addresses.begin(), addresses.end(), [](const QHostAddress &a, const QHostAddress &b) {
        return a.protocol() == QAbstractSocket::IPv4Protocol && b.protocol() != QAbstractSocket::IPv4Protocol;
    });
    return addresses;
}

QString AddressList::hostForUrl(const QHostAddress &address)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return QLatin1Char('[') + address.toString() + QLatin1Char(']');
    return address.toString();
}

QString AddressList::urlFor(const QHostAddress &address, quint16 port)
{
    return QStringLiteral("http://%1:%2/").arg(hostForUrl(address)).arg(port);
}

QString AddressList::endpointFor(const QHostAddress &address, quint16 port)
{
    return QStringLiteral("%1:%2").arg(hostForUrl(address)).arg(port);
}

void AddressList::showFor(const QHostAddress &bound, quint16 port)
{
    // Rebuilt from scratch: a handful of rows, changed only when sharing starts.
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        if (item->widget() && item->widget() != m_hint)
            delete item->widget();
        delete item;
    }
    if (port == 0) {
        m_hint->setText(tr("Start sharing to see the addresses other devices can use."));
        m_grid->addWidget(m_hint, 0, 0, 1, 5);
        return;
    }
    const QList<QHostAddress> addresses = reachableAddresses(bound);
    int row = 0;
    for (const QHostAddress &address : addresses)
        addRow(row++, address, port);
    if (bound.isLoopback()) {
        m_hint->setText(tr("Only this computer can connect. Listen on every network to share with other devices."));
    } else if (addresses.isEmpty()) {
        m_hint->setText(tr("This computer has no network connection: only programs on it can connect (127.0.0.1 port %1).").arg(port));
    } else {
        m_hint->setText(tr("Browsers, phones and curl open the link; Ferry and the tutorial client use the address and port."));
    }
    m_grid->addWidget(m_hint, row, 0, 1, 5);
}

void AddressList::addRow(int row, const QHostAddress &address, quint16 port)
{
    const QString endpoint = endpointFor(address, port);
    const QString url = urlFor(address, port);

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

    m_grid->addWidget(endpointLabel, row, 0);
    m_grid->addWidget(copyEndpoint, row, 1);
    m_grid->addWidget(link, row, 2);
    m_grid->addWidget(copyUrl, row, 3);
}

void AddressList::copy(const QString &text)
{
    QGuiApplication::clipboard()->setText(text);
    Q_EMIT copied(text);
}
