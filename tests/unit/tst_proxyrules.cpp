#include "client/proxyrules.h"
#include "rawclient.h"
#include "scriptedserver.h"
#include "tinyproxy.h"

#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

// A route as the tests compare it: "direct", or "http://user:password@host:port" with the credentials decoded.
QString describe(const ProxyRoute &route)
{
    if (route.isDirect())
        return QStringLiteral("direct");
    const QString scheme = route.kind == ProxyRoute::Kind::Socks5 ? QStringLiteral("socks5") : QStringLiteral("http");
    const QString credentials =
            route.user.isEmpty() ? QString() : route.user + QLatin1Char(':') + route.password + QLatin1Char('@');
    const QString host =
            route.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + route.host + QLatin1Char(']') : route.host;
    return scheme + QStringLiteral("://") + credentials + host + QLatin1Char(':') + QString::number(route.port);
}

// An environment holding only these NAME=value assignments.
QProcessEnvironment environmentOf(const QStringList &assignments)
{
    QProcessEnvironment environment;
    for (const QString &assignment : assignments)
        environment.insert(assignment.section(QLatin1Char('='), 0, 0), assignment.section(QLatin1Char('='), 1));
    return environment;
}

// A server on 127.0.0.1 that answers every chunk it receives with "echo:" and the chunk.
class EchoServer final : public QTcpServer
{
public:
    EchoServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                ++m_connections;
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, socket,
                        [socket] { socket->write("echo:" + socket->readAll()); });
            }
        });
    }
    bool listen() { return QTcpServer::listen(QHostAddress::LocalHost, 0); }
    int connections() const { return m_connections; }

private:
    int m_connections = 0;
};

struct Exchange
{
    bool connected = false;
    QByteArray reply;
    QAbstractSocket::SocketError error = QAbstractSocket::UnknownSocketError;
    bool timedOut = false;
};

// Connects to 127.0.0.1:port as `proxy` says (through tinyproxy: with CONNECT), says "ping" and waits for the
// echo; an error or ten seconds end it.
Exchange pingThrough(const QNetworkProxy &proxy, quint16 port)
{
    Exchange result;
    QTcpSocket socket;
    socket.setProxy(proxy);
    bool failed = false;
    QObject::connect(&socket, &QAbstractSocket::errorOccurred, &socket, [&](QAbstractSocket::SocketError error) {
        result.error = error;
        failed = true;
    });
    QObject::connect(&socket, &QAbstractSocket::connected, &socket, [&] {
        result.connected = true;
        socket.write("ping");
    });
    QObject::connect(&socket, &QIODevice::readyRead, &socket, [&] { result.reply += socket.readAll(); });
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    result.timedOut =
            !QTest::qWaitFor([&] { return failed || result.reply.size() >= qsizetype(sizeof "echo:ping" - 1); }, 10000);
    return result;
}

// The route to `proxy`, with user:password (percent-encoded, as in a URL) when given.
std::optional<ProxyRoute> routeTo(const TinyProxy &proxy, const QString &credentials, QString *error)
{
    const QString at = credentials.isEmpty() ? QString() : credentials + QLatin1Char('@');
    return ProxyRules::parseProxyUrl(
            QStringLiteral("http://") + at + QStringLiteral("127.0.0.1:") + QString::number(proxy.port()), error);
}

QByteArray statusCode(const QByteArray &response)
{
    return response.left(response.indexOf("\r\n")).split(' ').value(1);
}

} // namespace

class tst_ProxyRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void environment_data();
    void environment();
    void environmentWarnings_data();
    void environmentWarnings();
    void commandLine_data();
    void commandLine();
    void systemSettings();
    void matchesNoProxy_data();
    void matchesNoProxy();
    void parseProxyUrl_data();
    void parseProxyUrl();
    void parseProxyUrlRefuses_data();
    void parseProxyUrlRefuses();
    void basicAuthorization_data();
    void basicAuthorization();
    void networkProxy_data();
    void networkProxy();

    void tunnelThroughTinyProxy_data();
    void tunnelThroughTinyProxy();
    void absoluteFormThroughTinyProxy_data();
    void absoluteFormThroughTinyProxy();
    void noProxyKeepsTrafficOffTheProxy_data();
    void noProxyKeepsTrafficOffTheProxy();
    void qtSendsCredentialsOnlyAfterA407();
};

