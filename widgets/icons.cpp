#include "icons.h"

#include <QApplication>
#include <QStyle>

namespace {

QIcon own(const char *name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
}

QIcon themed(const char *name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), QApplication::style()->standardIcon(fallback));
}

} // namespace

namespace Icons {

QIcon app()
{
    return own("ferry");
}
QIcon serve()
{
    return own("serve");
}
QIcon download()
{
    return own("download");
}
QIcon copy()
{
    return QIcon::fromTheme(QStringLiteral("edit-copy"), own("copy"));
}
QIcon qrCode()
{
    return own("qrcode");
}
QIcon folder()
{
    return themed("folder-open", QStyle::SP_DirOpenIcon);
}
QIcon start()
{
    return themed("media-playback-start", QStyle::SP_MediaPlay);
}
QIcon stop()
{
    return themed("media-playback-stop", QStyle::SP_MediaStop);
}
QIcon cancel()
{
    return themed("process-stop", QStyle::SP_BrowserStop);
}
QIcon retry()
{
    return themed("view-refresh", QStyle::SP_BrowserReload);
}
QIcon open()
{
    return themed("document-open", QStyle::SP_FileIcon);
}
QIcon showInFolder()
{
    return themed("folder", QStyle::SP_DirIcon);
}
QIcon clear()
{
    return themed("edit-clear-list", QStyle::SP_DialogResetButton);
}

} // namespace Icons
