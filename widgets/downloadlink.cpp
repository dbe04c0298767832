#include "downloadlink.h"

#include <QUrlQuery>

std::optional<DownloadLink> DownloadLink::parse(const QString &text)
{
    DownloadLink link;
    link.url = QUrl(text.trimmed(), QUrl::TolerantMode).adjusted(QUrl::RemoveFragment);
    const QString scheme = link.url.scheme().toLower();
    if (!link.url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || link.url.host().isEmpty())
        return std::nullopt;
    link.https = scheme == QLatin1String("https");
    link.host = link.url.host();
    link.port = quint16(link.url.port(defaultPort(link.https)));
    link.name = link.url.path(QUrl::FullyDecoded).mid(1);
    link.accessCode = QUrlQuery(link.url).queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    return link;
}

QUrl DownloadLink::build(bool https, const QString &host, quint16 port, const QString &name)
{
    QUrl url;
    url.setScheme(https ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(host);
    if (port != defaultPort(https))
        url.setPort(port);
    url.setPath(QLatin1Char('/') + name, QUrl::DecodedMode);
    return url;
}

bool DownloadLink::shows(bool https, const QString &host, quint16 port, const QString &name) const
{
    return this->https == https && this->host.compare(host, Qt::CaseInsensitive) == 0 && this->port == port
           && this->name.trimmed() == name;
}

qsizetype insertedLength(const QString &before, const QString &after)
{
    const qsizetype shorter = qMin(before.size(), after.size());
    qsizetype prefix = 0;
    while (prefix < shorter && before.at(prefix) == after.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < shorter - prefix && before.at(before.size() - 1 - suffix) == after.at(after.size() - 1 - suffix))
        ++suffix;
    return after.size() - prefix - suffix;
}