void tst_ProxyRules::environment_data()
{
    QTest::addColumn<QStringList>("variables");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("route");

    const QString http = QStringLiteral("http://example.com/file");
    const QString https = QStringLiteral("https://example.com/file");
    const QString direct = QStringLiteral("direct");
    const QString p = QStringLiteral("http://p:3128");
    const QString q = QStringLiteral("http://q:3128");

    QTest::newRow("nothing set") << QStringList() << http << direct;
    QTest::newRow("http_proxy for http") << QStringList{QStringLiteral("http_proxy=http://p:3128")} << http << p;
    QTest::newRow("http_proxy not for https")
            << QStringList{QStringLiteral("http_proxy=http://p:3128")} << https << direct;
    QTest::newRow("HTTP_PROXY ignored (httpoxy)")
            << QStringList{QStringLiteral("HTTP_PROXY=http://p:3128")} << http << direct;
    QTest::newRow("https_proxy for https") << QStringList{QStringLiteral("https_proxy=http://p:3128")} << https << p;
    QTest::newRow("HTTPS_PROXY for https") << QStringList{QStringLiteral("HTTPS_PROXY=http://p:3128")} << https << p;
    QTest::newRow("https_proxy not for http")
            << QStringList{QStringLiteral("https_proxy=http://p:3128")} << http << direct;
    QTest::newRow("https_proxy wins over HTTPS_PROXY")
            << QStringList{QStringLiteral("HTTPS_PROXY=http://q:3128"), QStringLiteral("https_proxy=http://p:3128")}
            << https << p;
    QTest::newRow("all_proxy for http") << QStringList{QStringLiteral("all_proxy=http://p:3128")} << http << p;
    QTest::newRow("ALL_PROXY for https") << QStringList{QStringLiteral("ALL_PROXY=http://p:3128")} << https << p;
    QTest::newRow("all_proxy wins over ALL_PROXY")
            << QStringList{QStringLiteral("ALL_PROXY=http://q:3128"), QStringLiteral("all_proxy=http://p:3128")} << http
            << p;
    QTest::newRow("http_proxy before all_proxy")
            << QStringList{QStringLiteral("all_proxy=http://q:3128"), QStringLiteral("http_proxy=http://p:3128")}
            << http << p;
    QTest::newRow("https_proxy before all_proxy")
            << QStringList{QStringLiteral("all_proxy=http://q:3128"), QStringLiteral("HTTPS_PROXY=http://p:3128")}
            << https << p;
    QTest::newRow("all_proxy under HTTP_PROXY")
            << QStringList{QStringLiteral("HTTP_PROXY=http://q:3128"), QStringLiteral("all_proxy=http://p:3128")}
            << http << p;
    QTest::newRow("empty http_proxy falls to all_proxy")
            << QStringList{QStringLiteral("http_proxy="), QStringLiteral("all_proxy=http://p:3128")} << http << p;
    QTest::newRow("empty https_proxy hides HTTPS_PROXY")
            << QStringList{QStringLiteral("https_proxy="), QStringLiteral("HTTPS_PROXY=http://q:3128")} << https
            << direct;
    QTest::newRow("socks5 all_proxy") << QStringList{QStringLiteral("all_proxy=socks5h://s:9050")} << https
                                      << QStringLiteral("socks5://s:9050");
    QTest::newRow("credentials") << QStringList{QStringLiteral("https_proxy=http://al%20ice:pa%3Ass@p:3128")} << https
                                 << QStringLiteral("http://al ice:pa:ss@p:3128");
    QTest::newRow("no_proxy bypasses") << QStringList{QStringLiteral("http_proxy=http://p:3128"),
                                                      QStringLiteral("no_proxy=example.com")}
                                       << http << direct;
    QTest::newRow("NO_PROXY bypasses") << QStringList{QStringLiteral("all_proxy=http://p:3128"),
                                                      QStringLiteral("NO_PROXY=.example.com")}
                                       << https << direct;
    QTest::newRow("no_proxy wins over NO_PROXY")
            << QStringList{QStringLiteral("all_proxy=http://p:3128"), QStringLiteral("NO_PROXY=example.com"),
                           QStringLiteral("no_proxy=other.org")}
            << https << p;
    QTest::newRow("no_proxy other host") << QStringList{QStringLiteral("http_proxy=http://p:3128"),
                                                        QStringLiteral("no_proxy=other.org,localhost")}
                                         << http << p;
    QTest::newRow("no_proxy star") << QStringList{QStringLiteral("all_proxy=http://p:3128"),
                                                  QStringLiteral("no_proxy=*")}
                                   << https << direct;
    QTest::newRow("bad https_proxy not used, all_proxy is")
            << QStringList{QStringLiteral("https_proxy=https://p:3128"), QStringLiteral("all_proxy=http://q:3128")}
            << https << q;
    QTest::newRow("bad http_proxy not used") << QStringList{QStringLiteral("http_proxy=ftp://p:21")} << http << direct;
}

