#pragma once

#include "share/listingdocument.h"
#include "share/shareroot.h"

#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <memory>

// Rendered listings of a share's folders, built off the serving threads
// on a pool of their own and kept per version of each folder (device,
// inode, modification and change times of the folder held open), for a
// couple of seconds at most: a file's size can change inside a folder
// without the folder changing. One build per folder version at a time:
// requests for a folder being built wait for that build. A build nobody
// waits for any more by the time it would start is dropped, and one under
// way stops soon after its last waiter has gone. Shared by every session
// of a server.
class ListingCache final
{
public:
    using Document = std::shared_ptr<const ListingDocument>;

    // A listing younger than this is served again without reading the folder.
    static constexpr std::chrono::milliseconds Freshness{2000};
    // What the cache keeps at most, all folders together (the listings
    // being sent are held by their senders, not counted here).
    static constexpr qint64 MaxBytes = 32 * 1024 * 1024;
    static constexpr qsizetype MaxListings = 64;

    ListingCache();
    // Stops what is being built and waits for it.
    ~ListingCache();
    Q_DISABLE_COPY_MOVE(ListingCache)

    struct Ticket
    {
        // Finishes with the document; with none when the folder could not
        // be read. Already finished when the cache had it.
        QFuture<Document> future;
        // Keep this while waiting: when every waiter has let go of it, the
        // build is dropped.
        std::shared_ptr<const void> interest;
    };

    // The listing of `folder` (opened by root.openFolder() for
    // `relativePath`) in `format`. `root` must outlive the cache.
    Ticket listing(const ShareRoot &root, const QString &relativePath, ShareRoot::OpenedFolder folder,
                   ListingDocument::Format format);

private:
    struct Version
    {
        quint64 device = 0;
        quint64 inode = 0;
        qint64 modifiedNs = 0;
        qint64 changedNs = 0;
        bool operator==(const Version &other) const = default;
    };
    struct Slot
    {
        Version version;
        quint64 generation = 0;
        QFuture<Document> future;
        std::weak_ptr<const void> interest; // of the build under way
        std::chrono::steady_clock::time_point builtAt; // once built
        qint64 bytes = 0; // once built
        quint64 lastUse = 0;
    };

    void built(const QString &key, quint64 generation, const Document &document);
    void evict();

    QThreadPool m_pool; // its own, so that shutting a server down stops its builds
    std::atomic<bool> m_closing{false};
    QMutex m_mutex;
    QHash<QString, Slot> m_slots; // by format and path
    quint64 m_generation = 0;
    quint64 m_uses = 0;
    qint64 m_bytes = 0; // of the built listings kept
};
