#include "client/tlspolicy.h"

#include "common/publickeypin.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QMultiMap>
#include <QSslSocket>
#include <QStringList>
#include <QUrlQuery>

namespace {

const QLatin1StringView pinPrefix = PublicKeyPin::Prefix;
constexpr qsizetype sha256Size = 32;
// Far more than any CA bundle (Mozilla's is about 220 KB): a bigger file
// is something else, and is not read into memory.
constexpr qint64 largestBundle = 16 * 1024 * 1024;

// The system's authorities, read once: Qt loads them on demand only while
// a configuration's list is left alone, so adding to it means listing them
// (about 300 certificates, a fifth of a second to parse).
const QList<QSslCertificate> &systemAuthorities()
{
    static const QList<QSslCertificate> authorities = QSslConfiguration::systemCaCertificates();
    return authorities;
}

// "2026-05-01": a certificate's dates in messages, in UTC as they are written.
QString dayOf(const QDateTime &time)
{
    return time.toUTC().date().toString(Qt::ISODate);
}

} // namespace

std::optional<QList<QByteArray>> TlsPolicy::parsePins(const QString &text, QString *error)
{
    QList<QByteArray> result;
    if (text.trimmed().isEmpty()) {
        *error = tr("No pin given: a pin is sha256// followed by the base64 SHA-256 of the server's public key.");
        return std::nullopt;
    }
    for (const QString &part : text.split(u';')) {
        const QString pin = part.trimmed();
        if (pin.isEmpty()) {
            *error = tr("Empty pin in “%1”: pins are separated by a single ';'.").arg(text);
            return std::nullopt;
        }
        if (!pin.startsWith(pinPrefix)) {
            *error = tr("“%1” is not a pin: a pin is sha256// followed by the base64 SHA-256 of the server's "
                        "public key.")
                             .arg(pin);
            return std::nullopt;
        }
        const auto decoded = QByteArray::fromBase64Encoding(pin.mid(pinPrefix.size()).toLatin1(),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() != sha256Size) {
            *error = tr("“%1” does not hold a SHA-256 digest: after sha256// come 44 characters of base64.").arg(pin);
            return std::nullopt;
        }
        result.append(decoded.decoded);
    }
    return result;
}

std::optional<QList<QByteArray>> TlsPolicy::takeLinkPins(QUrl &url, QString *error)
{
    QUrlQuery query(url);
    const QString key = PublicKeyPin::QueryItem;
    if (!query.hasQueryItem(key))
        return QList<QByteArray>();
    // Fully decoded: the link percent-encodes '+' and '='.
    const QString text = query.queryItemValue(key, QUrl::FullyDecoded);
    if (url.scheme() != QLatin1String("https")) {
        *error = tr("The link %1 names a key (pin=) but is not https://: nothing would check it.")
                         .arg(url.toDisplayString(QUrl::RemoveQuery));
        return std::nullopt;
    }
    const std::optional<QList<QByteArray>> pins = parsePins(text, error);
    if (!pins)
        return std::nullopt;
    query.removeAllQueryItems(key);
    url.setQuery(query.isEmpty() ? QString() : query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return pins;
}

std::optional<QList<QSslCertificate>> TlsPolicy::loadAuthorities(const QString &path, QString *error)
{
    const QString shown = QDir::toNativeSeparators(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read the certificates in %1: %2").arg(shown, file.errorString());
        return std::nullopt;
    }
    if (file.size() > largestBundle) {
        *error = tr("%1 is too large to be a bundle of certificates.").arg(shown);
        return std::nullopt;
    }
    QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    certificates.removeIf([](const QSslCertificate &certificate) { return certificate.isNull(); });
    if (certificates.isEmpty()) {
        *error = tr("%1 holds no certificate in PEM form (-----BEGIN CERTIFICATE-----).").arg(shown);
        return std::nullopt;
    }
    return certificates;
}

QByteArray TlsPolicy::publicKeyDigest(const QSslCertificate &certificate)
{
    return PublicKeyPin::digestOf(certificate);
}

QString TlsPolicy::pinOf(const QSslCertificate &certificate)
{
    return PublicKeyPin::of(certificate);
}

QSslConfiguration TlsPolicy::configuration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    if (insecure) {
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        return configuration;
    }
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!addedAuthorities.isEmpty()) {
        // An empty list is Qt's "the system's, loaded on demand"; any other
        // list is all there is, so the system's go in explicitly.
        QList<QSslCertificate> authorities = configuration.caCertificates();
        if (authorities.isEmpty())
            authorities = systemAuthorities();
        configuration.setCaCertificates(authorities + addedAuthorities);
    }
    return configuration;
}