void tst_ProxyRules::environment()
{
    QFETCH(QStringList, variables);
    QFETCH(QString, target);
    QFETCH(QString, route);

    const ProxyRules rules = ProxyRules::fromEnvironment(environmentOf(variables));
    QCOMPARE(describe(rules.routeFor(QUrl(target))), route);
    // A copy decides the same: a download request carries the rules by value.
    const ProxyRules copy = rules;
    QCOMPARE(describe(copy.routeFor(QUrl(target))), route);
}

void tst_ProxyRules::environmentWarnings_data()
{
    QTest::addColumn<QStringList>("variables");
    QTest::addColumn<QStringList>("named"); // each warning names its variable
    QTest::addColumn<QString>("secret"); // which no warning may show

    QTest::newRow("all good") << QStringList{QStringLiteral("http_proxy=http://p:3128"),
                                             QStringLiteral("NO_PROXY=whatever, at all")}
                              << QStringList() << QString();
    QTest::newRow("empty is unset, not bad")
            << QStringList{QStringLiteral("https_proxy=")} << QStringList() << QString();
    QTest::newRow("HTTP_PROXY not even read")
            << QStringList{QStringLiteral("HTTP_PROXY=ftp://bad")} << QStringList() << QString();
    QTest::newRow("https proxy") << QStringList{QStringLiteral("https_proxy=https://p:3128")}
                                 << QStringList{QStringLiteral("https_proxy")} << QString();
    QTest::newRow("upper-case name reported as set") << QStringList{QStringLiteral("ALL_PROXY=socks4://p:1080")}
                                                     << QStringList{QStringLiteral("ALL_PROXY")} << QString();
    QTest::newRow("port zero, password hidden")
            << QStringList{QStringLiteral("HTTPS_PROXY=http://alice:hunter2@p:0")}
            << QStringList{QStringLiteral("HTTPS_PROXY")} << QStringLiteral("hunter2");
    QTest::newRow("two bad") << QStringList{QStringLiteral("http_proxy=http://p:3128/path"),
                                            QStringLiteral("all_proxy=gopher://p")}
                             << QStringList{QStringLiteral("http_proxy"), QStringLiteral("all_proxy")} << QString();
}

void tst_ProxyRules::environmentWarnings()
{
    QFETCH(QStringList, variables);
    QFETCH(QStringList, named);
    QFETCH(QString, secret);

    const QStringList warnings = ProxyRules::fromEnvironment(environmentOf(variables)).warnings();
    QCOMPARE(warnings.size(), named.size());
    for (const QString &name : named)
        QVERIFY2(std::any_of(warnings.cbegin(), warnings.cend(),
                             [&](const QString &w) { return w.startsWith(name + QLatin1Char(':')); }),
                 qPrintable(warnings.join(QLatin1Char('\n'))));
    if (!secret.isEmpty())
        QVERIFY2(!warnings.join(QLatin1Char('\n')).contains(secret), qPrintable(warnings.join(QLatin1Char('\n'))));
}

void tst_ProxyRules::commandLine_data()
{
    QTest::addColumn<QStringList>("variables");
    QTest::addColumn<bool>("proxyGiven");
    QTest::addColumn<QString>("proxy");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<bool>("noProxyGiven");
    QTest::addColumn<QString>("noProxy");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("route");

    const QStringList env{QStringLiteral("http_proxy=http://e:3128"), QStringLiteral("https_proxy=http://e:3128"),
                          QStringLiteral("no_proxy=example.com")};
    const QString http = QStringLiteral("http://host.org/f");
    const QString https = QStringLiteral("https://host.org/f");
    const QString direct = QStringLiteral("direct");
    const QString e = QStringLiteral("http://e:3128");
    const QString c = QStringLiteral("http://c:8080");

    QTest::newRow("environment alone") << env << false << QString() << true << false << QString() << http << e;
    QTest::newRow("--proxy overrides http_proxy")
            << env << true << QStringLiteral("c:8080") << true << false << QString() << http << c;
    QTest::newRow("--proxy serves https too")
            << QStringList() << true << QStringLiteral("http://c:8080") << true << false << QString() << https << c;
    QTest::newRow("--proxy is still subject to no_proxy")
            << env << true << QStringLiteral("http://c:8080") << true << false << QString()
            << QStringLiteral("http://www.example.com/") << direct;
    QTest::newRow("--proxy '' disables the environment")
            << env << true << QString() << true << false << QString() << https << direct;
    QTest::newRow("--proxy ' ' disables too") << QStringList{QStringLiteral("all_proxy=http://e:3128")} << true
                                              << QStringLiteral(" ") << true << false << QString() << http << direct;
    QTest::newRow("bad --proxy refused, environment kept")
            << env << true << QStringLiteral("https://c:8080") << false << false << QString() << http << e;
    QTest::newRow("--noproxy replaces no_proxy")
            << env << false << QString() << true << true << QStringLiteral("other.org")
            << QStringLiteral("http://example.com/") << e;
    QTest::newRow("--noproxy bypasses the environment's proxy")
            << env << false << QString() << true << true << QStringLiteral("host.org") << https << direct;
    QTest::newRow("--noproxy applies to --proxy") << QStringList() << true << QStringLiteral("c:8080") << true << true
                                                  << QStringLiteral("*") << http << direct;
    QTest::newRow("--noproxy '' clears no_proxy")
            << env << false << QString() << true << true << QString() << QStringLiteral("http://example.com/") << e;
}

