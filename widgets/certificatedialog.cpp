#include "certificatedialog.h"

#include "client/tlspolicy.h"
#include "common/endpoint.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

CertificateDialog::CertificateDialog(const QString &host, quint16 port, const QSslCertificate &certificate,
                                     const QString &problem, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_port(port)
    , m_certificate(certificate)
    , m_details(new QPlainTextEdit(this))
    , m_trustButton(new QPushButton(this))
{
    const QString endpoint = Endpoint{host, port}.toString();
    setWindowTitle(tr("Untrusted Certificate"));

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    auto *heading = new QLabel(tr("<b>The certificate of %1 is not trusted.</b>").arg(endpoint.toHtmlEscaped()), this);
    heading->setObjectName(QStringLiteral("certificateHeading"));
    heading->setWordWrap(true);
    auto *why = new QLabel(problem, this);
    why->setObjectName(QStringLiteral("certificateProblem"));
    why->setTextFormat(Qt::PlainText);
    why->setWordWrap(true);
    auto *advice = new QLabel(tr("Someone may be pretending to be this server. Trust the certificate only if you "
                                 "know it is the right one, for example when the person sharing reads you the "
                                 "same fingerprint. Ferry then remembers it for this host and port."),
                              this);
    advice->setWordWrap(true);

    m_details->setObjectName(QStringLiteral("certificateDetails"));
    m_details->setAccessibleName(tr("Certificate details"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlainText(TlsPolicy::describe(certificate));
    const int lines = int(m_details->document()->lineCount()) + 1;
    m_details->setMinimumHeight(m_details->fontMetrics().lineSpacing() * lines + 2 * m_details->frameWidth() + 8);
    m_details->setMinimumWidth(m_details->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 72);

    m_trustButton->setObjectName(QStringLiteral("certificateTrustButton"));
    m_trustButton->setText(tr("&Trust this certificate for %1").arg(endpoint));
    m_trustButton->setAutoDefault(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_trustButton, QDialogButtonBox::AcceptRole);
    QPushButton *cancel = buttons->button(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("certificateCancelButton"));
    cancel->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *text = new QVBoxLayout;
    text->addWidget(heading);
    text->addWidget(why);
    text->addWidget(advice);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_details, 1);
    layout->addWidget(buttons);
    cancel->setFocus();
}

QByteArray CertificateDialog::digest() const
{
    return TlsPolicy::certificateDigest(m_certificate);
}
