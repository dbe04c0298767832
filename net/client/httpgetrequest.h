#pragma once

#include "client/partfile.h"

#include <QByteArray>
#include <QString>

// Where an HTTP attempt may continue a .part: at its end, when it holds a
// proper prefix of a version it recorded (validator and full size), so
// that Range + If-Range can ask for the rest of exactly that version.
struct ResumePoint
{
    qint64 offset = 0; // 0: ask for the whole file
    PartFile::Version version;

    // Only a .part whose bytes came from `origin` (HttpGetRequest::origin()).
    static ResumePoint of(const PartFile &part, const QByteArray &origin);
    bool isSet() const { return offset > 0; }
};

// The request head of one HTTP download attempt. Pure ASCII (names are
// percent-encoded), so that a tutorial server reads it as a missing name.
struct HttpGetRequest
{
    QString host;
    quint16 port = 0;
    QString name; // as the server knows it; backslashes count as slashes
    bool askForDigest = false;
    QString accessCode;
    ResumePoint resume;

    QByteArray encode() const;
    // "http://host:port", as a .part records where its bytes came from.
    QByteArray origin() const;
};
