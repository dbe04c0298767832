#include "servelimitsdialog.h"

#include "share/hostcheck.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

int seconds(std::chrono::milliseconds duration)
{
    return int(std::chrono::duration_cast<std::chrono::seconds>(duration).count());
}

} // namespace

ServeLimitsDialog::ServeLimitsDialog(const ShareServer::Options &limits, QWidget *parent)
    : QDialog(parent)
    , m_connections(new QSpinBox(this))
    , m_perAddress(new QSpinBox(this))
    , m_requestTimeout(secondsSpin("limitsRequestTimeout", tr("Request timeout"), ServeLimits::RequestTimeoutSeconds))
    , m_idleTimeout(secondsSpin("limitsIdleTimeout", tr("Idle timeout"), ServeLimits::IdleTimeoutSeconds))
    , m_stallTimeout(secondsSpin("limitsStallTimeout", tr("Stall timeout"), ServeLimits::StallTimeoutSeconds))
    , m_hosts(new QLineEdit(this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Server Limits"));
    m_connections->setObjectName(QStringLiteral("limitsMaxConnections"));
    m_connections->setAccessibleName(tr("Connections at once"));
    m_connections->setRange(ServeLimits::Connections.minimum, ServeLimits::Connections.maximum);
    m_connections->setToolTip(tr("More clients are told the server is busy. Idle connections make room for new ones."));
    m_perAddress->setObjectName(QStringLiteral("limitsMaxPerAddress"));
    m_perAddress->setAccessibleName(tr("Connections from one address"));
    m_perAddress->setRange(ServeLimits::ConnectionsPerPeer.minimum, ServeLimits::ConnectionsPerPeer.maximum);
    m_perAddress->setToolTip(tr("So that one device cannot take every connection. Behind a reverse proxy, where "
                                "every client has the proxy's address, raise it."));
    m_requestTimeout->setToolTip(tr("A client that has not finished asking for a file by then is disconnected."));
    m_idleTimeout->setToolTip(tr("A browser's open connection with nothing to do is closed after this long."));
    m_stallTimeout->setToolTip(tr("A client that stops reading a file for this long is disconnected."));
    m_hosts->setObjectName(QStringLiteral("limitsAllowedHosts"));
    m_hosts->setAccessibleName(tr("Other names of this share"));
    m_hosts->setPlaceholderText(tr("None: only this computer's names and addresses"));
    m_hosts->setToolTip(tr("Names browsers may use for this share besides this computer's own, for example a "
                           "reverse proxy's, separated by spaces or commas. Requests for any other name are refused, "
                           "so that a web page elsewhere cannot read the share through a visitor's browser."));
    m_problem->setObjectName(QStringLiteral("limitsProblem"));
    m_problem->setWordWrap(true);
    m_problem->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Connections at once:"), m_connections);
    form->addRow(tr("From one &address:"), m_perAddress);
    form->addRow(tr("&Request timeout:"), m_requestTimeout);
    form->addRow(tr("&Idle timeout:"), m_idleTimeout);
    form->addRow(tr("&Stall timeout:"), m_stallTimeout);
    form->addRow(tr("Other &names:"), m_hosts);

    auto *note = new QLabel(tr("Changes apply the next time you start sharing."), this);
    note->setWordWrap(true);
    note->setEnabled(false);

    auto *buttons = new QDialogButtonBox(
            QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ServeLimitsDialog::acceptIfValid);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setLimits(ShareServer::Options{}); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(note);
    layout->addWidget(buttons);
    setLimits(limits);
}

QSpinBox *ServeLimitsDialog::secondsSpin(const char *objectName, const QString &accessibleName, const Bound &bound)
{
    auto *spin = new QSpinBox(this);
    spin->setObjectName(QLatin1String(objectName));
    spin->setAccessibleName(accessibleName);
    spin->setRange(bound.minimum, bound.maximum);
    spin->setSuffix(tr(" s"));
    return spin;
}

void ServeLimitsDialog::setLimits(const ShareServer::Options &limits)
{
    m_connections->setValue(limits.maxConnections);
    m_perAddress->setValue(limits.maxConnectionsPerPeer);
    m_requestTimeout->setValue(seconds(limits.requestDeadline));
    m_idleTimeout->setValue(seconds(limits.keepAliveIdle));
    m_stallTimeout->setValue(seconds(limits.stallDeadline));
    m_hosts->setText(limits.allowedHosts.join(QLatin1Char(' ')));
}

QStringList ServeLimitsDialog::hostNames() const
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    return m_hosts->text().split(separators, Qt::SkipEmptyParts);
}

void ServeLimitsDialog::acceptIfValid()
{
    for (const QString &name : hostNames()) {
        if (const QString problem = HostCheck::validate(name); !problem.isEmpty()) {
            m_problem->setText(problem);
            m_problem->show();
            m_hosts->setFocus();
            return;
        }
    }
    accept();
}

ShareServer::Options ServeLimitsDialog::applyTo(ShareServer::Options options) const
{
    options.maxConnections = m_connections->value();
    options.maxConnectionsPerPeer = m_perAddress->value();
    options.requestDeadline = std::chrono::seconds(m_requestTimeout->value());
    options.keepAliveIdle = std::chrono::seconds(m_idleTimeout->value());
    options.stallDeadline = std::chrono::seconds(m_stallTimeout->value());
    options.allowedHosts = hostNames();
    return options;
}
