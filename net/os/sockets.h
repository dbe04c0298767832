#pragma once

#include <QtGlobal>

struct sockaddr_storage;

// Calls on a connected socket that QTcpSocket does not offer.
namespace Os {

// Writes what the socket takes at once, never blocking and never raising
// SIGPIPE: the bytes written, or -1 (errno says why).
qint64 sendNow(qintptr socket, const char *data, qint64 size);
// Makes the socket's close a reset (RST) instead of an orderly close
// (SO_LINGER with a zero timeout), dropping what it still holds.
void setResetOnClose(qintptr socket);
// The address of a connected socket's peer, as the system gives it (a
// sockaddr_in or sockaddr_in6); false when there is none.
bool peerAddress(qintptr socket, sockaddr_storage &address);
// Copies up to `size` of the bytes the peer sent, leaving them to be read
// (MSG_PEEK), never blocking: their number, 0 when the peer closed before
// sending any, or -1 (errno says why; EAGAIN: nothing yet).
qint64 peek(qintptr socket, char *data, qint64 size);

} // namespace Os
