#include "share/openfilecache.h"

#include <algorithm>

OpenFileCache::OpenFileCache(qsizetype capacity)
    : m_capacity(qMax<qsizetype>(1, capacity))
{
    m_clock.start();
}

ShareRoot::OpenedFile OpenFileCache::open(const ShareRoot &root, const ShareRoot::Resolved &resolved)
{
    // Only names resolved by a stat of their own (no link on the way) can
    // be checked against what is held.
    if (resolved.status != ShareRoot::Status::Ok || resolved.isDirectory || !resolved.fileStatus
        || resolved.fileStatus->size > MaxHeldBytes) {
        m_entries.remove(resolved.relativePath); // grown large, or now behind a link
        return root.open(resolved);
    }
    const qint64 now = m_clock.elapsed();
    const auto held = m_entries.find(resolved.relativePath);
    if (held != m_entries.end() && held->status.isSameFile(*resolved.fileStatus)) {
        held->lastUsedMs = now;
        return ShareRoot::OpenedFile::ready(held->file, resolved.relativePath, *resolved.fileStatus);
    }
    if (held != m_entries.end())
        m_entries.erase(held);
    ShareRoot::OpenedFile opened = root.open(resolved);
    // Held only when what was opened is what the name resolved to (not
    // something swapped in between).
    if (opened.status == ShareRoot::Status::Ok && opened.fileStatus.isSameFile(*resolved.fileStatus)
        && now >= m_holdFromMs) {
        makeRoom();
        m_entries.insert(resolved.relativePath, Entry{opened.file, opened.fileStatus, now});
    }
    return opened;
}

void OpenFileCache::makeRoom()
{
    if (m_entries.size() < m_capacity)
        return;
    const auto oldest = std::min_element(m_entries.begin(), m_entries.end(),
                                         [](const Entry &a, const Entry &b) { return a.lastUsedMs < b.lastUsedMs; });
    m_entries.erase(oldest);
}

void OpenFileCache::expire(std::chrono::milliseconds unused)
{
    const qint64 now = m_clock.elapsed();
    m_entries.removeIf([&](const auto &entry) { return now - entry.value().lastUsedMs >= unused.count(); });
}

void OpenFileCache::giveWay(std::chrono::milliseconds holdNothingFor)
{
    m_entries.clear();
    m_holdFromMs = m_clock.elapsed() + holdNothingFor.count();
}
