#pragma once

#include "share/filehandle.h"
#include "share/shareroot.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <chrono>

// The files one worker thread served lately, kept open. A request for one
// of them costs only the stat that resolving its name makes anyway: when
// that stat shows the very file held, unchanged (same device, inode and
// ctime, so same content, permissions and owner), the held descriptor
// serves it, with no open(2), fstat(2) or close(2). Anything else, a file
// replaced under its name, rewritten, or given other permissions, is
// opened afresh. One per thread, so no locks.
//
// Only small files are held: for a large one an open is nothing next to
// the transfer, and each transfer keeps read-ahead state of its own (the
// kernel keeps it per open file, so readers of one held descriptor at
// different offsets would spoil each other's).
class OpenFileCache final
{
public:
    explicit OpenFileCache(qsizetype capacity = DefaultCapacity);

    // What ShareRoot::open(resolved) returns, from the cache when it can.
    ShareRoot::OpenedFile open(const ShareRoot &root, const ShareRoot::Resolved &resolved);
    // Closes the files nobody asked for in `unused` (so that a file deleted
    // from the share does not hold its disk space for long).
    void expire(std::chrono::milliseconds unused);
    void clear() { m_entries.clear(); }
    // Descriptors ran short: closes the files held (a reply still reading
    // one keeps it open until it is done) and holds none for `holdNothingFor`,
    // so that the descriptors go where they are needed.
    void giveWay(std::chrono::milliseconds holdNothingFor);
    qsizetype size() const { return m_entries.size(); }

    // Well under any descriptor limit, even with a few workers.
    static constexpr qsizetype DefaultCapacity = 64;
    static constexpr qint64 MaxHeldBytes = 1024 * 1024;

private:
    struct Entry
    {
        FileHandle file;
        ShareRoot::FileStatus status;
        qint64 lastUsedMs = 0;
    };

    void makeRoom();

    QHash<QString, Entry> m_entries; // by share-relative path
    QElapsedTimer m_clock;
    qint64 m_holdFromMs = 0; // nothing is held before (giveWay)
    qsizetype m_capacity;
};
