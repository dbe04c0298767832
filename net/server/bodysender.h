#pragma once

#include "share/filehandle.h"

#include <QByteArray>
#include <QObject>

class QSocketNotifier;
class QTcpSocket;

// Streams a file body into a session's socket, only as fast as the peer
// reads, so that memory stays flat whatever the file size: with
// sendfile(2) while the socket takes it, or in chunks queued only while
// the socket holds little. Notices a file that shrinks under it. One per
// session, on the session's thread, for one body after another.
class BodySender final : public QObject
{
    Q_OBJECT

public:
    // `socket` must outlive the sender.
    explicit BodySender(QTcpSocket *socket, QObject *parent = nullptr);

    // HTTP bodies at least this large are streamed (with sendfile(2) when
    // allowed); smaller ones are cheaper read whole and sent with the head.
    static constexpr qint64 StreamMinBytes = 64 * 1024;

    // Sends `bytes` of `file` from `offset`, after what the socket holds
    // (the head). `mayUseSendfile`: the caller accepts sendfile(2), which
    // it gets for a body of at least StreamMinBytes where the system and
    // this connection's earlier bodies allow it.
    void start(FileHandle file, qint64 offset, qint64 bytes, bool mayUseSendfile);
    // The connection is ending: nothing more is sent, no signal follows.
    void stop();
    // Bytes of the body that have left the process (the socket took them).
    qint64 sent() const;

Q_SIGNALS:
    // The socket took bytes: the peer is reading. A receiver may stop()
    // the sender (and end the connection) from here.
    void peerReading();
    // After each round of sending, for progress reports.
    void progressed();
    // Every byte of the body has left the process.
    void finished();
    // The file shrank or failed at `atByte` of the body: the announced size
    // can no longer be honoured.
    void truncated(qint64 atByte);
    // sendfile(2) found the connection broken.
    void peerGone();

private:
    void pump();
    void sendfilePump();
    void finish();

    QTcpSocket *m_socket;
    FileHandle m_file;
    qint64 m_start = 0; // offset in the file of the body's first byte
    qint64 m_size = 0;
    qint64 m_queued = 0; // handed to the socket
    QByteArray m_chunk;
    bool m_active = false;
    // Writability of the socket while sendfile(2) feeds it (QTcpSocket's
    // own write buffer is empty then, so its notifier is idle).
    QSocketNotifier *m_sendNotifier = nullptr;
    bool m_bySendfile = false; // this body (decided when it starts)
    bool m_sendfileFailed = false; // for the rest of the connection
};
