#pragma once

#include <QSslCertificate>
#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;

// The line above an encrypted share's addresses: that it is encrypted, the
// pin of its certificate (selectable, with a copy button) and "New
// certificate…", which asks first, since links given out before stop
// working. Hidden while nothing is shared encrypted.
class SharePinBar final : public QWidget
{
    Q_OBJECT

public:
    explicit SharePinBar(QWidget *parent = nullptr);

    // Shows the pin (and, in the tooltip, the fingerprint a browser shows)
    // of the certificate the share presents; a null one hides the bar.
    void showCertificate(const QSslCertificate &certificate);
    // "sha256//BASE64", empty while hidden.
    QString pin() const { return m_pin; }

Q_SIGNALS:
    void copied(const QString &text);
    // The user confirmed replacing the certificate.
    void newCertificateConfirmed();

private:
    void confirmNewCertificate();

    QLabel *m_stateLabel;
    QLabel *m_captionLabel;
    QLabel *m_pinLabel;
    QToolButton *m_copyButton;
    QPushButton *m_newButton;
    QString m_pin;
};
