#pragma once

#include "os/splicepipe.h"
#include "os/uniquefd.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

class BandwidthLimit;

// Moves the rest of a download's body from a connected TCP socket straight
// into the .part file, once the answer's head has been read through
// QTcpSocket. Going around QTcpSocket saves a copy per byte (from its read
// buffer into ours) and its bounded reads; with splice(2) the bytes do not
// even enter user space: the kernel moves them from the socket through a
// pipe into the page cache.
//
// Only an orderly close is the end of the stream; a connection reset is a
// socket error. QTcpSocket cannot tell them apart, but the legacy dialect,
// where the close is the only end marker, must: a server that fails in the
// middle of a file resets the connection (ServeSession does).
class BodyReceiver final : public QObject
{
    Q_OBJECT

public:
    enum class Method {
        Splice, // socket -> pipe -> file, no copy through user space (Linux)
        ReadWrite, // read(2) into one large buffer, write(2) to the file
    };
    Q_ENUM(Method)

    // Splice where the platform has it.
    static Method defaultMethod();

    // Reads `socket` (a non-blocking connected TCP socket; closed on
    // destruction) and writes at the current offset of `fileDescriptor`,
    // which stays the caller's. Stops after `limit` bytes (-1: when the
    // peer closes).
    BodyReceiver(UniqueFd socket, int fileDescriptor, qint64 limit, Method method, QObject *parent = nullptr);
    ~BodyReceiver() override;
    Q_DISABLE_COPY_MOVE(BodyReceiver)

    // Moves no faster than `limit` allows (nullptr: as fast as it can; not
    // owned). While the limit grants nothing, the socket is not read: the
    // bytes wait in the kernel's receive buffer and TCP slows the sender.
    void setBandwidthLimit(BandwidthLimit *limit);

    // Closes the connection now; nothing more reaches the file, even before
    // the object is deleted (safe to call from a slot of its signals).
    void stop();

Q_SIGNALS:
    // Bytes that reached the file since the last signal; at most once per
    // wake-up of the event loop.
    void received(qint64 bytes);
    // The peer closed the connection in order.
    void endOfStream();
    // Reading the socket failed, or the peer reset the connection (message
    // from the system, untranslated).
    void socketError(const QString &message);
    // Writing the file failed (message from the system, untranslated).
    void fileError(const QString &message);

private:
    enum class Step { More, Wait, HeldBack, End, SocketFailed, FileFailed };

    void onReadable();
    Step moveSome(qint64 wanted, qint64 *moved);
    void holdBack();
    Step spliceSome(qint64 wanted, qint64 *moved);
    Step stepAfterEmptyRead(qint64 got);
    Step copySome(qint64 wanted, qint64 *moved);

    UniqueFd m_socket;
    int m_file;
    qint64 m_left;
    Method m_method;
    QSocketNotifier m_notifier;
    QPointer<BandwidthLimit> m_bandwidth;
    QTimer m_resume; // re-enables m_notifier once the limit grants again
    QByteArray m_buffer;
    SplicePipe m_pipe;
    int m_errno = 0;
};