void tst_ProxyRules::commandLine()
{
    QFETCH(QStringList, variables);
    QFETCH(bool, proxyGiven);
    QFETCH(QString, proxy);
    QFETCH(bool, accepted);
    QFETCH(bool, noProxyGiven);
    QFETCH(QString, noProxy);
    QFETCH(QString, target);
    QFETCH(QString, route);

    ProxyRules rules = ProxyRules::fromEnvironment(environmentOf(variables));
    if (proxyGiven) {
        QString error;
        QCOMPARE(rules.setProxy(proxy, &error), accepted);
        QCOMPARE(error.isEmpty(), accepted);
    }
    if (noProxyGiven)
        rules.setNoProxy(noProxy);
    QCOMPARE(describe(rules.routeFor(QUrl(target))), route);
}

void tst_ProxyRules::systemSettings()
{
    // What Qt reports for this machine, whatever it is (environment, libproxy, desktop settings), converted.
    const QUrl target(QStringLiteral("https://example.com/file"));
    const QList<QNetworkProxy> system = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(target));
    QVERIFY(!system.isEmpty());
    const ProxyRoute route = ProxyRules::system().routeFor(target);
    const QNetworkProxy::ProxyType first = system.constFirst().type();
    if (first == QNetworkProxy::NoProxy || first == QNetworkProxy::DefaultProxy) {
        QVERIFY(route.isDirect());
    } else {
        QCOMPARE(route.host, system.constFirst().hostName());
        QCOMPARE(route.port, system.constFirst().port());
    }

    // The Settings override wins over the system, and no_proxy applies to it.
    ProxyRules overridden = ProxyRules::system();
    QString error;
    QVERIFY(overridden.setProxy(QStringLiteral("http://c:8080"), &error));
    QCOMPARE(describe(overridden.routeFor(target)), QStringLiteral("http://c:8080"));
    overridden.setNoProxy(QStringLiteral("example.com"));
    QCOMPARE(describe(overridden.routeFor(target)), QStringLiteral("direct"));

    ProxyRules none = ProxyRules::system();
    QVERIFY(none.setProxy(QString(), &error));
    QCOMPARE(describe(none.routeFor(target)), QStringLiteral("direct"));

    QCOMPARE(describe(ProxyRules().routeFor(target)), QStringLiteral("direct"));
}

