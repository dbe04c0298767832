#pragma once

#include "os/uniquefd.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

class QSocketNotifier;

// Waits for a new connection of an encrypted share to send its first byte
// and looks at it without reading it (MSG_PEEK): a TLS handshake goes to a
// QSslSocket, anything else (the tutorial protocol, plain HTTP) to a
// QTcpSocket, each then seeing the stream from its first byte. A peer that
// sends nothing until the deadline, or closes, is let go.
class TlsSniffer final : public QObject
{
    Q_OBJECT

public:
    TlsSniffer(UniqueFd socket, std::chrono::milliseconds deadline, QObject *parent = nullptr);

    // How long the connection has waited for its first byte.
    qint64 waitingMs() const { return m_waiting.elapsed(); }
    // The connection, once decided.
    UniqueFd takeSocket() { return std::move(m_socket); }
    // Closes the connection now (server shutting down, or room needed); gone() follows.
    void abort();

Q_SIGNALS:
    void decided(bool tls);
    void gone();

private:
    void onReadable();
    void end();

    UniqueFd m_socket;
    QSocketNotifier *m_notifier;
    QTimer m_deadline;
    QElapsedTimer m_waiting;
};
