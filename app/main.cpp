#include "commandline.h"
#include "downloadtab.h"
#include "icons.h"
#include "mainwindow.h"
#include "nearby/nearbybrowser.h"
#include "os/allocator.h"

#include <QApplication>
#include <QDir>
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

// Ferry's own strings and Qt's, for the system locale. Ferry's come from the
// installed translations folder, found relative to the binary (a distribution
// may have updated them) and otherwise from the copy compiled into the binary.
void installTranslations(QCoreApplication &app)
{
    const QString installed =
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral(FERRY_TRANSLATIONS_FROM_BINDIR));
    auto *ferry = new QTranslator(&app);
    if (ferry->load(QLocale(), QStringLiteral("ferry"), QStringLiteral("_"), installed)
        || ferry->load(QLocale(), QStringLiteral("ferry"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(ferry);
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

} // namespace

int main(int argc, char *argv[])
{
    Os::keepLargeBuffersInHeap();
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
    QApplication::setDesktopFileName(
            QStringLiteral(FERRY_APP_ID)); // the installed .desktop file, for the task bar's icon
    QApplication::setWindowIcon(Icons::app()); // every window and dialog, and the task bar
    installTranslations(app);
    MainWindow window;
    // Listening for nearby shares (and asking who is there) only while the window is open.
    auto *nearby = new NearbyBrowser(&window);
    window.downloadTab()->setNearbyBrowser(nearby);
    window.show();
    return QApplication::exec();
}
