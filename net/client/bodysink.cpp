#include "client/bodysink.h"

#include "client/partfile.h"
#include "client/parthasher.h"
#include "common/sha256.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStorageInfo>

#include <unistd.h>

BodySink::BodySink(PartFile &part, qint64 maxBytes)
    : m_part(part)
    , m_maxBytes(maxBytes)
{ }

BodySink::~BodySink() = default;

void BodySink::begin(qint64 received, qint64 expected, bool hash, Framing framing)
{
    m_received = received;
    m_expected = expected;
    m_error.clear();
    m_decoder.reset();
    if (framing == Framing::Chunked)
        m_decoder.emplace();
    m_hasher.reset();
    if (hash)
        m_hasher = std::make_unique<PartHasher>(m_part.path(), m_received);
}

void BodySink::end()
{
    m_hasher.reset();
}

bool BodySink::hasRoom()
{
    if (m_maxBytes >= 0 && m_expected > m_maxBytes) {
        m_error = QCoreApplication::translate("DownloadJob", "The file is %1 bytes, more than the limit of %2.")
                          .arg(m_expected)
                          .arg(m_maxBytes);
        return false;
    }
    const QStorageInfo disk(QFileInfo(m_part.path()).absolutePath());
    const qint64 needed = remaining();
    if (disk.isValid() && disk.bytesAvailable() >= 0 && needed > disk.bytesAvailable()) {
        m_error = QCoreApplication::translate("DownloadJob", "Not enough disk space in %1: %2 bytes needed, %3 free.")
                          .arg(disk.rootPath())
                          .arg(needed)
                          .arg(disk.bytesAvailable());
        return false;
    }
    return true;
}

bool BodySink::write(const char *data, qint64 size)
{
    if (!m_decoder)
        return store(data, size);
    // Each run of body bytes goes to the file straight from `data`.
    QByteArrayView input(data, size);
    while (!input.isEmpty() && !m_decoder->isDone()) {
        const ChunkedDecoder::Piece piece = m_decoder->decode(input);
        input = input.sliced(piece.consumed);
        if (m_decoder->failed()) {
            m_error = QCoreApplication::translate("DownloadJob", "The server sent a malformed chunked body: %1.")
                              .arg(m_decoder->errorString());
            return false;
        }
        if (m_expected >= 0 && piece.data.size() > m_expected - m_received) {
            m_error = QCoreApplication::translate("DownloadJob", "The server sent more than the announced %1 bytes.")
                              .arg(m_expected);
            return false;
        }
        if (!piece.data.isEmpty() && !store(piece.data.data(), piece.data.size()))
            return false;
    }
    return true;
}

bool BodySink::store(const char *data, qint64 size)
{
    if ((!m_part.isOpen() && !m_part.openFresh()) || !m_part.write(data, size)) {
        m_error = QCoreApplication::translate("DownloadJob", "Cannot write %1: %2")
                          .arg(m_part.path(), m_part.errorString());
        return false;
    }
    return landed(size);
}

bool BodySink::landed(qint64 bytes)
{
    m_received += bytes;
    if (m_maxBytes >= 0 && m_received > m_maxBytes) {
        // The .part keeps no byte past the limit.
        if (::ftruncate(m_part.handle(), m_maxBytes) == 0)
            m_received = m_maxBytes;
        m_error = QCoreApplication::translate("DownloadJob", "The server sent more than the limit of %1 bytes.")
                          .arg(m_maxBytes);
        return false;
    }
    if (m_hasher)
        m_hasher->written(m_received);
    return true;
}

qint64 BodySink::acceptable() const
{
    if (m_expected >= 0)
        return m_expected - m_received;
    return m_maxBytes >= 0 ? m_maxBytes - m_received + 1 : -1;
}

QFuture<QByteArray> BodySink::digest()
{
    if (m_hasher)
        return m_hasher->finish(m_received);
    return Sha256::hashFileAsync(m_part.path());
}
