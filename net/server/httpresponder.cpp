#include "server/httpresponder.h"

#include "common/sha256.h"
#include "server/servecontext.h"
#include "share/directorylisting.h"
#include "share/openfilecache.h"
#include "share/shareroot.h"
#include "wire/byterange.h"
#include "wire/httpdate.h"
#include "wire/httprequest.h"
#include "wire/httpresponse.h"

#include <QFile>
#include <QHash>
#include <QMimeDatabase>
#include <QUrl>

namespace {

QByteArray contentTypeFor(const QString &fileName)
{
    // The MIME database matches glob patterns (some compiled as regular
    // expressions) on every lookup; names with the same suffix share the
    // answer, so remember it per thread.
    thread_local QHash<QString, QByteArray> bySuffix;
    // Names without a dot ("Makefile", "README") are matched whole.
    const QString base = fileName.section(QLatin1Char('/'), -1).toLower();
    const qsizetype dot = base.indexOf(QLatin1Char('.'), 1);
    const QString suffix = dot > 0 ? base.mid(dot) : QLatin1Char('/') + base;
    if (const auto it = bySuffix.constFind(suffix); it != bySuffix.cend())
        return *it;
    static const QMimeDatabase mimeDatabase; // read-only after construction; thread-safe per Qt docs
    const QMimeType type = mimeDatabase.mimeTypeForFile(fileName, QMimeDatabase::MatchExtension);
    QByteArray name = type.name().toLatin1();
    if (type.inherits(QStringLiteral("text/plain")))
        name += "; charset=utf-8";
    if (bySuffix.size() < 4096)
        bySuffix.insert(suffix, name);
    return name;
}

HttpResponse baseResponse(int status, bool keepAlive)
{
    HttpResponse response(status);
    response.setHeader("Server", "Ferry/" FERRY_VERSION).setHeader("Date", HttpDate::now());
    response.setHeader("Connection", keepAlive ? "keep-alive" : "close");
    // A browser must never run a shared file as something else than its type says.
    response.setHeader("X-Content-Type-Options", "nosniff");
    return response;
}

HttpReply textReply(int status, bool keepAlive, bool headOnly, const QString &name, TransferInfo::State outcome)
{
    const QByteArray body = QByteArray::number(status) + ' ' + HttpResponse::reasonPhrase(status) + '\n';
    HttpResponse response = baseResponse(status, keepAlive);
    response.setHeader("Content-Type", "text/plain; charset=utf-8")
            .setHeader("Content-Length", QByteArray::number(body.size()));
    if (status == 405)
        response.setHeader("Allow", "GET, HEAD");
    if (status == 503)
        response.setHeader("Retry-After", "1");
    HttpReply reply;
    reply.head = response.head();
    if (!headOnly)
        reply.body = body;
    reply.name = name;
    reply.outcome = outcome;
    reply.keepAlive = keepAlive;
    return reply;
}

int statusFor(ShareRoot::Status status)
{
    return status == ShareRoot::Status::NotFound ? 404 : 403;
}

// The entity tags of an If-None-Match / If-Match list.
QList<QByteArray> tagList(const QByteArray &header)
{
    QList<QByteArray> tags;
    for (const QByteArray &item : header.split(',')) {
        const QByteArray tag = item.trimmed();
        if (!tag.isEmpty())
            tags.append(tag);
    }
    return tags;
}

QByteArray withoutWeakPrefix(const QByteArray &tag)
{
    return tag.startsWith("W/") ? tag.mid(2) : tag;
}

// RFC 9110 13.1.2 (weak comparison) and 13.1.3 (dates, second precision).
bool notModified(const HttpRequest &request, const QByteArray &etag, const QDateTime &lastModified)
{
    const QByteArray noneMatch = request.header("if-none-match");
    if (!noneMatch.isEmpty()) {
        const QList<QByteArray> tags = tagList(noneMatch);
        return std::any_of(tags.cbegin(), tags.cend(),
                           [&etag](const QByteArray &tag) { return tag == "*" || withoutWeakPrefix(tag) == etag; });
    }
    const QDateTime since = HttpDate::parse(request.header("if-modified-since"));
    return since.isValid() && lastModified <= since;
}

// RFC 9110 13.1.5: the range applies only to the version the client has.
bool rangeStillApplies(const HttpRequest &request, const QByteArray &etag, qint64 modifiedNs)
{
    const QByteArray ifRange = request.header("if-range").trimmed();
    if (ifRange.isEmpty())
        return true;
    if (ifRange.startsWith('"') || ifRange.startsWith("W/"))
        return ifRange == etag; // strong comparison: a weak tag never matches
    // A date is a strong validator only when the file had not changed for
    // a second before it (RFC 9110 8.8.2.2): two versions written within
    // one second share a Last-Modified, and must never splice. So a
    // client's copy of Last-Modified itself gets the whole file again.
    const QDateTime date = HttpDate::parse(ifRange);
    return date.isValid() && modifiedNs + 1'000'000'000 <= date.toMSecsSinceEpoch() * 1'000'000;
}

bool wantsJson(const HttpRequest &request)
{
    return request.header("accept").contains("application/json") || request.query.split('&').contains("format=json");
}

HttpReply directoryReply(const HttpRequest &request, const ShareRoot &root, const ShareRoot::Resolved &resolved,
                         bool keepAlive, bool headOnly, ListingCache *listings)
{
    const QString urlPath = resolved.relativePath.isEmpty()
                                    ? QStringLiteral("/")
                                    : QLatin1Char('/') + resolved.relativePath + QLatin1Char('/');
    HttpReply reply;
    reply.name = urlPath;
    reply.keepAlive = keepAlive;
    if (!request.path.endsWith(QLatin1Char('/'))) {
        // Relative links in the listing need the trailing slash.
        HttpResponse response = baseResponse(301, keepAlive);
        response.setHeader("Location", QUrl::toPercentEncoding(urlPath, "/")).setHeader("Content-Length", "0");
        reply.head = response.head();
        return reply;
    }
    // The folder held open beneath the share, never its path again: what
    // is listed is what file requests would be served from.
    ShareRoot::OpenedFolder folder = root.openFolder(resolved);
    if (folder.status != ShareRoot::Status::Ok)
        return textReply(statusFor(folder.status), keepAlive, headOnly, urlPath, transferStateFor(folder.status));
    const ListingDocument::Format format =
            wantsJson(request) ? ListingDocument::Format::Json : ListingDocument::Format::Html;
    if (!listings) {
        const std::optional<DirectoryListing> listing =
                DirectoryListing::read(root, resolved.relativePath, folder.folder.get());
        return HttpResponder::listingReply(
                request, urlPath,
                listing ? std::make_shared<const ListingDocument>(ListingDocument::render(*listing, format)) : nullptr);
    }
    ListingCache::Ticket ticket = listings->listing(root, resolved.relativePath, std::move(folder), format);
    if (ticket.future.isFinished())
        return HttpResponder::listingReply(request, urlPath, ticket.future.result());
    reply.awaitListing = std::move(ticket);
    return reply;
}

HttpReply fileReply(const HttpRequest &request, ShareRoot::OpenedFile opened, bool keepAlive, bool headOnly,
                    const QByteArray &digest)
{
    const qint64 size = opened.fileStatus.size;
    const QByteArray etag = HttpResponder::entityTag(size, opened.fileStatus.modifiedNs, opened.fileStatus.inode);
    HttpReply reply;
    reply.name = QLatin1Char('/') + opened.relativePath;
    reply.keepAlive = keepAlive;

    auto response = [&](int status) {
        HttpResponse r = baseResponse(status, keepAlive);
        r.setHeader("ETag", etag).setHeader("Last-Modified", HttpDate::format(opened.lastModified));
        return r;
    };
    if (notModified(request, etag, opened.lastModified)) {
        reply.head = response(304).head();
        return reply;
    }

    ByteRange range;
    range.last = size - 1;
    const QByteArray rangeHeader = request.header("range");
    if (!rangeHeader.isEmpty() && rangeStillApplies(request, etag, opened.fileStatus.modifiedNs))
        range = ByteRange::parse(rangeHeader, size);

    if (range.kind == ByteRange::Kind::Unsatisfiable) {
        const QByteArray body = "416 Range Not Satisfiable\n";
        HttpResponse r = response(416);
        r.setHeader("Content-Range", QByteArray("bytes */" + QByteArray::number(size)))
                .setHeader("Content-Type", "text/plain; charset=utf-8")
                .setHeader("Content-Length", QByteArray::number(body.size()));
        reply.head = r.head();
        if (!headOnly)
            reply.body = body;
        reply.outcome = TransferInfo::State::BadRequest;
        return reply;
    }

    const bool partial = range.kind == ByteRange::Kind::Partial;
    HttpResponse r = response(partial ? 206 : 200);
    r.setHeader("Accept-Ranges", "bytes")
            .setHeader("Content-Type", contentTypeFor(opened.relativePath))
            .setHeader("Content-Disposition",
                       HttpResponder::contentDisposition(opened.relativePath.section(QLatin1Char('/'), -1)))
            .setHeader("Content-Length", QByteArray::number(partial ? range.length() : size));
    if (!digest.isEmpty())
        r.setHeader("Repr-Digest", Sha256::reprDigestValue(digest));
    if (partial)
        r.setHeader("Content-Range", QByteArray("bytes " + QByteArray::number(range.first) + '-'
                                                + QByteArray::number(range.last) + '/' + QByteArray::number(size)));
    reply.head = r.head();
    reply.offset = partial ? range.first : 0;
    reply.length = headOnly ? 0 : (partial ? range.length() : size);
    reply.wholeFile = !headOnly && !partial;
    reply.file = std::move(opened.file);
    return reply;
}

} // namespace

