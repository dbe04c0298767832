#pragma once

// Shared set-up for the widget tests: settings in Qt's test location,
// sharing a folder through the Serve tab, filling the Download form.

#include "downloadqueuemodel.h"
#include "servetab.h"
#include "transferroles.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

namespace WidgetTest {

// Settings go to Qt's test location (never the user's), under a name of
// the test's own so that tests running in parallel do not share a file,
// and start empty.
inline void useTestSettings(const char *testName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Ferry"));
    QCoreApplication::setApplicationName(QLatin1String(testName));
    QSettings().clear();
}

template<typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

// Shares `folder` on 127.0.0.1 and a free port, through the tab's own
// controls, and returns the port (0 on failure).
inline quint16 shareFromTab(ServeTab *tab, const QString &folder)
{
    child<QLineEdit>(tab, "shareFolderEdit")->setText(folder);
    child<QSpinBox>(tab, "sharePortSpin")->setValue(0);
    auto *bind = child<QComboBox>(tab, "shareBindCombo");
    bind->setCurrentIndex(bind->findData(QStringLiteral("127.0.0.1")));
    QTest::mouseClick(child<QPushButton>(tab, "shareStartButton"), Qt::LeftButton);
    return tab->isSharing() ? tab->serverPort() : 0;
}

inline void fillDownloadForm(QWidget *form, const QString &host, const QString &port, const QString &name,
                             const QString &folder)
{
    child<QLineEdit>(form, "downloadHostEdit")->setText(host);
    child<QLineEdit>(form, "downloadPortEdit")->setText(port);
    child<QLineEdit>(form, "downloadNameEdit")->setText(name);
    child<QLineEdit>(form, "downloadFolderEdit")->setText(folder);
}

inline DownloadQueueModel::State stateOf(const DownloadQueueModel *model, int row)
{
    return DownloadQueueModel::State(model->index(row, 0).data(TransferRoles::StateRole).toInt());
}

inline QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace WidgetTest