void tst_ProxyRules::matchesNoProxy_data()
{
    QTest::addColumn<QString>("list");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("matches");

    const auto row = [](const char *name, const char *list, const char *host, bool matches) {
        QTest::newRow(name) << QString::fromUtf8(list) << QString::fromUtf8(host) << matches;
    };
    row("empty list", "", "example.com", false);
    row("only separators", " , ,, ", "example.com", false);
    row("exact name", "example.com", "example.com", true);
    row("subdomain", "example.com", "www.example.com", true);
    row("deep subdomain", "example.com", "a.b.example.com", true);
    row("leading dot matches the name", ".example.com", "example.com", true);
    row("leading dot matches a subdomain", ".example.com", "www.example.com", true);
    row("not a mere suffix", "example.com", "badexample.com", false);
    row("parent not matched", "www.example.com", "example.com", false);
    row("sibling not matched", "www.example.com", "ftp.example.com", false);
    row("star", "*", "anything.org", true);
    row("star among others", "a.org, *", "b.org", true);
    row("star inside a name is literal", "*.example.com", "www.example.com", false);
    row("case-insensitive entry", "EXAMPLE.Com", "www.example.com", true);
    row("case-insensitive host", "example.com", "WWW.Example.COM", true);
    row("trailing dot on host", "example.com", "www.example.com.", true);
    row("trailing dot on entry", "example.com.", "example.com", true);
    row("comma list", "a.org,example.com,b.org", "example.com", true);
    row("space list", "a.org example.com", "example.com", true);
    row("comma and spaces", "a.org , \texample.com", "www.example.com", true);
    row("not in list", "a.org,b.org", "example.com", false);
    row("entry port ignored", "example.com:8080", "example.com", true);
    row("localhost not implied", "example.com", "localhost", false);
    row("loopback not implied", "example.com", "127.0.0.1", false);
    row("ipv4 exact", "10.1.2.3", "10.1.2.3", true);
    row("ipv4 differs", "10.1.2.3", "10.1.2.4", false);
    row("ipv4 with port", "127.0.0.1:8080", "127.0.0.1", true);
    row("ipv4 no suffix matching", "1.2.3", "10.1.2.3", false);
    row("ipv4 entry vs name", "10.1.2.3", "example.com", false);
    row("name entry vs ipv4", "example.com", "10.1.2.3", false);
    row("ipv4 cidr in", "10.0.0.0/8", "10.200.1.1", true);
    row("ipv4 cidr out", "10.0.0.0/8", "11.0.0.1", false);
    row("ipv4 cidr /32", "192.168.1.5/32", "192.168.1.5", true);
    row("ipv4 cidr /32 out", "192.168.1.5/32", "192.168.1.6", false);
    row("loopback cidr", "127.0.0.0/8", "127.0.0.1", true);
    row("cidr does not match a name", "10.0.0.0/8", "example.com", false);
    row("ipv4 cidr vs ipv6 host", "10.0.0.0/8", "::1", false);
    row("ipv6 exact", "::1", "::1", true);
    row("ipv6 other spelling", "0:0:0:0:0:0:0:1", "::1", true);
    row("ipv6 bracketed entry", "[::1]", "::1", true);
    row("ipv6 bracketed host", "::1", "[::1]", true);
    row("ipv6 bracketed entry with port", "[fe80::1]:8080", "fe80::1", true);
    row("ipv6 differs", "::1", "::2", false);
    row("ipv6 case", "FD00::AB", "fd00::ab", true);
    row("ipv6 cidr ::1/128", "::1/128", "::1", true);
    row("ipv6 cidr in", "fd00::/8", "fd12:3456::1", true);
    row("ipv6 cidr out", "fd00::/8", "fe80::1", false);
    row("ipv6 bracketed cidr", "[fd00::]/8", "fd12::1", true);
    row("ipv6 cidr vs ipv4 host", "::/0", "10.0.0.1", false);
    row("empty host", "*", "", false);
}

void tst_ProxyRules::matchesNoProxy()
{
    QFETCH(QString, list);
    QFETCH(QString, host);
    QFETCH(bool, matches);

    QCOMPARE(ProxyRules::matchesNoProxy(list, host), matches);
}

void tst_ProxyRules::parseProxyUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("route");

    const auto row = [](const char *name, const char *url, const char *route) {
        QTest::newRow(name) << QString::fromUtf8(url) << QString::fromUtf8(route);
    };
    row("http with port", "http://proxy.lan:3128", "http://proxy.lan:3128");
    row("port 1080 by default", "http://proxy.lan", "http://proxy.lan:1080");
    row("trailing slash", "http://proxy.lan:3128/", "http://proxy.lan:3128");
    row("upper-case scheme", "HTTP://Proxy.LAN:3128", "http://proxy.lan:3128");
    row("no scheme means http", "proxy.lan:3128", "http://proxy.lan:3128");
    row("no scheme, no port", "proxy.lan", "http://proxy.lan:1080");
    row("no scheme, ipv4", "127.0.0.1:8888", "http://127.0.0.1:8888");
    row("ipv6", "http://[::1]:3128", "http://[::1]:3128");
    row("no scheme, ipv6", "[fd00::5]:3128", "http://[fd00::5]:3128");
    row("surrounding spaces", "  http://proxy.lan:3128 \n", "http://proxy.lan:3128");
    row("credentials", "http://alice:secret@proxy.lan:3128", "http://alice:secret@proxy.lan:3128");
    row("percent-decoded credentials", "http://al%40ice:p%3Ass%2Fw%25rd%20x@proxy.lan:3128",
        "http://al@ice:p:ss/w%rd x@proxy.lan:3128");
    row("utf-8 credentials", "http://j%C3%BCrgen:%E2%82%AC@proxy.lan", "http://jürgen:€@proxy.lan:1080");
    row("user without password", "http://alice@proxy.lan:3128", "http://alice:@proxy.lan:3128");
    row("credentials without scheme", "alice:secret@proxy.lan:3128", "http://alice:secret@proxy.lan:3128");
    row("socks5", "socks5://proxy.lan:9050", "socks5://proxy.lan:9050");
    row("socks5h", "socks5h://proxy.lan:9050", "socks5://proxy.lan:9050");
    row("socks5 default port", "socks5://proxy.lan", "socks5://proxy.lan:1080");
    row("highest port", "http://proxy.lan:65535", "http://proxy.lan:65535");
}

