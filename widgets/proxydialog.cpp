#include "proxydialog.h"

#include "client/proxyrules.h"
#include "messagelabel.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

ProxyDialog::ProxyDialog(AppSettings::ProxyMode mode, const QString &manualUrl, QWidget *parent)
    : QDialog(parent)
    , m_system(new QRadioButton(tr("Use the &system's proxy settings"), this))
    , m_none(new QRadioButton(tr("&No proxy"), this))
    , m_manual(new QRadioButton(tr("&Manual:"), this))
    , m_url(new QLineEdit(this))
    , m_problem(new MessageLabel(this))
{
    setWindowTitle(tr("Proxy"));
    m_system->setObjectName(QStringLiteral("proxySystemRadio"));
    m_none->setObjectName(QStringLiteral("proxyNoneRadio"));
    m_manual->setObjectName(QStringLiteral("proxyManualRadio"));
    auto *group = new QButtonGroup(this);
    for (QRadioButton *button : {m_system, m_none, m_manual})
        group->addButton(button);
    m_url->setObjectName(QStringLiteral("proxyUrlEdit"));
    m_url->setAccessibleName(tr("Proxy address"));
    m_url->setPlaceholderText(tr("http://host:port or socks5://host:port"));
    m_url->setToolTip(tr("http://[user:password@]host:port for a web proxy, socks5://host:port for a SOCKS proxy "
                         "(socks5h:// to let it look up names). The port is 1080 when none is given."));
    m_url->setClearButtonEnabled(true);
    m_url->setText(manualUrl);
    m_problem->setObjectName(QStringLiteral("proxyProblem"));

    switch (mode) {
    case AppSettings::ProxyMode::System:
        m_system->setChecked(true);
        break;
    case AppSettings::ProxyMode::None:
        m_none->setChecked(true);
        break;
    case AppSettings::ProxyMode::Manual:
        m_manual->setChecked(true);
        break;
    }

    auto *note = new QLabel(tr("For downloads of http:// and https:// addresses. Ferry shares and tutorial "
                               "servers reached by host and port are always connected to directly."),
                            this);
    note->setWordWrap(true);
    note->setEnabled(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProxyDialog::acceptIfValid);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_manual, &QRadioButton::toggled, this, &ProxyDialog::updateManualField);
    connect(m_url, &QLineEdit::textEdited, m_problem, &MessageLabel::clearMessage);

    auto *manualRow = new QHBoxLayout;
    manualRow->addWidget(m_manual);
    manualRow->addWidget(m_url, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_system);
    layout->addWidget(m_none);
    layout->addLayout(manualRow);
    layout->addWidget(m_problem);
    layout->addWidget(note);
    layout->addStretch();
    layout->addWidget(buttons);
    resize(sizeHint().expandedTo(QSize(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 60, 0)));
    updateManualField();
}

AppSettings::ProxyMode ProxyDialog::mode() const
{
    if (m_none->isChecked())
        return AppSettings::ProxyMode::None;
    if (m_manual->isChecked())
        return AppSettings::ProxyMode::Manual;
    return AppSettings::ProxyMode::System;
}

QString ProxyDialog::manualUrl() const
{
    return m_url->text().trimmed();
}

QString ProxyDialog::summary(const AppSettings &settings)
{
    switch (settings.proxyMode()) {
    case AppSettings::ProxyMode::System:
        break;
    case AppSettings::ProxyMode::None:
        return tr("no proxy");
    case AppSettings::ProxyMode::Manual:
        if (const auto route = ProxyRules::parseProxyUrl(settings.manualProxy(), nullptr))
            return tr("the proxy %1").arg(route->displayName());
        break; // unusable: the system's settings apply (AppSettings::downloadProxy)
    }
    return tr("the system's proxy settings");
}

void ProxyDialog::updateManualField()
{
    m_url->setEnabled(m_manual->isChecked());
    m_problem->clearMessage();
    if (m_manual->isChecked())
        m_url->setFocus();
}

void ProxyDialog::acceptIfValid()
{
    if (mode() == AppSettings::ProxyMode::Manual) {
        QString error;
        ProxyRules rules;
        if (manualUrl().isEmpty())
            error = tr("Enter the proxy's address, or choose another option.");
        else if (!rules.setProxy(manualUrl(), &error))
            error = error.isEmpty() ? tr("“%1” is not a proxy address.").arg(manualUrl()) : error;
        if (!error.isEmpty()) {
            m_problem->showError(error);
            m_url->setFocus();
            m_url->selectAll();
            return;
        }
    }
    accept();
}
