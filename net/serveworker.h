#pragma once

#include "servecontext.h"
#include "transferinfo.h"

#include <QObject>

#include <memory>

// Owns the sessions of one worker thread. Lives on that thread; the server
// reaches it only through queued calls.
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
    void transferUpdated(const TransferInfo &info);
    void connectionClosed();

private:
    std::shared_ptr<const ServeContext> m_context;
};
