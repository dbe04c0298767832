#pragma once

#include <QHostAddress>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <memory>
#include <unistd.h>

// An HTTPS front for a plain test server: it listens on 127.0.0.1 with a
// given certificate and key, and relays every connection whose handshake
// completes to a plain TCP server at 127.0.0.1:backendPort, both ways, so
// that a ScriptedServer or a real Ferry share can be reached over TLS.
//
// Closes travel through: when the backend closes, what it sent is
// relayed, then the TLS side is closed (close_notify, then FIN); when the
// client closes, what it sent is relayed, then the backend is closed. Each
// direction holds at most about a quarter of a MiB: reading a side pauses
// while the other still has that much to write, so bodies of any size
// flow through in bounded memory (peakBuffered() tells).
class TlsFrontend final : public QTcpServer
{
public:
    TlsFrontend(const QSslCertificate &certificate, const QSslKey &key, quint16 backendPort, QObject *parent = nullptr)
        : QTcpServer(parent)
        , m_backendPort(backendPort)
    {
        m_configuration = QSslConfiguration::defaultConfiguration();
        m_configuration.setLocalCertificate(certificate);
        m_configuration.setPrivateKey(key);
        m_configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    }

    // A socket that dies with the frontend still signals while being
    // destroyed; its relay must not hear it, as the other socket may be
    // gone already.
    ~TlsFrontend() override
    {
        const auto sockets = findChildren<QAbstractSocket *>(Qt::FindDirectChildrenOnly);
        for (QAbstractSocket *socket : sockets)
            socket->disconnect();
    }

    // On a free port of `address` (127.0.0.1 or ::1: a test uses nothing else).
    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost))
    {
        return QTcpServer::listen(address, 0);
    }
    quint16 port() const { return serverPort(); }

    // Connections that became encrypted, and those that ended before (the
    // client rejected the certificate, spoke no TLS or said nothing for
    // handshakeTimeout). With TLS 1.3 the server finishes its side of the
    // handshake before the client has judged the certificate, so a client
    // that refuses it may be counted in either.
    int handshakesCompleted() const { return m_completed; }
    int handshakesFailed() const { return m_failed; }
    // Connections with either side still open.
    int openConnections() const { return m_open; }
    // The most bytes one connection ever held here, in both directions:
    // read buffers plus what waits to be written (before and after
    // encryption).
    qint64 peakBuffered() const { return m_peakBuffered; }

    static constexpr std::chrono::seconds handshakeTimeout{10};

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *tls = new QSslSocket(this);
        if (!tls->setSocketDescriptor(descriptor)) {
            ::close(int(descriptor));
            delete tls;
            ++m_failed;
            return;
        }
        ++m_open;
        auto relay = std::make_shared<Relay>(this, tls);
        QObject::connect(tls, &QSslSocket::encrypted, tls, [relay] { relay->start(); });
        QObject::connect(tls, &QAbstractSocket::errorOccurred, tls, [relay] { relay->handshakeFailed(); });
        QTimer::singleShot(handshakeTimeout, tls, [relay] { relay->handshakeFailed(); });
        tls->setSslConfiguration(m_configuration);
        tls->setReadBufferSize(bufferSize);
        tls->startServerEncryption();
    }

private:
    static constexpr qint64 bufferSize = 128 * 1024; // read buffer of each socket
    static constexpr qint64 highWater = 128 * 1024; // the most one side may have to write before reading stops
    static constexpr qint64 chunk = 32 * 1024;

    // One client connection and, once its handshake is done, the backend
    // connection it is relayed to. Once relaying, every signal of either
    // socket calls settle().
    struct Relay : std::enable_shared_from_this<Relay>
    {
        Relay(TlsFrontend *frontend, QSslSocket *tls)
            : frontend(frontend)
            , tls(tls)
        { }

        void start()
        {
            encrypted = true;
            ++frontend->m_completed;
            backend = new QTcpSocket(frontend);
            backend->setReadBufferSize(bufferSize);
            const auto settleSelf = [self = shared_from_this()] { self->settle(); };
            QObject::connect(tls, &QIODevice::readyRead, tls, settleSelf);
            QObject::connect(tls, &QIODevice::bytesWritten, tls, settleSelf);
            QObject::connect(tls, &QSslSocket::encryptedBytesWritten, tls, settleSelf);
            QObject::connect(tls, &QAbstractSocket::stateChanged, tls, settleSelf);
            QObject::connect(backend, &QAbstractSocket::connected, backend, settleSelf);
            QObject::connect(backend, &QIODevice::readyRead, backend, settleSelf);
            QObject::connect(backend, &QIODevice::bytesWritten, backend, settleSelf);
            QObject::connect(backend, &QAbstractSocket::stateChanged, backend, settleSelf);
            backend->connectToHost(QHostAddress(QHostAddress::LocalHost), frontend->m_backendPort);
            settle(); // bytes may have come with the handshake
        }

        void handshakeFailed()
        {
            if (encrypted || ended)
                return;
            ended = true;
            ++frontend->m_failed;
            --frontend->m_open;
            tls->abort();
            tls->deleteLater();
        }

        // Moves what can be moved, then passes on a close that has come
        // through, and lets go of both sockets once both are closed.
        void settle()
        {
            if (ended)
                return;
            relay(tls, backend, backend->bytesToWrite());
            relay(backend, tls, tls->bytesToWrite() + tls->encryptedBytesToWrite());
            frontend->m_peakBuffered = std::max(frontend->m_peakBuffered, buffered());

            const bool tlsClosed = tls->state() == QAbstractSocket::UnconnectedState;
            const bool backendClosed = backend->state() == QAbstractSocket::UnconnectedState;
            if (backendClosed && backend->bytesAvailable() == 0 && tls->state() == QAbstractSocket::ConnectedState)
                tls->disconnectFromHost(); // after what waits to be written
            if (tlsClosed && tls->bytesAvailable() == 0 && !backendClosed
                && backend->state() != QAbstractSocket::ClosingState)
                backend->disconnectFromHost();
            // Either call above may have closed a socket at once, and
            // settled this relay from within.
            if (!ended && tlsClosed && backend->state() == QAbstractSocket::UnconnectedState) {
                ended = true;
                --frontend->m_open;
                tls->deleteLater();
                backend->deleteLater();
            }
        }

        // From `from` to `to`, while `to` has room. Bytes wait while `to`
        // connects, and are dropped once it is closed or closing: nobody
        // is left to take them.
        static void relay(QIODevice *from, QAbstractSocket *to, qint64 pending)
        {
            switch (to->state()) {
            case QAbstractSocket::ConnectedState:
                break;
            case QAbstractSocket::UnconnectedState:
            case QAbstractSocket::ClosingState:
                if (from->isOpen())
                    from->skip(from->bytesAvailable());
                return;
            default:
                return;
            }
            while (from->bytesAvailable() > 0 && pending < highWater) {
                const QByteArray bytes = from->read(chunk);
                to->write(bytes);
                pending += bytes.size();
            }
        }

        qint64 buffered() const
        {
            return tls->bytesAvailable() + tls->encryptedBytesAvailable() + tls->bytesToWrite()
                   + tls->encryptedBytesToWrite() + backend->bytesAvailable() + backend->bytesToWrite();
        }

        TlsFrontend *frontend;
        QSslSocket *tls;
        QTcpSocket *backend = nullptr;
        bool encrypted = false;
        bool ended = false;
    };

    quint16 m_backendPort;
    QSslConfiguration m_configuration;
    int m_completed = 0;
    int m_failed = 0;
    int m_open = 0;
    qint64 m_peakBuffered = 0;
};
