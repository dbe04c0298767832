#include "share/digestcache.h"

#include "common/sha256.h"

#include <QMutexLocker>
#include <QPromise>

#include <openssl/crypto.h>

namespace {
// Bounds the memory of a share with very many files; entries are small.
constexpr qsizetype MaxEntries = 100000;
} // namespace

size_t qHash(const DigestCache::Key &key, size_t seed)
{
    return qHashMulti(seed, key.device, key.inode, key.size, key.modifiedNs, key.changedNs);
}

DigestCache::DigestCache()
{
    // Hashing is I/O- and CPU-heavy: one file at a time of each kind.
    m_now.setMaxThreadCount(1);
    m_whenIdle.setMaxThreadCount(1);
}

DigestCache::~DigestCache()
{
    {
        const QMutexLocker locker(&m_mutex);
        for (Entry &entry : m_entries)
            entry.future.cancel();
    }
    m_now.waitForDone();
    m_whenIdle.waitForDone();
}

QByteArray DigestCache::find(const Key &key) const
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend() || !it->future.isFinished() || it->future.isCanceled() || it->future.resultCount() == 0)
        return {};
    return it->future.result();
}

std::optional<QFuture<QByteArray>> DigestCache::computeNow(const Key &key, const FileHandle &file)
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_entries.find(key);
    if (it != m_entries.end() && !it->future.isCanceled() && (!it->whenIdle || it->future.isFinished()))
        return it->future;
    if (m_waitedFor.load() >= MaxWaitedFor)
        return std::nullopt;
    // A background hash of it, queued or under way at idle priority, gives
    // way to one that someone waits for.
    if (it != m_entries.end())
        it->future.cancel();
    return start(key, file, false);
}

void DigestCache::computeWhenIdle(const Key &key, const FileHandle &file)
{
    const QMutexLocker locker(&m_mutex);
    if (const auto it = m_entries.constFind(key); it != m_entries.cend() && !it->future.isCanceled())
        return;
    if (m_queuedWhenIdle.load() >= MaxQueuedWhenIdle)
        return;
    start(key, file, true);
}

// Under m_mutex.
QFuture<QByteArray> DigestCache::start(const Key &key, const FileHandle &file, bool whenIdle)
{
    if (m_entries.size() >= MaxEntries)
        evictOldest();
    auto promise = std::make_shared<QPromise<QByteArray>>();
    QFuture<QByteArray> future = promise->future();
    promise->start();
    m_entries.insert(key, {future, whenIdle});
    m_order.push_back(key);
    (whenIdle ? m_queuedWhenIdle : m_waitedFor).fetch_add(1);
    (whenIdle ? m_whenIdle : m_now).start([this, promise, file, whenIdle] {
        if (whenIdle) {
            m_queuedWhenIdle.fetch_sub(1);
            QThread::currentThread()->setPriority(QThread::IdlePriority);
        }
        promise->addResult(Sha256::hashDescriptor(file.handle(), [&promise] { return promise->isCanceled(); }));
        promise->finish();
        if (whenIdle)
            QThread::currentThread()->setPriority(QThread::NormalPriority);
        else
            m_waitedFor.fetch_sub(1);
        // Pool threads outlive the task: free OpenSSL's per-thread state now.
        OPENSSL_thread_stop();
    });
    return future;
}

// Under m_mutex: forgets the oldest tenth of the digests, keeping those
// still being computed.
void DigestCache::evictOldest()
{
    qsizetype toForget = MaxEntries / 10;
    std::deque<Key> kept;
    while (toForget > 0 && !m_order.empty()) {
        const Key key = m_order.front();
        m_order.pop_front();
        const auto it = m_entries.find(key);
        if (it == m_entries.end())
            continue;
        if (!it->future.isFinished()) {
            kept.push_back(key);
            continue;
        }
        m_entries.erase(it);
        --toForget;
    }
    m_order.insert(m_order.begin(), kept.begin(), kept.end());
}
