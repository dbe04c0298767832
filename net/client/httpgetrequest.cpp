#include "client/httpgetrequest.h"

#include "common/accesscode.h"
#include "wire/httpresponsehead.h"

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

int defaultPort(const QUrl &url)
{
    return url.scheme() == QLatin1String("https") ? 443 : 80;
}

QByteArray hostOf(const QUrl &url)
{
    const QString host = url.host(QUrl::FullyEncoded);
    return host.contains(QLatin1Char(':')) ? '[' + host.toLatin1() + ']' : host.toLatin1();
}

// The Host field: the port only when it is not the scheme's own, as
// browsers and curl write it.
QByteArray authorityOf(const QUrl &url)
{
    const int port = url.port(defaultPort(url));
    return port == defaultPort(url) ? hostOf(url) : hostOf(url) + ':' + QByteArray::number(port);
}

} // namespace

QUrl HttpGetRequest::urlForName(const QString &host, quint16 port, const QString &name)
{
    QString path = name;
    path.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    const bool v6 = host.contains(QLatin1Char(':'));
    const QByteArray authority =
            (v6 ? '[' + host.toLatin1() + ']' : QUrl::toAce(host)) + ':' + QByteArray::number(port);
    return QUrl::fromEncoded("http://" + authority + QUrl::toPercentEncoding(path, "/"), QUrl::StrictMode);
}

QByteArray HttpGetRequest::originOf(const QUrl &url)
{
    return (url.scheme().toLatin1() + "://" + hostOf(url) + ':' + QByteArray::number(url.port(defaultPort(url))))
            .toLower();
}

QByteArray HttpGetRequest::encode() const
{
    QByteArray target;
    if (absoluteForm) {
        target = url.adjusted(QUrl::RemoveFragment | QUrl::RemoveUserInfo).toEncoded(QUrl::FullyEncoded);
    } else {
        target = url.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = "/";
        if (url.hasQuery())
            target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    }

    QByteArray request;
    auto field = [&request](QByteArrayView fieldName, QByteArrayView value) {
        request.append(fieldName).append(": ").append(value).append("\r\n");
    };
    request.append("GET ").append(target).append(" HTTP/1.1\r\n");
    field("Host", authorityOf(url));
    field("User-Agent", "Ferry/" FERRY_VERSION);
    field("Accept", accept);
    // The file's own bytes, so that byte ranges and sizes count them.
    field("Accept-Encoding", "identity");
    if (askForDigest)
        field("Want-Repr-Digest", "sha-256=10");
    if (!accessCode.isEmpty())
        field("Authorization", AccessCode::basicAuthorization(accessCode));
    if (!proxyAuthorization.isEmpty())
        field("Proxy-Authorization", proxyAuthorization);
    if (resume.isSet()) {
        field("Range", QByteArray("bytes=" + QByteArray::number(resume.offset) + '-'));
        field("If-Range", resume.version.validator);
    }
    field("Connection", "close");
    return request.append("\r\n");
}
