#include "nearby/nearbynetwork.h"

#include "nearby/nearbyannouncement.h"

#include <QNetworkInterface>
#include <QUdpSocket>

QList<NearbyNetwork::Destination> NearbyNetwork::destinations() const
{
    if (!peers.isEmpty())
        return peers;
    QList<Destination> found;
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &interface : interfaces) {
        const QNetworkInterface::InterfaceFlags flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::IsRunning)
            || !flags.testFlag(QNetworkInterface::CanBroadcast) || flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const auto entries = interface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            if (entry.ip().protocol() != QAbstractSocket::IPv4Protocol || entry.broadcast().isNull())
                continue;
            if (onlyFrom.isNull() || onlyFrom.isEqual(entry.ip(), QHostAddress::ConvertV4MappedToIPv4))
                found.append({entry.broadcast(), DiscoveryPort});
        }
    }
    return found;
}

bool NearbyNetwork::bindListener(QUdpSocket &socket) const
{
    return socket.bind(bindAddress, port, QAbstractSocket::ShareAddress | QAbstractSocket::ReuseAddressHint);
}

void NearbyNetwork::receive(QUdpSocket &socket, const std::function<void(const QNetworkDatagram &)> &handle)
{
    while (socket.hasPendingDatagrams()) {
        if (socket.pendingDatagramSize() > NearbyAnnouncement::MaxDatagramSize) {
            socket.readDatagram(nullptr, 0);
            continue;
        }
        const QNetworkDatagram datagram = socket.receiveDatagram(NearbyAnnouncement::MaxDatagramSize);
        if (datagram.isValid())
            handle(datagram);
    }
}