namespace HttpResponder {

DigestCache::Key digestKey(const ShareRoot::FileStatus &status)
{
    return {status.device, status.inode, status.size, status.modifiedNs, status.changedNs};
}

QByteArray entityTag(qint64 size, qint64 modifiedNs, quint64 inode)
{
    return '"' + QByteArray::number(size, 16) + '-' + QByteArray::number(modifiedNs, 16) + '-'
           + QByteArray::number(inode, 16) + '"';
}

QByteArray contentDisposition(const QString &fileName)
{
    // filename= carries the name in UTF-8 too (RFC 6266 allows only ISO-8859-1
    // there, but browsers prefer filename* and curl -OJ, which ignores it,
    // saves these bytes as they are). Quotes, backslashes, percent signs
    // (some clients decode them) and control characters, C1 included, become
    // '_'; toUtf8() makes a lone surrogate '?'.
    QString quoted = fileName;
    for (QChar &c : quoted) {
        if (c.category() == QChar::Other_Control || c == u'"' || c == u'\\' || c == u'%')
            c = u'_';
    }
    return "inline; filename=\"" + quoted.toUtf8() + "\"; filename*=UTF-8''" + QUrl::toPercentEncoding(fileName);
}

HttpReply error(int status, const QString &name)
{
    return textReply(status, false, false, name, TransferInfo::State::BadRequest);
}

HttpReply toHttps(const HttpRequest &request, const QByteArray &authority)
{
    HttpReply reply;
    reply.name = request.path;
    reply.keepAlive = request.wantsKeepAlive();
    reply.outcome = TransferInfo::State::Refused;
    HttpResponse response = baseResponse(308, reply.keepAlive);
    response.setHeader("Location", QByteArray("https://" + authority + request.target))
            .setHeader("Content-Length", "0")
            .setHeader("Cache-Control", "no-store");
    reply.head = response.head();
    return reply;
}

HttpReply accessDenied(AccessGate::Verdict verdict, const HttpRequest &request)
{
    const bool keepAlive = request.wantsKeepAlive();
    const bool headOnly = request.method == "HEAD";
    if (verdict == AccessGate::Verdict::Throttled) {
        HttpReply reply = textReply(429, keepAlive, headOnly, request.path, TransferInfo::State::Unauthorized);
        addHeader(reply, "Retry-After", QByteArray::number(AccessGate::ThrottleSeconds));
        return reply;
    }
    // Browsers show their login prompt for the challenge and this page when
    // it is cancelled; the form puts the code in the query, as a share link.
    const QByteArray body = QByteArrayLiteral(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>Access code needed</title></head>\n<body>\n<h1>This share needs an access code</h1>\n"
            "<form method=\"get\"><input name=\"code\" type=\"password\" autofocus required "
            "aria-label=\"Access code\"> <button>Open</button></form>\n</body></html>\n");
    HttpResponse response = baseResponse(401, keepAlive);
    response.setHeader("WWW-Authenticate", "Basic realm=\"Ferry share\", charset=\"UTF-8\"")
            .setHeader("Content-Type", "text/html; charset=utf-8")
            .setHeader("Content-Length", QByteArray::number(body.size()))
            .setHeader("Cache-Control", "no-store");
    HttpReply reply;
    reply.head = response.head();
    if (!headOnly)
        reply.body = body;
    reply.name = request.path;
    reply.outcome = TransferInfo::State::Unauthorized;
    reply.keepAlive = keepAlive;
    return reply;
}

HttpReply listingReply(const HttpRequest &request, const QString &name, const ListingCache::Document &document)
{
    const bool keepAlive = request.wantsKeepAlive();
    const bool headOnly = request.method == "HEAD";
    if (!document) // the folder could not be read after all
        return textReply(403, keepAlive, headOnly, name, TransferInfo::State::Refused);
    HttpResponse response = baseResponse(200, keepAlive);
    response.setHeader("Content-Type", document->contentType())
            .setHeader("Content-Length", QByteArray::number(document->size()))
            .setHeader("Cache-Control", "no-cache")
            .setHeader("Vary", "Accept");
    HttpReply reply;
    reply.head = response.head();
    reply.name = name;
    reply.keepAlive = keepAlive;
    if (!headOnly)
        reply.listing = document;
    return reply;
}

void addHeader(HttpReply &reply, QByteArrayView name, QByteArrayView value)
{
    // The head ends with the blank line; the new field goes just before it.
    Q_ASSERT(reply.head.endsWith("\r\n\r\n"));
    reply.head.insert(reply.head.size() - 2, name.toByteArray() + ": " + value.toByteArray() + "\r\n");
}

bool wantsDigest(const HttpRequest &request)
{
    // Want-Repr-Digest: sha-256=5 (RFC 9530; 0 means "not this one")
    for (const QByteArray &item : request.header("want-repr-digest").split(',')) {
        const QByteArray member = item.trimmed().toLower();
        if (member.startsWith("sha-256=") && member.mid(8).toInt() > 0)
            return true;
    }
    // Want-Digest: SHA-256 (RFC 3230)
    return request.header("want-digest").toLower().contains("sha-256");
}

HttpReply respond(const HttpRequest &request, const ShareRoot &root, DigestCache &digests, bool mayWait,
                  OpenFileCache *files, ListingCache *listings)
{
    const bool keepAlive = request.wantsKeepAlive();
    const bool headOnly = request.method == "HEAD";
    if (request.method != "GET" && !headOnly) // the request may carry a body we will not read: close
        return textReply(405, false, false, request.path, TransferInfo::State::BadRequest);

    const ShareRoot::Resolved resolved = root.resolve(request.path);
    if (resolved.status != ShareRoot::Status::Ok)
        return textReply(statusFor(resolved.status), keepAlive, headOnly, request.path,
                         transferStateFor(resolved.status));
    if (resolved.isDirectory)
        return directoryReply(request, root, resolved, keepAlive, headOnly, listings);
    if (request.path.endsWith(QLatin1Char('/'))) // "file.txt/" names a folder that is not there
        return textReply(404, keepAlive, headOnly, request.path, TransferInfo::State::NotFound);

    ShareRoot::OpenedFile opened = files ? files->open(root, resolved) : root.open(resolved);
    if (opened.status != ShareRoot::Status::Ok)
        return textReply(statusFor(opened.status), keepAlive, headOnly, request.path, transferStateFor(opened.status));

    const DigestCache::Key key = digestKey(opened.fileStatus);
    const QByteArray digest = digests.find(key);
    if (digest.isEmpty() && mayWait && wantsDigest(request)) {
        // Hashed from this very descriptor, so that the digest describes
        // the file this reply sends, whatever the path leads to meanwhile.
        if (std::optional<QFuture<QByteArray>> computing = digests.computeNow(key, opened.file)) {
            HttpReply pending;
            pending.awaitDigest = std::move(*computing);
            return pending;
        }
    }
    HttpReply reply = fileReply(request, std::move(opened), keepAlive, headOnly, digest);
    reply.hashWhenSent = digest.isEmpty() && reply.wholeFile;
    reply.digestKey = key;
    return reply;
}

} // namespace HttpResponder
