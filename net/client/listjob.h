#pragma once

#include "share/directorylisting.h"

#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

// Fetches the listing of one folder of a Ferry share (its JSON form).
// A tutorial server, which cannot list, is recognised and reported as such.
class ListJob final : public QObject
{
    Q_OBJECT

public:
    enum class Outcome { Done, NotFound, Failed };
    Q_ENUM(Outcome)

    ListJob(const QString &host, quint16 port, const QString &path, QObject *parent = nullptr);

    QString path() const { return m_path; }
    // For a share that requires an access code; set before start().
    void setAccessCode(const QString &code) { m_accessCode = code; }

public Q_SLOTS:
    void start();

Q_SIGNALS:
    void finished(ListJob::Outcome outcome, const DirectoryListing &listing, const QString &message);

private:
    void onFinished();
    void finish(Outcome outcome, const DirectoryListing &listing, const QString &message);

    QString m_host;
    quint16 m_port;
    QString m_path;
    QString m_accessCode;
    QNetworkAccessManager *m_network = nullptr;
    QNetworkReply *m_reply = nullptr;
    int m_timeoutMs = 15000;
};

Q_DECLARE_METATYPE(DirectoryListing)
Q_DECLARE_METATYPE(ListJob::Outcome)