TlsPolicy::Verdict TlsPolicy::judge(const QList<QSslError> &errors, const QSslCertificate &peer,
                                    const QString &hostName) const
{
    if (insecure)
        return {true, {}};
    if (peer.isNull())
        return {false, tr("The server presented no certificate.")};
    if (trustedCertificates.contains(certificateDigest(peer)))
        return {true, {}};
    if (!pins.isEmpty()) {
        if (pins.contains(publicKeyDigest(peer)))
            return {true, {}};
        const QString problem = pins.size() == 1
                                        ? tr("The server's public key does not match the pinned key (it has %1).")
                                        : tr("The server's public key matches none of the %1 pinned keys (it has %2).")
                                                  .arg(pins.size());
        return {false, problem.arg(pinOf(peer))};
    }
    if (errors.isEmpty())
        return {true, {}};
    return {false, problemOf(errors, peer, hostName)};
}

// One sentence per distinct problem (OpenSSL often reports one cause in
// several ways, such as an unknown issuer and an unverifiable first
// certificate), in the order found.
QString TlsPolicy::problemOf(const QList<QSslError> &errors, const QSslCertificate &peer, const QString &hostName)
{
    QStringList sentences;
    for (const QSslError &error : errors) {
        const QString sentence = problemOf(error, peer, hostName);
        if (!sentences.contains(sentence))
            sentences.append(sentence);
    }
    return sentences.join(u' ');
}

QString TlsPolicy::problemOf(const QSslError &error, const QSslCertificate &peer, const QString &hostName)
{
    // An error may be about a certificate up the chain rather than the peer's.
    const QSslCertificate subject = error.certificate().isNull() ? peer : error.certificate();
    const bool own = subject == peer;
    switch (error.error()) {
    case QSslError::CertificateExpired:
        return own ? tr("The certificate expired on %1.").arg(dayOf(subject.expiryDate()))
                   : tr("The certificate of “%1”, which vouches for the server's, expired on %2.")
                               .arg(subject.subjectDisplayName(), dayOf(subject.expiryDate()));
    case QSslError::CertificateNotYetValid:
        return own ? tr("The certificate is not valid before %1.").arg(dayOf(subject.effectiveDate()))
                   : tr("The certificate of “%1”, which vouches for the server's, is not valid before %2.")
                               .arg(subject.subjectDisplayName(), dayOf(subject.effectiveDate()));
    case QSslError::SelfSignedCertificate:
        return tr("The certificate is self-signed: no trusted authority vouches for it.");
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted: {
        // The authority nobody vouches for: a root the chain ends in, or
        // the issuer of the certificate the chain stops at.
        const QString issuer = error.error() == QSslError::SelfSignedCertificateInChain ? subject.subjectDisplayName()
                                                                                        : subject.issuerDisplayName();
        return issuer.isEmpty() ? tr("The certificate was issued by an unknown authority.")
                                : tr("The certificate was issued by an unknown authority (“%1”).").arg(issuer);
    }
    case QSslError::HostNameMismatch:
        return tr("The certificate is for %1, not %2.").arg(namesOf(peer), hostName);
    case QSslError::CertificateRevoked:
        return tr("The certificate has been revoked.");
    case QSslError::NoPeerCertificate:
        return tr("The server presented no certificate.");
    default:
        return error.errorString();
    }
}

// The names a certificate is for: its DNS and IP alternative names, or
// its common name when it has none.
QString TlsPolicy::namesOf(const QSslCertificate &certificate)
{
    constexpr qsizetype shown = 3;
    const auto alternatives = certificate.subjectAlternativeNames();
    QStringList names = alternatives.values(QSsl::DnsEntry) + alternatives.values(QSsl::IpAddressEntry);
    if (names.isEmpty())
        names = certificate.subjectInfo(QSslCertificate::CommonName);
    if (names.isEmpty())
        return tr("no name");
    if (names.size() <= shown)
        return names.join(QLatin1String(", "));
    return tr("%1 and %n more", nullptr, int(names.size() - shown)).arg(names.first(shown).join(QLatin1String(", ")));
}

QString TlsPolicy::describe(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return tr("No certificate.");
    const QStringList lines{
            tr("Subject: %1").arg(certificate.subjectDisplayName()),
            tr("Names: %1").arg(namesOf(certificate)),
            tr("Issuer: %1")
                    .arg(certificate.isSelfSigned() ? tr("itself (self-signed)") : certificate.issuerDisplayName()),
            tr("Valid from %1 to %2 (UTC)")
                    .arg(certificate.effectiveDate().toUTC().toString(Qt::ISODate),
                         certificate.expiryDate().toUTC().toString(Qt::ISODate)),
            tr("SHA-256 fingerprint: %1").arg(QString::fromLatin1(certificateDigest(certificate).toHex(':').toUpper())),
            tr("Public key: %1").arg(pinOf(certificate)),
    };
    return lines.join(u'\n');
}

QByteArray TlsPolicy::certificateDigest(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return certificate.digest(QCryptographicHash::Sha256);
}
