#pragma once

#include <QMainWindow>

class QTabWidget;

// Ferry's one window: a Serve tab and a Download tab.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

private:
    QTabWidget *m_tabs;
};
