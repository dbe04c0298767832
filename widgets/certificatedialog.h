#pragma once

#include <QDialog>
#include <QSslCertificate>

class QPlainTextEdit;
class QPushButton;

// Shown when a download failed because a server's certificate is not
// trusted: what is wrong, the certificate's subject, issuer, validity and
// SHA-256 fingerprint (TlsPolicy::describe), and the choice browsers
// offer: trust this certificate for this host and port, or not. Cancel is
// the default, so Enter never trusts by accident; accepting only answers,
// the caller remembers the trust (AppSettings::trustCertificate).
class CertificateDialog final : public QDialog
{
    Q_OBJECT

public:
    CertificateDialog(const QString &host, quint16 port, const QSslCertificate &certificate, const QString &problem,
                      QWidget *parent = nullptr);

    QString host() const { return m_host; }
    quint16 port() const { return m_port; }
    QSslCertificate certificate() const { return m_certificate; }
    // What to remember when the user trusts it: TlsPolicy::certificateDigest.
    QByteArray digest() const;

private:
    QString m_host;
    quint16 m_port;
    QSslCertificate m_certificate;
    QPlainTextEdit *m_details;
    QPushButton *m_trustButton;
};
