#pragma once

#include "shareroot.h"

#include <atomic>
#include <chrono>

// Everything the sessions of one running server share: the folder, the
// limits, and the source of transfer ids. Built once by ShareServer and
// handed to every worker thread behind a shared_ptr<const ServeContext>.
struct ServeContext
{
    explicit ServeContext(const QString &folder) : root(folder) {}

    ShareRoot root;
    // A legacy name is complete when the bytes resolve to a file, when
    // LegacyName::MaxBytes arrived, or when the peer has been quiet this long.
    std::chrono::milliseconds legacyQuietPeriod{250};
    std::chrono::milliseconds requestDeadline{10000};   // first bytes to complete request
    std::chrono::milliseconds keepAliveIdle{15000};      // between HTTP requests
    std::chrono::milliseconds stallDeadline{60000};      // peer stopped reading

    quint64 nextTransferId() const { return ++m_lastTransferId; }

private:
    mutable std::atomic<quint64> m_lastTransferId{0};
};
