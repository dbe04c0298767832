#include "sharepinbar.h"

#include "common/publickeypin.h"
#include "icons.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QToolButton>

SharePinBar::SharePinBar(QWidget *parent)
    : QWidget(parent)
    , m_stateLabel(new QLabel(tr("Encrypted (HTTPS)"), this))
    , m_captionLabel(new QLabel(tr("Certificate pin:"), this))
    , m_pinLabel(new QLabel(this))
    , m_copyButton(new QToolButton(this))
    , m_newButton(new QPushButton(tr("Ne&w certificate…"), this))
{
    m_stateLabel->setObjectName(QStringLiteral("shareEncryptedLabel"));
    QFont bold = m_stateLabel->font();
    bold.setBold(true);
    m_stateLabel->setFont(bold);
    m_pinLabel->setObjectName(QStringLiteral("sharePinLabel"));
    m_pinLabel->setTextFormat(Qt::PlainText);
    m_pinLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_copyButton->setObjectName(QStringLiteral("sharePinCopyButton"));
    m_copyButton->setIcon(Icons::copy());
    m_copyButton->setAutoRaise(true);
    m_copyButton->setToolTip(tr("Copy the pin"));
    m_copyButton->setAccessibleName(tr("Copy the certificate pin"));
    m_newButton->setObjectName(QStringLiteral("shareNewCertificateButton"));
    m_newButton->setAccessibleName(tr("New certificate"));
    m_newButton->setToolTip(tr("Replace the certificate and its pin, for example when a link reached the wrong "
                               "people; the share restarts"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stateLabel);
    layout->addSpacing(12);
    layout->addWidget(m_captionLabel);
    layout->addWidget(m_pinLabel);
    layout->addWidget(m_copyButton);
    layout->addStretch();
    layout->addWidget(m_newButton);

    connect(m_copyButton, &QToolButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_pin);
        Q_EMIT copied(m_pin);
    });
    connect(m_newButton, &QPushButton::clicked, this, &SharePinBar::confirmNewCertificate);
    showCertificate(QSslCertificate());
}

void SharePinBar::showCertificate(const QSslCertificate &certificate)
{
    m_pin = PublicKeyPin::of(certificate);
    m_pinLabel->setText(m_pin);
    m_pinLabel->setAccessibleName(tr("Certificate pin %1").arg(m_pin));
    const QString fingerprint =
            QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    const QString explained =
            tr("Ferry made this certificate itself and no authority vouches for it, so a browser warns once "
               "before it opens the share. The pin is what to compare: the links carry it, Ferry checks it, and "
               "curl takes it as --pinnedpubkey. A browser's certificate viewer shows its SHA-256 fingerprint "
               "instead:\n%1")
                    .arg(fingerprint);
    const QList<QWidget *> explainedParts{m_stateLabel, m_captionLabel, m_pinLabel};
    for (QWidget *part : explainedParts)
        part->setToolTip(explained);
    setVisible(!m_pin.isEmpty());
}

// Asked without blocking (open(), not exec()), like the tab's other dialogs.
void SharePinBar::confirmNewCertificate()
{
    auto *question = new QMessageBox(QMessageBox::Warning, tr("Make a new certificate?"),
                                     tr("Links and QR codes given out before will stop working: they carry the old "
                                        "pin, and Ferry refuses a share whose certificate does not match it. "
                                        "Browsers warn again about the new certificate."),
                                     QMessageBox::Cancel, this);
    question->setObjectName(QStringLiteral("newCertificateQuestion"));
    question->setInformativeText(tr("The share restarts with it: transfers in progress stop."));
    QPushButton *replace = question->addButton(tr("&Make a new certificate"), QMessageBox::AcceptRole);
    replace->setObjectName(QStringLiteral("newCertificateConfirmButton"));
    question->setDefaultButton(QMessageBox::Cancel);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::buttonClicked, this, [this, replace](QAbstractButton *button) {
        if (button == replace)
            Q_EMIT newCertificateConfirmed();
    });
    question->open();
}
