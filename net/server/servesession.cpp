#include "server/servesession.h"

#include "os/sockets.h"
#include "server/httpresponder.h"
#include "server/servelimits.h"
#include "server/sessionsocket.h"
#include "wire/httprequest.h"
#include "wire/legacyname.h"

#include <QFutureWatcher>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcServe, "ferry.serve")

namespace {

// Requests are small; a peer cannot make us buffer more than this.
constexpr qint64 ReadBufferBytes = 64 * 1024;
constexpr int ProgressIntervalMs = 100;

// "192.0.2.7:51234" or "[2001:db8::7]:51234"; IPv4 peers of a dual-stack
// socket are shown as IPv4, not as ::ffff:a.b.c.d.
QString peerName(const QHostAddress &address, quint16 port)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QStringLiteral("%1:%2").arg(QHostAddress(v4).toString()).arg(port);
    return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
}

} // namespace

ServeSession::ServeSession(QTcpSocket *socket, std::shared_ptr<const ServeContext> context, OpenFileCache *files,
                           bool overloaded, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_context(std::move(context))
    , m_files(files)
    , m_body(socket, this)
    , m_listing(socket, this)
    , m_deadline(this)
    , m_quiet(this)
    , m_overloaded(overloaded)
    , m_encrypted(SessionSocket::isEncrypted(socket))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(ReadBufferBytes);
    m_transfer.peer = peerName(m_socket->peerAddress(), m_socket->peerPort());

    m_quiet.setSingleShot(true);
    m_quiet.setInterval(m_context->legacyQuietPeriod);
    connect(&m_deadline, &Deadline::expired, this, &ServeSession::onDeadline);
    connect(&m_quiet, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::ReadingRequest && m_dialect != Dialect::Http)
            serveLegacy(true);
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &ServeSession::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &ServeSession::onDisconnected);
    SessionSocket::onBytesLeft(m_socket, this, [this] {
        if (m_phase == Phase::Flushing)
            nextRequestOrClose();
    });
    if (m_encrypted)
        watchTls();
    connect(&m_body, &BodySender::peerReading, this, [this] {
        m_deadline.start(m_context->stallDeadline);
        checkReadRate();
    });
    connect(&m_body, &BodySender::progressed, this, [this] { reportProgress(false); });
    connect(&m_listing, &ListingSender::peerReading, this, [this] { m_deadline.start(m_context->stallDeadline); });
    connect(&m_listing, &ListingSender::finished, this, [this] {
        finishTransfer(TransferInfo::State::Done);
        nextRequestOrClose();
    });
    connect(&m_body, &BodySender::finished, this, &ServeSession::endBody);
    connect(&m_body, &BodySender::truncated, this, &ServeSession::abortTruncatedBody);
    connect(&m_body, &BodySender::peerGone, this, [this] {
        finishTransfer(TransferInfo::State::Aborted);
        m_phase = Phase::Closing;
        m_socket->abort();
    });

    m_deadline.start(m_context->requestDeadline);
    m_waitingSince.start();
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

ServeSession::~ServeSession() = default;

void ServeSession::abort()
{
    m_body.stop();
    m_socket->abort();
}

qint64 ServeSession::waitingMs() const
{
    return m_phase == Phase::ReadingRequest ? m_waitingSince.elapsed() : -1;
}

void ServeSession::watchTls()
{
    // Qt 6.4 reports a failed handshake (an old version, garbage after the
    // first byte, a record cut short) and a close_notify that comes without
    // the TCP close only as errors, and the connection may stay open:
    // either way it is over.
    connect(m_socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        qCDebug(lcServe) << m_transfer.peer << "TLS connection ended:" << error << m_socket->errorString();
        if (m_ended)
            return;
        m_body.stop();
        m_socket->abort();
        onDisconnected();
    });
}

// Where the client reached us: its Host field (already checked against the
// share's names), else the address and port it connected to.
QByteArray ServeSession::authorityOf(const HttpRequest &request) const
{
    const QByteArray host = request.header("host");
    if (!host.isEmpty())
        return host;
    const QHostAddress local = m_socket->localAddress();
    const QString address = local.protocol() == QAbstractSocket::IPv6Protocol
                                    ? QLatin1Char('[') + local.toString() + QLatin1Char(']')
                                    : local.toString();
    return (address + QLatin1Char(':') + QString::number(m_socket->localPort())).toLatin1();
}

