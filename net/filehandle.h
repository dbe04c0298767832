#pragma once

#include <QByteArray>
#include <QtGlobal>

// A file of the share opened for reading: a plain descriptor, read at an
// offset and closed when the handle goes. Sessions serve thousands of small
// files a second; opening each through QFile cost two more system calls
// (statx, lseek) and several allocations per request (docs/performance.md).
class FileHandle final
{
public:
    FileHandle() = default;
    // Takes ownership of `descriptor`.
    explicit FileHandle(int descriptor) noexcept : m_fd(descriptor) { }
    ~FileHandle();
    FileHandle(FileHandle &&other) noexcept;
    FileHandle &operator=(FileHandle &&other) noexcept;
    FileHandle(const FileHandle &) = delete;
    FileHandle &operator=(const FileHandle &) = delete;

    bool isOpen() const { return m_fd >= 0; }
    explicit operator bool() const { return isOpen(); }
    int handle() const { return m_fd; }

    // Up to `bytes` from `offset` (fewer only at the end of the file);
    // -1 on an error, with errno set.
    qint64 readAt(char *into, qint64 bytes, qint64 offset) const;
    // The same into a new array; shorter at the end of the file or on error.
    QByteArray readAt(qint64 offset, qint64 bytes) const;
    void close();

private:
    int m_fd = -1;
};
