#pragma once

#include "os/uniquefd.h"

#include <QtGlobal>

// Moves bytes from a socket into a file through a pipe of its own with
// splice(2): the kernel hands the pages on and they never enter the
// process. Closed where the system has no splice, where no pipe could be
// made, and once the file turns out not to take spliced pages: the caller
// then copies by itself.
class SplicePipe final
{
public:
    static bool isSupported();

    SplicePipe() = default;
    // A pipe that holds about `capacity` bytes (less if the system refuses).
    explicit SplicePipe(int capacity);

    bool isOpen() const { return bool(m_write); }
    void close();

    // As read(2) from `socket` (non-blocking): up to `bytes` into the pipe,
    // 0 at the end of the stream, -1 with errno set.
    qint64 fill(qintptr socket, qint64 bytes);
    // Writes the `bytes` that fill() put in the pipe into `file` at its
    // offset: 0, or the errno of the failure. When the file cannot take
    // spliced pages, they are copied instead and the pipe closes.
    int drainInto(int file, qint64 bytes);

private:
    int copyInto(int file, qint64 bytes);

    UniqueFd m_read;
    UniqueFd m_write;
};
