#include "client/parthasher.h"

#include "common/sha256.h"

#include <QFile>
#include <QPromise>
#include <QThread>

#include <atomic>
#include <openssl/crypto.h>

namespace {
constexpr qint64 ReadBytes = 4 * 1024 * 1024;
} // namespace

// What the download's thread and the hashing thread share. Every change
// bumps `epoch`, which the hashing thread sleeps on when it has caught up.
struct PartHasher::Shared
{
    QString path;
    QPromise<QByteArray> promise;
    std::atomic<qint64> written{0};
    std::atomic<bool> complete{false};
    std::atomic<bool> canceled{false};
    std::atomic<quint64> epoch{0};

    void changed()
    {
        epoch.fetch_add(1);
        epoch.notify_all();
    }

    void run()
    {
        promise.start();
        promise.addResult(hash());
        promise.finish();
        OPENSSL_thread_stop(); // the thread ends: free OpenSSL's state for it now
    }

    QByteArray hash()
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            return {};
        Sha256 sha;
        QByteArray buffer(ReadBytes, Qt::Uninitialized);
        qint64 position = 0;
        for (;;) {
            const quint64 seen = epoch.load();
            if (canceled || promise.isCanceled())
                return {};
            const qint64 available = written.load();
            if (position < available) {
                const qint64 got = file.read(buffer.data(), qMin(available - position, ReadBytes));
                if (got <= 0)
                    return {};
                sha.addData(buffer.constData(), got);
                position += got;
                continue;
            }
            if (complete)
                return position == available ? sha.result() : QByteArray();
            epoch.wait(seen); // until the writer moves on
        }
    }
};

PartHasher::PartHasher(const QString &path, qint64 written)
    : m_shared(std::make_shared<Shared>())
{
    m_shared->path = path;
    m_shared->written = written;
    m_thread = QThread::create([shared = m_shared] { shared->run(); });
    m_thread->setObjectName(QStringLiteral("ferry-part-hash"));
    m_thread->start();
}

PartHasher::~PartHasher()
{
    m_shared->canceled = true;
    m_shared->changed();
    m_thread->wait();
    delete m_thread;
}

void PartHasher::written(qint64 size)
{
    m_shared->written = size;
    m_shared->changed();
}

QFuture<QByteArray> PartHasher::finish(qint64 size)
{
    m_shared->written = size;
    m_shared->complete = true;
    m_shared->changed();
    return m_shared->promise.future();
}
