#pragma once

#include "server/shareserver.h"

#include <QSettings>
#include <QStringList>

// What the window remembers between sessions, with its defaults, in one
// place. Backed by QSettings for the organization and application names
// main() sets, so tests redirect it with QStandardPaths' test mode.
class AppSettings final
{
public:
    static constexpr int MaxRecentHosts = 10;

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

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    int currentTab() const;
    void setCurrentTab(int index);

private:
    QSettings m_settings;
};
