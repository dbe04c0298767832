#include "server/sharecertificate.h"

#include "common/publickeypin.h"

#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <memory>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace {

// Long enough to be made once per machine: the pin, not the dates, is
// what a client checks.
constexpr long ValidDays = 3650;
// A certificate or key file is a few kilobytes; a larger one is not one.
constexpr qint64 LargestPemBytes = 1024 * 1024;

template<auto Free>
struct Deleter
{
    template<typename T>
    void operator()(T *pointer) const
    {
        Free(pointer);
    }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, size) : QByteArray();
}

bool addExtension(X509 *certificate, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    const ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

// "DNS:name,DNS:name.local,DNS:localhost,IP:...": a DNS name only where it
// is one (a host name with spaces or other characters is left out).
QByteArray alternativeNames(const QString &hostName, const QList<QHostAddress> &addresses)
{
    QStringList names;
    const auto isDnsName = [](const QString &name) {
        if (name.isEmpty() || name.size() > 253)
            return false;
        for (const QChar c : name)
            if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'.')
                return false;
        return true;
    };
    for (const QString &name : QStringList{hostName, hostName + QStringLiteral(".local"), QStringLiteral("localhost")})
        if (isDnsName(name) && !names.contains(QStringLiteral("DNS:") + name))
            names.append(QStringLiteral("DNS:") + name);
    QList<QHostAddress> all = addresses;
    all << QHostAddress(QHostAddress::LocalHost) << QHostAddress(QHostAddress::LocalHostIPv6);
    for (const QHostAddress &address : std::as_const(all)) {
        const QString entry = QStringLiteral("IP:") + QHostAddress(address.toString().section(u'%', 0, 0)).toString();
        if (!address.isNull() && !names.contains(entry))
            names.append(entry);
    }
    return names.join(u',').toLatin1();
}

bool writePrivately(const QString &path, const QByteArray &bytes, bool secret, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    // Before the first byte: the key never exists readable by others.
    if (secret)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

std::optional<QByteArray> readPem(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = ShareCertificate::tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    if (file.size() > LargestPemBytes) {
        *error = ShareCertificate::tr("%1 is too large to be a certificate or a key.")
                         .arg(QDir::toNativeSeparators(path));
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace

QString ShareCertificate::defaultFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("tls"));
}

QString ShareCertificate::certificatePath(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("share-certificate.pem"));
}

QString ShareCertificate::keyPath(const QString &folder)
{
    return QDir(folder).filePath(QStringLiteral("share-key.pem"));
}

QString ShareCertificate::pin() const
{
    return PublicKeyPin::of(certificate);
}

std::optional<ShareCertificate> ShareCertificate::loadOrCreate(const QString &folder, QString *error)
{
    if (QFile::exists(certificatePath(folder)) || QFile::exists(keyPath(folder))) {
        QString problem;
        if (auto kept = load(certificatePath(folder), keyPath(folder), &problem))
            return kept;
        // A damaged pair is replaced, not fatal: the share still starts,
        // under a new pin (a client holding the old one will say so).
        qWarning("%s; making a new certificate", qPrintable(problem));
    }
    return create(folder, error);
}

std::optional<ShareCertificate> ShareCertificate::create(const QString &folder, QString *error)
{
    if (!QDir().mkpath(folder)) {
        *error = tr("Cannot create the folder %1 for the share's certificate.").arg(QDir::toNativeSeparators(folder));
        return std::nullopt;
    }
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    const QString hostName = QHostInfo::localHostName();
    std::optional<ShareCertificate> made = generate(hostName, {}, error);
    if (!made)
        return std::nullopt;
    QString problem;
    // The key first: a certificate without its key is useless, a key
    // without its certificate is replaced next time.
    if (!writePrivately(keyPath(folder), made->key.toPem(), true, &problem)
        || !writePrivately(certificatePath(folder), made->certificate.toPem(), false, &problem)) {
        *error = tr("Cannot keep the share's certificate in %1: %2").arg(QDir::toNativeSeparators(folder), problem);
        return std::nullopt;
    }
    return made;
}