void ServeSession::addSessionCookie(HttpReply &reply, const HttpRequest &request) const
{
    QByteArray cookie = m_context->access.sessionCookieFor(request, m_socket->localPort());
    if (cookie.isEmpty())
        return;
    // On an encrypted share the code only ever travels encrypted: so must
    // the cookie that stands for it.
    if (m_encrypted)
        cookie += "; Secure";
    HttpResponder::addHeader(reply, "Set-Cookie", cookie);
}

void ServeSession::onReadyRead()
{
    if (m_phase != Phase::ReadingRequest)
        return; // pipelined bytes wait in the bounded socket buffer
    readIntoInbox();
    processInbox();
}

void ServeSession::readIntoInbox()
{
    const qint64 room = HttpLimits::MaxHeadBytes + 1 - m_inbox.size();
    if (room > 0)
        m_inbox += m_socket->read(room);
}

void ServeSession::processInbox()
{
    if (m_inbox.isEmpty())
        return;
    if (m_dialect != Dialect::Http)
        m_dialect = sniffDialect(m_inbox);
    if (m_dialect == Dialect::Tls) {
        // An HTTPS client at a share that does not encrypt (or one
        // handshaking twice): nothing it could understand can be sent.
        qCInfo(lcServe) << m_transfer.peer << "began a TLS handshake; this share does not encrypt";
        return closeAfterWrite();
    }
    if (m_overloaded) {
        // At the connection limit: say so without touching any file.
        if (m_dialect == Dialect::Http)
            sendReply(HttpResponder::error(503));
        else
            closeAfterWrite(); // the legacy dialect can only close
        return;
    }
    if (m_dialect == Dialect::Http) {
        m_quiet.stop();
        processHttp();
        return;
    }
    // Legacy or still undecided: serve the moment the name resolves to a
    // file; otherwise wait for more of the name until the peer goes quiet.
    const bool final = m_inbox.size() >= LegacyName::MaxBytes;
    if (final)
        m_inbox.truncate(LegacyName::MaxBytes);
    if (m_context->access.isRequired() && m_dialect == Dialect::Undecided && !final) {
        m_quiet.start(); // may still become an HTTP request carrying the code
        return;
    }
    if (!serveLegacy(final))
        m_quiet.start();
}

void ServeSession::processHttp()
{
    const qsizetype headEnd = findHeadEnd(m_inbox);
    if (headEnd < 0) {
        if (m_inbox.size() > HttpLimits::MaxHeadBytes)
            sendReply(HttpResponder::error(431));
        return;
    }
    const QByteArray head = m_inbox.left(headEnd);
    m_inbox.remove(0, headEnd);
    const auto parsed = parseHttpRequest(head);
    if (const int *status = std::get_if<int>(&parsed))
        sendReply(HttpResponder::error(*status, QString::fromLatin1(head.left(head.indexOf('\n')).trimmed())));
    else
        respondTo(std::get<HttpRequest>(parsed), true);
}

void ServeSession::respondTo(const HttpRequest &request, bool mayWaitForDigest)
{
    // A body the head frames is never left to be read as the next request.
    if (const int refusal = request.bodyRefusal())
        return sendReply(HttpResponder::error(refusal, request.path));
    // A name this share is not known by: a web page elsewhere whose name
    // was pointed at this machine (DNS rebinding).
    if (!m_context->hosts.admits(request.header("host")))
        return sendReply(HttpResponder::error(421, request.path));
    if (m_context->tls && !m_encrypted)
        return sendReply(HttpResponder::toHttps(request, authorityOf(request)));
    const quint16 port = m_socket->localPort(); // names the session cookie
    const AccessGate::Verdict verdict = m_context->access.check(request, m_socket->peerAddress(), port);
    if (verdict != AccessGate::Verdict::Admitted) {
        sendReply(HttpResponder::accessDenied(verdict, request));
        return;
    }
    HttpReply reply = HttpResponder::respond(request, m_context->root, m_context->digests, mayWaitForDigest, m_files,
                                             &m_context->listings);
    if (!reply.head.isEmpty())
        addSessionCookie(reply, request);
    if (reply.awaitListing)
        return awaitListing(request, std::move(reply));
    if (!reply.awaitDigest) {
        sendReply(std::move(reply));
        return;
    }
    // Hashing runs on the digest cache's thread; answer once it is done,
    // or without the digest once the wait has lasted long enough (see
    // onDeadline). A watcher, not QFuture::then(this): Qt 6.4 runs a
    // continuation even after its context object is gone.
    m_phase = Phase::AwaitingDigest;
    m_awaitingDigestFor = request;
    m_deadline.start(std::min<std::chrono::milliseconds>(m_context->stallDeadline, ServeLimits::DigestWait));
    m_digestWatcher = new QFutureWatcher<QByteArray>(this);
    connect(m_digestWatcher, &QFutureWatcherBase::finished, this, &ServeSession::answerAwaitedRequest);
    m_digestWatcher->setFuture(*reply.awaitDigest);
}

