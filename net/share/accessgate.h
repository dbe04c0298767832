#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QString>

struct HttpRequest;

// The optional access code of a share. HTTP clients prove they know it in
// one of three ways: a `code` query parameter (the share link a phone
// scans), Basic authentication with the code as password (curl -u, wget
// --password, a browser's login prompt), or the cookie a query login sets
// so that the links of a listing keep working. The legacy dialect cannot
// carry a code, so a share with one refuses it.
//
// Shared by every session of a server (on several threads): guessing is
// slowed down per peer address, after a few wrong codes in a row.
class AccessGate
{
public:
    enum class Verdict {
        Admitted, // no code set, or the right one was given
        Missing, // 401: the request carries no code
        Wrong, // 401: it carries another one
        Throttled, // 429: too many wrong codes from this address lately
    };

    static constexpr int FailuresBeforeThrottle = 5;
    static constexpr int ThrottleSeconds = 30;

    explicit AccessGate(const QString &code = {});

    bool isRequired() const { return !m_code.isEmpty(); }
    QString code() const { return QString::fromUtf8(m_code); }

    Verdict check(const HttpRequest &request, const QHostAddress &peer) const;
    // True when `request` gave the code in its query: the reply should set
    // the cookie (sessionCookie()) so that relative links keep working.
    bool cameByQuery(const HttpRequest &request) const;
    QByteArray sessionCookie() const;

private:
    struct Failures
    {
        int count = 0;
        QDeadlineTimer forgiven; // when the count starts again from zero
    };

    bool matches(QByteArrayView candidate) const;
    QByteArray fromQuery(const HttpRequest &request) const;
    QByteArray fromAuthorization(const HttpRequest &request) const;
    QByteArray fromCookie(const HttpRequest &request) const;
    bool isThrottled(const QHostAddress &peer) const;
    void recordFailure(const QHostAddress &peer) const;
    void forgive(const QHostAddress &peer) const;

    QByteArray m_code; // UTF-8
    mutable QMutex m_mutex;
    mutable QHash<QHostAddress, Failures> m_failures;
};
