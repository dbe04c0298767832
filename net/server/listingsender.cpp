#include "server/listingsender.h"

#include "server/sessionsocket.h"

namespace {

// Queue more only while the socket holds less than this.
constexpr qint64 HighWaterBytes = 256 * 1024;

} // namespace

ListingSender::ListingSender(QTcpSocket *socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    SessionSocket::onBytesLeft(m_socket, this, [this] {
        if (!m_active)
            return;
        Q_EMIT peerReading();
        if (m_active) // the session may have ended the connection on hearing it
            pump();
    });
}

void ListingSender::start(std::shared_ptr<const ListingDocument> document)
{
    m_document = std::move(document);
    m_next = 0;
    m_queued = 0;
    m_active = true;
    pump();
}

void ListingSender::stop()
{
    m_active = false;
    m_document.reset();
}

qint64 ListingSender::sent() const
{
    return qMax<qint64>(0, m_queued - SessionSocket::unsentBytes(m_socket));
}

void ListingSender::pump()
{
    const QList<QByteArray> &pieces = m_document->pieces();
    while (m_next < pieces.size() && SessionSocket::unsentBytes(m_socket) < HighWaterBytes) {
        const QByteArray &piece = pieces.at(m_next++);
        m_socket->write(piece);
        m_queued += piece.size();
    }
    if (m_next < pieces.size())
        return; // bytesWritten brings us back
    stop();
    Q_EMIT finished();
}
