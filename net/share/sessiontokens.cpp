#include "share/sessiontokens.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace {

QByteArray digestOf(QByteArrayView token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

} // namespace

SessionTokens::SessionTokens(std::chrono::seconds lifetime, qsizetype capacity)
    : m_lifetime(lifetime)
    , m_capacity(qMax<qsizetype>(1, capacity))
{ }

QByteArray SessionTokens::issue(Clock::time_point now)
{
    dropExpired(now);
    std::array<quint32, 4> random; // 128 bits
    QRandomGenerator::system()->fillRange(random.data(), qsizetype(random.size()));
    const QByteArray token = QByteArray(reinterpret_cast<const char *>(random.data()), qsizetype(sizeof(random)))
                                     .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    if (qsizetype(m_issued.size()) >= m_capacity) {
        m_digests.remove(m_issued.front().digest);
        m_issued.pop_front();
    }
    m_issued.push_back({digestOf(token), now + m_lifetime});
    m_digests.insert(m_issued.back().digest);
    return token;
}

bool SessionTokens::isValid(QByteArrayView token, Clock::time_point now)
{
    dropExpired(now);
    // A lookup by digest: how long it takes says nothing about the tokens.
    return token.size() == TokenLength && m_digests.contains(digestOf(token));
}

void SessionTokens::dropExpired(Clock::time_point now)
{
    while (!m_issued.empty() && m_issued.front().expires <= now) {
        m_digests.remove(m_issued.front().digest);
        m_issued.pop_front();
    }
}
