#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <sys/socket.h>
#include <utility>

// A fake peer for the client side: a server on 127.0.0.1 that answers
// each connection from a script instead of serving anything real. The
// script sees what the connection sent so far and returns its reply once
// that is a whole request (std::nullopt: wait for more bytes). A
// connection is answered once; what it sent by then is kept in requests().
class ScriptedServer final : public QTcpServer
{
public:
    // How a connection ends once its reply is out.
    enum class Ending {
        Close, // an orderly close, as when a file is complete
        StayOpen, // silence: only the client's own timeout ends it
        Reset, // a TCP reset, a moment after the last byte left
    };

    struct Reply
    {
        QByteArray bytes; // written at once
        QList<QByteArray> pieces; // then each in a segment of its own, pieceGap apart
        std::chrono::milliseconds pieceGap{20};
        QByteArray repeated; // then this, `repeat` times (without end if negative),
        int repeat = 0; // as fast as the client takes it
        Ending ending = Ending::Close;

        static Reply of(const QByteArray &bytes, Ending ending = Ending::Close)
        {
            Reply result;
            result.bytes = bytes;
            result.ending = ending;
            return result;
        }
    };

    using Script = std::function<std::optional<Reply>(const QByteArray &received)>;

    explicit ScriptedServer(Script script, QObject *parent = nullptr)
        : QTcpServer(parent)
        , m_script(std::move(script))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                adopt(socket);
        });
    }

    // Every connection gets the same reply as soon as its first bytes arrive.
    explicit ScriptedServer(const Reply &reply, QObject *parent = nullptr)
        : ScriptedServer([reply](const QByteArray &) { return std::optional(reply); }, parent)
    { }

    explicit ScriptedServer(const QByteArray &bytes, Ending ending = Ending::Close, QObject *parent = nullptr)
        : ScriptedServer(Reply::of(bytes, ending), parent)
    { }

    // The n-th connection gets replies[n] (past the end: nothing, then a
    // close), as soon as its first bytes arrive.
    explicit ScriptedServer(const QList<QByteArray> &replies, QObject *parent = nullptr)
        : ScriptedServer(
                [this, replies](const QByteArray &) {
                    return std::optional(Reply::of(replies.value(m_requests.size())));
                },
                parent)
    { }

    // On 127.0.0.1 (the only address a test may use), on a free port.
    bool listen() { return QTcpServer::listen(QHostAddress::LocalHost, 0); }

    // What each connection answered so far had sent, in the order answered.
    const QList<QByteArray> &requests() const { return m_requests; }

private:
    struct Connection
    {
        QByteArray received;
        std::optional<Reply> reply;
        qsizetype nextPiece = 0;
        bool pieceDue = false;
        int repeatsLeft = 0;
        bool ended = false;
    };

    void adopt(QTcpSocket *socket)
    {
        auto connection = std::make_shared<Connection>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, connection] {
            const QByteArray bytes = socket->readAll();
            if (connection->reply)
                return; // answered already: the rest is ignored
            connection->received += bytes;
            connection->reply = m_script(connection->received);
            if (!connection->reply)
                return;
            m_requests.append(connection->received);
            connection->repeatsLeft = connection->reply->repeat;
            socket->write(connection->reply->bytes);
            advance(socket, connection);
        });
        connect(socket, &QTcpSocket::bytesWritten, socket, [socket, connection] {
            if (connection->reply)
                advance(socket, connection);
        });
    }

    // The next step of the reply: a piece when its time has come, more of
    // the repeated bytes while the client keeps up, then the ending.
    static void advance(QTcpSocket *socket, const std::shared_ptr<Connection> &connection)
    {
        Connection &c = *connection;
        const Reply &reply = *c.reply;
        if (c.nextPiece < reply.pieces.size()) {
            if (!c.pieceDue) {
                c.pieceDue = true;
                QTimer::singleShot(reply.pieceGap, socket, [socket, connection] {
                    connection->pieceDue = false;
                    socket->write(connection->reply->pieces.at(connection->nextPiece++));
                    advance(socket, connection);
                });
            }
            return;
        }
        while (c.repeatsLeft != 0 && socket->bytesToWrite() < 1024 * 1024) {
            socket->write(reply.repeated);
            if (c.repeatsLeft > 0)
                --c.repeatsLeft;
        }
        if (c.repeatsLeft != 0 || c.ended)
            return;
        switch (reply.ending) {
        case Ending::Close:
            c.ended = true;
            socket->disconnectFromHost(); // after what is still to be written
            break;
        case Ending::StayOpen:
            c.ended = true;
            break;
        case Ending::Reset:
            if (socket->bytesToWrite() > 0)
                return; // again on the next bytesWritten
            c.ended = true;
            // Time for the client to read what was sent before the reset.
            QTimer::singleShot(200, socket, [socket] {
                const linger reset{1, 0};
                ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
                socket->abort();
            });
            break;
        }
    }

    Script m_script;
    QList<QByteArray> m_requests;
};

// A port on 127.0.0.1 where nothing listens: connecting there is refused.
// 0 when no port could be had.
inline quint16 closedLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}
