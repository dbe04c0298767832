#include "share/digestcache.h"

#include "common/sha256.h"

#include <QMutexLocker>

namespace {
// Bounds the memory of a share with very many files; entries are small.
constexpr qsizetype MaxEntries = 100000;
} // namespace

DigestCache::DigestCache()
{
    // Hashing is I/O- and CPU-heavy: one file at a time per server.
    m_pool.setMaxThreadCount(1);
}

DigestCache::~DigestCache()
{
    {
        const QMutexLocker locker(&m_mutex);
        for (Entry &entry : m_entries)
            entry.future.cancel();
    }
    m_pool.waitForDone();
}

QByteArray DigestCache::find(const Key &key) const
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_entries.constFind(key.path);
    if (it == m_entries.cend() || !(it->key == key) || !it->future.isFinished() || it->future.resultCount() == 0)
        return {};
    return it->future.result();
}

QFuture<QByteArray> DigestCache::compute(const Key &key, QThread::Priority priority)
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_entries.constFind(key.path);
    if (it != m_entries.cend() && it->key == key)
        return it->future;
    if (m_entries.size() >= MaxEntries)
        m_entries.clear();
    QFuture<QByteArray> future = Sha256::hashFileAsync(key.path, priority, &m_pool);
    m_entries.insert(key.path, {key, future});
    return future;
}
