#include "servelimitsdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

constexpr int MaxSeconds = 24 * 3600;

int seconds(std::chrono::milliseconds duration)
{
    return int(std::chrono::duration_cast<std::chrono::seconds>(duration).count());
}

} // namespace

ServeLimitsDialog::ServeLimitsDialog(const ShareServer::Options &limits, QWidget *parent)
    : QDialog(parent)
    , m_connections(new QSpinBox(this))
    , m_requestTimeout(secondsSpin("limitsRequestTimeout", tr("Request timeout")))
    , m_idleTimeout(secondsSpin("limitsIdleTimeout", tr("Idle timeout")))
    , m_stallTimeout(secondsSpin("limitsStallTimeout", tr("Stall timeout")))
{
    setWindowTitle(tr("Server Limits"));
    m_connections->setObjectName(QStringLiteral("limitsMaxConnections"));
    m_connections->setAccessibleName(tr("Connections at once"));
    m_connections->setRange(1, 100000);
    m_connections->setToolTip(tr("More clients are told the server is busy. Idle connections make room for new ones."));
    m_requestTimeout->setToolTip(tr("A client that has not finished asking for a file by then is disconnected."));
    m_idleTimeout->setToolTip(tr("A browser's open connection with nothing to do is closed after this long."));
    m_stallTimeout->setToolTip(tr("A client that stops reading a file for this long is disconnected."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Connections at once:"), m_connections);
    form->addRow(tr("&Request timeout:"), m_requestTimeout);
    form->addRow(tr("&Idle timeout:"), m_idleTimeout);
    form->addRow(tr("&Stall timeout:"), m_stallTimeout);

    auto *note = new QLabel(tr("Changes apply the next time you start sharing."), this);
    note->setWordWrap(true);
    note->setEnabled(false);

    auto *buttons = new QDialogButtonBox(
            QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setLimits(ShareServer::Options{}); });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
    setLimits(limits);
}

QSpinBox *ServeLimitsDialog::secondsSpin(const char *objectName, const QString &accessibleName)
{
    auto *spin = new QSpinBox(this);
    spin->setObjectName(QLatin1String(objectName));
    spin->setAccessibleName(accessibleName);
    spin->setRange(1, MaxSeconds);
    spin->setSuffix(tr(" s"));
    return spin;
}

void ServeLimitsDialog::setLimits(const ShareServer::Options &limits)
{
    m_connections->setValue(limits.maxConnections);
    m_requestTimeout->setValue(seconds(limits.requestDeadline));
    m_idleTimeout->setValue(seconds(limits.keepAliveIdle));
    m_stallTimeout->setValue(seconds(limits.stallDeadline));
}

ShareServer::Options ServeLimitsDialog::applyTo(ShareServer::Options options) const
{
    options.maxConnections = m_connections->value();
    options.requestDeadline = std::chrono::seconds(m_requestTimeout->value());
    options.keepAliveIdle = std::chrono::seconds(m_idleTimeout->value());
    options.stallDeadline = std::chrono::seconds(m_stallTimeout->value());
    return options;
}
