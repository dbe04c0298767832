#include "os/sockets.h"

#include "os/osfeatures.h"

#include <cerrno>
#include <sys/socket.h>

namespace {

#if FERRY_HAVE_MSG_NOSIGNAL
constexpr int SendFlags = MSG_NOSIGNAL | MSG_DONTWAIT;
#else
// The sockets are non-blocking anyway; SIGPIPE is blocked on the threads
// that serve (Os::blockSigpipe).
constexpr int SendFlags = 0;
#endif

} // namespace

namespace Os {

qint64 sendNow(qintptr socket, const char *data, qint64 size)
{
    return ::send(int(socket), data, size_t(size), SendFlags);
}

void setResetOnClose(qintptr socket)
{
    const linger reset{1, 0};
    ::setsockopt(int(socket), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
}

bool peerAddress(qintptr socket, sockaddr_storage &address)
{
    socklen_t size = sizeof address;
    return ::getpeername(int(socket), reinterpret_cast<sockaddr *>(&address), &size) == 0;
}

qint64 peek(qintptr socket, char *data, qint64 size)
{
    ssize_t got;
    do {
        got = ::recv(int(socket), data, size_t(size), MSG_PEEK | MSG_DONTWAIT);
    } while (got < 0 && errno == EINTR);
    return qint64(got);
}

} // namespace Os
