#pragma once

#include "common/bound.h"
#include "nearby/nearbynetwork.h"
#include "nearby/ratelimiter.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>

#include <chrono>

class QNetworkDatagram;
class QTimer;
class QUdpSocket;

// A share some device nearby announces, as heard: the address is where the
// announcement came from, never something the datagram claims.
struct NearbyShare
{
    QString name;
    QHostAddress address;
    quint16 port = 0;
    bool accessCodeRequired = false;

    // Address and port tell shares apart; the name is only shown.
    bool sameShareAs(const NearbyShare &other) const { return address == other.address && port == other.port; }
    friend bool operator==(const NearbyShare &, const NearbyShare &) = default;
};

// Listens for shares announced nearby and keeps the list current: asks
// who is there when started, adds and refreshes shares as announcements
// arrive, drops them on goodbye or when they fall silent. Hearing a share
// never connects to it. Datagrams are untrusted: strictly parsed, rate
// limited per sender, and the list is bounded.
class NearbyBrowser final : public QObject
{
    Q_OBJECT

public:
    // Three announcement intervals: one or two lost datagrams are not a goodbye.
    static constexpr std::chrono::seconds DefaultExpiry{35};
    static constexpr int MaxShares = 256;
    // The start query is asked again once after this, in case a datagram was lost.
    static constexpr std::chrono::seconds RepeatQueryAfter{1};
    // How long `ferry nearby` listens, in seconds: a few announcement
    // answers' worth by default.
    static constexpr Bound ListenSeconds{1, 3, 60};

    explicit NearbyBrowser(QObject *parent = nullptr);
    ~NearbyBrowser() override;

    // Tests only: loopback addresses instead of the real networks.
    void setNetwork(const NearbyNetwork &network) { m_network = network; }
    void setExpiry(std::chrono::milliseconds expiry) { m_expiry = expiry; }
    // Where the listening socket is bound (tests bind to port 0).
    quint16 listeningPort() const;

    // Binds the discovery port and sends a query.
    bool start();
    // Forgets every share (reporting each as lost) and closes the sockets.
    void stop();
    bool isActive() const;
    QString errorString() const { return m_error; }
    QList<NearbyShare> shares() const;

public Q_SLOTS:
    // Asks every share nearby to announce itself now.
    void query();

Q_SIGNALS:
    // A new share, or one whose name or access code flag changed.
    void shareFound(const NearbyShare &share);
    void shareLost(const NearbyShare &share);

private:
    struct Entry
    {
        NearbyShare share;
        QDeadlineTimer expires;
    };
    using Key = QPair<QHostAddress, quint16>;

    void onDatagram(const QNetworkDatagram &datagram);
    void expire();

    NearbyNetwork m_network;
    std::chrono::milliseconds m_expiry = DefaultExpiry;
    QUdpSocket *m_listener = nullptr;
    QUdpSocket *m_querier = nullptr; // answers to a query come back here
    QTimer *m_expiryTimer;
    QHash<Key, Entry> m_entries;
    RateLimiter m_limiter{10, 5};
    QString m_error;
};
