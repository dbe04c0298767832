#pragma once

#include <QImage>
#include <QString>

// A QR code of a piece of text (a share link), drawn by libqrencode:
// black modules on white with the four-module quiet zone scanners need.
// Null when the text is too long for any QR code.
namespace QrCodeImage {

// One pixel per module; scale it up without smoothing to show it.
QImage render(const QString &text);

} // namespace QrCodeImage
