#pragma once

#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

// What a barcode scanner reads in `image`: Debian's zbarimg (zbar-tools),
// the same decoder many phone apps build on. Empty when it reads nothing.
inline QString scanQrCode(const QImage &image, QString *error = nullptr)
{
    const QString zbarimg = QStandardPaths::findExecutable(QStringLiteral("zbarimg"));
    if (zbarimg.isEmpty()) {
        if (error)
            *error = QStringLiteral("zbarimg not found: install zbar-tools (tools/install-deps.sh does)");
        return {};
    }
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("code.png"));
    if (!image.save(png)) {
        if (error)
            *error = QStringLiteral("cannot save the image");
        return {};
    }
    QProcess scan;
    scan.start(zbarimg, {QStringLiteral("--raw"), QStringLiteral("-q"), QStringLiteral("-Sdisable"),
                         QStringLiteral("-Sqrcode.enable"), png});
    if (!scan.waitForFinished(30000) || scan.exitCode() != 0) {
        if (error)
            *error = QString::fromLocal8Bit(scan.readAllStandardError());
        return {};
    }
    QString text = QString::fromUtf8(scan.readAllStandardOutput());
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    return text;
}
