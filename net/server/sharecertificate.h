#pragma once

#include <QCoreApplication>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>

#include <optional>

// The certificate an encrypted share presents, with its private key.
// Ferry's own is self-signed (ECDSA P-256, made through libcrypto), made on
// first use and kept, so that its pin, the SHA-256 of its public key that
// share links carry, stays the same across restarts; or the user's own
// pair (--cert/--key), for example from the LAN's certificate authority.
class ShareCertificate final
{
    Q_DECLARE_TR_FUNCTIONS(ShareCertificate)
public:
    QSslCertificate certificate;
    QSslKey key;

    // Where Ferry keeps its own certificate: "tls" under the application's
    // data folder (QStandardPaths::AppDataLocation).
    static QString defaultFolder();

    // The certificate kept in `folder` (made there when missing or
    // unusable). nullopt with *error (translated) when it can neither be
    // read nor made.
    static std::optional<ShareCertificate> loadOrCreate(const QString &folder, QString *error);
    // A new key and certificate in `folder`, replacing the kept ones: the
    // pin changes, and links given out before stop working.
    static std::optional<ShareCertificate> create(const QString &folder, QString *error);
    // A PEM certificate (the first of the file, the server's) and its PEM
    // private key (unencrypted, RSA or EC), which must belong together.
    static std::optional<ShareCertificate> load(const QString &certificatePath, const QString &keyPath, QString *error);

    // "sha256//BASE64": what a link, --pin and curl's --pinnedpubkey name.
    QString pin() const;

    // A self-signed certificate for `hostName` (also the subject), naming
    // it, "HOST.local", "localhost" and `addresses`, valid for ten years,
    // and its new key. nullopt with *error when libcrypto fails.
    static std::optional<ShareCertificate> generate(const QString &hostName, const QList<QHostAddress> &addresses,
                                                    QString *error);

private:
    static QString certificatePath(const QString &folder);
    static QString keyPath(const QString &folder);
};
