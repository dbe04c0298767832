#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QTemporaryDir>

#include <array>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <utility>

// A throwaway public-key infrastructure for tests of HTTPS, made when
// constructed, in a temporary folder that goes with the object: one
// certificate authority and a server certificate of each kind a client
// must tell apart. Keys are ECDSA P-256 and everything is made through
// libcrypto (which ferry_net links), so it takes milliseconds and needs no
// openssl command line; the files are PEM (keys unencrypted PKCS#8), as
// curl, openssl s_server or a Ferry share would read them.
//
//     TestCertificates pki;
//     QVERIFY2(pki.isValid(), qPrintable(pki.errorString()));
//     TlsFrontend https(pki.certificate(TestCertificates::Kind::Trusted),
//                       pki.key(TestCertificates::Kind::Trusted), backendPort);
//     ... ferry get --cacert pki.caPath() https://127.0.0.1:PORT/...
class TestCertificates final
{
public:
    enum class Kind {
        Trusted, // signed by the CA for DNS:localhost, IP:127.0.0.1, IP:::1
        WrongName, // signed by the CA for DNS:wrong.invalid only
        Expired, // signed by the CA for the right names, but its not-after was yesterday
        SelfSigned, // its own issuer, for IP:127.0.0.1 (what a Ferry share pins)
    };
    static constexpr std::array<Kind, 4> kinds{Kind::Trusted, Kind::WrongName, Kind::Expired, Kind::SelfSigned};

    TestCertificates()
    {
        if (!m_dir.isValid()) {
            m_error = QStringLiteral("no temporary folder: %1").arg(m_dir.errorString());
            return;
        }
        m_error = generate();
    }

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    // The authority's certificate: what --cacert names to trust the
    // Trusted, WrongName and Expired kinds.
    QString caPath() const { return m_dir.filePath(QStringLiteral("ca.pem")); }
    QSslCertificate caCertificate() const { return m_ca; }

    QString certificatePath(Kind kind) const { return m_dir.filePath(name(kind) + QStringLiteral(".pem")); }
    QString keyPath(Kind kind) const { return m_dir.filePath(name(kind) + QStringLiteral("-key.pem")); }
    QSslCertificate certificate(Kind kind) const { return m_made.at(index(kind)).certificate; }
    QSslKey key(Kind kind) const { return m_made.at(index(kind)).key; }

    // "trusted", "wrong-name", "expired", "self-signed": file names, and
    // names for QTest::newRow.
    static QString name(Kind kind)
    {
        switch (kind) {
        case Kind::Trusted:
            return QStringLiteral("trusted");
        case Kind::WrongName:
            return QStringLiteral("wrong-name");
        case Kind::Expired:
            return QStringLiteral("expired");
        case Kind::SelfSigned:
            return QStringLiteral("self-signed");
        }
        return {};
    }

private:
    struct FreeKey
    {
        void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    };
    struct FreeCertificate
    {
        void operator()(X509 *certificate) const { X509_free(certificate); }
    };
    struct FreeBio
    {
        void operator()(BIO *bio) const { BIO_free(bio); }
    };
    using Key = std::unique_ptr<EVP_PKEY, FreeKey>;
    using Certificate = std::unique_ptr<X509, FreeCertificate>;

    // What one certificate says, besides its key and its signer.
    struct Request
    {
        const char *commonName;
        const char *subjectAltName; // nullptr: none
        long notBefore; // seconds from now
        long notAfter;
        bool authority = false;
    };

    struct Made
    {
        QSslCertificate certificate;
        QSslKey key;
    };

    static constexpr long day = 24 * 60 * 60;

    static qsizetype index(Kind kind) { return qsizetype(kind); }

    static Request requestFor(Kind kind)
    {
        const char *rightNames = "DNS:localhost,IP:127.0.0.1,IP:::1";
        switch (kind) {
        case Kind::Trusted:
            return {"localhost", rightNames, -day, 30 * day};
        case Kind::WrongName:
            return {"wrong.invalid", "DNS:wrong.invalid", -day, 30 * day};
        case Kind::Expired:
            return {"localhost", rightNames, -30 * day, -day};
        case Kind::SelfSigned:
            return {"127.0.0.1", "IP:127.0.0.1", -day, 30 * day};
        }
        return {};
    }

