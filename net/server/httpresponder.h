#pragma once

#include "server/transferinfo.h"
#include "share/accessgate.h"
#include "share/digestcache.h"
#include "share/filehandle.h"
#include "share/listingcache.h"
#include "share/shareroot.h"

#include <QByteArray>
#include <QFuture>
#include <QString>

#include <memory>

class OpenFileCache;
class ShareRoot;
struct HttpRequest;

// What to send for one HTTP request: a head, maybe a small generated body
// (errors, listings), maybe a range of a file to stream. Decided without
// touching the socket, so every rule here is testable on its own.
struct HttpReply
{
    QByteArray head;
    QByteArray body; // sent right after the head
    FileHandle file; // then, when open, `length` bytes from `offset`
    qint64 offset = 0;
    qint64 length = 0;
    QString name; // what the transfer list shows
    TransferInfo::State outcome = TransferInfo::State::Done; // when nothing is streamed
    bool keepAlive = true;
    // The body is the whole file (not a range, not a HEAD).
    bool wholeFile = false;
    // Once the whole file has left, hash it in the background (see
    // DigestCache::computeWhenIdle): its digest is not known yet. The
    // hashing a peer can cause is then at most what it downloaded.
    bool hashWhenSent = false;
    DigestCache::Key digestKey; // of `file`
    // The client asked for a digest not yet known: answer again once this
    // finishes (the head above is not to be sent).
    std::optional<QFuture<QByteArray>> awaitDigest;
    // A folder's listing: streamed after the head (and the body) when set.
    std::shared_ptr<const ListingDocument> listing;
    // The listing is being built: once it is, listingReply() answers
    // (the head above is not to be sent; `name` says what is listed).
    std::optional<ListingCache::Ticket> awaitListing;
};

namespace HttpResponder {

// The reply to a well-formed request (method, path and headers parsed).
// A file's SHA-256 is offered (Repr-Digest) whenever `digests` knows it;
// when the client asks for it (Want-Repr-Digest / Want-Digest) and it is
// unknown, the reply is to wait for it, unless `mayWait` is false or too
// many digests are being waited for already. Otherwise the reply says to
// hash the file in the background once all of it was sent (hashWhenSent).
// Files are opened through `files` when given (a worker thread's cache).
// Folders are listed through `listings` when given (the server's cache,
// which builds them off the calling thread); without it, at once.
HttpReply respond(const HttpRequest &request, const ShareRoot &root, DigestCache &digests, bool mayWait = true,
                  OpenFileCache *files = nullptr, ListingCache *listings = nullptr);

// The reply to a listing request once its document is built (`name`: the
// folder's URL path, as the waiting reply had it); 403 without a document.
HttpReply listingReply(const HttpRequest &request, const QString &name, const ListingCache::Document &document);

// What identifies the version of a file its digest describes.
DigestCache::Key digestKey(const ShareRoot::FileStatus &status);

// True when the request asks for a SHA-256 digest of the representation.
bool wantsDigest(const HttpRequest &request);

// The reply when the request could not even be parsed (400, 414, 431...),
// or when the server refuses to take it (503). Always closes.
HttpReply error(int status, const QString &name = {});

// The reply to a request without the share's access code (401, with a
// Basic challenge and a small page asking for the code) or from a peer that
// guessed wrong too often (429).
HttpReply accessDenied(AccessGate::Verdict verdict, const HttpRequest &request);

// The reply to a plain HTTP request on an encrypted share: 308 to the
// same target over https at `authority` (the request's Host), with no
// page, so that nothing of the share, and no access code, is answered in
// the clear.
HttpReply toHttps(const HttpRequest &request, const QByteArray &authority);

// Adds one header field to a reply's head (e.g. the access cookie).
void addHeader(HttpReply &reply, QByteArrayView name, QByteArrayView value);

// A strong validator from what identifies one version of a file.
QByteArray entityTag(qint64 size, qint64 modifiedNs, quint64 inode);

// RFC 6266 Content-Disposition carrying the name as UTF-8 in both filename= (for
// curl -OJ, which ignores filename*) and filename*=.
QByteArray contentDisposition(const QString &fileName);

} // namespace HttpResponder
