#include "client/listjob.h"

#include "common/accesscode.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

namespace {

// Listings of even very large folders stay far below this.
constexpr qint64 MaxListingBytes = 32 * 1024 * 1024;

} // namespace

ListJob::ListJob(const QString &host, quint16 port, const QString &path, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
    , m_path(path)
{
    qRegisterMetaType<DirectoryListing>();
    qRegisterMetaType<ListJob::Outcome>();
}

void ListJob::start()
{
    QString path = m_path;
    path.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    if (!path.endsWith(QLatin1Char('/')))
        path.append(QLatin1Char('/'));

    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_host);
    url.setPort(m_port);
    url.setPath(path);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("Ferry/" FERRY_VERSION));
    request.setTransferTimeout(m_timeoutMs);
    if (!m_accessCode.isEmpty())
        request.setRawHeader("Authorization", AccessCode::basicAuthorization(m_accessCode));
    // A redirect within the share is followed; one to another origin is
    // not, since the access code travels in the request's Authorization.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);

    m_network = new QNetworkAccessManager(this);
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this](qint64 received) {
        if (received > MaxListingBytes)
            m_reply->abort();
    });
    connect(m_reply, &QNetworkReply::finished, this, &ListJob::onFinished);
}

void ListJob::onFinished()
{
    m_reply->deleteLater();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 404)
        return finish(Outcome::NotFound, {}, tr("No folder %1 on the server.").arg(m_path));
    if (status == 401)
        return finish(Outcome::Failed, {},
                      m_accessCode.isEmpty() ? tr("This share needs an access code.")
                                             : tr("The access code is wrong."));
    if (status == 429)
        return finish(Outcome::Failed, {}, tr("Too many wrong access codes; try again later."));
    if (m_reply->error() == QNetworkReply::RemoteHostClosedError && status == 0)
        return finish(Outcome::Failed, {},
                      tr("The server speaks only the legacy protocol, which cannot list folders."));
    if (m_reply->error() != QNetworkReply::NoError)
        return finish(Outcome::Failed, {}, m_reply->errorString());
    const std::optional<DirectoryListing> listing = DirectoryListing::fromJson(m_reply->readAll());
    if (!listing)
        return finish(Outcome::Failed, {}, tr("%1 is not a folder, or the server does not list folders.").arg(m_path));
    finish(Outcome::Done, *listing, QString());
}

void ListJob::finish(Outcome outcome, const DirectoryListing &listing, const QString &message)
{
    Q_EMIT finished(outcome, listing, message);
}
