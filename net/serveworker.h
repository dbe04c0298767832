#pragma once

#include "openfilecache.h"
#include "servecontext.h"
#include "transferinfo.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>

// Owns the sessions of one worker thread. Lives on that thread; the server
// reaches it only through queued calls. Transfer updates travel to the
// server's thread in batches, a few times a second, rather than one
// cross-thread event per update: with many small requests those wake-ups
// were the largest cost of serving.
class ServeWorker final : public QObject
{
    Q_OBJECT

public:
    explicit ServeWorker(std::shared_ptr<const ServeContext> context, QObject *parent = nullptr);

    // What the server can still offer a new connection.
    enum class Admission {
        Serve,  // under the connection limit
        Busy,   // at the limit: tell the client so (HTTP 503, or a legacy close)
        Refuse, // far beyond it: close at once, not even a "busy"
    };

    // Both run on the worker's thread (call through QMetaObject::invokeMethod).
    // Unless the admission is Serve, the connection that has waited longest
    // for a request (at least MinIdleMsToEvict) makes room for the new one,
    // so that idle connections held by a flood cannot lock real clients out.
    void adopt(qintptr descriptor, Admission admission);
    void closeAll();

    // Long enough for any real client to have sent its request; idle
    // connections held by a flood are older than that.
    static constexpr qint64 MinIdleMsToEvict = 1000;

Q_SIGNALS:
    // In the order they happened; progress of one transfer is merged.
    void transfersUpdated(const QList<TransferInfo> &updates);
    void connectionClosed();

private:
    bool evictIdleSession();
    void queueUpdate(const TransferInfo &info);
    void flushUpdates();
    void expireFiles();

    std::shared_ptr<const ServeContext> m_context;
    QList<TransferInfo> m_pending;
    QTimer m_flushTimer;
    OpenFileCache m_files;
    QTimer m_filesTimer;
    bool m_sigpipeBlocked = false;
};
