#pragma once

#include "os/uniquefd.h"

#include <QByteArray>
#include <QtGlobal>

#include <memory>

// A file of the share opened for reading: a plain descriptor, read at an
// offset, closed when the last copy of the handle goes (a worker's cache of
// open files and the replies streaming from it share one descriptor).
// Sessions serve thousands of small files a second; opening each through
// QFile cost two more system calls (statx, lseek) and several allocations
// per request (docs/performance.md).
class FileHandle final
{
public:
    FileHandle() = default;
    explicit FileHandle(UniqueFd descriptor);

    bool isOpen() const { return m_descriptor != nullptr; }
    explicit operator bool() const { return isOpen(); }
    int handle() const { return m_descriptor ? m_descriptor->get() : -1; }

    // Up to `bytes` from `offset` (fewer only at the end of the file);
    // -1 on an error, with errno set.
    qint64 readAt(char *into, qint64 bytes, qint64 offset) const;
    // The same into a new array; shorter at the end of the file or on error.
    QByteArray readAt(qint64 offset, qint64 bytes) const;
    // Lets go of this copy; the descriptor closes with the last one.
    void close() { m_descriptor.reset(); }

private:
    std::shared_ptr<const UniqueFd> m_descriptor;
};
