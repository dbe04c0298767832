#pragma once

#include <QMainWindow>

class DownloadTab;
class QLabel;
class QTabWidget;
class ServeTab;

// Ferry's one window: a Serve tab and a Download tab, and a status line
// summing up both. Remembers its geometry and tab.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    ServeTab *serveTab() const { return m_serveTab; }
    DownloadTab *downloadTab() const { return m_downloadTab; }
    QTabWidget *tabs() const { return m_tabs; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void updateStatus();
    void saveState();

    QTabWidget *m_tabs;
    ServeTab *m_serveTab;
    DownloadTab *m_downloadTab;
    QLabel *m_status;
};
