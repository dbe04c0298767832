#include "qrcodeimage.h"

#include <qrencode.h>

#include <memory>

namespace QrCodeImage {

QImage render(const QString &text)
{
    constexpr int QuietZone = 4;
    const QByteArray utf8 = text.toUtf8();
    // Level M survives a phone camera's glare; version 0 picks the smallest
    // symbol that fits, and 8-bit mode keeps the link byte for byte.
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
            QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code)
        return {};
    const int modules = code->width;
    QImage image(modules + 2 * QuietZone, modules + 2 * QuietZone, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    for (int y = 0; y < modules; ++y) {
        uchar *line = image.scanLine(y + QuietZone) + QuietZone;
        const unsigned char *row = code->data + qsizetype(y) * modules;
        for (int x = 0; x < modules; ++x)
            line[x] = (row[x] & 1) ? 0 : 255; // bit 0: a dark module
    }
    return image;
}

} // namespace QrCodeImage
