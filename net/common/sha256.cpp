#include "common/sha256.h"

#include "os/fileadvice.h"

#include <QFile>
#include <QPromise>
#include <QThreadPool>

#include <cerrno>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

struct Sha256::Context
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256()
    : m_context(std::make_unique<Context>())
{
    EVP_DigestInit_ex(m_context->md, EVP_sha256(), nullptr);
}

Sha256::~Sha256() = default;

void Sha256::addData(const char *data, qint64 size)
{
    EVP_DigestUpdate(m_context->md, data, size_t(size));
}

QByteArray Sha256::result()
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    EVP_DigestFinal_ex(m_context->md, reinterpret_cast<unsigned char *>(digest.data()), &length);
    digest.truncate(int(length));
    return digest;
}

QByteArray Sha256::hashFile(const QString &path, const std::function<bool()> &canceled)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    return hashDescriptor(file.handle(), canceled);
}

QByteArray Sha256::hashDescriptor(int descriptor, const std::function<bool()> &canceled)
{
    struct stat before
    { };
    if (::fstat(descriptor, &before) != 0 || !S_ISREG(before.st_mode))
        return {};
    Os::adviseSequential(descriptor, 0, 0);
    Sha256 hash;
    QByteArray buffer(1024 * 1024, Qt::Uninitialized);
    qint64 total = 0;
    for (;;) {
        if (canceled && canceled())
            return {};
        const ssize_t got = ::pread(descriptor, buffer.data(), size_t(buffer.size()), off_t(total));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return {};
        if (got == 0)
            break;
        hash.addData(buffer.constData(), got);
        total += got;
    }
    struct stat after
    { };
    if (::fstat(descriptor, &after) != 0 || after.st_size != before.st_size || total != before.st_size
        || after.st_mtim.tv_sec != before.st_mtim.tv_sec || after.st_mtim.tv_nsec != before.st_mtim.tv_nsec)
        return {}; // changed while we read: the digest would describe no version
    return hash.result();
}

QFuture<QByteArray> Sha256::hashFileAsync(const QString &path, QThread::Priority priority, QThreadPool *pool)
{
    auto promise = std::make_shared<QPromise<QByteArray>>();
    QFuture<QByteArray> future = promise->future();
    promise->start();
    (pool ? pool : QThreadPool::globalInstance())->start([promise, path, priority] {
        QThread::currentThread()->setPriority(priority);
        promise->addResult(hashFile(path, [&promise] { return promise->isCanceled(); }));
        promise->finish();
        QThread::currentThread()->setPriority(QThread::NormalPriority);
        // Pool threads outlive the task: free OpenSSL's per-thread state now.
        OPENSSL_thread_stop();
    });
    return future;
}

QByteArray Sha256::reprDigestValue(const QByteArray &digest)
{
    return "sha-256=:" + digest.toBase64() + ':';
}

QByteArray Sha256::parseDigestHeader(const QByteArray &reprDigest, const QByteArray &legacyDigest)
{
    // Repr-Digest: sha-256=:BASE64:, sha-512=:...:
    for (const QByteArray &item : reprDigest.split(',')) {
        const QByteArray member = item.trimmed();
        if (member.startsWith("sha-256=:") && member.endsWith(':') && member.size() > 10) {
            const QByteArray digest = QByteArray::fromBase64(member.mid(9, member.size() - 10));
            if (digest.size() == 32)
                return digest;
        }
    }
    // Digest: SHA-256=BASE64 (RFC 3230, names case-insensitive)
    for (const QByteArray &item : legacyDigest.split(',')) {
        const QByteArray member = item.trimmed();
        if (member.toLower().startsWith("sha-256=")) {
            const QByteArray digest = QByteArray::fromBase64(member.mid(8));
            if (digest.size() == 32)
                return digest;
        }
    }
    return {};
}
