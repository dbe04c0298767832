#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QTimer>

#include <chrono>
#include <memory>

class Acceptor;
class QSocketNotifier;

// A QTcpServer that hands accepted descriptors on instead of wrapping them
// in a QTcpSocket on the accepting thread, so that each connection's socket
// is created on the worker thread that will serve it.
//
// QTcpServer binds and listens (dual-stack Any and the rest); accepting is
// done here, since Qt 6.4's own loop neither reports nor survives running
// out of descriptors: accept fails with EMFILE, the connection stays in the
// backlog, the socket stays readable and the loop spins on a whole core.
// Here a shortage pauses accepting (100 ms, doubling up to 1 s, until an
// accept succeeds), drops the connection that waited longest with the help
// of a descriptor kept in reserve (os/acceptor.h), and says so
// (descriptorsExhausted) so that held files can be let go.
class ShareListener final : public QTcpServer
{
    Q_OBJECT

public:
    explicit ShareListener(QObject *parent = nullptr);
    ~ShareListener() override;

    // As QTcpServer::listen, which they hide; accepting starts at once.
    bool listen(const QHostAddress &address = QHostAddress::Any, quint16 port = 0);
    void close();

    static constexpr std::chrono::milliseconds FirstRetry{100};
    static constexpr std::chrono::milliseconds LastRetry{1000};

Q_SIGNALS:
    void connectionAccepted(qintptr descriptor);
    // Accepting failed for want of a descriptor: at the start of a
    // shortage and at each retry that still finds none (at most ten times
    // a second, once a second after the first few).
    void descriptorsExhausted();

protected:
    // Only if QTcpServer's own accepting were resumed; it never is.
    void incomingConnection(qintptr descriptor) override { Q_EMIT connectionAccepted(descriptor); }

private:
    void acceptWaiting();
    void pause(bool outOfDescriptors);
    void retry();

    std::unique_ptr<Acceptor> m_acceptor;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_retryTimer;
    std::chrono::milliseconds m_nextRetry = FirstRetry;
    bool m_short = false; // out of descriptors since the backlog was last drained (logged once)
};