std::optional<ShareCertificate> ShareCertificate::load(const QString &certificatePath, const QString &keyPath,
                                                       QString *error)
{
    const std::optional<QByteArray> certificatePem = readPem(certificatePath, error);
    if (!certificatePem)
        return std::nullopt;
    const std::optional<QByteArray> keyPem = readPem(keyPath, error);
    if (!keyPem)
        return std::nullopt;
    ShareCertificate pair;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error = tr("%1 holds no PEM certificate.").arg(QDir::toNativeSeparators(certificatePath));
        return std::nullopt;
    }
    pair.certificate = chain.first();
    // libcrypto reads the key whatever its kind and says whether it is the
    // certificate's; Qt then gets it in the form it asks for.
    const BioPtr keyBio(BIO_new_mem_buf(keyPem->constData(), int(keyPem->size())));
    const KeyPtr key(keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr) : nullptr);
    const int kind = key ? EVP_PKEY_get_base_id(key.get()) : 0;
    if (kind == EVP_PKEY_EC || kind == EVP_PKEY_RSA)
        pair.key = QSslKey(*keyPem, kind == EVP_PKEY_EC ? QSsl::Ec : QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    if (pair.key.isNull()) {
        *error = tr("%1 holds no unencrypted PEM private key (RSA or EC).").arg(QDir::toNativeSeparators(keyPath));
        return std::nullopt;
    }
    const QByteArray der = pair.certificate.toDer();
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    const X509Ptr x509(d2i_X509(nullptr, &cursor, long(der.size())));
    if (!x509 || X509_check_private_key(x509.get(), key.get()) != 1) {
        *error = tr("The key in %1 does not belong to the certificate in %2.")
                         .arg(QDir::toNativeSeparators(keyPath), QDir::toNativeSeparators(certificatePath));
        return std::nullopt;
    }
    return pair;
}

std::optional<ShareCertificate> ShareCertificate::generate(const QString &hostName,
                                                           const QList<QHostAddress> &addresses, QString *error)
{
    const auto failed = [error] {
        *error = tr("Cannot make a certificate for the share (libcrypto failed).");
        return std::nullopt;
    };
    const KeyPtr key(EVP_EC_gen("P-256"));
    const X509Ptr certificate(X509_new());
    if (!key || !certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1)
        return failed();
    // A random serial: a browser that saw an earlier certificate of this
    // name with the same serial would refuse the new one outright.
    const BnPtr serial(BN_new());
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
        || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
        return failed();
    if (!X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -24 * 3600)
        || !X509_time_adj_ex(X509_getm_notAfter(certificate.get()), int(ValidDays), 0, nullptr)
        || X509_set_pubkey(certificate.get(), key.get()) != 1)
        return failed();
    X509_NAME *subject = X509_get_subject_name(certificate.get());
    const QByteArray commonName = (hostName.isEmpty() ? QStringLiteral("Ferry share") : hostName).left(64).toUtf8();
    if (X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>("Ferry"), -1,
                                   -1, 0)
                != 1
        || X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char *>(commonName.constData()), -1, -1, 0)
                   != 1
        || X509_set_issuer_name(certificate.get(), subject) != 1)
        return failed();
    if (!addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(certificate.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(certificate.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(certificate.get(), NID_subject_key_identifier, "hash")
        || !addExtension(certificate.get(), NID_subject_alt_name, alternativeNames(hostName, addresses)))
        return failed();
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return failed();

    const BioPtr certificatePem(BIO_new(BIO_s_mem()));
    const BioPtr keyPem(BIO_new(BIO_s_mem()));
    if (!certificatePem || !keyPem || PEM_write_bio_X509(certificatePem.get(), certificate.get()) != 1
        || PEM_write_bio_PrivateKey(keyPem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return failed();
    ShareCertificate made;
    made.certificate = QSslCertificate(bioBytes(certificatePem.get()), QSsl::Pem);
    made.key = QSslKey(bioBytes(keyPem.get()), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (made.certificate.isNull() || made.key.isNull())
        return failed();
    return made;
}
