#pragma once

#include "client/downloadjob.h"
#include "client/proxyrules.h"
#include "server/shareserver.h"

#include <QByteArray>
#include <QList>
#include <QSettings>
#include <QStringList>

// What the window remembers between sessions, with its defaults, in one
// place. Backed by QSettings for the organization and application names
// main() sets, so tests redirect it with QStandardPaths' test mode.
class AppSettings final
{
public:
    static constexpr int MaxRecentHosts = 10;
    // How http:// and https:// downloads reach their servers.
    enum class ProxyMode { System, None, Manual };

    AppSettings() = default;
    Q_DISABLE_COPY_MOVE(AppSettings)

    QString shareFolder() const;
    void setShareFolder(const QString &folder);
    quint16 sharePort() const;
    void setSharePort(quint16 port);
    // "" for every interface, else an address as QHostAddress::toString gives it.
    QString bindAddress() const;
    void setBindAddress(const QString &address);
    // "" when the share needs no access code.
    QString shareCode() const;
    void setShareCode(const QString &code);
    // Sharing over HTTPS with Ferry's own certificate: off unless the user turns it on.
    bool shareEncrypted() const;
    void setShareEncrypted(bool encrypted);
    // The server's limits (connections and timeouts) into or from
    // `options`; ShareServer::Options holds the defaults.
    void loadShareLimits(ShareServer::Options &options) const;
    void saveShareLimits(const ShareServer::Options &options);
    // Announcing the share to nearby devices: off unless the user turns it on.
    bool visibleNearby() const;
    void setVisibleNearby(bool visible);
    // The name nearby devices see; "" for this computer's host name.
    QString nearbyName() const;
    void setNearbyName(const QString &name);

    QString host() const;
    quint16 port() const;
    // Remembers a host (and its port) as the last one and first of the recent ones.
    void rememberHost(const QString &host, quint16 port);
    QStringList recentHosts() const;
    QString downloadFolder() const;
    void setDownloadFolder(const QString &folder);
    int protocol() const;
    void setProtocol(int protocol);

    ProxyMode proxyMode() const;
    // The proxy URL of the Manual mode, kept while another mode is chosen.
    QString manualProxy() const;
    void setProxy(ProxyMode mode, const QString &manualUrl);
    // The rules the window's downloads use: the system's settings unless
    // the user chose no proxy or a manual one (a manual URL that no longer
    // parses leaves the system's settings in force).
    ProxyRules downloadProxy() const;

    // Certificates (raw SHA-256 of the whole certificate) the user chose
    // to trust for one host and port, in the order trusted.
    QList<QByteArray> trustedCertificates(const QString &host, quint16 port) const;
    void trustCertificate(const QString &host, quint16 port, const QByteArray &digest);
    // Readies a request of the window: the proxy setting and, for a URL,
    // the certificates trusted for its host and port and for those of
    // `redirectTargets` (where earlier attempts were sent).
    void prepareDownload(DownloadJob::Request &request, const QList<QUrl> &redirectTargets = {}) const;

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    int currentTab() const;
    void setCurrentTab(int index);

private:
    QSettings m_settings;
};
