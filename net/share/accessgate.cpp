#include "share/accessgate.h"

#include "wire/httprequest.h"

#include <QCoreApplication>
#include <QMutexLocker>
#include <QUrl>
#include <QUrlQuery>

namespace {

constexpr QByteArrayView CookieName = "ferry-code";
// Bounds the table of guessing peers (an IPv6 peer has many addresses).
constexpr qsizetype MaxTrackedPeers = 4096;

} // namespace

AccessGate::AccessGate(const QString &code)
    : m_code(code.toUtf8())
{ }

AccessGate::Verdict AccessGate::check(const HttpRequest &request, const QHostAddress &peer) const
{
    if (!isRequired())
        return Verdict::Admitted;
    if (isThrottled(peer))
        return Verdict::Throttled;
    // A wrong cookie left over from an older code must not hide a right
    // code given explicitly, so every carrier is tried.
    bool offered = false;
    for (const QByteArray &candidate : {fromQuery(request), fromAuthorization(request), fromCookie(request)}) {
        if (candidate.isNull())
            continue;
        if (matches(candidate)) {
            forgive(peer);
            return Verdict::Admitted;
        }
        offered = true;
    }
    if (!offered)
        return Verdict::Missing;
    recordFailure(peer);
    return Verdict::Wrong;
}

bool AccessGate::cameByQuery(const HttpRequest &request) const
{
    const QByteArray fromLink = fromQuery(request);
    return !fromLink.isNull() && matches(fromLink);
}

QByteArray AccessGate::sessionCookie() const
{
    return CookieName.toByteArray() + '=' + QUrl::toPercentEncoding(QString::fromUtf8(m_code))
           + "; Path=/; HttpOnly; SameSite=Strict";
}

bool AccessGate::matches(QByteArrayView candidate) const
{
    // Compare in time independent of where the first difference is.
    unsigned char difference = candidate.size() == m_code.size() ? 0 : 1;
    for (qsizetype i = 0; i < m_code.size(); ++i)
        difference |= static_cast<unsigned char>(m_code.at(i) ^ (i < candidate.size() ? candidate.at(i) : 0));
    return difference == 0;
}

QByteArray AccessGate::fromQuery(const HttpRequest &request) const
{
    const QUrlQuery query(QString::fromUtf8(request.query));
    if (!query.hasQueryItem(QStringLiteral("code")))
        return {};
    QByteArray value = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).toUtf8();
    if (value.isNull())
        value = QByteArray(""); // "?code=" offers an empty code: wrong, not missing
    return value;
}

QByteArray AccessGate::fromAuthorization(const HttpRequest &request) const
{
    const QByteArray authorization = request.header("authorization").trimmed();
    if (!authorization.toLower().startsWith("basic "))
        return {};
    const auto decoded =
            QByteArray::fromBase64Encoding(authorization.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return QByteArray(""); // present but unreadable: a wrong code
    // "user:password"; the user name is not part of Ferry's check.
    const QByteArray credentials = *decoded;
    const qsizetype colon = credentials.indexOf(':');
    QByteArray password = colon < 0 ? credentials : credentials.mid(colon + 1);
    if (password.isNull())
        password = QByteArray("");
    return password;
}

QByteArray AccessGate::fromCookie(const HttpRequest &request) const
{
    for (const auto &[name, value] : request.headers) {
        if (name != "cookie")
            continue;
        for (const QByteArray &pair : value.split(';')) {
            const QByteArray trimmed = pair.trimmed();
            if (trimmed.startsWith(CookieName) && trimmed.size() > CookieName.size()
                && trimmed.at(CookieName.size()) == '=') {
                QByteArray code = QByteArray::fromPercentEncoding(trimmed.mid(CookieName.size() + 1));
                if (code.isNull())
                    code = QByteArray("");
                return code;
            }
        }
    }
    return {};
}

bool AccessGate::isThrottled(const QHostAddress &peer) const
{
    const QMutexLocker locker(&m_mutex);
    const auto it = m_failures.constFind(peer);
    if (it == m_failures.cend())
        return false;
    return it->count >= FailuresBeforeThrottle && !it->forgiven.hasExpired();
}

void AccessGate::recordFailure(const QHostAddress &peer) const
{
    const QMutexLocker locker(&m_mutex);
    if (m_failures.size() >= MaxTrackedPeers) {
        m_failures.removeIf([](const auto &entry) { return entry.value().forgiven.hasExpired(); });
        if (m_failures.size() >= MaxTrackedPeers)
            m_failures.clear();
    }
    Failures &failures = m_failures[peer];
    if (failures.forgiven.hasExpired())
        failures.count = 0;
    ++failures.count;
    failures.forgiven.setRemainingTime(std::chrono::seconds(ThrottleSeconds));
}

void AccessGate::forgive(const QHostAddress &peer) const
{
    const QMutexLocker locker(&m_mutex);
    m_failures.remove(peer);
}
