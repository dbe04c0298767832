#pragma once

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

    // Both run on the worker's thread (call through QMetaObject::invokeMethod).
    // `overloaded`: the server is at its connection limit; the session
    // only tells the client so (HTTP 503, or a legacy close).
    void adopt(qintptr descriptor, bool overloaded);
    void closeAll();

Q_SIGNALS:
    // In the order they happened; progress of one transfer is merged.
    void transfersUpdated(const QList<TransferInfo> &updates);
    void connectionClosed();

private:
    void queueUpdate(const TransferInfo &info);
    void flushUpdates();

    std::shared_ptr<const ServeContext> m_context;
    QList<TransferInfo> m_pending;
    QTimer m_flushTimer;
    bool m_sigpipeBlocked = false;
};
