#include "mainwindow.h"

#include "appsettings.h"
#include "downloadqueuemodel.h"
#include "downloadtab.h"
#include "icons.h"
#include "servetab.h"

#include <QAction>
#include <QCloseEvent>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_serveTab(new ServeTab(m_tabs))
    , m_downloadTab(new DownloadTab(m_tabs))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Ferry"));
    setWindowIcon(Icons::app());
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_serveTab, Icons::serve(), tr("Serve"));
    m_tabs->addTab(m_downloadTab, Icons::download(), tr("Download"));
    m_tabs->setTabToolTip(0, tr("Share a folder with other devices (Ctrl+1)"));
    m_tabs->setTabToolTip(
            1, tr("Download files from a Ferry or tutorial server, or any http:// or https:// link (Ctrl+2)"));
    setCentralWidget(m_tabs);
    statusBar()->addWidget(m_status, 1);

    // Tab titles carry no mnemonics: Alt+S and Alt+D belong to the tabs' buttons.
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *action = new QAction(this);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, m_tabs, [this, i] { m_tabs->setCurrentIndex(i); });
        addAction(action);
    }
    auto *quit = new QAction(this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    addAction(quit);

    connect(m_serveTab, &ServeTab::sharingChanged, this, &MainWindow::updateStatus);
    connect(m_downloadTab->queue(), &DownloadQueueModel::activeCountChanged, this, &MainWindow::updateStatus);
    updateStatus();

    AppSettings settings;
    resize(960, 640);
    restoreGeometry(settings.windowGeometry());
    m_tabs->setCurrentIndex(qBound(0, settings.currentTab(), m_tabs->count() - 1));
}

void MainWindow::updateStatus()
{
    const QString sharing =
            m_serveTab->isSharing() ? tr("Sharing on port %1").arg(m_serveTab->serverPort()) : tr("Not sharing");
    const int running = m_downloadTab->activeCount();
    const QString downloads = running == 0 ? tr("no downloads running") : tr("downloads running: %1").arg(running);
    m_status->setText(tr("%1 · %2").arg(sharing, downloads));
}

void MainWindow::saveState()
{
    AppSettings settings;
    settings.setWindowGeometry(saveGeometry());
    settings.setCurrentTab(m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    const int running = m_downloadTab->activeCount();
    if (running > 0) {
        const auto answer = QMessageBox::question(
                this, tr("Quit Ferry?"),
                tr("Downloads still running: %1. Quit anyway? What has arrived so far stays for a retry.").arg(running),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    saveState();
    event->accept();
}
