#pragma once

#include "common/deadline.h"
#include "server/bodysender.h"
#include "server/listingsender.h"
#include "server/servecontext.h"
#include "server/transferinfo.h"
#include "share/digestcache.h"
#include "share/filehandle.h"
#include "wire/httprequest.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

class OpenFileCache;
class QTcpSocket;
struct HttpReply;

// One client connection on a share: tells the dialect from the first bytes,
// answers one legacy request or a sequence of HTTP requests, and has its
// BodySender stream the file bodies. Lives on a worker thread and deletes
// itself when the connection ends.
class ServeSession final : public QObject
{
    Q_OBJECT

public:
    // `files` (the worker thread's cache of open files) must outlive the session.
    ServeSession(QTcpSocket *socket, std::shared_ptr<const ServeContext> context, OpenFileCache *files, bool overloaded,
                 QObject *parent = nullptr);
    ~ServeSession() override;

    // Ends the connection now (server shutting down).
    void abort();
    // How long the connection has been waiting for its next request to be
    // complete (new, or between keep-alive requests), silent or with part
    // of one; -1 while it has a request to answer.
    qint64 waitingMs() const;

Q_SIGNALS:
    void transferUpdated(const TransferInfo &info);
    void finished();

private:
    enum class Phase {
        ReadingRequest,
        AwaitingDigest,
        Sending,
        AwaitingListing, // its listing is being built, off this thread
        SendingListing,
        Flushing, // a reply waits for the peer to read it before the next request
        Closing,
    };

    void onReadyRead();
    void onDisconnected();
    void onDeadline();
    void watchTls();
    QByteArray authorityOf(const HttpRequest &request) const;
    void addSessionCookie(HttpReply &reply, const HttpRequest &request) const;

    void readIntoInbox();
    void processInbox();
    void processHttp();
    // Serves the legacy name in the inbox if it names a file; when `final`,
    // answers a name that does not with zero bytes and a close.
    bool serveLegacy(bool final);
    void respondTo(const HttpRequest &request, bool mayWaitForDigest);
    void answerAwaitedRequest();
    void hashIfWhollySent();
    void sendReply(HttpReply reply);
    void awaitListing(const HttpRequest &request, HttpReply pending);
    void sendListing(QByteArray head, std::shared_ptr<const ListingDocument> document);
    void send(const QByteArray &bytes);
    void nextRequestOrClose();

    void beginTransfer(const QString &name, Dialect dialect);
    void startBody(FileHandle file, qint64 offset, qint64 bytes);
    void endBody();
    void abortTruncatedBody(qint64 atByte);
    void finishTransfer(TransferInfo::State state);
    void reportProgress(bool force);
    void checkReadRate();
    void closeAfterWrite();
    void resetConnection();

    QTcpSocket *m_socket;
    std::shared_ptr<const ServeContext> m_context;
    OpenFileCache *m_files;
    BodySender m_body;
    ListingSender m_listing;
    std::shared_ptr<const void> m_listingInterest; // in Phase::AwaitingListing: keeps its build wanted
    Deadline m_deadline;
    QTimer m_quiet;
    QByteArray m_inbox;
    Phase m_phase = Phase::ReadingRequest;
    Dialect m_dialect = Dialect::Undecided;
    bool m_keepAlive = false;
    bool m_overloaded;
    bool m_encrypted; // a QSslSocket: HTTP inside TLS
    bool m_ended = false; // finished() was emitted

    TransferInfo m_transfer;
    bool m_inTransfer = false;
    QElapsedTimer m_sinceProgress;
    QElapsedTimer m_waitingSince;
    HttpRequest m_awaitingDigestFor; // in Phase::AwaitingDigest
    QFutureWatcher<QByteArray> *m_digestWatcher = nullptr; // the same
    // The file of the reply under way, to hash once all of it has left.
    std::optional<std::pair<DigestCache::Key, FileHandle>> m_hashWhenSent;
    QElapsedTimer m_rateWindow; // see checkReadRate()
    qint64 m_sentBeforeWindow = 0;
};
