#include "os/acceptor.h"

#include "os/osfeatures.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>

namespace {

UniqueFd openReserve()
{
    return UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
}

UniqueFd acceptOne(int listener)
{
#if FERRY_HAVE_ACCEPT4
    return UniqueFd(::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
#else
    UniqueFd socket(::accept(listener, nullptr, nullptr));
    if (socket) {
        ::fcntl(socket.get(), F_SETFD, FD_CLOEXEC);
        ::fcntl(socket.get(), F_SETFL, ::fcntl(socket.get(), F_GETFL) | O_NONBLOCK);
    }
    return socket;
#endif
}

Acceptor::Outcome outcomeOf(int error)
{
    switch (error) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
        return Acceptor::Outcome::NoneWaiting;
    case EMFILE:
    case ENFILE:
        return Acceptor::Outcome::OutOfDescriptors;
    // accept(2) reports the network errors of a connection that failed
    // before it was taken; the next one may be fine.
    case EINTR:
    case ECONNABORTED:
    case EPROTO:
    case EPERM: // a firewall rule
    case ENETDOWN:
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENOPROTOOPT:
    case EOPNOTSUPP:
#ifdef EHOSTDOWN
    case EHOSTDOWN:
#endif
#ifdef ENONET
    case ENONET:
#endif
        return Acceptor::Outcome::Lost;
    default:
        return Acceptor::Outcome::Failed;
    }
}

} // namespace

Acceptor::Acceptor(qintptr listener)
    : m_listener(int(listener))
    , m_reserve(openReserve())
{ }

Acceptor::Result Acceptor::accept()
{
    Result result;
    result.socket = acceptOne(m_listener);
    if (result.socket) {
        result.outcome = Outcome::Accepted;
        if (!m_reserve)
            m_reserve = openReserve(); // lost in a shortage: descriptors are back
        return result;
    }
    result.error = errno;
    result.outcome = outcomeOf(result.error);
    return result;
}

bool Acceptor::dropOldest()
{
    if (!m_reserve)
        m_reserve = openReserve();
    if (!m_reserve)
        return false;
    m_reserve.reset();
    const bool dropped = bool(acceptOne(m_listener)); // closed at once
    // Another thread may have taken the descriptor meanwhile; the next
    // successful accept tries again.
    m_reserve = openReserve();
    return dropped;
}
