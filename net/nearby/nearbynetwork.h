#pragma once

#include <QHostAddress>
#include <QList>
#include <QNetworkDatagram>

#include <functional>

class QUdpSocket;

// Where discovery datagrams go and where they are heard. The default is
// the real thing: the discovery port on every IPv4 address, and broadcast
// on every up, non-loopback interface that can broadcast. Tests replace it
// with loopback addresses and explicit peers, so that no test ever sends
// discovery traffic on a real network.
struct NearbyNetwork
{
    static constexpr quint16 DiscoveryPort = 8889;

    struct Destination
    {
        QHostAddress address;
        quint16 port = 0;
    };

    QHostAddress bindAddress = QHostAddress(QHostAddress::AnyIPv4);
    quint16 port = DiscoveryPort;
    // When not empty, datagrams go to these (unicast) instead of broadcast.
    QList<Destination> peers;
    // When set, broadcast only on the network of this local address (a
    // share listening on one address is announced where it is reachable).
    QHostAddress onlyFrom;

    // Every place one datagram for "everyone nearby" must be sent to, now
    // (interfaces come and go, so callers ask each time).
    QList<Destination> destinations() const;

    // Binds the socket that hears announcements, queries and goodbyes,
    // sharing the port with other Ferry processes on this computer.
    bool bindListener(QUdpSocket &socket) const;

    // Hands every pending datagram of a sane size to `handle`; bigger ones
    // are dropped unread.
    static void receive(QUdpSocket &socket, const std::function<void(const QNetworkDatagram &)> &handle);
};
