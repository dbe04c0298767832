#include "common/units.h"

#include <QCoreApplication>
#include <QLocale>

#include <limits>

namespace Units {

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString formatRate(double bytesPerSecond)
{
    return QCoreApplication::translate("Units", "%1/s").arg(formatBytes(qint64(bytesPerSecond)));
}

QString formatDuration(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("--:--");
    const qint64 h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    const QString ms =
            QStringLiteral("%1:%2").arg(m, h > 0 ? 2 : 1, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return h > 0 ? QStringLiteral("%1:").arg(h) + ms : ms;
}

std::optional<qint64> parseSize(QStringView text)
{
    static constexpr QStringView Suffixes = u"KMGT";
    QStringView digits = text;
    int shift = 0;
    if (!digits.isEmpty()) {
        const qsizetype unit = Suffixes.indexOf(digits.back().toUpper());
        if (unit >= 0) {
            shift = 10 * int(unit + 1);
            digits.chop(1);
        }
    }
    bool ok = false;
    const qint64 value = digits.toLongLong(&ok);
    if (!ok || value < 0 || value > (std::numeric_limits<qint64>::max() >> shift))
        return std::nullopt;
    return value << shift;
}

std::optional<qint64> parseRate(QStringView text)
{
    // parseSize, less its T and with curl's B for plain bytes ("10B", not
    // "10KB").
    if (text.endsWith(u'T', Qt::CaseInsensitive))
        return std::nullopt;
    if (text.endsWith(u'B', Qt::CaseInsensitive)) {
        text.chop(1);
        if (text.isEmpty() || !text.back().isDigit())
            return std::nullopt;
    }
    return parseSize(text);
}

} // namespace Units
