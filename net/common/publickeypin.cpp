#include "common/publickeypin.h"

#include <QCryptographicHash>

#include <openssl/crypto.h>
#include <openssl/x509.h>

namespace PublicKeyPin {

// Through libcrypto rather than QSslCertificate::publicKey().toDer(): the
// two agree for RSA and EC keys, but Qt 6.4 has no QSslKey for Ed25519 or
// Ed448 and returns a null key, whose digest would name no key at all.
QByteArray digestOf(const QSslCertificate &certificate)
{
    const QByteArray der = certificate.toDer();
    if (der.isEmpty())
        return {};
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    X509 *x509 = d2i_X509(nullptr, &cursor, long(der.size()));
    if (!x509)
        return {};
    unsigned char *spki = nullptr;
    const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x509), &spki);
    QByteArray digest;
    if (size > 0)
        digest = QCryptographicHash::hash(QByteArrayView(spki, size), QCryptographicHash::Sha256);
    OPENSSL_free(spki);
    X509_free(x509);
    return digest;
}

QString of(const QSslCertificate &certificate)
{
    const QByteArray digest = digestOf(certificate);
    if (digest.isEmpty())
        return {};
    return Prefix + QString::fromLatin1(digest.toBase64());
}

} // namespace PublicKeyPin
