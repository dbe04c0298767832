#pragma once

#include "share/filehandle.h"

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QThreadPool>

#include <atomic>
#include <deque>
#include <optional>

// SHA-256 digests of shared files, computed off the serving path from the
// descriptor a request opened (never from a path, which a swapped folder
// could redirect), and kept per version of a file, so that one that has
// not changed is hashed once. Shared by every session of a server.
//
// Hashing costs a peer nothing and the server a full read of the file, so
// it is rationed: digests a client waits for run on a thread of their own,
// ahead of everything else, a few files at a time; the others are computed
// only at idle priority, a few queued at most, once a whole file was sent.
class DigestCache final
{
public:
    // Files whose digest clients may wait for at once; beyond, they are
    // answered without one.
    static constexpr int MaxWaitedFor = 16;
    // Background hashes waiting their turn; beyond, no more are queued.
    static constexpr int MaxQueuedWhenIdle = 4;

    DigestCache();
    // Cancels what is still being hashed and waits for it (a chunk).
    ~DigestCache();
    Q_DISABLE_COPY_MOVE(DigestCache)

    // One version of one file, as stat(2) describes it.
    struct Key
    {
        quint64 device = 0;
        quint64 inode = 0;
        qint64 size = 0;
        qint64 modifiedNs = 0;
        qint64 changedNs = 0;

        bool operator==(const Key &other) const = default;
    };

    // The digest when known; empty otherwise.
    QByteArray find(const Key &key) const;
    // For a client waiting for the digest of `file` (described by `key`):
    // a future that finishes with it (empty when the file changed or could
    // not be read), or nothing when too many are waited for already.
    std::optional<QFuture<QByteArray>> computeNow(const Key &key, const FileHandle &file);
    // Hashes `file` when a core would otherwise idle, if the queue has
    // room, so that later requests are offered its digest.
    void computeWhenIdle(const Key &key, const FileHandle &file);

    // What is running or queued (for tests).
    int waitedFor() const { return m_waitedFor.load(); }
    int queuedWhenIdle() const { return m_queuedWhenIdle.load(); }

private:
    struct Entry
    {
        QFuture<QByteArray> future;
        bool whenIdle = false;
    };

    QFuture<QByteArray> start(const Key &key, const FileHandle &file, bool whenIdle);
    void evictOldest();

    QThreadPool m_now; // their own, so that shutting a server down stops its hashing
    QThreadPool m_whenIdle;
    std::atomic<int> m_waitedFor{0}; // computeNow() hashes not finished
    std::atomic<int> m_queuedWhenIdle{0}; // computeWhenIdle() hashes not started
    mutable QMutex m_mutex;
    QHash<Key, Entry> m_entries;
    std::deque<Key> m_order; // oldest first; may name entries gone since
};

size_t qHash(const DigestCache::Key &key, size_t seed = 0);
