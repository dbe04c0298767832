#pragma once

#include "common/endpoint.h"
#include "common/peerblock.h"
#include "server/servelimits.h"
#include "server/sharecertificate.h"
#include "server/transferinfo.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>

class QThread;
class ServeWorker;
class ShareListener;
struct ServeContext;

// Shares one folder on one TCP port in every dialect Ferry speaks. Accepts
// on the thread it lives on and hands each connection to one of a few
// worker threads, where its ServeSession does all socket and file I/O.
class ShareServer final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString folder;
        QHostAddress address = QHostAddress::Any;
        quint16 port = Endpoint::DefaultPort;
        int workerThreads = 0; // 0: one per core
        // When set, HTTP clients must give it and the legacy dialect is refused.
        QString accessCode;
        // Names besides this machine's that HTTP requests may carry in Host
        // (a reverse proxy's, a DNS name of the LAN); see HostCheck.
        QStringList allowedHosts;
        // When set, the share also speaks HTTPS on its port with this
        // certificate (see ShareCertificate), and answers plain HTTP only
        // with a redirect to it; the tutorial protocol stays as it is.
        std::optional<ShareCertificate> tls;
        // Beyond this many connections, new ones are told "busy" (HTTP 503,
        // a legacy close); far beyond it they are closed at once.
        int maxConnections = ServeLimits::Connections.defaultValue;
        // Connections one peer (see PeerBlock) may hold; more from it are
        // told "busy", beyond twice as many closed at once.
        int maxConnectionsPerPeer = ServeLimits::ConnectionsPerPeer.defaultValue;
        // Limits for slow or silent peers; see ServeContext.
        std::chrono::milliseconds legacyQuietPeriod = ServeLimits::LegacyQuietPeriod;
        std::chrono::milliseconds requestDeadline = ServeLimits::defaultSeconds(ServeLimits::RequestTimeoutSeconds);
        std::chrono::milliseconds keepAliveIdle = ServeLimits::defaultSeconds(ServeLimits::IdleTimeoutSeconds);
        std::chrono::milliseconds stallDeadline = ServeLimits::defaultSeconds(ServeLimits::StallTimeoutSeconds);
        // Bytes per second a reply must at least be read at, averaged over
        // each stallDeadline; 0: no minimum.
        qint64 minimumReadRate = ServeLimits::MinimumReadRate;
        // Send file bodies with sendfile(2) where the system has it (the
        // bytes go from the page cache to the socket without a copy through
        // the process); false reads and writes them in chunks.
        bool useSendfile = true;
        // Transfer reports each worker keeps while the receiver of
        // transferUpdated lags behind; beyond, they are dropped and counted.
        int maxPendingReports = 4096;
        // Small files served lately stay open this long after their last
        // request (a deleted one keeps its disk space as long), swept at
        // this interval.
        std::chrono::milliseconds keepFilesOpen{2000};
        // Beyond maxConnections, a newcomer closes the connection that has
        // waited longest for its request (silent, or with a head not yet
        // complete), if it has waited this long: longer than any real
        // client takes to send one.
        std::chrono::milliseconds evictIdleAfter{1000};
    };

    explicit ShareServer(QObject *parent = nullptr);
    ~ShareServer() override;

    // Starts listening; returns false with errorString() set (translated)
    // when the folder is not usable or the port cannot be bound.
    bool start(const Options &options);
    // Closes the port and every connection; blocks until workers are done.
    void stop();

    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    QString folder() const;
    QString accessCode() const;
    QString errorString() const { return m_errorString; }
    int connectionCount() const { return m_connections; }

Q_SIGNALS:
    void transferUpdated(const TransferInfo &info);
    // Reports of this many transfers were never sent: the receiver of
    // transferUpdated fell too far behind (memory stays bounded instead).
    void transferReportsDropped(int count);
    void connectionCountChanged(int count);

private:
    void dispatch(qintptr descriptor);
    void onConnectionClosed(const PeerBlock &peer);

    ShareListener *m_listener = nullptr;
    std::shared_ptr<const ServeContext> m_context;
    QList<QThread *> m_threads;
    QList<ServeWorker *> m_workers;
    qsizetype m_nextWorker = 0;
    int m_connections = 0;
    int m_maxConnections = ServeLimits::Connections.defaultValue;
    QHash<PeerBlock, int> m_perPeer; // connections each peer holds
    int m_maxPerPeer = ServeLimits::ConnectionsPerPeer.defaultValue;
    QString m_errorString;
};
