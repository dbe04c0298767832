#pragma once

#include <QHostAddress>
#include <QList>
#include <QWidget>

class QButtonGroup;
class QGridLayout;
class QLabel;

// The addresses other machines can use to reach a share, one line each:
// "ADDRESS:PORT", the link a browser or phone opens (carrying the access
// code when the share has one, and for an encrypted share https:// and the
// certificate's pin), one-click copy buttons for both, and a QR code of the
// chosen link for a phone's camera.
class AddressList final : public QWidget
{
    Q_OBJECT

public:
    explicit AddressList(QWidget *parent = nullptr);

    // Shows where a share on `port` can be reached (RunningShare's
    // reachable addresses, the hint saying what `bound` means); port 0
    // clears the list (not sharing). `pin` ("sha256//BASE64") is the
    // certificate's of an encrypted share, empty for one in the clear.
    void showFor(const QList<QHostAddress> &addresses, const QHostAddress &bound, quint16 port,
                 const QString &accessCode = {}, const QString &pin = {});
    // The link the QR code shows (empty when not sharing).
    QString qrUrl() const { return m_qrUrl; }
    // The addresses listed, in order.
    QList<QHostAddress> addresses() const { return m_addresses; }

Q_SIGNALS:
    void copied(const QString &text);

private:
    void addRow(int row, const QHostAddress &address, quint16 port, const QString &accessCode, const QString &pin);
    void showQrCode(const QString &url);
    void copy(const QString &text);

    QGridLayout *m_grid;
    QLabel *m_hint;
    QLabel *m_qrCode;
    QButtonGroup *m_qrChoice;
    QString m_qrUrl;
    QList<QHostAddress> m_addresses;
};