void ServeSession::answerAwaitedRequest()
{
    if (m_digestWatcher) {
        m_digestWatcher->disconnect(this);
        m_digestWatcher->deleteLater();
        m_digestWatcher = nullptr;
    }
    if (m_phase != Phase::AwaitingDigest)
        return;
    m_phase = Phase::ReadingRequest; // not yet answered
    const HttpRequest request = std::exchange(m_awaitingDigestFor, {});
    respondTo(request, false);
}

bool ServeSession::serveLegacy(bool final)
{
    if (m_context->access.isRequired()) {
        // The tutorial protocol has no room for a code: refuse it, the
        // only way it knows (a close without a byte).
        m_quiet.stop();
        m_dialect = Dialect::Legacy;
        beginTransfer(LegacyName::shownName(m_inbox), Dialect::Legacy);
        finishTransfer(TransferInfo::State::Unauthorized);
        closeAfterWrite();
        return true;
    }
    ShareRoot::OpenedFile opened; // of the last reading looked up: the one found, if any
    const LegacyName::Completion completion = LegacyName::complete(m_inbox, final, [&](const QString &reading) {
        opened = m_context->root.open(reading);
        return opened.status == ShareRoot::Status::Ok         ? LegacyName::Lookup::Found
               : opened.status == ShareRoot::Status::NotFound ? LegacyName::Lookup::Missing
                                                              : LegacyName::Lookup::Refused;
    });
    if (completion.waitForMore)
        return false;

    m_quiet.stop();
    m_dialect = Dialect::Legacy;
    beginTransfer(completion.name, Dialect::Legacy);
    if (completion.outcome != LegacyName::Lookup::Found) {
        // Zero bytes and a close: "not found".
        finishTransfer(completion.outcome == LegacyName::Lookup::Missing ? TransferInfo::State::NotFound
                                                                         : TransferInfo::State::Refused);
        closeAfterWrite();
        return true;
    }
    startBody(std::move(opened.file), 0, opened.fileStatus.size);
    return true;
}

void ServeSession::sendReply(HttpReply reply)
{
    beginTransfer(reply.name, m_encrypted ? Dialect::Tls : Dialect::Http);
    m_keepAlive = reply.keepAlive;
    // The head and a small body leave in one write: one segment and one
    // wake-up of the peer instead of two (QTcpSocket writes each buffered
    // block with its own system call).
    QByteArray out = std::move(reply.head);
    out += reply.body;
    if (reply.hashWhenSent)
        m_hashWhenSent = {reply.digestKey, reply.file};
    if (reply.listing)
        return sendListing(std::move(out), std::move(reply.listing));
    if (reply.file && reply.length > 0) {
        if (reply.length >= BodySender::StreamMinBytes) {
            send(out);
            startBody(std::move(reply.file), reply.offset, reply.length);
            return;
        }
        m_transfer.size = reply.length;
        const qsizetype headSize = out.size();
        out.resize(headSize + reply.length);
        const qint64 got = reply.file.readAt(out.data() + headSize, reply.length, reply.offset);
        if (got != reply.length)
            return abortTruncatedBody(qMax<qint64>(got, 0)); // nothing sent yet: the close says it all
    }
    send(out);
    finishTransfer(reply.file ? TransferInfo::State::Done : reply.outcome);
    hashIfWhollySent();
    nextRequestOrClose();
}

