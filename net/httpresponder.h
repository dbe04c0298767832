#pragma once

#include "transferinfo.h"

#include <QByteArray>
#include <QString>

#include <memory>

class QFile;
class ShareRoot;
struct HttpRequest;

// What to send for one HTTP request: a head, maybe a small generated body
// (errors, listings), maybe a range of a file to stream. Decided without
// touching the socket, so every rule here is testable on its own.
struct HttpReply
{
    QByteArray head;
    QByteArray body;               // sent right after the head
    std::unique_ptr<QFile> file;   // then, when set, `length` bytes from `offset`
    qint64 offset = 0;
    qint64 length = 0;
    qint64 representationSize = -1; // the file's full size, for progress reports
    QString name;                  // what the transfer list shows
    TransferInfo::State outcome = TransferInfo::State::Done; // when nothing is streamed
    bool keepAlive = true;
};

namespace HttpResponder {

// The reply to a well-formed request (method, path and headers parsed).
HttpReply respond(const HttpRequest &request, const ShareRoot &root);

// The reply when the request could not even be parsed (400, 414, 431...),
// or when the server refuses to take it (503). Always closes.
HttpReply error(int status, const QString &name = {});

// A strong validator from what identifies one version of a file.
QByteArray entityTag(qint64 size, qint64 modifiedNs, quint64 inode);

// RFC 6266 Content-Disposition carrying a UTF-8 name with an ASCII fallback.
QByteArray contentDisposition(const QString &fileName);

} // namespace HttpResponder
