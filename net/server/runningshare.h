#pragma once

#include "server/shareserver.h"

#include <QHostAddress>
#include <QList>
#include <QObject>

class NearbyAnnouncer;
struct NearbyNetwork;

// One share as a person runs it, from the Serve tab or `ferry serve`: the
// server and, when wanted, its announcement to nearby devices, started,
// changed and stopped in the one right order (the port opens before it is
// announced; the goodbye leaves before the port closes), and the addresses
// others can use to reach it. Both faces use this, so they always show the
// same addresses.
class RunningShare final : public QObject
{
    Q_OBJECT

public:
    explicit RunningShare(QObject *parent = nullptr);
    ~RunningShare() override;

    // Its signals tell of connections and transfers.
    ShareServer *server() const { return m_server; }

    // Starts serving; false with errorString() set when the folder or the
    // port cannot be used. Not announced until setAnnounced(true).
    bool start(const ShareServer::Options &options);
    // Says goodbye nearby (when announced), then closes the port and every connection.
    void stop();
    bool isRunning() const;

    // Announces the running share under `name` (empty: this computer's
    // host name), or stops announcing. False with errorString() set when
    // the announcement cannot be sent; the share itself goes on.
    bool setAnnounced(bool announced, const QString &name = {});
    bool isAnnounced() const;
    QString announcedName() const;
    // Tests only: announce over loopback instead of the real networks.
    void setNearbyNetwork(const NearbyNetwork &network);

    QString errorString() const { return m_error; }

    // Where other devices reach the running share (empty when stopped).
    QList<QHostAddress> reachableAddresses() const;
    // The machine's addresses a peer can use for a server bound to
    // `bound`: every up, running, non-loopback interface's addresses for a
    // wildcard, IPv4 first (IPv6 link-local ones left out: a URL cannot
    // carry their scope portably), or just `bound` itself.
    static QList<QHostAddress> reachableAddresses(const QHostAddress &bound);

private:
    ShareServer *m_server;
    NearbyAnnouncer *m_announcer;
    QString m_error;
};