void tst_ProxyRules::parseProxyUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, route);

    QString error;
    const auto parsed = ProxyRules::parseProxyUrl(url, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(describe(*parsed), route);
    QVERIFY(error.isEmpty());
}

void tst_ProxyRules::parseProxyUrlRefuses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("mentions"); // the error says why, in these words

    const auto row = [](const char *name, const char *url, const char *mentions = "") {
        QTest::newRow(name) << QString::fromUtf8(url) << QString::fromUtf8(mentions);
    };
    row("empty", "");
    row("spaces", "   ");
    row("https proxy", "https://proxy.lan:3128", "HTTPS");
    row("ftp", "ftp://proxy.lan:21", "ftp");
    row("socks4", "socks4://proxy.lan:1080", "socks4");
    row("no host", "http://:3128");
    row("scheme only", "http://");
    row("port zero", "http://proxy.lan:0", "port");
    row("port too big", "http://proxy.lan:65536");
    row("port not a number", "http://proxy.lan:abc");
    row("path", "http://proxy.lan:3128/proxy.pac", "path");
    row("query", "http://proxy.lan:3128/?x=1", "path");
    row("space in host", "http://proxy lan:3128");
    row("bad percent escape", "http://al%zzice@proxy.lan:3128");
}

void tst_ProxyRules::parseProxyUrlRefuses()
{
    QFETCH(QString, url);
    QFETCH(QString, mentions);

    QString error;
    const auto parsed = ProxyRules::parseProxyUrl(url, &error);
    QVERIFY2(!parsed, qPrintable(parsed ? describe(*parsed) : QString()));
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(mentions, Qt::CaseInsensitive), qPrintable(error));
    QVERIFY(!ProxyRules::parseProxyUrl(url, nullptr)); // the error is optional
}

void tst_ProxyRules::basicAuthorization_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QByteArray>("header");

    QTest::newRow("no user") << QString() << QStringLiteral("secret") << QByteArray();
    QTest::newRow("user and password") << QStringLiteral("alice") << QStringLiteral("secret")
                                       << QByteArray("Basic YWxpY2U6c2VjcmV0");
    QTest::newRow("empty password") << QStringLiteral("alice") << QString() << QByteArray("Basic YWxpY2U6");
    QTest::newRow("colon in password") << QStringLiteral("alice") << QStringLiteral("a:b")
                                       << QByteArray("Basic YWxpY2U6YTpi");
    QTest::newRow("utf-8") << QStringLiteral("jürgen") << QStringLiteral("€")
                           << "Basic " + QByteArray("j\xc3\xbcrgen:\xe2\x82\xac").toBase64();
}

void tst_ProxyRules::basicAuthorization()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QByteArray, header);

    ProxyRoute route;
    route.kind = ProxyRoute::Kind::Http;
    route.host = QStringLiteral("p");
    route.port = 3128;
    route.user = user;
    route.password = password;
    QCOMPARE(route.basicAuthorization(), header);
}

void tst_ProxyRules::networkProxy_data()
{
    QTest::addColumn<QString>("url"); // "" for a direct route
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("displayName");

    QTest::newRow("direct") << QString() << int(QNetworkProxy::NoProxy) << QString();
    QTest::newRow("http") << QStringLiteral("http://alice:secret@proxy.lan:3128") << int(QNetworkProxy::HttpProxy)
                          << QStringLiteral("http://proxy.lan:3128");
    QTest::newRow("socks5") << QStringLiteral("socks5h://bob:pw@proxy.lan:9050") << int(QNetworkProxy::Socks5Proxy)
                            << QStringLiteral("socks5://proxy.lan:9050");
    QTest::newRow("ipv6") << QStringLiteral("http://[::1]:3128") << int(QNetworkProxy::HttpProxy)
                          << QStringLiteral("http://[::1]:3128");
}

void tst_ProxyRules::networkProxy()
{
    QFETCH(QString, url);
    QFETCH(int, type);
    QFETCH(QString, displayName);

    QString error;
    const ProxyRoute route = url.isEmpty() ? ProxyRoute() : ProxyRules::parseProxyUrl(url, &error).value();
    const QNetworkProxy proxy = route.networkProxy();
    QCOMPARE(int(proxy.type()), type);
    QCOMPARE(route.displayName(), displayName);
    if (route.isDirect())
        return;
    QCOMPARE(proxy.hostName(), route.host);
    QCOMPARE(proxy.port(), route.port);
    QCOMPARE(proxy.user(), route.user);
    QCOMPARE(proxy.password(), route.password);
    QVERIFY(route.password.isEmpty() || !route.displayName().contains(route.password));
}

