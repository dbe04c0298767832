#include "server/shareserver.h"

#include "common/accesscode.h"
#include "os/sockets.h"
#include "os/uniquefd.h"
#include "server/servecontext.h"
#include "server/serveworker.h"
#include "server/sharelistener.h"

#include <QFileInfo>
#include <QThread>

#include <sys/socket.h>

ShareServer::ShareServer(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<TransferInfo>();
    qRegisterMetaType<QList<TransferInfo>>();
    qRegisterMetaType<PeerBlock>();
}

ShareServer::~ShareServer()
{
    stop();
}

bool ShareServer::start(const Options &options)
{
    stop();
    m_errorString.clear();

    const QFileInfo folder(options.folder);
    if (!folder.isDir()) {
        m_errorString = tr("The folder %1 does not exist.").arg(options.folder);
        return false;
    }
    if (!folder.isReadable() || !folder.isExecutable()) {
        m_errorString = tr("The folder %1 cannot be read.").arg(options.folder);
        return false;
    }
    if (!options.accessCode.isEmpty()) {
        if (const QString problem = AccessCode::validate(options.accessCode); !problem.isEmpty()) {
            m_errorString = problem;
            return false;
        }
    }
    for (const QString &name : options.allowedHosts) {
        if (const QString problem = HostCheck::validate(name); !problem.isEmpty()) {
            m_errorString = problem;
            return false;
        }
    }
    auto context = std::make_shared<ServeContext>(options.folder, options.accessCode, options.allowedHosts);
    context->legacyQuietPeriod = options.legacyQuietPeriod;
    context->requestDeadline = options.requestDeadline;
    context->keepAliveIdle = options.keepAliveIdle;
    context->stallDeadline = options.stallDeadline;
    context->minimumReadRate = options.minimumReadRate;
    context->useSendfile = options.useSendfile;
    context->keepFilesOpen = options.keepFilesOpen;
    context->evictIdleAfter = options.evictIdleAfter;
    if (options.tls) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(options.tls->certificate);
        tls.setPrivateKey(options.tls->key);
        tls.setProtocol(QSsl::TlsV1_2OrLater);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients show no certificate
        tls.setAllowedNextProtocols({QByteArray(QSslConfiguration::NextProtocolHttp1_1)});
        context->tls = tls;
    }

    m_listener = new ShareListener(this);
    connect(m_listener, &ShareListener::connectionAccepted, this, &ShareServer::dispatch);
    if (!m_listener->listen(options.address, options.port)) {
        m_errorString = m_listener->serverError() == QAbstractSocket::AddressInUseError
                                ? tr("Port %1 is already in use.").arg(options.port)
                                : tr("Cannot listen on %1 port %2: %3")
                                          .arg(options.address.toString())
                                          .arg(options.port)
                                          .arg(m_listener->errorString());
        delete m_listener;
        m_listener = nullptr;
        return false;
    }
    // Out of descriptors, the listener pauses and retries by itself; the
    // files the workers hold open give way to connections meanwhile.
    connect(m_listener, &ShareListener::descriptorsExhausted, this, [this] {
        for (ServeWorker *worker : std::as_const(m_workers))
            QMetaObject::invokeMethod(worker, &ServeWorker::releaseCachedFiles, Qt::QueuedConnection);
    });

    m_context = std::move(context);
    m_maxConnections = qMax(1, options.maxConnections);
    m_maxPerPeer = qMax(1, options.maxConnectionsPerPeer);
    const int threads = options.workerThreads > 0 ? options.workerThreads : qMax(1, QThread::idealThreadCount());
    for (int i = 0; i < threads; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("ferry-serve-%1").arg(i));
        auto *worker = new ServeWorker(m_context, options.maxPendingReports);
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        connect(worker, &ServeWorker::transfersUpdated, this,
                [this, inFlight = worker->batchesInFlight()](const QList<TransferInfo> &updates, int dropped) {
                    for (const TransferInfo &info : updates)
                        Q_EMIT transferUpdated(info);
                    if (dropped > 0)
                        Q_EMIT transferReportsDropped(dropped);
                    inFlight->fetch_sub(1); // the worker may send the next batch
                });
        connect(worker, &ServeWorker::connectionClosed, this, &ShareServer::onConnectionClosed);
        thread->start();
        m_threads.append(thread);
        m_workers.append(worker);
    }
    return true;
}

void ShareServer::stop()
{
    if (m_listener) {
        m_listener->close();
        delete m_listener;
        m_listener = nullptr;
    }
    for (ServeWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, &ServeWorker::closeAll, Qt::BlockingQueuedConnection);
    for (QThread *thread : std::as_const(m_threads)) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_workers.clear();
    m_context.reset();
    m_perPeer.clear();
    if (m_connections != 0) {
        m_connections = 0;
        Q_EMIT connectionCountChanged(0);
    }
}

bool ShareServer::isListening() const
{
    return m_listener && m_listener->isListening();
}

QHostAddress ShareServer::serverAddress() const
{
    return m_listener ? m_listener->serverAddress() : QHostAddress();
}

quint16 ShareServer::serverPort() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

QString ShareServer::folder() const
{
    return m_context ? m_context->root.path() : QString();
}

QString ShareServer::accessCode() const
{
    return m_context ? m_context->access.code() : QString();
}

void ShareServer::dispatch(qintptr descriptor)
{
    // Owned from here on, so that it is closed on every way it may go
    // (a worker's queued call dropped included). accept(2) made it an int;
    // QTcpServer only widened it.
    UniqueFd socket(static_cast<int>(descriptor));
    // One peer may not take every slot (with half-sent requests, say):
    // past its share it is told "busy" (a client retries later), and past
    // twice that closed before it costs a session.
    sockaddr_storage address{};
    if (!Os::peerAddress(socket.get(), address))
        return; // gone already
    const PeerBlock peer = PeerBlock::of(QHostAddress(reinterpret_cast<const sockaddr *>(&address)));
    int &held = m_perPeer[peer];
    if (held >= 2 * m_maxPerPeer)
        return;
    // Telling a client "busy" costs a session too; past a margin, refuse
    // outright (unless a worker can make room by closing an idle one), and
    // past twice that, without even asking a worker: a burst of connections
    // must not pile up open descriptors on the way to the workers.
    const int busyMargin = qMax(16, m_maxConnections / 4);
    if (m_connections >= m_maxConnections + 2 * busyMargin) {
        if (held == 0)
            m_perPeer.remove(peer);
        return;
    }
    using Admission = ServeWorker::Admission;
    const Admission admission = m_connections >= m_maxConnections + busyMargin ? Admission::Refuse
                                : held >= m_maxPerPeer                         ? Admission::PeerBusy
                                : m_connections >= m_maxConnections            ? Admission::Busy
                                                                               : Admission::Serve;
    ServeWorker *worker = m_workers.at(m_nextWorker);
    m_nextWorker = (m_nextWorker + 1) % m_workers.size();
    ++held;
    ++m_connections;
    Q_EMIT connectionCountChanged(m_connections);
    QMetaObject::invokeMethod(
            worker,
            [worker, socket = std::move(socket), admission, peer]() mutable {
                worker->adopt(std::move(socket), admission, peer);
            },
            Qt::QueuedConnection);
}

void ShareServer::onConnectionClosed(const PeerBlock &peer)
{
    if (m_connections == 0)
        return; // a late report from a worker of a server already stopped
    if (const auto held = m_perPeer.find(peer); held != m_perPeer.end() && --*held <= 0)
        m_perPeer.erase(held);
    --m_connections;
    Q_EMIT connectionCountChanged(m_connections);
}
