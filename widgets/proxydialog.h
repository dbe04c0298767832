#pragma once

#include "appsettings.h"

#include <QDialog>

class MessageLabel;
class QLineEdit;
class QRadioButton;

// How the window's http:// and https:// downloads reach their servers:
// through the system's proxy settings (the default), straight, or through
// one proxy the user names, http://[user:password@]host:port or
// socks5://host:port. A manual URL is checked when OK is pressed and what
// is wrong with it is said in the dialog (ProxyRules::setProxy's words).
class ProxyDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ProxyDialog(AppSettings::ProxyMode mode, const QString &manualUrl, QWidget *parent = nullptr);

    AppSettings::ProxyMode mode() const;
    QString manualUrl() const;
    // What `settings` choose, for a tooltip: "the system's proxy settings",
    // "no proxy", "the proxy http://host:port" (without the credentials).
    static QString summary(const AppSettings &settings);

private:
    void acceptIfValid();
    void updateManualField();

    QRadioButton *m_system;
    QRadioButton *m_none;
    QRadioButton *m_manual;
    QLineEdit *m_url;
    MessageLabel *m_problem;
};
