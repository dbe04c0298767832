#include "share/hostcheck.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QHostInfo>

#include <algorithm>

namespace {

QString normalized(QString name)
{
    name = name.toLower();
    while (name.endsWith(QLatin1Char('.')))
        name.chop(1);
    return name;
}

// The host part of a Host value: "[v6]:port", "name:port", "name"; empty
// when the value holds a space or a control character.
QString hostPart(QByteArrayView value)
{
    if (std::any_of(value.begin(), value.end(), [](char c) { return uchar(c) <= 0x20 || uchar(c) == 0x7F; }))
        return {};
    const QString text = QString::fromLatin1(value);
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        return close < 0 ? QString() : text.mid(1, close - 1);
    }
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    return colon < 0 ? text : text.left(colon);
}

} // namespace

HostCheck::HostCheck(const QStringList &allowedNames, const QString &hostName)
{
    const QString machine = normalized(hostName.isEmpty() ? QHostInfo::localHostName() : hostName);
    m_names << QStringLiteral("localhost");
    if (!machine.isEmpty())
        m_names << machine << machine + QStringLiteral(".local");
    for (const QString &name : allowedNames)
        m_names << normalized(name);
}

namespace {

// "192.0.2.7" or "192.0.2.7:8888", the Host of nearly every request, told
// without building a QString: digits and dots are never a DNS name (no
// top-level domain is all digits), so it cannot come from rebinding.
bool isNumericHost(QByteArrayView host)
{
    const qsizetype colon = host.indexOf(':');
    const QByteArrayView name = colon < 0 ? host : host.first(colon);
    const QByteArrayView port = colon < 0 ? QByteArrayView() : host.sliced(colon + 1);
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), [&](char c) { return digit(c) || c == '.'; })
           && (colon < 0 || (!port.isEmpty() && std::all_of(port.begin(), port.end(), digit)));
}

} // namespace

bool HostCheck::admits(QByteArrayView host) const
{
    if (host.isNull() || isNumericHost(host))
        return true;
    const QString name = hostPart(host);
    if (name.isEmpty())
        return false;
    if (QHostAddress address; address.setAddress(name))
        return true;
    return m_names.contains(normalized(name));
}

QString HostCheck::validate(const QString &name)
{
    const QString plain = normalized(name);
    const auto isLabelChar = [](QChar c) { return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-'; };
    bool valid = !plain.isEmpty() && plain.size() <= 253;
    const QStringList labels = plain.split(QLatin1Char('.'));
    for (const QString &label : labels) {
        valid = valid && !label.isEmpty() && label.size() <= 63 && !label.startsWith(QLatin1Char('-'))
                && std::all_of(label.begin(), label.end(), isLabelChar);
    }
    if (valid)
        return {};
    return QCoreApplication::translate("HostCheck", "'%1' is not a host name (letters, digits, hyphens and dots).")
            .arg(name);
}
