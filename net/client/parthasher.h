#pragma once

#include <QByteArray>
#include <QFuture>
#include <QString>

#include <memory>

class QThread;

// The SHA-256 of a .part computed while the download writes it: a thread
// of its own follows the writer and reads back (from the page cache) what
// has been written so far. Checking a download against the server's digest
// then costs only its last bytes when it completes, instead of reading
// the whole file again afterwards.
class PartHasher final
{
public:
    // Starts hashing `path`, of which the first `written` bytes are there.
    PartHasher(const QString &path, qint64 written);
    // Stops (canceling the result) and joins the thread.
    ~PartHasher();
    Q_DISABLE_COPY_MOVE(PartHasher)

    // The first `size` bytes of the file are written.
    void written(qint64 size);
    // Nothing follows the first `size` bytes: the future finishes with the
    // digest of exactly those (empty when the file could not be read).
    QFuture<QByteArray> finish(qint64 size);

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread = nullptr;
};