void tst_ProxyRules::tunnelThroughTinyProxy_data()
{
    QTest::addColumn<QString>("proxyUser"); // "" for an open proxy
    QTest::addColumn<QString>("credentials"); // user:password in the route's URL, percent-encoded
    QTest::addColumn<bool>("tunnels");
    QTest::addColumn<int>("error"); // the socket's error when it does not
    QTest::addColumn<int>("requests"); // CONNECTs tinyproxy read: Qt sends credentials only after a 407

    const int none = int(QAbstractSocket::UnknownSocketError);
    QTest::newRow("open proxy") << QString() << QString() << true << none << 1;
    QTest::newRow("open proxy, credentials unasked")
            << QString() << QStringLiteral("alice:s3cret") << true << none << 1;
    QTest::newRow("basic auth") << QStringLiteral("alice") << QStringLiteral("alice:s3cret") << true << none << 2;
    QTest::newRow("basic auth, percent-encoded")
            << QStringLiteral("alice") << QStringLiteral("%61lice:s%33cr%65t") << true << none << 2;
    QTest::newRow("no credentials: 407") << QStringLiteral("alice") << QString() << false
                                         << int(QAbstractSocket::ProxyAuthenticationRequiredError) << 1;
    // tinyproxy answers a wrong password with "401 Unauthorized", not 407: Qt calls that a protocol error.
    QTest::newRow("wrong password: 401") << QStringLiteral("alice") << QStringLiteral("alice:wrong") << false
                                         << int(QAbstractSocket::ProxyProtocolError) << 2;
}

void tst_ProxyRules::tunnelThroughTinyProxy()
{
    QFETCH(QString, proxyUser);
    QFETCH(QString, credentials);
    QFETCH(bool, tunnels);
    QFETCH(int, error);
    QFETCH(int, requests);

    EchoServer server;
    QVERIFY(server.listen());
    TinyProxy proxy({proxyUser, QStringLiteral("s3cret")});
    QVERIFY2(proxy.isRunning(), qPrintable(proxy.errorString()));

    QString why;
    const auto route = routeTo(proxy, credentials, &why);
    QVERIFY2(route, qPrintable(why));

    const Exchange exchange = pingThrough(route->networkProxy(), server.serverPort());
    const QString connectLine = QStringLiteral("CONNECT 127.0.0.1:%1 HTTP/1.1").arg(server.serverPort());
    QCOMPARE(proxy.requests(), QStringList(requests, connectLine));
    if (tunnels) {
        QCOMPARE(exchange.reply, QByteArray("echo:ping"));
        QCOMPARE(proxy.forwardedCount(), 1);
        QCOMPARE(server.connections(), 1);
    } else {
        QVERIFY2(!exchange.timedOut, "the refusal must end the attempt, not the test's timeout");
        QVERIFY(!exchange.connected);
        QCOMPARE(int(exchange.error), error);
        QCOMPARE(proxy.forwardedCount(), 0);
        QCOMPARE(server.connections(), 0);
    }
}

void tst_ProxyRules::absoluteFormThroughTinyProxy_data()
{
    QTest::addColumn<QString>("proxyUser");
    QTest::addColumn<QString>("credentials");
    QTest::addColumn<QByteArray>("status");

    QTest::newRow("open proxy") << QString() << QString() << QByteArray("200");
    QTest::newRow("basic auth") << QStringLiteral("alice") << QStringLiteral("alice:s3cret") << QByteArray("200");
    QTest::newRow("basic auth, percent-encoded")
            << QStringLiteral("alice") << QStringLiteral("alice:s%33cret") << QByteArray("200");
    QTest::newRow("no credentials") << QStringLiteral("alice") << QString() << QByteArray("407");
    QTest::newRow("wrong password") << QStringLiteral("alice") << QStringLiteral("alice:wrong") << QByteArray("401");
}

