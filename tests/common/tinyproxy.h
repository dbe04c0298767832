#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QNetworkProxy>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

// A real HTTP proxy for the tests: Debian's tinyproxy on a free port of
// 127.0.0.1, with its own configuration and log in a temporary folder (never
// the system's /etc/tinyproxy or its service), stopped with the fixture.
// Without tinyproxy the test fails rather than skips: tools/install-deps.sh
// installs it.
//
// tinyproxy 1.11 serves one request per client connection and closes it
// after the response. It logs, per connection, "Connect (file descriptor N)",
// then "Request (file descriptor N): <request line>" for the request it read
// (also one it then refuses for want of credentials), and "Established
// connection to host ..." only once it has opened the onward connection.
class TinyProxy final
{
    Q_DISABLE_COPY_MOVE(TinyProxy)

public:
    struct Options
    {
        QString user; // with a password: "BasicAuth user password"; tinyproxy takes only [-A-Za-z0-9._]
        QString password;
    };

    explicit TinyProxy(const Options &options = {})
    {
        if (program().isEmpty()) {
            m_error = QStringLiteral("tinyproxy is not installed (tools/install-deps.sh installs it)");
            return;
        }
        if (!m_folder.isValid()) {
            m_error = QStringLiteral("no temporary folder: ") + m_folder.errorString();
            return;
        }
        // The free port is only free when asked: another process may take it
        // before tinyproxy binds, and then tinyproxy exits. Try again then.
        for (int attempt = 0; attempt < 3 && !isRunning(); ++attempt)
            start(options);
    }

    ~TinyProxy() { stop(); }

    // The tinyproxy executable (Debian: /usr/bin; some systems keep it in sbin), or "" when missing.
    static QString program()
    {
        const QString name = QStringLiteral("tinyproxy");
        const QString found = QStandardPaths::findExecutable(name);
        if (!found.isEmpty())
            return found;
        return QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
    }

    bool isRunning() const { return m_ready && m_process.state() == QProcess::Running; }
    quint16 port() const { return m_port; }
    // Why it is not running: missing, bad configuration, port taken; with tinyproxy's own output.
    QString errorString() const { return m_error; }

    // "http://127.0.0.1:PORT", as a proxy variable or --proxy gives it.
    QString url() const { return QStringLiteral("http://127.0.0.1:") + QString::number(m_port); }

    // The request lines tinyproxy read, in order ("CONNECT 127.0.0.1:4000 HTTP/1.1",
    // "GET http://127.0.0.1:4000/a HTTP/1.1"), including those it refused.
    QStringList requests() const
    {
        static const QRegularExpression request(QStringLiteral(R"(Request \(file descriptor \d+\): (.*)$)"),
                                                QRegularExpression::MultilineOption);
        QStringList lines;
        for (auto it = request.globalMatch(log()); it.hasNext();)
            lines.append(it.next().captured(1).trimmed());
        return lines;
    }

    // How many times tinyproxy connected onward to a server: requests that got through access and auth checks.
    int forwardedCount() const { return int(log().count(QLatin1String("Established connection to host"))); }

    QString log() const
    {
        QFile file(logPath());
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

private:
    QString logPath() const { return m_folder.filePath(QStringLiteral("tinyproxy.log")); }
    QString configPath() const { return m_folder.filePath(QStringLiteral("tinyproxy.conf")); }

    // tinyproxy runs as whoever starts it: as root it only warns that no User is set.
    // Without ConnectPort lines CONNECT may reach any port, as the tests' servers need.
    QByteArray config(const Options &options) const
    {
        QByteArray text = "Listen 127.0.0.1\n"
                          "Port "
                          + QByteArray::number(m_port)
                          + "\n"
                            "Allow 127.0.0.1\n"
                            "MaxClients 20\n"
                            "Timeout 30\n"
                            "LogLevel Info\n"
                            "LogFile \""
                          + QFile::encodeName(logPath()) + "\"\n";
        if (!options.user.isEmpty())
            text += "BasicAuth " + options.user.toUtf8() + ' ' + options.password.toUtf8() + '\n';
        return text;
    }

    static quint16 freeLoopbackPort()
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
    }

    void start(const Options &options)
    {
        m_port = freeLoopbackPort();
        QFile::remove(logPath());
        QFile file(configPath());
        if (m_port == 0 || !file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(config(options)) < 0) {
            m_error = QStringLiteral("cannot write ") + configPath();
            return;
        }
        file.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(program(), {QStringLiteral("-d"), QStringLiteral("-c"), configPath()});
        if (!m_process.waitForStarted(5000)) {
            m_error = QStringLiteral("tinyproxy did not start: ") + m_process.errorString();
            return;
        }
        m_ready = waitUntilListening();
        if (m_ready)
            return;
        stop();
        m_error = QStringLiteral("tinyproxy did not listen on 127.0.0.1:") + QString::number(m_port)
                  + QStringLiteral(": ") + QString::fromLocal8Bit(m_process.readAll()) + log();
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Until its port accepts a connection (that connection sends nothing: it shows
    // in the log as a Connect without a Request), at most ten seconds.
    bool waitUntilListening()
    {
        const QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            if (m_process.state() != QProcess::Running)
                return false;
            QTcpSocket probe;
            probe.setProxy(QNetworkProxy::NoProxy);
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            if (probe.waitForConnected(200))
                return m_process.state() == QProcess::Running;
            m_process.waitForFinished(50); // a pause that notices an exit at once
        }
        return false;
    }

    QTemporaryDir m_folder;
    QProcess m_process;
    quint16 m_port = 0;
    bool m_ready = false;
    QString m_error;
};
