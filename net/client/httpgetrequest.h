#pragma once

#include "client/partfile.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

// Where an HTTP attempt may continue a .part: at its end, when it holds a
// proper prefix of a version it recorded (validator and full size), so
// that Range + If-Range can ask for the rest of exactly that version.
struct ResumePoint
{
    qint64 offset = 0; // 0: ask for the whole file
    PartFile::Version version;

    // Only a .part whose bytes came from `origin` (HttpGetRequest::originOf()).
    static ResumePoint of(const PartFile &part, const QByteArray &origin);
    bool isSet() const { return offset > 0; }
};

// The request head of one HTTP GET. Pure ASCII (names are
// percent-encoded), so that a tutorial server reads it as a missing name.
struct HttpGetRequest
{
    QUrl url; // http:// or https://
    QByteArray accept = "*/*";
    bool askForDigest = false;
    QString accessCode; // sent as Authorization, to this request's origin only (the caller decides)
    ResumePoint resume;
    // Through an HTTP proxy, a plain http:// request names the whole URL
    // (RFC 9112 3.2.2) and carries the proxy's credentials.
    bool absoluteForm = false;
    QByteArray proxyAuthorization;

    QByteArray encode() const;

    // http://HOST:PORT/NAME for the HOST:PORT NAME form, with every byte of
    // the name but the unreserved ones and '/' percent-encoded (backslashes
    // count as slashes).
    static QUrl urlForName(const QString &host, quint16 port, const QString &name);
    // "scheme://host:port", lower case: what a .part records as where its
    // bytes came from, so that a resume asks only that server.
    static QByteArray originOf(const QUrl &url);
    static bool isSameOrigin(const QUrl &a, const QUrl &b) { return originOf(a) == originOf(b); }
};
