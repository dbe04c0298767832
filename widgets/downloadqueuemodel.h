#pragma once

#include "batchedtablemodel.h"
#include "client/downloadjob.h"
#include "common/speedmeter.h"

#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QUrl>

#include <optional>

class DownloadEngine;

// The Download tab's queue: one row per download, each driven by a
// DownloadJob on the engine thread. Several run at once; a finished row
// can be retried (a new job with the same request) or cleared. Every
// attempt gets the window's settings (AppSettings::prepareDownload): the
// proxy, and the certificates the user trusts for the hosts it reaches.
class DownloadQueueModel final : public BatchedTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, SizeColumn, ProgressColumn, SpeedColumn, TimeLeftColumn, StateColumn, ColumnCount };
    enum class State { Connecting, Downloading, Done, NotFound, Failed, Canceled };
    Q_ENUM(State)

    explicit DownloadQueueModel(QObject *parent = nullptr);
    ~DownloadQueueModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Starts a download in a new row; returns the row.
    int add(const DownloadJob::Request &request);
    void cancel(int row);
    // Starts the row's request again; false when another running row
    // writes to the same file.
    bool retry(int row);
    void clearFinished();

    State state(int row) const { return m_rows.at(row).state; }
    // Where the row's file is saved: the request's destination, or the
    // name the server gave (or a numbered one) once the job said so.
    QString destination(int row) const;
    // The request of the row's latest attempt, as the engine got it.
    const DownloadJob::Request &request(int row) const { return m_rows.at(row).request; }
    // What the row fetches after the redirects so far; empty without a URL.
    QUrl finalUrl(int row) const { return m_rows.at(row).finalUrl; }
    static bool isActive(State state) { return state == State::Connecting || state == State::Downloading; }
    bool canRetry(int row) const;
    // True when a running row writes to `destination` (or its .part).
    bool isWriting(const QString &destination) const;
    int activeCount() const { return m_active; }

Q_SIGNALS:
    void activeCountChanged(int count);
    // The row failed because `host`:`port` showed a certificate that is not
    // trusted; the row is retryable by now. The user may trust it
    // (AppSettings::trustCertificate) and retry the row.
    void certificateProblem(int row, const QString &host, quint16 port, const QSslCertificate &certificate,
                            const QString &problem);

protected:
    bool refreshActiveRows() override;

private:
    struct Row
    {
        DownloadJob::Request request;
        quint64 jobId = 0; // 0 when no job runs for the row
        State state = State::Connecting;
        Dialect dialect = Dialect::Undecided;
        qint64 received = 0;
        qint64 total = -1;
        bool sampled = false; // the speed meter has its starting point
        SpeedMeter meter;
        QString message;
        QString savedPath; // from the last attempt that finished; "" before
        QUrl finalUrl; // request.url after this attempt's redirects
        QList<QUrl> redirectTargets; // of every attempt, whose certificates the next one trusts too
        struct CertificateProblem
        {
            QString host;
            quint16 port = 0;
            QSslCertificate certificate;
            QString problem;
        };
        std::optional<CertificateProblem> certificateProblem; // reported by the running job
    };
    void launch(int row);
    int rowOfJob(quint64 id) const;
    void onDialectChosen(quint64 id, Dialect dialect);
    void onProgress(quint64 id, qint64 received, qint64 total);
    void onRedirected(quint64 id, const QUrl &location);
    void onCertificateProblem(quint64 id, const QString &host, quint16 port, const QSslCertificate &certificate,
                              const QString &problem);
    void onFinished(quint64 id, DownloadJob::Outcome outcome, const QString &message, const QString &savedPath);
    void setActiveCount(int count);
    static QString savedPathOf(const Row &row);
    QString stateText(const Row &row) const;
    QString progressText(const Row &row) const;
    QString toolTip(const Row &row) const;

    DownloadEngine *m_engine;
    QList<Row> m_rows;
    QHash<quint64, int> m_rowOfJob;
    int m_active = 0;
};
