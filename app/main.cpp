#include "commandline.h"
#include "icons.h"
#include "downloadtab.h"
#include "mainwindow.h"
#include "nearbybrowser.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QTranslator>

namespace {

void identify()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Ferry"));
    QCoreApplication::setApplicationName(QStringLiteral("ferry"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION));
}

// Ferry's own strings (compiled into the binary) and Qt's, for the system locale.
void installTranslations(QCoreApplication &app)
{
    auto *ferry = new QTranslator(&app);
    if (ferry->load(QLocale(), QStringLiteral("ferry"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ferry);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

} // namespace

int main(int argc, char *argv[])
{
    identify();
    // Ferry's debug messages are for developers (QT_LOGGING_RULES turns them on).
    QLoggingCategory::setFilterRules(QStringLiteral("ferry.*.debug=false"));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    if (CommandLine::wantsCommand(arguments)) {
        QCoreApplication app(argc, argv);
        installTranslations(app);
        return CommandLine::run(QCoreApplication::arguments());
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Ferry"));
    QApplication::setDesktopFileName(QStringLiteral("ferry"));
    QApplication::setWindowIcon(Icons::app()); // every window and dialog, and the task bar
    installTranslations(app);
    MainWindow window;
    // Listening for nearby shares (and asking who is there) only while the window is open.
    auto *nearby = new NearbyBrowser(&window);
    window.downloadTab()->setNearbyBrowser(nearby);
    window.show();
    return QApplication::exec();
}
