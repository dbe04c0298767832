#pragma once

#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QThreadPool>

// SHA-256 digests of shared files, computed off the serving path and kept
// per (path, size, modification time, inode), so a file that has not
// changed is hashed once. Shared by every session of a server.
class DigestCache final
{
public:
    DigestCache();
    // Cancels what is still being hashed and waits for it (a chunk).
    ~DigestCache();
    Q_DISABLE_COPY_MOVE(DigestCache)

    struct Key
    {
        QString path; // canonical
        qint64 size = 0;
        qint64 modifiedNs = 0;
        quint64 inode = 0;

        bool operator==(const Key &other) const = default;
    };

    // The digest when known; empty otherwise.
    QByteArray find(const Key &key) const;
    // A future that finishes with the digest (empty when the file changed
    // or could not be read). Hashing starts unless it is known or running.
    QFuture<QByteArray> compute(const Key &key, QThread::Priority priority = QThread::NormalPriority);

private:
    struct Entry
    {
        Key key;
        QFuture<QByteArray> future;
    };

    QThreadPool m_pool; // its own, so that shutting a server down stops its hashing
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_entries; // by path; older versions are replaced
};