    QString generate()
    {
        const Key caKey = newKey();
        const Certificate ca =
                caKey ? sign({"Ferry Test CA", nullptr, -day, 30 * day, true}, caKey.get(), nullptr, {}) : nullptr;
        if (!ca)
            return QStringLiteral("cannot make the certificate authority");
        m_ca = QSslCertificate(pem(ca.get()), QSsl::Pem);
        if (!write(caPath(), pem(ca.get())))
            return QStringLiteral("cannot write %1").arg(caPath());
        for (const Kind kind : kinds) {
            const Key ownKey = newKey();
            const bool selfSigned = kind == Kind::SelfSigned;
            const Certificate made = ownKey ? sign(requestFor(kind), ownKey.get(), selfSigned ? nullptr : ca.get(),
                                                   selfSigned ? nullptr : caKey.get())
                                            : nullptr;
            if (!made)
                return QStringLiteral("cannot make the %1 certificate").arg(name(kind));
            const QByteArray certificatePem = pem(made.get());
            const QByteArray keyPem = pem(ownKey.get());
            if (!write(certificatePath(kind), certificatePem) || !write(keyPath(kind), keyPem))
                return QStringLiteral("cannot write the %1 files").arg(name(kind));
            m_made.at(index(kind)) = {QSslCertificate(certificatePem, QSsl::Pem), QSslKey(keyPem, QSsl::Ec)};
            if (certificate(kind).isNull() || key(kind).isNull())
                return QStringLiteral("Qt cannot read the %1 files").arg(name(kind));
        }
        return {};
    }

    static Key newKey() { return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }

    // A certificate for `key`, signed by `issuerKey` as `issuer`, or by
    // `key` itself when there is no issuer.
    static Certificate sign(const Request &request, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuerKey)
    {
        static int serial = 0;
        Certificate certificate(X509_new());
        if (!certificate)
            return nullptr;
        X509 *x = certificate.get();
        X509_set_version(x, 2); // v3, for the extensions
        ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial);
        X509_gmtime_adj(X509_getm_notBefore(x), request.notBefore);
        X509_gmtime_adj(X509_getm_notAfter(x), request.notAfter);
        X509_set_pubkey(x, key);
        X509_NAME *subject = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(request.commonName), -1, -1, 0);
        X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : subject);

        X509V3_CTX context;
        X509V3_set_ctx_nodb(&context);
        X509V3_set_ctx(&context, issuer ? issuer : x, x, nullptr, nullptr, 0);
        QList<std::pair<int, const char *>> extensions;
        if (request.authority) {
            extensions = {{NID_basic_constraints, "critical,CA:TRUE"},
                          {NID_key_usage, "critical,keyCertSign,cRLSign"},
                          {NID_subject_key_identifier, "hash"}};
        } else if (issuer) {
            extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                          {NID_key_usage, "critical,digitalSignature"},
                          {NID_ext_key_usage, "serverAuth"},
                          {NID_authority_key_identifier, "keyid:always"}};
        } else {
            // No key usage: one without keyCertSign would keep OpenSSL (and
            // so QSslCertificate::isSelfSigned()) from seeing it as its own
            // issuer.
            extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                          {NID_ext_key_usage, "serverAuth"},
                          {NID_subject_key_identifier, "hash"}};
        }
        if (request.subjectAltName)
            extensions.append({NID_subject_alt_name, request.subjectAltName});
        for (const auto &[nid, value] : extensions) {
            X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
            const bool added = extension && X509_add_ext(x, extension, -1) == 1;
            X509_EXTENSION_free(extension);
            if (!added)
                return nullptr;
        }
        if (X509_sign(x, issuerKey ? issuerKey : key, EVP_sha256()) <= 0)
            return nullptr;
        return certificate;
    }

    template<typename Write>
    static QByteArray pemOf(Write write)
    {
        const std::unique_ptr<BIO, FreeBio> bio(BIO_new(BIO_s_mem()));
        if (!bio || write(bio.get()) != 1)
            return {};
        char *data = nullptr;
        const long size = BIO_get_mem_data(bio.get(), &data);
        return QByteArray(data, qsizetype(size));
    }
    static QByteArray pem(X509 *certificate)
    {
        return pemOf([certificate](BIO *bio) { return PEM_write_bio_X509(bio, certificate); });
    }
    static QByteArray pem(EVP_PKEY *key)
    {
        return pemOf(
                [key](BIO *bio) { return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); });
    }

    static bool write(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        return !bytes.isEmpty() && file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
    }

    QTemporaryDir m_dir;
    QString m_error;
    QSslCertificate m_ca;
    std::array<Made, kinds.size()> m_made;
};
