#pragma once

#include <QTcpServer>

// A QTcpServer that hands accepted descriptors on instead of wrapping them
// in a QTcpSocket on the accepting thread, so that each connection's socket
// is created on the worker thread that will serve it.
class ShareListener final : public QTcpServer
{
    Q_OBJECT

public:
    using QTcpServer::QTcpServer;

Q_SIGNALS:
    void connectionAccepted(qintptr descriptor);

protected:
    void incomingConnection(qintptr descriptor) override { Q_EMIT connectionAccepted(descriptor); }
};
