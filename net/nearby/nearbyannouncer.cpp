#include "nearby/nearbyannouncer.h"

#include <QHostInfo>
#include <QLoggingCategory>
#include <QUdpSocket>

Q_LOGGING_CATEGORY(lcNearby, "ferry.nearby")

NearbyAnnouncer::NearbyAnnouncer(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(DefaultInterval);
    connect(m_timer, &QTimer::timeout, this, [this] { broadcast(m_announcement); });
}

NearbyAnnouncer::~NearbyAnnouncer()
{
    stop();
}

bool NearbyAnnouncer::start(const QString &name, quint16 port, bool accessCodeRequired, const QHostAddress &listening)
{
    stop();
    const bool everywhere = listening.isNull() || listening == QHostAddress::Any || listening == QHostAddress::AnyIPv4
                            || listening == QHostAddress::AnyIPv6;
    m_network.onlyFrom = everywhere ? QHostAddress() : listening;
    QString shown = NearbyAnnouncement::displayName(name);
    if (shown.isEmpty())
        shown = NearbyAnnouncement::displayName(QHostInfo::localHostName());
    if (shown.isEmpty())
        shown = QStringLiteral("Ferry");
    m_announcement = {NearbyAnnouncement::Kind::Announce, shown, port, accessCodeRequired};

    m_socket = new QUdpSocket(this);
    if (!m_network.bindListener(*m_socket)) {
        m_error = tr("Cannot listen for nearby devices on UDP port %1: %2")
                          .arg(m_network.port)
                          .arg(m_socket->errorString());
        delete m_socket;
        m_socket = nullptr;
        return false;
    }
    m_error.clear();
    connect(m_socket, &QUdpSocket::readyRead, this, &NearbyAnnouncer::onReadyRead);
    broadcast(m_announcement);
    m_timer->start();
    return true;
}

void NearbyAnnouncer::stop()
{
    if (!m_socket)
        return;
    m_timer->stop();
    NearbyAnnouncement goodbye = m_announcement;
    goodbye.kind = NearbyAnnouncement::Kind::Goodbye;
    broadcast(goodbye);
    delete m_socket;
    m_socket = nullptr;
}

bool NearbyAnnouncer::isActive() const
{
    return m_socket != nullptr;
}

quint16 NearbyAnnouncer::listeningPort() const
{
    return m_socket ? m_socket->localPort() : 0;
}

void NearbyAnnouncer::broadcast(const NearbyAnnouncement &message)
{
    const QByteArray datagram = message.encode();
    const auto destinations = m_network.destinations();
    for (const NearbyNetwork::Destination &destination : destinations) {
        if (m_socket->writeDatagram(datagram, destination.address, destination.port) < 0)
            qCDebug(lcNearby) << "cannot announce to" << destination.address << m_socket->errorString();
    }
}

// Only queries are answered, each with one datagram to the asker alone,
// at most a couple a second per asker and ten a second in all: spoofed
// queries cannot make this share flood anyone.
void NearbyAnnouncer::onReadyRead()
{
    NearbyNetwork::receive(*m_socket, [this](const QNetworkDatagram &datagram) {
        const std::optional<NearbyAnnouncement> message = NearbyAnnouncement::decode(datagram.data());
        if (!message || message->kind != NearbyAnnouncement::Kind::Query || datagram.senderPort() <= 0)
            return;
        if (!m_answersPerAsker.allow(datagram.senderAddress()) || !m_answersInAll.allow(QHostAddress()))
            return;
        m_socket->writeDatagram(m_announcement.encode(), datagram.senderAddress(), quint16(datagram.senderPort()));
    });
}
