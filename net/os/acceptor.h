#pragma once

#include "os/uniquefd.h"

#include <QtGlobal>

// Takes connections off a listening socket (which it does not own), and
// keeps one descriptor in reserve for when the process has none left
// (libuv's and libev's trick): a connection that cannot be accepted stays
// in the backlog and keeps the socket readable, so a level-triggered
// notifier would fire for ever; with the reserve given up for a moment,
// the connection at the head of the backlog can be taken and closed.
class Acceptor final
{
public:
    enum class Outcome {
        Accepted,
        NoneWaiting, // the backlog is empty (EAGAIN)
        Lost, // the connection went before it was taken (ECONNABORTED, EPROTO...): try the next
        OutOfDescriptors, // EMFILE, ENFILE: the process or the system has none left
        Failed, // anything else (ENOBUFS, ENOMEM...): try again later
    };
    struct Result
    {
        Outcome outcome = Outcome::Failed;
        UniqueFd socket; // open when Accepted: non-blocking, closed on exec
        int error = 0; // errno, unless Accepted
    };

    // `listener`: a non-blocking listening socket.
    explicit Acceptor(qintptr listener);
    Q_DISABLE_COPY_MOVE(Acceptor)

    Result accept();
    // Out of descriptors: gives up the reserve, takes the connection that
    // has waited longest and closes it at once, then takes the reserve
    // again. False when there was no reserve to give up (nothing dropped).
    bool dropOldest();
    bool holdsReserve() const { return bool(m_reserve); }

private:
    int m_listener;
    UniqueFd m_reserve;
};
