#pragma once

#include <QSslSocket>
#include <QTcpSocket>

// A session's connection is a QTcpSocket, or a QSslSocket on an encrypted
// share. The difference that matters to the senders: a QSslSocket holds
// what it was given twice over, as plaintext not yet encrypted
// (bytesToWrite) and as records the kernel has not taken
// (encryptedBytesToWrite), and tells of room in the second only by
// encryptedBytesWritten. Backpressure must count and hear both.
namespace SessionSocket {

inline bool isEncrypted(const QTcpSocket *socket)
{
    return qobject_cast<const QSslSocket *>(socket) != nullptr;
}

// Bytes handed to the socket that have not left for the kernel yet.
inline qint64 unsentBytes(const QTcpSocket *socket)
{
    const auto *tls = qobject_cast<const QSslSocket *>(socket);
    return socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
}

// Calls `slot` whenever the socket passed bytes on (to the TLS layer or to the kernel).
template<typename Slot>
void onBytesLeft(QTcpSocket *socket, QObject *context, Slot slot)
{
    QObject::connect(socket, &QTcpSocket::bytesWritten, context, slot);
    if (auto *tls = qobject_cast<QSslSocket *>(socket))
        QObject::connect(tls, &QSslSocket::encryptedBytesWritten, context, slot);
}

} // namespace SessionSocket
