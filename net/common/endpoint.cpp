#include "common/endpoint.h"

#include "common/accesscode.h"
#include "common/publickeypin.h"

#include <QHostAddress>
#include <QStringList>
#include <QUrl>

std::optional<quint16> Endpoint::parsePort(const QString &text, bool allowZero)
{
    bool ok = false;
    const uint value = text.trimmed().toUInt(&ok);
    if (!ok || value > 65535 || (value == 0 && !allowZero))
        return std::nullopt;
    return static_cast<quint16>(value);
}

std::optional<Endpoint> Endpoint::parse(const QString &text, quint16 defaultPort)
{
    const QString input = text.trimmed();
    Endpoint endpoint;
    endpoint.port = defaultPort;
    QString portText;
    if (input.startsWith(QLatin1Char('['))) {
        const qsizetype close = input.indexOf(QLatin1Char(']'));
        if (close < 0)
            return std::nullopt;
        endpoint.host = input.mid(1, close - 1);
        const QString rest = input.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(QLatin1Char(':')))
                return std::nullopt;
            portText = rest.mid(1);
        }
        if (QHostAddress(endpoint.host).protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
    } else if (input.count(QLatin1Char(':')) > 1) {
        endpoint.host = input; // bare IPv6 address
        if (QHostAddress(endpoint.host).isNull())
            return std::nullopt;
    } else {
        const qsizetype colon = input.indexOf(QLatin1Char(':'));
        endpoint.host = colon < 0 ? input : input.left(colon);
        if (colon >= 0)
            portText = input.mid(colon + 1);
    }
    if (endpoint.host.isEmpty() || endpoint.host.contains(QLatin1Char(' ')) || endpoint.host.contains(QLatin1Char('/')))
        return std::nullopt;
    if (!portText.isNull()) {
        const std::optional<quint16> port = parsePort(portText);
        if (!port)
            return std::nullopt;
        endpoint.port = *port;
    }
    return endpoint;
}

QString Endpoint::toString() const
{
    const bool v6 = host.contains(QLatin1Char(':'));
    return (v6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) + QLatin1Char(':') + QString::number(port);
}

QString Endpoint::shareUrl(const QString &accessCode, const QString &pin) const
{
    const QString url =
            (pin.isEmpty() ? QStringLiteral("http://") : QStringLiteral("https://")) + toString() + QLatin1Char('/');
    QStringList items;
    if (!accessCode.isEmpty())
        items << QString::fromLatin1(AccessCode::queryItem(accessCode));
    // '/' may stay as it is in a query; '+' and '=' may not (a form decoder
    // reads '+' as a space).
    if (!pin.isEmpty())
        items << PublicKeyPin::QueryItem + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(pin, "/"));
    return items.isEmpty() ? url : url + QLatin1Char('?') + items.join(QLatin1Char('&'));
}
