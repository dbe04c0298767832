#pragma once

#include "server/transferinfo.h"
#include "share/accessgate.h"
#include "share/digestcache.h"
#include "share/hostcheck.h"
#include "share/listingcache.h"
#include "share/shareroot.h"

#include <QSslConfiguration>

#include <atomic>
#include <chrono>
#include <optional>

// Everything the sessions of one running server share: the folder, the
// limits, and the source of transfer ids. Built once by ShareServer and
// handed to every worker thread behind a shared_ptr<const ServeContext>.
struct ServeContext
{
    explicit ServeContext(const QString &folder, const QString &accessCode = {}, const QStringList &allowedHosts = {})
        : root(folder)
        , access(accessCode)
        , hosts(allowedHosts)
    { }

    ShareRoot root;
    AccessGate access;
    HostCheck hosts;
    mutable ListingCache listings; // after `root`, which its builds read
    mutable DigestCache digests;
    // The encrypted share's certificate and key (TLS 1.2 and newer), unset
    // for a share in the clear.
    std::optional<QSslConfiguration> tls;
    // A legacy name is complete when the bytes resolve to a file, when
    // LegacyName::MaxBytes arrived, or when the peer has been quiet this long.
    std::chrono::milliseconds legacyQuietPeriod{};
    std::chrono::milliseconds requestDeadline{}; // connection open to request complete
    std::chrono::milliseconds keepAliveIdle{}; // between HTTP requests
    std::chrono::milliseconds stallDeadline{}; // peer stopped reading
    qint64 minimumReadRate = 0; // bytes per second over each stallDeadline; see ShareServer::Options
    bool useSendfile = true; // see ShareServer::Options
    std::chrono::milliseconds keepFilesOpen{}; // the worker's open files; see ShareServer::Options
    std::chrono::milliseconds evictIdleAfter{}; // see ShareServer::Options

    quint64 nextTransferId() const { return ++m_lastTransferId; }

private:
    mutable std::atomic<quint64> m_lastTransferId{0};
};

// How a name the share cannot serve ends as a transfer, in either dialect.
inline TransferInfo::State transferStateFor(ShareRoot::Status status)
{
    return status == ShareRoot::Status::NotFound ? TransferInfo::State::NotFound : TransferInfo::State::Refused;
}
