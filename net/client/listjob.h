#pragma once

#include "client/httpexchange.h"
#include "share/directorylisting.h"
#include "wire/chunkeddecoder.h"

#include <QObject>
#include <QTimer>

#include <optional>

class QTcpSocket;

// Fetches the listing of one folder of a Ferry share (its JSON form),
// through the same HttpExchange as a download: the same TLS, proxy,
// redirect and credential rules, the same words for a refusal. A tutorial
// server, which cannot list, is recognised and reported as such.
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
    void onAnswered(const HttpResponseHead &head);
    void onFailed(HttpExchange::Failure failure, const QString &message);
    void onReadyRead();
    void onClosed();
    bool take(QByteArrayView bytes);
    void parse();
    void finish(Outcome outcome, const DirectoryListing &listing, const QString &message);

    QString m_host;
    quint16 m_port;
    QString m_path;
    QString m_accessCode;
    HttpExchange *m_exchange = nullptr;
    QTcpSocket *m_socket = nullptr;
    std::optional<ChunkedDecoder> m_chunks;
    qint64 m_expected = -1; // Content-Length, when announced
    QByteArray m_body;
    QTimer m_timer;
    int m_timeoutMs = 15000;
    bool m_finished = false;
};

Q_DECLARE_METATYPE(DirectoryListing)
Q_DECLARE_METATYPE(ListJob::Outcome)
