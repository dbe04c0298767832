#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>
#include <QUrl>

#include <optional>

// What a download trusts when it speaks TLS: the system's authorities plus
// any the user added, or exactly one key (a pin), or, with -k, anything.
//
// The caller configures its QSslSocket with configuration() and asks
// judge() twice: from sslErrors (with the errors) and from encrypted (with
// none), since a pin must be checked even when the chain is fine. When the
// verdict is "trusted" it calls ignoreSslErrors() (in sslErrors); when not,
// it aborts and reports the problem. The policy itself never touches a
// socket.
struct TlsPolicy
{
    Q_DECLARE_TR_FUNCTIONS(TlsPolicy)
public:
    QList<QSslCertificate> addedAuthorities; // --cacert
    bool insecure = false; // -k: no verification at all
    QList<QByteArray> pins; // raw SHA-256 digests of SubjectPublicKeyInfo DER; any may match
    // Raw SHA-256 of whole certificates the user chose to trust (window).
    // The user trusts a certificate for one host: the caller puts here only
    // those remembered for the host it connects to.
    QList<QByteArray> trustedCertificates;

    // "sha256//BASE64" or several joined by ';' (curl's form). nullopt + *error (translated) on bad input.
    static std::optional<QList<QByteArray>> parsePins(const QString &text, QString *error);
    // A Ferry share link names its server's key in its query
    // ("?pin=sha256//..."; see Endpoint::shareUrl): takes that item out of
    // `url` (the server has no use for it) and returns the pins it names,
    // none when it has no pin item, nullopt + *error when the pin is
    // malformed. A pin in an http:// link is an error: nothing would check it.
    static std::optional<QList<QByteArray>> takeLinkPins(QUrl &url, QString *error);
    // A PEM file of one or more certificates. nullopt + *error when unreadable or holding none.
    static std::optional<QList<QSslCertificate>> loadAuthorities(const QString &path, QString *error);
    // SHA-256 of the certificate's SubjectPublicKeyInfo (what a pin names).
    // Empty for a null certificate.
    static QByteArray publicKeyDigest(const QSslCertificate &certificate);
    // "sha256//BASE64" of the above, for messages and links.
    static QString pinOf(const QSslCertificate &certificate);
    // Client configuration: TLS 1.2 or newer, the system's authorities plus
    // addedAuthorities, the peer verified. Verification stays on when pins
    // or trustedCertificates may overrule it, so that every problem reaches
    // judge() through sslErrors (VerifyQueryPeer would hide them, and a
    // caller that forgot judge() would then trust anything); only insecure
    // turns it off.
    QSslConfiguration configuration() const;

    // The verdict on a peer. problem: a translated sentence naming the issue.
    struct Verdict
    {
        bool trusted = false;
        QString problem;
    };
    // insecure: trusted. A certificate in trustedCertificates: trusted. With
    // pins: trusted exactly when the peer's key is pinned, whatever the CA
    // or the name (a Ferry share link names its self-signed key so, by IP).
    // Otherwise trusted when there are no errors.
    Verdict judge(const QList<QSslError> &errors, const QSslCertificate &peer, const QString &hostName) const;
    // Subject, issuer, validity, SHA-256 fingerprint: several translated lines for a dialog or stderr.
    static QString describe(const QSslCertificate &certificate);
    // SHA-256 of the whole certificate (what trustedCertificates holds).
    static QByteArray certificateDigest(const QSslCertificate &certificate);

private:
    static QString problemOf(const QList<QSslError> &errors, const QSslCertificate &peer, const QString &hostName);
    static QString problemOf(const QSslError &error, const QSslCertificate &peer, const QString &hostName);
    static QString namesOf(const QSslCertificate &certificate);
};
