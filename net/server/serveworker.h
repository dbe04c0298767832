#pragma once

#include "common/peerblock.h"
#include "os/uniquefd.h"
#include "server/servecontext.h"
#include "server/transferinfo.h"
#include "share/openfilecache.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

class TlsSniffer;

// Owns the sessions of one worker thread. Lives on that thread; the server
// reaches it only through queued calls. Transfer updates travel to the
// server's thread in batches, a few times a second, rather than one
// cross-thread event per update: with many small requests those wake-ups
// were the largest cost of serving.
class ServeWorker final : public QObject
{
    Q_OBJECT

public:
    // At most `maxPendingReports` transfer reports wait here while the
    // receiver of transfersUpdated has not handled the previous batch.
    explicit ServeWorker(std::shared_ptr<const ServeContext> context, int maxPendingReports = 4096,
                         QObject *parent = nullptr);

    // Batches of transfersUpdated sent and not yet handled: the receiver
    // decrements it once it has. Shared, since a batch may still be on its
    // way when the worker is gone.
    std::shared_ptr<std::atomic<int>> batchesInFlight() const { return m_batchesInFlight; }

    // What the server can still offer a new connection.
    enum class Admission {
        Serve, // under the connection limit
        Busy, // at the limit: tell the client so (HTTP 503, or a legacy close)
        PeerBusy, // its peer holds its share of the connections: told busy, never making room
        Refuse, // far beyond it: close at once, not even a "busy"
    };

    // Both run on the worker's thread (call through QMetaObject::invokeMethod).
    // Unless the admission is Serve, the connection that has waited longest
    // for a request (at least the context's evictIdleAfter) makes room for
    // the new one, so that connections held by a flood, silent or with a
    // head that never ends, cannot lock real clients out. `peer` comes back
    // with connectionClosed.
    void adopt(UniqueFd socket, Admission admission, const PeerBlock &peer);
    void closeAll();
    // The server ran out of descriptors: the files held open for later
    // requests are closed, and none is held for a while (keepFilesOpen), so
    // that descriptors go to connections instead. Also on the worker's thread.
    void releaseCachedFiles();

Q_SIGNALS:
    // In the order they happened; progress of one transfer is merged while
    // it waits, every change of state kept. A new batch leaves only once the last one was handled, so
    // a receiver that falls behind (ferry serve's log on a blocked terminal)
    // cannot make reports pile up without end: beyond the limit, reports of
    // transfers not already waiting are dropped and counted in `dropped`.
    void transfersUpdated(const QList<TransferInfo> &updates, int dropped);
    void connectionClosed(const PeerBlock &peer);

private:
    bool evictIdleSession();
    void startSession(UniqueFd socket, bool tls, bool overloaded, const PeerBlock &peer);
    void dropSniffer(TlsSniffer *sniffer);
    void queueUpdate(const TransferInfo &info);
    void flushUpdates(bool evenIfBehind = false);
    void expireFiles();

    std::shared_ptr<const ServeContext> m_context;
    QList<TransferInfo> m_pending;
    QHash<quint64, qsizetype> m_pendingIndex; // transfer id -> its report in m_pending
    int m_maxPending;
    int m_dropped = 0;
    std::shared_ptr<std::atomic<int>> m_batchesInFlight = std::make_shared<std::atomic<int>>(0);
    QTimer m_flushTimer;
    OpenFileCache m_files;
    QTimer m_filesTimer;
    bool m_sigpipeBlocked = false;
};
