#pragma once

#include "nearby/nearbyannouncement.h"
#include "nearby/nearbynetwork.h"
#include "nearby/ratelimiter.h"

#include <QObject>
#include <QTimer>

#include <chrono>

class QUdpSocket;

// Makes one share visible to nearby devices: announces it when started,
// every interval after, and in answer to a browser's query, and says
// goodbye when stopped. Knows nothing of the share itself: whoever runs
// the server hands over the port.
class NearbyAnnouncer final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::seconds DefaultInterval{10};

    explicit NearbyAnnouncer(QObject *parent = nullptr);
    ~NearbyAnnouncer() override;

    // Tests only: loopback addresses instead of the real networks.
    void setNetwork(const NearbyNetwork &network) { m_network = network; }
    // Where queries are heard (tests bind to port 0).
    quint16 listeningPort() const;

    // `name` goes through NearbyAnnouncement::displayName; an empty result
    // stands for this computer's host name. A share listening on one
    // address (`listening`, not "any") is announced on that network only.
    bool start(const QString &name, quint16 port, bool accessCodeRequired, const QHostAddress &listening = {});
    // Says goodbye (when started) and closes the socket.
    void stop();
    bool isActive() const;
    QString errorString() const { return m_error; }
    // What is announced, as sent.
    NearbyAnnouncement announcement() const { return m_announcement; }

private:
    void onReadyRead();
    void broadcast(const NearbyAnnouncement &message);

    NearbyNetwork m_network;
    QUdpSocket *m_socket = nullptr;
    QTimer *m_timer;
    NearbyAnnouncement m_announcement;
    RateLimiter m_answersPerAsker{2, 1};
    RateLimiter m_answersInAll{20, 10, 1}; // one bucket, for every asker together
    QString m_error;
};
