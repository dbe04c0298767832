// Row 6 of tests/bench/bench.py: how late a 10 ms timer on the GUI thread
// fires while the window runs many downloads at once.
//
//   ferry_bench_guilatency [--downloads N] [--seconds S] [--server HOST:PORT NAME]
//
// Without --server, the window shares a folder of its own (large sparse
// files, so that the downloads keep running) from its Serve tab and
// downloads from itself over loopback. Prints one line of JSON: the worst
// and 99th-percentile delay of the timer (ms), how many downloads were
// still running when the measurement ended, and how many had failed.
// Everything is offscreen unless QT_QPA_PLATFORM says otherwise.

#include "downloadtab.h"
#include "mainwindow.h"
#include "widgettest.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace WidgetTest;

namespace {

struct Options
{
    int downloads = 50;
    double seconds = 3;
    QString server; // HOST:PORT, empty: the window serves itself
    QString name = QStringLiteral("big.bin");
};

Options parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("downloads"), QStringLiteral("Downloads at once."), QStringLiteral("N"),
                      QStringLiteral("50")});
    parser.addOption(
            {QStringLiteral("seconds"), QStringLiteral("Measurement time."), QStringLiteral("S"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("server"),
                      QStringLiteral("Download NAME from HOST:PORT instead of the window's own share."),
                      QStringLiteral("HOST:PORT")});
    parser.addOption({QStringLiteral("name"), QStringLiteral("File to download from --server."), QStringLiteral("NAME"),
                      QStringLiteral("big.bin")});
    parser.process(arguments);
    Options options;
    options.downloads = qMax(1, parser.value(QStringLiteral("downloads")).toInt());
    options.seconds = qMax(0.1, parser.value(QStringLiteral("seconds")).toDouble());
    options.server = parser.value(QStringLiteral("server"));
    options.name = parser.value(QStringLiteral("name"));
    return options;
}

// Delays of a repeating timer beyond its interval, on the thread it runs on.
class TimerLatency final : public QObject
{
public:
    explicit TimerLatency(int intervalMs)
        : m_intervalMs(intervalMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this,
                [this] { m_delaysMs.append(qMax<qint64>(0, m_sinceLast.restart() - m_intervalMs)); });
    }

    void start()
    {
        m_delaysMs.clear();
        m_sinceLast.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }

    qint64 worst() const
    {
        return m_delaysMs.isEmpty() ? -1 : *std::max_element(m_delaysMs.cbegin(), m_delaysMs.cend());
    }
    qint64 percentile(double p) const
    {
        if (m_delaysMs.isEmpty())
            return -1;
        QList<qint64> sorted = m_delaysMs;
        std::sort(sorted.begin(), sorted.end());
        return sorted.at(qMin(sorted.size() - 1, qsizetype(p * sorted.size())));
    }
    qsizetype ticks() const { return m_delaysMs.size(); }

private:
    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_sinceLast;
    QList<qint64> m_delaysMs;
};

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Options options = parse(QApplication::arguments());
    useTestSettings("ferry-bench-guilatency");

    QTemporaryDir share;
    QTemporaryDir downloads;
    if (!share.isValid() || !downloads.isValid())
        return 1;
    MainWindow window;
    window.show();
    QString host = QStringLiteral("127.0.0.1");
    QString port;
    QString name = options.name;
    if (options.server.isEmpty()) {
        // Sparse: nothing to read from disk, and far more than a few seconds of transfer.
        name = QStringLiteral("big.bin");
        QFile big(share.filePath(name));
        if (!big.open(QIODevice::WriteOnly) || !big.resize(64LL * 1024 * 1024 * 1024))
            return 1;
        port = QString::number(shareFromTab(window.serveTab(), share.path()));
    } else {
        host = options.server.section(QLatin1Char(':'), 0, -2);
        port = options.server.section(QLatin1Char(':'), -1);
    }

    DownloadQueueModel *queue = window.downloadTab()->queue();
    for (int i = 0; i < options.downloads; ++i) {
        // A folder each: the tab refuses a second download into the same file.
        const QString folder = downloads.filePath(QString::number(i));
        QDir().mkpath(folder);
        fillDownloadForm(window.downloadTab(), host, port, name, folder);
        QTest::mouseClick(child<QPushButton>(&window, "downloadButton"), Qt::LeftButton);
    }
    // Measure once every download has started receiving.
    const bool allStarted = QTest::qWaitFor(
            [&] {
                for (int row = 0; row < queue->rowCount(); ++row) {
                    if (queue->state(row) == DownloadQueueModel::State::Connecting)
                        return false;
                }
                return true;
            },
            10000);
    if (!allStarted)
        std::fprintf(stderr, "not every download started within 10 s\n");

    TimerLatency latency(10);
    latency.start();
    QTest::qWait(int(options.seconds * 1000));
    latency.stop();

    int running = 0;
    int failed = 0;
    for (int row = 0; row < queue->rowCount(); ++row) {
        running += DownloadQueueModel::isActive(queue->state(row)) ? 1 : 0;
        failed += queue->state(row) == DownloadQueueModel::State::Failed ? 1 : 0;
    }
    std::printf("{\"downloads\": %d, \"seconds\": %.1f, \"ticks\": %lld, \"worst_ms\": %lld, \"p99_ms\": %lld, "
                "\"running_at_end\": %d, \"failed\": %d}\n",
                int(queue->rowCount()), options.seconds, qint64(latency.ticks()), latency.worst(),
                latency.percentile(0.99), running, failed);
    std::fflush(stdout);

    for (int row = 0; row < queue->rowCount(); ++row)
        queue->cancel(row);
    return QTest::qWaitFor([&] { return queue->activeCount() == 0; }, 10000) ? 0 : 1;
}
