#include "server/serveworker.h"

#include "os/sigpipe.h"
#include "server/servesession.h"
#include "server/tlssniffer.h"

#include <QSslSocket>

namespace {
// Well under the 10 Hz that observers draw at.
constexpr int FlushIntervalMs = 50;
} // namespace

ServeWorker::ServeWorker(std::shared_ptr<const ServeContext> context, int maxPendingReports, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_maxPending(qMax(1, maxPendingReports))
    , m_flushTimer(this)
    , m_filesTimer(this)
{
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flushUpdates(); });
    m_filesTimer.setInterval(m_context->keepFilesOpen);
    connect(&m_filesTimer, &QTimer::timeout, this, &ServeWorker::expireFiles);
}

void ServeWorker::expireFiles()
{
    m_files.expire(m_context->keepFilesOpen);
    // An idle server does not wake up; adopt() starts the sweep again. While
    // a connection lasts it goes on, since that connection may fill the cache.
    if (m_files.size() == 0 && findChildren<ServeSession *>(Qt::FindDirectChildrenOnly).isEmpty())
        m_filesTimer.stop();
}

void ServeWorker::queueUpdate(const TransferInfo &info)
{
    // Newer progress of a transfer whose report waits replaces it; its end
    // is a report of its own, unless the limit is reached (then it replaces
    // the waiting one too, which it says all of).
    const auto waiting = m_pendingIndex.constFind(info.id);
    const bool full = m_pending.size() >= m_maxPending;
    if (waiting != m_pendingIndex.cend() && !m_pending.at(*waiting).isFinished() && (!info.isFinished() || full)) {
        m_pending[*waiting] = info;
    } else if (!full) {
        m_pendingIndex.insert(info.id, m_pending.size());
        m_pending.append(info);
    } else {
        ++m_dropped;
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start(FlushIntervalMs);
}

void ServeWorker::flushUpdates(bool evenIfBehind)
{
    m_flushTimer.stop();
    if (m_pending.isEmpty() && m_dropped == 0)
        return;
    if (m_batchesInFlight->load() > 0 && !evenIfBehind) {
        m_flushTimer.start(FlushIntervalMs); // the last batch is still waiting to be handled
        return;
    }
    m_batchesInFlight->fetch_add(1);
    m_pendingIndex.clear();
    Q_EMIT transfersUpdated(std::exchange(m_pending, {}), std::exchange(m_dropped, 0));
}

void ServeWorker::adopt(UniqueFd socket, Admission admission, const PeerBlock &peer)
{
    if (!m_sigpipeBlocked) {
        // sendfile(2) into a socket the peer has closed raises SIGPIPE,
        // which would end the process; blocked on this thread, it stays
        // an EPIPE error the session handles.
        m_sigpipeBlocked = Os::blockSigpipe();
    }
    // A peer past its own share may not push others out.
    if ((admission == Admission::Busy || admission == Admission::Refuse) && evictIdleSession())
        admission = Admission::Serve;
    if (admission == Admission::Refuse) {
        socket.reset();
        Q_EMIT connectionClosed(peer);
        return;
    }
    const bool overloaded = admission != Admission::Serve;
    if (!m_context->tls)
        return startSession(std::move(socket), false, overloaded, peer);
    // An encrypted share: the first byte says which socket the session gets.
    auto *sniffer = new TlsSniffer(std::move(socket), m_context->requestDeadline, this);
    connect(sniffer, &TlsSniffer::decided, this, [this, sniffer, overloaded, peer](bool tls) {
        dropSniffer(sniffer);
        startSession(sniffer->takeSocket(), tls, overloaded, peer);
    });
    connect(sniffer, &TlsSniffer::gone, this, [this, sniffer, peer] {
        dropSniffer(sniffer);
        Q_EMIT connectionClosed(peer);
    });
}

void ServeWorker::dropSniffer(TlsSniffer *sniffer)
{
    sniffer->disconnect(this);
    sniffer->setParent(nullptr); // no longer among the waiting connections
    sniffer->deleteLater();
}

void ServeWorker::startSession(UniqueFd socket, bool tls, bool overloaded, const PeerBlock &peer)
{
    QTcpSocket *connection = tls ? new QSslSocket : new QTcpSocket;
    if (!connection->setSocketDescriptor(socket.get())) {
        delete connection;
        socket.reset();
        Q_EMIT connectionClosed(peer);
        return;
    }
    socket.release(); // the socket's from now on
    if (tls) {
        // The handshake has the request's deadline, which the session keeps.
        auto *encrypted = static_cast<QSslSocket *>(connection);
        encrypted->setSslConfiguration(*m_context->tls);
        encrypted->startServerEncryption();
    }
    auto *session = new ServeSession(connection, m_context, &m_files, overloaded, this);
    if (!m_filesTimer.isActive())
        m_filesTimer.start();
    connect(session, &ServeSession::transferUpdated, this, &ServeWorker::queueUpdate);
    connect(session, &ServeSession::finished, this, [this, peer] { Q_EMIT connectionClosed(peer); });
}

bool ServeWorker::evictIdleSession()
{
    // Connections still to send their first byte (encrypted shares) wait
    // for a request as much as sessions do.
    QObject *oldest = nullptr;
    qint64 oldestIdle = m_context->evictIdleAfter.count() - 1;
    const auto consider = [&](QObject *connection, qint64 idle) {
        if (idle > oldestIdle) {
            oldest = connection;
            oldestIdle = idle;
        }
    };
    for (ServeSession *session : findChildren<ServeSession *>(Qt::FindDirectChildrenOnly))
        consider(session, session->waitingMs());
    for (TlsSniffer *sniffer : findChildren<TlsSniffer *>(Qt::FindDirectChildrenOnly))
        consider(sniffer, sniffer->waitingMs());
    if (!oldest)
        return false;
    // Either reports its end (connectionClosed) as any close does.
    if (auto *session = qobject_cast<ServeSession *>(oldest))
        session->abort();
    else
        static_cast<TlsSniffer *>(oldest)->abort();
    return true;
}

void ServeWorker::releaseCachedFiles()
{
    m_files.giveWay(m_context->keepFilesOpen);
}

void ServeWorker::closeAll()
{
    for (TlsSniffer *sniffer : findChildren<TlsSniffer *>(Qt::FindDirectChildrenOnly))
        sniffer->abort();
    const auto sessions = findChildren<ServeSession *>(Qt::FindDirectChildrenOnly);
    for (ServeSession *session : sessions)
        session->abort();
    m_files.clear();
    flushUpdates(true); // the last reports: the thread stops next
}
