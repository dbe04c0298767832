#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QString>

// A pin names a server's key, not its certificate: the SHA-256 of the
// certificate's SubjectPublicKeyInfo, written "sha256//BASE64" as curl's
// --pinnedpubkey takes it. A share computes its own pin for links; a
// client compares the key it was shown with the one a link names.
namespace PublicKeyPin {

inline constexpr QLatin1StringView Prefix{"sha256//"};
// The query item of a share link that carries its pin ("?pin=sha256//...").
inline constexpr QLatin1StringView QueryItem{"pin"};

// The raw 32-byte digest; empty for a null or unreadable certificate.
QByteArray digestOf(const QSslCertificate &certificate);
// "sha256//BASE64"; empty for a null or unreadable certificate.
QString of(const QSslCertificate &certificate);

} // namespace PublicKeyPin
