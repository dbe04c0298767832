#include "share/listingcache.h"

#include "share/directorylisting.h"

#include <QMutexLocker>
#include <QPromise>

ListingCache::ListingCache()
{
    // Reading a large folder is I/O- and CPU-heavy: one at a time.
    m_pool.setMaxThreadCount(1);
}

ListingCache::~ListingCache()
{
    m_closing = true;
    m_pool.clear();
    m_pool.waitForDone();
}

ListingCache::Ticket ListingCache::listing(const ShareRoot &root, const QString &relativePath,
                                           ShareRoot::OpenedFolder folder, ListingDocument::Format format)
{
    const QString key = (format == ListingDocument::Format::Json ? QLatin1Char('j') : QLatin1Char('h')) + relativePath;
    const Version version{folder.fileStatus.device, folder.fileStatus.inode, folder.fileStatus.modifiedNs,
                          folder.fileStatus.changedNs};
    const auto now = std::chrono::steady_clock::now();

    const QMutexLocker locker(&m_mutex);
    const auto it = m_slots.find(key);
    if (it != m_slots.end() && it->version == version) {
        it->lastUse = ++m_uses;
        if (!it->future.isFinished()) {
            if (std::shared_ptr<const void> interest = it->interest.lock())
                return {it->future, std::move(interest)}; // one build for all who ask meanwhile
        } else if (now - it->builtAt < Freshness) {
            return {it->future, nullptr};
        }
    }
    if (it != m_slots.end()) {
        m_bytes -= it->bytes; // replaced: an older version, stale, or a build nobody waits for
        m_slots.erase(it);
    }

    auto interest = std::make_shared<const int>(0);
    auto promise = std::make_shared<QPromise<Document>>();
    Slot slot;
    slot.version = version;
    slot.generation = ++m_generation;
    slot.future = promise->future();
    slot.interest = interest;
    slot.lastUse = ++m_uses;
    m_slots.insert(key, slot);
    promise->start();

    auto held = std::make_shared<UniqueFd>(std::move(folder.folder));
    std::weak_ptr<const void> wanted = interest;
    const quint64 generation = slot.generation;
    m_pool.start([this, &root, relativePath, format, held, wanted, promise, key, generation] {
        const auto cancelled = [this, &wanted] { return m_closing.load() || wanted.expired(); };
        Document document;
        if (!cancelled()) {
            if (const std::optional<DirectoryListing> listing =
                        DirectoryListing::read(root, relativePath, held->get(), cancelled))
                document = std::make_shared<const ListingDocument>(ListingDocument::render(*listing, format));
        }
        held->reset();
        built(key, generation, document);
        promise->addResult(document);
        promise->finish();
    });
    return {slot.future, std::move(interest)};
}

void ListingCache::built(const QString &key, quint64 generation, const Document &document)
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_slots.find(key);
    if (it == m_slots.end() || it->generation != generation)
        return; // replaced meanwhile
    if (!document) {
        m_slots.erase(it); // unreadable, or dropped: nothing to keep
        return;
    }
    it->builtAt = std::chrono::steady_clock::now();
    it->bytes = document->size();
    m_bytes += it->bytes;
    evict();
}

// Under m_mutex: the least recently asked for built listings go first.
void ListingCache::evict()
{
    while (m_bytes > MaxBytes || m_slots.size() > MaxListings) {
        auto oldest = m_slots.end();
        for (auto it = m_slots.begin(); it != m_slots.end(); ++it) {
            if (it->future.isFinished() || it->bytes > 0) {
                if (oldest == m_slots.end() || it->lastUse < oldest->lastUse)
                    oldest = it;
            }
        }
        if (oldest == m_slots.end())
            return;
        m_bytes -= oldest->bytes;
        m_slots.erase(oldest);
    }
}
