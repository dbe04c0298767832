#include "client/proxyrules.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <algorithm>

namespace {

// One environment variable as read: its name (in the case that was set) and value.
struct Variable
{
    QString name;
    QString value;
};

// The lower-case spelling wins, as in curl and wget; the upper-case one only when the lower is not set at all.
std::optional<Variable> readVariable(const QProcessEnvironment &environment, const QString &lowerName,
                                     const QString &upperName)
{
    if (environment.contains(lowerName))
        return Variable{lowerName, environment.value(lowerName)};
    if (!upperName.isEmpty() && environment.contains(upperName))
        return Variable{upperName, environment.value(upperName)};
    return std::nullopt;
}

// A value as a warning may show it: whatever precedes the last '@' may be a password.
QString withoutCredentials(const QString &value)
{
    const qsizetype at = value.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return value;
    const qsizetype schemeEnd = value.indexOf(QLatin1String("://"));
    const qsizetype start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
    return value.left(start) + QLatin1String("***") + value.mid(at);
}

// A host as no_proxy compares it: without IPv6 brackets or the root's trailing dot, in lower case.
QString normalizedHost(const QString &host)
{
    QString name = host.trimmed().toLower();
    if (name.startsWith(QLatin1Char('[')) && name.endsWith(QLatin1Char(']')))
        name = name.mid(1, name.size() - 2);
    while (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    return name;
}

// A no_proxy entry without its ":port" and IPv6 brackets. More than one colon without brackets is a bare
// IPv6 address, which has no port.
QString withoutPort(const QString &entry)
{
    if (entry.startsWith(QLatin1Char('['))) {
        const qsizetype close = entry.indexOf(QLatin1Char(']'));
        return close < 0 ? entry.mid(1)
                         : entry.mid(1, close - 1) + entry.mid(close + 1).section(QLatin1Char(':'), 0, 0);
    }
    if (entry.count(QLatin1Char(':')) == 1)
        return entry.section(QLatin1Char(':'), 0, 0);
    return entry;
}

bool entryMatches(const QString &entry, const QString &host, const QHostAddress &address)
{
    if (entry == QLatin1String("*"))
        return true;
    QString pattern = withoutPort(entry).toLower();
    if (pattern.contains(QLatin1Char('/'))) {
        const auto subnet = QHostAddress::parseSubnet(pattern);
        return !address.isNull() && !subnet.first.isNull() && address.isInSubnet(subnet);
    }
    const QHostAddress patternAddress(pattern);
    if (!patternAddress.isNull())
        return patternAddress.isEqual(address, QHostAddress::StrictConversion);
    if (!address.isNull())
        return false; // an address has no subdomains; "1.2.3" must not match "10.1.2.3"
    while (pattern.startsWith(QLatin1Char('.')))
        pattern.remove(0, 1);
    while (pattern.endsWith(QLatin1Char('.')))
        pattern.chop(1);
    if (pattern.isEmpty())
        return false;
    return host == pattern || host.endsWith(QLatin1Char('.') + pattern);
}

ProxyRoute routeOf(const QNetworkProxy &proxy, ProxyRoute::Kind kind)
{
    ProxyRoute route;
    route.kind = kind;
    route.host = proxy.hostName();
    route.port = proxy.port();
    route.user = proxy.user();
    route.password = proxy.password();
    return route;
}

} // namespace

QNetworkProxy ProxyRoute::networkProxy() const
{
    switch (kind) {
    case Kind::Direct:
        break;
    case Kind::Http:
        return QNetworkProxy(QNetworkProxy::HttpProxy, host, port, user, password);
    case Kind::Socks5:
        return QNetworkProxy(QNetworkProxy::Socks5Proxy, host, port, user, password);
    }
    return QNetworkProxy(QNetworkProxy::NoProxy);
}

QByteArray ProxyRoute::basicAuthorization() const
{
    if (user.isEmpty())
        return {};
    return "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64();
}

QString ProxyRoute::displayName() const
{
    if (isDirect())
        return {};
    QUrl url;
    url.setScheme(kind == Kind::Socks5 ? QStringLiteral("socks5") : QStringLiteral("http"));
    url.setHost(host);
    url.setPort(port);
    return url.toString();
}

ProxyRules ProxyRules::fromEnvironment(const QProcessEnvironment &environment)
{
    ProxyRules rules;
    // HTTP_PROXY is not read: a CGI script gets the request's "Proxy:" header under that name (httpoxy).
    rules.m_httpProxy = rules.readProxyVariable(environment, QStringLiteral("http_proxy"));
    rules.m_httpsProxy =
            rules.readProxyVariable(environment, QStringLiteral("https_proxy"), QStringLiteral("HTTPS_PROXY"));
    rules.m_allProxy = rules.readProxyVariable(environment, QStringLiteral("all_proxy"), QStringLiteral("ALL_PROXY"));
    if (const auto noProxy = readVariable(environment, QStringLiteral("no_proxy"), QStringLiteral("NO_PROXY")))
        rules.m_noProxy = noProxy->value;
    return rules;
}

ProxyRules ProxyRules::system()
{
    ProxyRules rules;
    rules.m_askSystem = true;
    return rules;
}

bool ProxyRules::setProxy(const QString &url, QString *error)
{
    if (url.trimmed().isEmpty()) {
        m_override = ProxyRoute{};
        return true;
    }
    const auto route = parseProxyUrl(url, error);
    if (!route)
        return false;
    m_override = route;
    return true;
}

void ProxyRules::setNoProxy(const QString &list)
{
    m_noProxy = list;
}

ProxyRoute ProxyRules::routeFor(const QUrl &target) const
{
    if (m_override && m_override->isDirect())
        return {};
    // As curl: no_proxy also applies to a proxy given on the command line.
    if (matchesNoProxy(m_noProxy, target.host()))
        return {};
    if (m_override)
        return *m_override;
    if (m_askSystem)
        return systemRoute(target);
    return proxyForScheme(target.scheme().toLower()).value_or(ProxyRoute{});
}

QStringList ProxyRules::warnings() const
{
    return m_warnings;
}

std::optional<ProxyRoute> ProxyRules::parseProxyUrl(const QString &url, QString *error)
{
    const auto fail = [error](const QString &why) -> std::optional<ProxyRoute> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString text = url.trimmed();
    if (text.isEmpty())
        return fail(tr("the proxy URL is empty"));
    const QUrl parsed(text.contains(QLatin1String("://")) ? text : QLatin1String("http://") + text, QUrl::StrictMode);
    if (!parsed.isValid())
        return fail(tr("not a valid URL"));

    ProxyRoute route;
    const QString scheme = parsed.scheme().toLower();
    if (scheme == QLatin1String("http"))
        route.kind = ProxyRoute::Kind::Http;
    else if (scheme == QLatin1String("socks5") || scheme == QLatin1String("socks5h"))
        route.kind = ProxyRoute::Kind::Socks5;
    else if (scheme == QLatin1String("https"))
        return fail(tr("HTTPS proxies are not supported; give the proxy as http:// (https:// downloads stay "
                       "encrypted through it)"));
    else
        return fail(tr("the proxy scheme %1 is not supported (use http, socks5 or socks5h)").arg(scheme));

    if (parsed.host().isEmpty())
        return fail(tr("the proxy URL has no host"));
    if ((!parsed.path().isEmpty() && parsed.path() != QLatin1String("/")) || parsed.hasQuery() || parsed.hasFragment())
        return fail(tr("a proxy URL has no path"));
    const int port = parsed.port(1080);
    if (port <= 0 || port > 65535)
        return fail(tr("the proxy port must be between 1 and 65535"));

    route.host = parsed.host();
    route.port = quint16(port);
    route.user = parsed.userName(QUrl::FullyDecoded);
    route.password = parsed.password(QUrl::FullyDecoded);
    return route;
}

bool ProxyRules::matchesNoProxy(const QString &list, const QString &host)
{
    const QString name = normalizedHost(host);
    if (name.isEmpty())
        return false;
    const QHostAddress address(name);
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    const QStringList entries = list.split(separators, Qt::SkipEmptyParts);
    return std::any_of(entries.cbegin(), entries.cend(),
                       [&](const QString &entry) { return entryMatches(entry, name, address); });
}

std::optional<ProxyRoute> ProxyRules::readProxyVariable(const QProcessEnvironment &environment,
                                                        const QString &lowerName, const QString &upperName)
{
    const auto variable = readVariable(environment, lowerName, upperName);
    if (!variable || variable->value.trimmed().isEmpty())
        return std::nullopt; // set but empty: unset, as curl
    QString why;
    const auto route = parseProxyUrl(variable->value, &why);
    if (!route)
        m_warnings.append(
                tr("%1: '%2' is not a proxy URL: %3").arg(variable->name, withoutCredentials(variable->value), why));
    return route;
}

std::optional<ProxyRoute> ProxyRules::proxyForScheme(const QString &scheme) const
{
    if (scheme == QLatin1String("https") && m_httpsProxy)
        return m_httpsProxy;
    if (scheme == QLatin1String("http") && m_httpProxy)
        return m_httpProxy;
    return m_allProxy;
}

ProxyRoute ProxyRules::systemRoute(const QUrl &target)
{
    const QList<QNetworkProxy> proxies = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(target));
    for (const QNetworkProxy &proxy : proxies) {
        switch (proxy.type()) {
        case QNetworkProxy::NoProxy:
        case QNetworkProxy::DefaultProxy:
            return {};
        case QNetworkProxy::HttpProxy:
        case QNetworkProxy::HttpCachingProxy:
            return routeOf(proxy, ProxyRoute::Kind::Http);
        case QNetworkProxy::Socks5Proxy:
            return routeOf(proxy, ProxyRoute::Kind::Socks5);
        case QNetworkProxy::FtpCachingProxy:
            break; // of no use for HTTP: try the next one
        }
    }
    return {};
}