void tst_ProxyRules::absoluteFormThroughTinyProxy()
{
    QFETCH(QString, proxyUser);
    QFETCH(QString, credentials);
    QFETCH(QByteArray, status);

    ScriptedServer server([](const QByteArray &received) -> std::optional<ScriptedServer::Reply> {
        if (!received.contains("\r\n\r\n"))
            return std::nullopt;
        return ScriptedServer::Reply::of("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    });
    QVERIFY(server.listen());
    TinyProxy proxy({proxyUser, QStringLiteral("s3cret")});
    QVERIFY2(proxy.isRunning(), qPrintable(proxy.errorString()));

    QString why;
    const auto route = routeTo(proxy, credentials, &why);
    QVERIFY2(route, qPrintable(why));

    const QByteArray origin = "127.0.0.1:" + QByteArray::number(server.serverPort());
    QByteArray request = "GET http://" + origin + "/file.txt HTTP/1.1\r\nHost: " + origin + "\r\n";
    if (!route->basicAuthorization().isEmpty())
        request += "Proxy-Authorization: " + route->basicAuthorization() + "\r\n";
    request += "Connection: close\r\n\r\n";
    const RawExchange exchange = rawExchange(route->port, {request});

    QVERIFY2(exchange.closedByPeer, exchange.received.constData());
    QCOMPARE(statusCode(exchange.received), status);
    QCOMPARE(proxy.requests(),
             QStringList{QStringLiteral("GET http://%1/file.txt HTTP/1.1").arg(QLatin1String(origin))});
    if (status != "200") {
        QCOMPARE(server.requests().size(), 0);
        return;
    }
    QVERIFY(exchange.received.endsWith("\r\n\r\nhello"));
    QCOMPARE(server.requests().size(), 1);
    // The server gets the origin form, without the proxy's credentials.
    const QByteArray forwarded = server.requests().constFirst();
    QVERIFY2(forwarded.startsWith("GET /file.txt HTTP/1.1\r\n"), forwarded.constData());
    QVERIFY2(!forwarded.toLower().contains("proxy-authorization"), forwarded.constData());
}

void tst_ProxyRules::noProxyKeepsTrafficOffTheProxy_data()
{
    QTest::addColumn<QString>("noProxy");
    QTest::addColumn<bool>("throughProxy");

    QTest::newRow("no no_proxy") << QString() << true;
    QTest::newRow("other host") << QStringLiteral("example.com") << true;
    QTest::newRow("localhost is not 127.0.0.1") << QStringLiteral("localhost") << true;
    QTest::newRow("the address") << QStringLiteral("127.0.0.1") << false;
    QTest::newRow("the loopback block") << QStringLiteral("example.com, 127.0.0.0/8") << false;
    QTest::newRow("everything") << QStringLiteral("*") << false;
}

void tst_ProxyRules::noProxyKeepsTrafficOffTheProxy()
{
    QFETCH(QString, noProxy);
    QFETCH(bool, throughProxy);

    EchoServer server;
    QVERIFY(server.listen());
    TinyProxy proxy;
    QVERIFY2(proxy.isRunning(), qPrintable(proxy.errorString()));

    const ProxyRules rules = ProxyRules::fromEnvironment(
            environmentOf({QStringLiteral("https_proxy=") + proxy.url(), QStringLiteral("no_proxy=") + noProxy}));
    QVERIFY(rules.warnings().isEmpty());
    const ProxyRoute route = rules.routeFor(QUrl(QStringLiteral("https://127.0.0.1:%1/file").arg(server.serverPort())));
    QCOMPARE(route.isDirect(), !throughProxy);

    QCOMPARE(pingThrough(route.networkProxy(), server.serverPort()).reply, QByteArray("echo:ping"));
    QCOMPARE(proxy.requests().size(), throughProxy ? 1 : 0);
    QCOMPARE(proxy.forwardedCount(), throughProxy ? 1 : 0);
}

void tst_ProxyRules::qtSendsCredentialsOnlyAfterA407()
{
    // A fake proxy that asks for credentials on the first connection and refuses the next ones: Qt's
    // CONNECT carries no Proxy-Authorization until a 407 has named the scheme, then it connects again.
    int answered = 0;
    ScriptedServer fake([&answered](const QByteArray &received) -> std::optional<ScriptedServer::Reply> {
        if (!received.contains("\r\n\r\n"))
            return std::nullopt;
        if (answered++ == 0)
            return ScriptedServer::Reply::of("HTTP/1.1 407 Proxy Authentication Required\r\n"
                                             "Proxy-Authenticate: Basic realm=\"fake\"\r\n"
                                             "Content-Length: 0\r\nConnection: close\r\n\r\n");
        return ScriptedServer::Reply::of("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    });
    QVERIFY(fake.listen());
    QString why;
    const auto route = ProxyRules::parseProxyUrl(
            QStringLiteral("http://alice:s3cret@127.0.0.1:") + QString::number(fake.serverPort()), &why);
    QVERIFY2(route, qPrintable(why));

    const Exchange exchange = pingThrough(route->networkProxy(), closedLoopbackPort());
    QVERIFY(!exchange.connected);
    QVERIFY(!exchange.timedOut);
    QCOMPARE(exchange.error, QAbstractSocket::SocketAccessError); // what Qt makes of a 403
    QVERIFY(fake.requests().size() >= 2);
    const QByteArray credentials = "\r\nProxy-Authorization: " + route->basicAuthorization() + "\r\n";
    QVERIFY2(!fake.requests().at(0).contains("Proxy-Authorization"), fake.requests().at(0).constData());
    QVERIFY2(fake.requests().at(1).contains(credentials), fake.requests().at(1).constData());
}

QTEST_GUILESS_MAIN(tst_ProxyRules)
#include "tst_proxyrules.moc"
