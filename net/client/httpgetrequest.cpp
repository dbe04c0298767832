#include "client/httpgetrequest.h"

#include "common/accesscode.h"
#include "wire/httpresponsehead.h"

#include <QUrl>

ResumePoint ResumePoint::of(const PartFile &part, const QByteArray &origin)
{
    if (!part.exists())
        return {};
    const PartFile::Version version = part.storedVersion();
    const qint64 have = part.size();
    // A validator recorded before validators were checked is not replayed.
    if (!version.isUsable() || version.origin != origin || !HttpResponseHead::isResumeValidator(version.validator)
        || have <= 0 || have >= version.size)
        return {};
    return {have, version};
}

namespace {

QByteArray authorityOf(const QString &host, quint16 port)
{
    const bool v6 = host.contains(QLatin1Char(':'));
    return (v6 ? '[' + host.toUtf8() + ']' : QUrl::toAce(host)) + ':' + QByteArray::number(port);
}

} // namespace

QByteArray HttpGetRequest::origin() const
{
    return "http://" + authorityOf(host, port).toLower();
}

QByteArray HttpGetRequest::encode() const
{
    QString path = name;
    path.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    const QByteArray authority = authorityOf(host, port);

    QByteArray request;
    auto field = [&request](QByteArrayView fieldName, QByteArrayView value) {
        request.append(fieldName).append(": ").append(value).append("\r\n");
    };
    request.append("GET ").append(QUrl::toPercentEncoding(path, "/")).append(" HTTP/1.1\r\n");
    field("Host", authority);
    field("User-Agent", "Ferry/" FERRY_VERSION);
    field("Accept", "*/*");
    // The file's own bytes, so that byte ranges and sizes count them.
    field("Accept-Encoding", "identity");
    if (askForDigest)
        field("Want-Repr-Digest", "sha-256=10");
    if (!accessCode.isEmpty())
        field("Authorization", AccessCode::basicAuthorization(accessCode));
    if (resume.isSet()) {
        field("Range", QByteArray("bytes=" + QByteArray::number(resume.offset) + '-'));
        field("If-Range", resume.version.validator);
    }
    field("Connection", "close");
    return request.append("\r\n");
}