// Listings are built on the listing cache's own thread: answer once this
// one is. The continuation is dropped if this session is gone by then, and
// with it the last interest in a build not yet started, which is dropped too.
void ServeSession::awaitListing(const HttpRequest &request, HttpReply pending)
{
    m_phase = Phase::AwaitingListing;
    m_deadline.start(m_context->stallDeadline);
    m_listingInterest = std::move(pending.awaitListing->interest);
    // A watcher owned by the session, not QFuture::then(this, ...), whose
    // continuation Qt 6.4 can touch after it is freed.
    auto *watcher = new QFutureWatcher<ListingCache::Document>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, request, name = pending.name] {
        watcher->deleteLater();
        if (m_phase != Phase::AwaitingListing || watcher->future().resultCount() == 0)
            return;
        m_listingInterest.reset();
        HttpReply reply = HttpResponder::listingReply(request, name, watcher->future().result());
        addSessionCookie(reply, request);
        sendReply(std::move(reply));
    });
    watcher->setFuture(pending.awaitListing->future);
}

void ServeSession::sendListing(QByteArray head, std::shared_ptr<const ListingDocument> document)
{
    m_transfer.size = document->size();
    if (document->pieces().size() <= 1) {
        // A small listing leaves with its head in one write, as a small body does.
        if (!document->pieces().isEmpty())
            head += document->pieces().first();
        send(head);
        finishTransfer(TransferInfo::State::Done);
        nextRequestOrClose();
        return;
    }
    send(head);
    m_phase = Phase::SendingListing;
    m_deadline.start(m_context->stallDeadline);
    Q_EMIT transferUpdated(m_transfer);
    m_listing.start(std::move(document));
}

void ServeSession::send(const QByteArray &bytes)
{
    // Straight to the descriptor while QTcpSocket holds nothing: a reply
    // then leaves in one system call, without arming and disarming the
    // socket's write notifier (two wake-ups of the event loop per reply).
    qint64 done = 0;
    if (!m_encrypted && m_socket->bytesToWrite() == 0)
        done = qMax<qint64>(Os::sendNow(m_socket->socketDescriptor(), bytes.constData(), bytes.size()), 0);
    if (done < bytes.size()) // the rest, or an error QTcpSocket will report
        m_socket->write(bytes.constData() + done, bytes.size() - done);
}

void ServeSession::nextRequestOrClose()
{
    if (m_dialect == Dialect::Http && m_keepAlive && SessionSocket::unsentBytes(m_socket) > 0) {
        // The peer has not taken this reply yet: its next request waits in
        // the bounded socket buffer until it has, so that a peer pipelining
        // requests without reading cannot make replies pile up here.
        m_phase = Phase::Flushing;
        m_deadline.start(m_context->stallDeadline);
        return;
    }
    if (m_dialect == Dialect::Http && m_keepAlive) {
        m_phase = Phase::ReadingRequest;
        m_deadline.start(m_context->keepAliveIdle);
        m_waitingSince.start();
        readIntoInbox();
        processInbox();
    } else {
        closeAfterWrite();
    }
}

void ServeSession::beginTransfer(const QString &name, Dialect dialect)
{
    m_transfer.id = m_context->nextTransferId();
    m_transfer.name = name;
    m_transfer.dialect = dialect;
    m_transfer.size = -1;
    m_transfer.sent = 0;
    m_transfer.state = TransferInfo::State::Sending;
    m_inTransfer = true;
}

void ServeSession::startBody(FileHandle file, qint64 offset, qint64 bytes)
{
    m_transfer.size = bytes;
    m_phase = Phase::Sending;
    m_deadline.start(m_context->stallDeadline);
    m_sinceProgress.start();
    m_rateWindow.start();
    m_sentBeforeWindow = 0;
    Q_EMIT transferUpdated(m_transfer);
    // Not in the legacy dialect: bytes handed to sendfile are read from the
    // page cache as they leave, so a file cut short meanwhile can send
    // zeros from the cut on. HTTP clients see such a response end short of
    // its Content-Length (and their resume is tied to the ETag); a legacy
    // client has nothing to check, so it gets copies.
    m_body.start(std::move(file), offset, bytes, m_context->useSendfile && m_dialect == Dialect::Http);
}

