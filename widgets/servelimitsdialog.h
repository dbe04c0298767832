#pragma once

#include "server/shareserver.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QSpinBox;

// The server's limits, for people who share with many devices or over slow
// links: how many connections at once (from everyone, and from one
// address), how long a client may take to ask, stay idle or stop reading,
// and the names besides this computer's that browsers may use for it. The
// same limits as `ferry serve`'s --max-connections*, --*-timeout and
// --allow-host options, with the same defaults.
class ServeLimitsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ServeLimitsDialog(const ShareServer::Options &limits, QWidget *parent = nullptr);

    // `options` with the limits as the dialog shows them.
    ShareServer::Options applyTo(ShareServer::Options options) const;

private:
    void setLimits(const ShareServer::Options &limits);
    QStringList hostNames() const;
    void acceptIfValid();
    QSpinBox *secondsSpin(const char *objectName, const QString &accessibleName, const Bound &bound);

    QSpinBox *m_connections;
    QSpinBox *m_perAddress;
    QSpinBox *m_requestTimeout;
    QSpinBox *m_idleTimeout;
    QSpinBox *m_stallTimeout;
    QLineEdit *m_hosts;
    QLabel *m_problem;
};
