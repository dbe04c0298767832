#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

// Where one connection goes: straight to the server, or through a proxy.
struct ProxyRoute
{
    enum class Kind { Direct, Http, Socks5 };
    Kind kind = Kind::Direct;
    QString host;
    quint16 port = 0;
    QString user; // percent-decoded from the proxy URL
    QString password;
    bool isDirect() const { return kind == Kind::Direct; }
    // For QAbstractSocket::setProxy: HttpProxy (Qt then tunnels with CONNECT) or Socks5Proxy, with credentials.
    QNetworkProxy networkProxy() const;
    // "Basic base64(user:password)" for a Proxy-Authorization header; empty without a user.
    QByteArray basicAuthorization() const;
    QString displayName() const; // "http://host:port" without credentials, for messages
};

// The proxy settings of one call (command line, environment) or of the window (system settings).
// Default-constructed: no proxy for anything.
class ProxyRules
{
    Q_DECLARE_TR_FUNCTIONS(ProxyRules)
public:
    // http_proxy (lower case only, as curl: HTTP_PROXY can be set by a CGI request), https_proxy/HTTPS_PROXY,
    // all_proxy/ALL_PROXY, no_proxy/NO_PROXY; lower case wins when both are set. Bad values are not used
    // and are reported in warnings().
    static ProxyRules
    fromEnvironment(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    // The system's settings (QNetworkProxyFactory::systemProxyForQuery per URL), for the window.
    static ProxyRules system();
    // --proxy URL: one proxy for every URL, overriding the environment; "" means no proxy at all (curl's --proxy "").
    bool setProxy(const QString &url, QString *error);
    // --noproxy LIST: replaces no_proxy.
    void setNoProxy(const QString &list);
    // What to do for a target URL (http:// or https://).
    ProxyRoute routeFor(const QUrl &target) const;
    // Problems found in the environment ("https_proxy: '...' is not a proxy URL"), translated, for stderr.
    QStringList warnings() const;
    // http://[user:password@]host[:port] (port 1080 when omitted, as curl), https:// proxies refused (say so),
    // socks5:// and socks5h://, and "host:port" without a scheme meaning http. nullopt + *error otherwise.
    static std::optional<ProxyRoute> parseProxyUrl(const QString &url, QString *error);
    // no_proxy matching as curl: comma/space separated; "*" = everything; a name matches itself and its
    // subdomains (leading '.' optional); IPv4/IPv6 literals exactly, CIDR blocks (10.0.0.0/8, ::1/128);
    // bracketed IPv6; case-insensitive; an optional ":port" suffix on an entry is ignored. Loopback is NOT
    // bypassed by default (the tests proxy to loopback servers).
    static bool matchesNoProxy(const QString &list, const QString &host);

private:
    std::optional<ProxyRoute> readProxyVariable(const QProcessEnvironment &environment, const QString &lowerName,
                                                const QString &upperName = {});
    std::optional<ProxyRoute> proxyForScheme(const QString &scheme) const;
    static ProxyRoute systemRoute(const QUrl &target);

    std::optional<ProxyRoute> m_httpProxy;
    std::optional<ProxyRoute> m_httpsProxy;
    std::optional<ProxyRoute> m_allProxy;
    std::optional<ProxyRoute> m_override; // --proxy; a direct route for --proxy ""
    QString m_noProxy;
    bool m_askSystem = false;
    QStringList m_warnings;
};
