#pragma once

#include "share/listingdocument.h"

#include <QObject>

#include <memory>

class QTcpSocket;

// Streams a rendered listing into a session's socket piece by piece, only
// as fast as the peer reads: the socket never holds more than a few
// hundred KiB of it, and each wake-up writes that much at most, so the
// other sessions of the thread are answered meanwhile. The document itself
// is shared (with the cache and other senders), never copied whole.
class ListingSender final : public QObject
{
    Q_OBJECT

public:
    // `socket` must outlive the sender.
    explicit ListingSender(QTcpSocket *socket, QObject *parent = nullptr);

    // Sends `document` after what the socket holds (the head).
    void start(std::shared_ptr<const ListingDocument> document);
    // The connection is ending: nothing more is sent, no signal follows.
    void stop();
    // Bytes of the document that have left the process.
    qint64 sent() const;

Q_SIGNALS:
    // The socket took bytes: the peer is reading.
    void peerReading();
    // Every piece is in the socket's hands.
    void finished();

private:
    void pump();

    QTcpSocket *m_socket;
    std::shared_ptr<const ListingDocument> m_document;
    qsizetype m_next = 0; // the next piece to queue
    qint64 m_queued = 0;
    bool m_active = false;
};
