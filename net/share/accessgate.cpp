#include "share/accessgate.h"

#include "wire/httprequest.h"

#include <QMutexLocker>
#include <QUrlQuery>

#include <algorithm>

using namespace std::chrono_literals;

namespace {

constexpr QByteArrayView SessionCookiePrefix = "ferry-session-";

QByteArray fromQuery(const HttpRequest &request)
{
    const QUrlQuery query(QString::fromUtf8(request.query));
    if (!query.hasQueryItem(QStringLiteral("code")))
        return {};
    QByteArray value = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).toUtf8();
    if (value.isNull())
        value = QByteArray(""); // "?code=" offers an empty code: wrong, not missing
    return value;
}

QByteArray fromAuthorization(const HttpRequest &request)
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

// Every value of the cookie `name` (a browser may hold more than one).
QList<QByteArray> cookieValues(const HttpRequest &request, QByteArrayView name)
{
    QList<QByteArray> values;
    for (const auto &[field, value] : request.headers) {
        if (field != "cookie")
            continue;
        for (const QByteArray &pair : value.split(';')) {
            const QByteArray trimmed = pair.trimmed();
            if (trimmed.size() > name.size() && trimmed.startsWith(name) && trimmed.at(name.size()) == '=')
                values.append(trimmed.mid(name.size() + 1));
        }
    }
    return values;
}

} // namespace

AccessGate::AccessGate(const QString &code)
    : AccessGate(code, Options())
{ }

AccessGate::AccessGate(const QString &code, const Options &options)
    : m_code(code.toUtf8())
    , m_options(options)
    , m_sharedInterval(std::chrono::duration_cast<Clock::duration>(1min) / std::max(1, options.sharedFailuresPerMinute))
    , m_sessions(std::chrono::hours(SessionHours), MaxSessions)
{ }

AccessGate::Verdict AccessGate::check(const HttpRequest &request, const QHostAddress &peer, quint16 port) const
{
    if (!isRequired())
        return Verdict::Admitted;
    const QList<QByteArray> tokens = cookieValues(request, sessionCookieName(port));
    // Every carrier is tried (a right code must not hide behind a wrong
    // one), and each wrong code is one failure.
    const QByteArray candidates[] = {fromQuery(request), fromAuthorization(request)};
    const PeerBlock block = PeerBlock::of(peer);

    const QMutexLocker locker(&m_mutex);
    const Clock::time_point now = this->now();
    // Who proved the code before keeps working while others guess.
    if (holdsSession(tokens, now))
        return Verdict::Admitted;
    bool offered = false;
    for (const QByteArray &candidate : candidates) {
        if (candidate.isNull())
            continue;
        // Even the right code waits: a guesser cannot tell it found it.
        if (isThrottled(block, now))
            return Verdict::Throttled;
        if (matches(candidate)) {
            forgive(block);
            return Verdict::Admitted;
        }
        recordFailure(block, now);
        offered = true;
    }
    if (offered)
        return Verdict::Wrong;
    return isThrottled(block, now) ? Verdict::Throttled : Verdict::Missing;
}

QByteArray AccessGate::sessionCookieFor(const HttpRequest &request, quint16 port) const
{
    if (!isRequired())
        return {};
    const QByteArray fromLink = fromQuery(request);
    if (fromLink.isNull() || !matches(fromLink))
        return {};
    const QByteArray name = sessionCookieName(port);
    const QList<QByteArray> tokens = cookieValues(request, name);
    const QMutexLocker locker(&m_mutex);
    const Clock::time_point now = this->now();
    if (holdsSession(tokens, now))
        return {};
    return name + '=' + m_sessions.issue(now) + "; Max-Age=" + QByteArray::number(qint64(m_sessions.lifetime().count()))
           + "; Path=/; HttpOnly; SameSite=Strict";
}

QByteArray AccessGate::sessionCookieName(quint16 port)
{
    return SessionCookiePrefix.toByteArray() + QByteArray::number(port);
}

AccessGate::Clock::time_point AccessGate::now() const
{
    return m_options.now ? m_options.now() : Clock::now();
}

bool AccessGate::matches(QByteArrayView candidate) const
{
    // Compare in time independent of where the first difference is.
    unsigned char difference = candidate.size() == m_code.size() ? 0 : 1;
    for (qsizetype i = 0; i < m_code.size(); ++i)
        difference |= static_cast<unsigned char>(m_code.at(i) ^ (i < candidate.size() ? candidate.at(i) : 0));
    return difference == 0;
}

bool AccessGate::holdsSession(const QList<QByteArray> &tokens, Clock::time_point now) const
{
    return std::any_of(tokens.cbegin(), tokens.cend(),
                       [&](const QByteArray &token) { return m_sessions.isValid(token, now); });
}

bool AccessGate::isThrottled(const PeerBlock &peer, Clock::time_point now) const
{
    // The shared budget: a failure costs m_sharedInterval of a minute's worth.
    if (std::max(m_sharedBusyUntil, now) + m_sharedInterval - now > 1min)
        return true;
    const auto it = m_failures.constFind(peer);
    return it != m_failures.cend() && it->count >= FailuresBeforeThrottle && now < it->forgiven;
}

void AccessGate::recordFailure(const PeerBlock &peer, Clock::time_point now) const
{
    m_sharedBusyUntil = std::max(m_sharedBusyUntil, now) + m_sharedInterval;
    auto it = m_failures.find(peer);
    if (it == m_failures.end()) {
        if (m_failures.size() >= MaxTrackedPeers)
            evictOne(now);
        it = m_failures.insert(peer, Failures());
        it->place = m_watched.insert(m_watched.end(), peer);
    } else if (it->forgiven <= now) {
        it->count = 0;
    }
    ++it->count;
    it->forgiven = now + std::chrono::seconds(ThrottleSeconds);
    // Now the newest of its list, which may have changed.
    std::list<PeerBlock> &from = it->throttled ? m_throttled : m_watched;
    it->throttled = it->count >= FailuresBeforeThrottle;
    std::list<PeerBlock> &to = it->throttled ? m_throttled : m_watched;
    to.splice(to.end(), from, it->place);
}

void AccessGate::forgive(const PeerBlock &peer) const
{
    const auto it = m_failures.find(peer);
    if (it == m_failures.end())
        return;
    (it->throttled ? m_throttled : m_watched).erase(it->place);
    m_failures.erase(it);
}

void AccessGate::evictOne(Clock::time_point now) const
{
    // A throttled peer goes first only once its throttle is over.
    const bool throttledFirst =
            m_watched.empty() || (!m_throttled.empty() && m_failures.value(m_throttled.front()).forgiven <= now);
    const PeerBlock oldest = throttledFirst ? m_throttled.front() : m_watched.front();
    forgive(oldest);
}
