#pragma once

#include "client/downloadjob.h"
#include "downloadlink.h"

#include <QUrl>
#include <QWidget>

class MessageLabel;
class QComboBox;
class QLineEdit;
class QPushButton;
class QStringListModel;

// The Download tab's form: host (recent ones complete), port, the share's
// access code if it has one, file name, folder to save to and protocol. Download (or Enter in any field) checks
// the input and reports what is wrong right under the form, or emits
// requested() with a complete request. The host must resolve first (unless
// a proxy will), so an unknown host is reported here too, not as a failed row.
//
// The host field also takes a whole http:// or https:// link, typed or
// pasted: the fields then show its host, port and path, the protocol
// becomes HTTP or HTTPS, and the request fetches exactly that link. With
// HTTP or HTTPS chosen and the fields typed, it fetches
// scheme://host:port/name; Automatic and the tutorial protocol use host,
// port and name as before.
class DownloadForm final : public QWidget
{
    Q_OBJECT

public:
    explicit DownloadForm(QWidget *parent = nullptr);

    // Shows a problem under the form and puts the cursor where it is.
    void showError(const QString &message, QWidget *field = nullptr);
    QString errorText() const;
    void setEndpoint(const QString &host, quint16 port);
    // Fills the fields from an http:// or https:// link; false, and the
    // fields untouched, for anything else.
    bool fillFromUrl(const QString &text);
    // After a request was queued: ready for the next name.
    void clearName();

public Q_SLOTS:
    void submit();
    // Lists the server's files (RemoteBrowserDialog) to pick a name from.
    void browse();
    // The proxy for http:// and https:// downloads (ProxyDialog).
    void editProxy();

Q_SIGNALS:
    // destination is the download folder joined with the name's safe local
    // form; the receiver may still choose another free name there.
    void requested(const DownloadJob::Request &request);

private:
    struct Target
    {
        QString host;
        quint16 port = 0;
        QString name;
    };
    std::optional<Target> readTarget();
    QUrl urlFor(const Target &target, int choice) const;
    void onHostEdited(const QString &text);
    void onProtocolChosen();
    void updateProxyTip();
    void finishSubmit(const DownloadJob::Request &request);
    void chooseFolder();
    void setBusy(bool busy);

    QLineEdit *m_hostEdit;
    QLineEdit *m_portEdit;
    QLineEdit *m_codeEdit;
    QLineEdit *m_nameEdit;
    QPushButton *m_browseButton;
    QLineEdit *m_folderEdit;
    QPushButton *m_chooseButton;
    QComboBox *m_protocolCombo;
    QPushButton *m_proxyButton;
    QPushButton *m_downloadButton;
    MessageLabel *m_message;
    QStringListModel *m_recentHosts;
    int m_lookupId = -1;
    std::optional<DownloadLink> m_link; // the last one filled in, fetched as it is while the fields show it
    QString m_hostText; // the host field's text before its latest change
    QString m_hostTextNow;
};
