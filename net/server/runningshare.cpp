#include "server/runningshare.h"

#include "nearby/nearbyannouncer.h"

#include <QNetworkInterface>

namespace {

bool isWildcard(const QHostAddress &address)
{
    return address == QHostAddress(QHostAddress::Any) || address == QHostAddress(QHostAddress::AnyIPv4)
           || address == QHostAddress(QHostAddress::AnyIPv6);
}

bool servesProtocolOf(const QHostAddress &bound, const QHostAddress &ip)
{
    if (bound == QHostAddress(QHostAddress::AnyIPv4))
        return ip.protocol() == QAbstractSocket::IPv4Protocol;
    if (bound == QHostAddress(QHostAddress::AnyIPv6))
        return ip.protocol() == QAbstractSocket::IPv6Protocol;
    return true;
}

} // namespace

RunningShare::RunningShare(QObject *parent)
    : QObject(parent)
    , m_server(new ShareServer(this))
    , m_announcer(new NearbyAnnouncer(this))
{ }

RunningShare::~RunningShare()
{
    stop();
}

bool RunningShare::start(const ShareServer::Options &options)
{
    stop();
    if (!m_server->start(options)) {
        m_error = m_server->errorString();
        return false;
    }
    m_error.clear();
    return true;
}

void RunningShare::stop()
{
    m_announcer->stop(); // nobody should pick a share that is closing
    m_server->stop();
}

bool RunningShare::isRunning() const
{
    return m_server->isListening();
}

bool RunningShare::setAnnounced(bool announced, const QString &name)
{
    if (!announced || !isRunning()) {
        m_announcer->stop();
        return !announced;
    }
    if (m_announcer->isActive())
        return true;
    if (!m_announcer->start(name, m_server->serverPort(), !m_server->accessCode().isEmpty(),
                            m_server->serverAddress())) {
        m_error = m_announcer->errorString();
        return false;
    }
    return true;
}

bool RunningShare::isAnnounced() const
{
    return m_announcer->isActive();
}

QString RunningShare::announcedName() const
{
    return m_announcer->isActive() ? m_announcer->announcement().name : QString();
}

void RunningShare::setNearbyNetwork(const NearbyNetwork &network)
{
    m_announcer->setNetwork(network);
}

QList<QHostAddress> RunningShare::reachableAddresses() const
{
    return isRunning() ? reachableAddresses(m_server->serverAddress()) : QList<QHostAddress>();
}

QList<QHostAddress> RunningShare::reachableAddresses(const QHostAddress &bound)
{
    if (!isWildcard(bound))
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
            QHostAddress ip = entry.ip();
            if (ip.isLoopback() || (ip.protocol() == QAbstractSocket::IPv6Protocol && ip.isLinkLocal())
                || !servesProtocolOf(bound, ip))
                continue;
            ip.setScopeId({});
            if (!addresses.contains(ip))
                addresses.append(ip);
        }
    }
    // IPv4 first: what people type and read out to each other.
    std::stable_sort(addresses.begin(), addresses.end(), [](const QHostAddress &a, const QHostAddress &b) {
        return a.protocol() == QAbstractSocket::IPv4Protocol && b.protocol() != QAbstractSocket::IPv4Protocol;
    });
    return addresses;
}