void ServeSession::endBody()
{
    finishTransfer(TransferInfo::State::Done);
    hashIfWhollySent();
    nextRequestOrClose();
}

void ServeSession::hashIfWhollySent()
{
    if (!m_hashWhenSent)
        return;
    m_context->digests.computeWhenIdle(m_hashWhenSent->first, m_hashWhenSent->second);
    m_hashWhenSent.reset();
}

void ServeSession::abortTruncatedBody(qint64 atByte)
{
    // The file shrank or failed under us: the announced size can no longer
    // be honoured, so end the connection rather than lie.
    qCWarning(lcServe) << "file changed while sending" << m_transfer.name << "at byte" << atByte;
    m_hashWhenSent.reset();
    finishTransfer(TransferInfo::State::Aborted);
    resetConnection();
}

void ServeSession::reportProgress(bool force)
{
    m_transfer.sent = m_body.sent();
    if (force || m_sinceProgress.elapsed() >= ProgressIntervalMs) {
        m_sinceProgress.restart();
        Q_EMIT transferUpdated(m_transfer);
    }
}

// A peer that reads a byte now and then never stalls, yet could hold its
// slot for days: over each stall timeout, a body must be taken at the
// minimum rate at least.
void ServeSession::checkReadRate()
{
    const qint64 window = m_context->stallDeadline.count();
    if (m_context->minimumReadRate <= 0 || m_rateWindow.elapsed() < window)
        return;
    const qint64 sent = m_body.sent();
    if ((sent - m_sentBeforeWindow) * 1000 < m_context->minimumReadRate * m_rateWindow.elapsed()) {
        qCInfo(lcServe) << m_transfer.peer << "reads slower than" << m_context->minimumReadRate << "bytes/s; closing";
        m_body.stop();
        finishTransfer(TransferInfo::State::Aborted);
        resetConnection();
        return;
    }
    m_rateWindow.start();
    m_sentBeforeWindow = sent;
}

void ServeSession::finishTransfer(TransferInfo::State state)
{
    if (!m_inTransfer)
        return;
    m_inTransfer = false;
    if (state == TransferInfo::State::Done && m_transfer.size >= 0)
        m_transfer.sent = m_transfer.size;
    m_transfer.state = state;
    Q_EMIT transferUpdated(m_transfer);
}

void ServeSession::closeAfterWrite()
{
    m_phase = Phase::Closing;
    m_quiet.stop();
    m_deadline.start(m_context->stallDeadline);
    m_socket->disconnectFromHost();
}

// Ends the connection with a reset rather than the orderly close that, in
// the legacy dialect, means "that was the whole file": a peer must never
// take the bytes it got before a failure for a complete file.
void ServeSession::resetConnection()
{
    m_phase = Phase::Closing;
    if (const qintptr socket = m_socket->socketDescriptor(); socket >= 0)
        Os::setResetOnClose(socket);
    m_socket->abort();
}

void ServeSession::onDeadline()
{
    if (m_phase == Phase::AwaitingDigest) {
        // Hashing takes longer than a client may be kept waiting: answer
        // without the digest (it goes on, and a later request gets it).
        answerAwaitedRequest();
        return;
    }
    m_body.stop();
    m_hashWhenSent.reset();
    if (m_phase == Phase::Sending)
        qCInfo(lcServe) << m_transfer.peer << "stopped reading; closing";
    const bool midBody = m_phase == Phase::Sending;
    finishTransfer(TransferInfo::State::Aborted);
    if (midBody) {
        resetConnection();
        return;
    }
    m_phase = Phase::Closing;
    m_socket->abort();
}

void ServeSession::onDisconnected()
{
    if (m_ended)
        return; // a TLS failure reported both ways
    m_ended = true;
    m_body.stop();
    m_listing.stop();
    m_listingInterest.reset();
    m_hashWhenSent.reset();
    if (m_phase == Phase::Sending)
        reportProgress(true);
    finishTransfer(TransferInfo::State::Aborted);
    m_phase = Phase::Closing;
    m_deadline.stop();
    m_quiet.stop();
    Q_EMIT finished();
    deleteLater();
}
