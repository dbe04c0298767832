#pragma once

#include <QtGlobal>

namespace Os {

// What one sendFile() did.
struct SendFileResult
{
    enum class Status {
        Sent, // `bytes` went into the socket
        WouldBlock, // the socket takes nothing now: wait until it is writable
        EndOfFile, // the file ends at the offset: it shrank
        Unsupported, // not for this file, socket or system: send in chunks instead
        Failed, // the connection is broken (EPIPE, ECONNRESET...)
    };
    Status status = Status::Sent;
    qint64 bytes = 0;
};

// False where sendFile() can never work (it then says Unsupported).
bool canSendFile();
// Up to `bytes` of `file` from `offset` into a non-blocking connected
// socket, from the page cache without a copy through the process
// (sendfile(2)). The bytes are read as they leave: a file cut short
// meanwhile may send zeros from the cut on.
SendFileResult sendFile(qintptr socket, int file, qint64 offset, qint64 bytes);

} // namespace Os
