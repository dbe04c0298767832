#include "appsettings.h"

#include "common/endpoint.h"

#include <QDir>
#include <QStandardPaths>

namespace {

quint16 portValue(const QVariant &value, quint16 fallback, bool allowZero)
{
    bool ok = false;
    const uint port = value.toUInt(&ok);
    return ok && port <= 65535 && (allowZero || port > 0) ? quint16(port) : fallback;
}

} // namespace

QString AppSettings::shareFolder() const
{
    return m_settings.value(QStringLiteral("serve/folder")).toString();
}

void AppSettings::setShareFolder(const QString &folder)
{
    m_settings.setValue(QStringLiteral("serve/folder"), folder);
}

quint16 AppSettings::sharePort() const
{
    return portValue(m_settings.value(QStringLiteral("serve/port")), Endpoint::DefaultPort, true);
}

void AppSettings::setSharePort(quint16 port)
{
    m_settings.setValue(QStringLiteral("serve/port"), port);
}

QString AppSettings::bindAddress() const
{
    return m_settings.value(QStringLiteral("serve/bind")).toString();
}

void AppSettings::setBindAddress(const QString &address)
{
    m_settings.setValue(QStringLiteral("serve/bind"), address);
}

namespace {

// Settings keys and the Options member each one holds (whole seconds for the durations).
constexpr struct
{
    const char *key;
    std::chrono::milliseconds ShareServer::Options::*member;
    Bound bound;
} DurationLimits[] = {
        {"serve/requestTimeout", &ShareServer::Options::requestDeadline, ServeLimits::RequestTimeoutSeconds},
        {"serve/idleTimeout", &ShareServer::Options::keepAliveIdle, ServeLimits::IdleTimeoutSeconds},
        {"serve/stallTimeout", &ShareServer::Options::stallDeadline, ServeLimits::StallTimeoutSeconds},
};

} // namespace

void AppSettings::loadShareLimits(ShareServer::Options &options) const
{
    bool ok = false;
    const int connections = m_settings.value(QStringLiteral("serve/maxConnections")).toInt(&ok);
    if (ok && ServeLimits::Connections.contains(connections))
        options.maxConnections = connections;
    const int perAddress = m_settings.value(QStringLiteral("serve/maxConnectionsPerAddress")).toInt(&ok);
    if (ok && ServeLimits::ConnectionsPerPeer.contains(perAddress))
        options.maxConnectionsPerPeer = perAddress;
    options.allowedHosts = m_settings.value(QStringLiteral("serve/allowedHosts")).toStringList();
    for (const auto &limit : DurationLimits) {
        const int seconds = m_settings.value(QLatin1String(limit.key)).toInt(&ok);
        if (ok && limit.bound.contains(seconds))
            options.*limit.member = std::chrono::seconds(seconds);
    }
}

void AppSettings::saveShareLimits(const ShareServer::Options &options)
{
    m_settings.setValue(QStringLiteral("serve/allowedHosts"), options.allowedHosts);
    m_settings.setValue(QStringLiteral("serve/maxConnections"), options.maxConnections);
    m_settings.setValue(QStringLiteral("serve/maxConnectionsPerAddress"), options.maxConnectionsPerPeer);
    for (const auto &limit : DurationLimits) {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.*limit.member);
        m_settings.setValue(QLatin1String(limit.key), qlonglong(seconds.count()));
    }
}

QString AppSettings::shareCode() const
{
    return m_settings.value(QStringLiteral("serve/code")).toString();
}

void AppSettings::setShareCode(const QString &code)
{
    m_settings.setValue(QStringLiteral("serve/code"), code);
}

bool AppSettings::shareEncrypted() const
{
    return m_settings.value(QStringLiteral("serve/encrypted"), false).toBool();
}

void AppSettings::setShareEncrypted(bool encrypted)
{
    m_settings.setValue(QStringLiteral("serve/encrypted"), encrypted);
}

bool AppSettings::visibleNearby() const
{
    return m_settings.value(QStringLiteral("serve/visibleNearby"), false).toBool();
}

void AppSettings::setVisibleNearby(bool visible)
{
    m_settings.setValue(QStringLiteral("serve/visibleNearby"), visible);
}

QString AppSettings::nearbyName() const
{
    return m_settings.value(QStringLiteral("serve/nearbyName")).toString();
}

void AppSettings::setNearbyName(const QString &name)
{
    m_settings.setValue(QStringLiteral("serve/nearbyName"), name);
}

QString AppSettings::host() const
{
    return m_settings.value(QStringLiteral("download/host")).toString();
}

quint16 AppSettings::port() const
{
    return portValue(m_settings.value(QStringLiteral("download/port")), Endpoint::DefaultPort, false);
}

