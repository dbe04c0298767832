#include "mainwindow.h"

#include <QLabel>
#include <QTabWidget>

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("Ferry"));
    m_tabs->addTab(new QLabel(tr("Share a folder"), m_tabs), tr("Serve"));
    m_tabs->addTab(new QLabel(tr("Download a file"), m_tabs), tr("Download"));
    setCentralWidget(m_tabs);
    resize(900, 600);
}
