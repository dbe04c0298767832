#include "nearby/nearbybrowser.h"

#include "nearby/nearbyannouncement.h"

#include <QNetworkDatagram>
#include <QTimer>
#include <QUdpSocket>

#include <algorithm>
#include <utility>

NearbyBrowser::NearbyBrowser(QObject *parent)
    : QObject(parent)
    , m_expiryTimer(new QTimer(this))
{
    connect(m_expiryTimer, &QTimer::timeout, this, &NearbyBrowser::expire);
}

NearbyBrowser::~NearbyBrowser()
{
    // No signals while being destroyed: receivers may be gone already.
    blockSignals(true);
    stop();
}

bool NearbyBrowser::start()
{
    if (isActive())
        return true;
    m_listener = new QUdpSocket(this);
    m_querier = new QUdpSocket(this);
    if (!m_network.bindListener(*m_listener) || !m_querier->bind(m_network.bindAddress, 0)) {
        m_error = tr("Cannot listen for nearby shares on UDP port %1: %2")
                          .arg(m_network.port)
                          .arg(m_listener->state() == QAbstractSocket::BoundState ? m_querier->errorString()
                                                                                  : m_listener->errorString());
        stop();
        return false;
    }
    m_error.clear();
    for (QUdpSocket *socket : {m_listener, m_querier}) {
        connect(socket, &QUdpSocket::readyRead, this, [this, socket] {
            NearbyNetwork::receive(*socket, [this](const QNetworkDatagram &datagram) { onDatagram(datagram); });
        });
    }
    // Often enough that a silent share leaves the list soon after its expiry.
    m_expiryTimer->start(std::clamp<std::chrono::milliseconds>(m_expiry / 4, std::chrono::milliseconds(20),
                                                               std::chrono::milliseconds(1000)));
    query();
    QTimer::singleShot(RepeatQueryAfter, m_querier, [this] { query(); });
    return true;
}

void NearbyBrowser::stop()
{
    m_expiryTimer->stop();
    delete m_listener;
    m_listener = nullptr;
    delete m_querier;
    m_querier = nullptr;
    const QHash<Key, Entry> entries = std::exchange(m_entries, {});
    for (const Entry &entry : entries)
        Q_EMIT shareLost(entry.share);
}

bool NearbyBrowser::isActive() const
{
    return m_listener != nullptr;
}

quint16 NearbyBrowser::listeningPort() const
{
    return m_listener ? m_listener->localPort() : 0;
}

QList<NearbyShare> NearbyBrowser::shares() const
{
    QList<NearbyShare> found;
    for (const Entry &entry : m_entries)
        found.append(entry.share);
    return found;
}

void NearbyBrowser::query()
{
    if (!m_querier)
        return;
    const QByteArray datagram = NearbyAnnouncement::query().encode();
    const auto destinations = m_network.destinations();
    for (const NearbyNetwork::Destination &destination : destinations)
        m_querier->writeDatagram(datagram, destination.address, destination.port);
}

void NearbyBrowser::onDatagram(const QNetworkDatagram &datagram)
{
    if (!m_limiter.allow(datagram.senderAddress()))
        return;
    const std::optional<NearbyAnnouncement> message = NearbyAnnouncement::decode(datagram.data());
    if (!message || message->kind == NearbyAnnouncement::Kind::Query)
        return;
    const NearbyShare share{message->name, datagram.senderAddress(), message->port, message->accessCodeRequired};
    const Key key{share.address, share.port};
    const auto it = m_entries.find(key);
    if (message->kind == NearbyAnnouncement::Kind::Goodbye) {
        if (it != m_entries.end()) {
            const NearbyShare known = it->share;
            m_entries.erase(it);
            Q_EMIT shareLost(known);
        }
        return;
    }
    if (it != m_entries.end()) {
        it->expires.setRemainingTime(m_expiry);
        if (it->share == share)
            return;
        it->share = share;
    } else {
        if (m_entries.size() >= MaxShares)
            return;
        m_entries.insert(key, Entry{share, QDeadlineTimer(m_expiry)});
    }
    Q_EMIT shareFound(share);
}

void NearbyBrowser::expire()
{
    QList<NearbyShare> lost;
    m_entries.removeIf([&lost](const QHash<Key, Entry>::iterator it) {
        if (!it->expires.hasExpired())
            return false;
        lost.append(it->share);
        return true;
    });
    for (const NearbyShare &share : std::as_const(lost))
        Q_EMIT shareLost(share);
}