void AppSettings::rememberHost(const QString &host, quint16 port)
{
    m_settings.setValue(QStringLiteral("download/host"), host);
    m_settings.setValue(QStringLiteral("download/port"), port);
    QStringList recent = recentHosts();
    recent.removeIf([&host](const QString &known) { return known.compare(host, Qt::CaseInsensitive) == 0; });
    recent.prepend(host);
    m_settings.setValue(QStringLiteral("download/recentHosts"), recent.mid(0, MaxRecentHosts));
}

QStringList AppSettings::recentHosts() const
{
    return m_settings.value(QStringLiteral("download/recentHosts")).toStringList();
}

QString AppSettings::downloadFolder() const
{
    const QString saved = m_settings.value(QStringLiteral("download/folder")).toString();
    if (!saved.isEmpty())
        return saved;
    const QString downloads = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return downloads.isEmpty() ? QDir::homePath() : downloads;
}

void AppSettings::setDownloadFolder(const QString &folder)
{
    m_settings.setValue(QStringLiteral("download/folder"), folder);
}

int AppSettings::protocol() const
{
    return m_settings.value(QStringLiteral("download/protocol"), 0).toInt();
}

void AppSettings::setProtocol(int protocol)
{
    m_settings.setValue(QStringLiteral("download/protocol"), protocol);
}

namespace {

constexpr struct
{
    AppSettings::ProxyMode mode;
    const char *name;
} ProxyModes[] = {
        {AppSettings::ProxyMode::System, "system"},
        {AppSettings::ProxyMode::None, "none"},
        {AppSettings::ProxyMode::Manual, "manual"},
};

// One key per endpoint, "download/trustedCertificates/[::1]:8443" (QSettings escapes what a key cannot hold).
QString trustKey(const QString &host, quint16 port)
{
    return QStringLiteral("download/trustedCertificates/") + Endpoint{host.toLower(), port}.toString();
}

quint16 portOf(const QUrl &url)
{
    return quint16(url.port(url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80));
}

} // namespace

AppSettings::ProxyMode AppSettings::proxyMode() const
{
    const QString name = m_settings.value(QStringLiteral("download/proxy")).toString();
    for (const auto &known : ProxyModes) {
        if (name == QLatin1String(known.name))
            return known.mode;
    }
    return ProxyMode::System;
}

QString AppSettings::manualProxy() const
{
    return m_settings.value(QStringLiteral("download/proxyUrl")).toString();
}

void AppSettings::setProxy(ProxyMode mode, const QString &manualUrl)
{
    for (const auto &known : ProxyModes) {
        if (known.mode == mode)
            m_settings.setValue(QStringLiteral("download/proxy"), QLatin1String(known.name));
    }
    m_settings.setValue(QStringLiteral("download/proxyUrl"), manualUrl.trimmed());
}

ProxyRules AppSettings::downloadProxy() const
{
    switch (proxyMode()) {
    case ProxyMode::None:
        return {};
    case ProxyMode::Manual:
        if (const QString url = manualProxy(); !url.isEmpty()) {
            ProxyRules rules;
            if (rules.setProxy(url, nullptr))
                return rules;
        }
        break;
    case ProxyMode::System:
        break;
    }
    return ProxyRules::system();
}

QList<QByteArray> AppSettings::trustedCertificates(const QString &host, quint16 port) const
{
    QList<QByteArray> digests;
    const QStringList saved = m_settings.value(trustKey(host, port)).toStringList();
    for (const QString &hex : saved) {
        const QByteArray digest = QByteArray::fromHex(hex.toLatin1());
        if (digest.size() == 32 && !digests.contains(digest))
            digests.append(digest);
    }
    return digests;
}

void AppSettings::trustCertificate(const QString &host, quint16 port, const QByteArray &digest)
{
    if (digest.size() != 32 || trustedCertificates(host, port).contains(digest))
        return;
    QStringList saved = m_settings.value(trustKey(host, port)).toStringList();
    saved.append(QString::fromLatin1(digest.toHex()));
    m_settings.setValue(trustKey(host, port), saved);
}

void AppSettings::prepareDownload(DownloadJob::Request &request, const QList<QUrl> &redirectTargets) const
{
    request.proxy = downloadProxy();
    request.tls.trustedCertificates.clear();
    if (!request.url.isValid())
        return;
    QList<QUrl> targets{request.url};
    targets.append(redirectTargets);
    for (const QUrl &target : std::as_const(targets)) {
        const QList<QByteArray> digests = trustedCertificates(target.host(), portOf(target));
        for (const QByteArray &digest : digests) {
            if (!request.tls.trustedCertificates.contains(digest))
                request.tls.trustedCertificates.append(digest);
        }
    }
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings.value(QStringLiteral("window/geometry")).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(QStringLiteral("window/geometry"), geometry);
}

int AppSettings::currentTab() const
{
    return m_settings.value(QStringLiteral("window/tab"), 0).toInt();
}

void AppSettings::setCurrentTab(int index)
{
    m_settings.setValue(QStringLiteral("window/tab"), index);
}
