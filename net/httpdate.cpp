#include "httpdate.h"

#include <QLocale>
#include <QTimeZone>

#include <cstdio>

namespace {
QString pattern()
{
    return QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'");
}
} // namespace

namespace HttpDate {

// Every response carries one or two dates: formatted by hand, because
// QLocale::toString parses its format pattern on every call.
QByteArray format(const QDateTime &when)
{
    static constexpr char days[7][4] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime utc = when.toUTC();
    const QDate date = utc.date();
    const QTime time = utc.time();
    if (!date.isValid() || date.year() < 0 || date.year() > 9999)
        return {};
    char text[32];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[date.dayOfWeek() - 1], date.day(),
                  months[date.month() - 1], date.year(), time.hour(), time.minute(), time.second());
    return QByteArray(text);
}

QByteArray now()
{
    // One formatting per second and thread, not one per response.
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const qint64 second = QDateTime::currentSecsSinceEpoch();
    if (second != cachedSecond) {
        cachedSecond = second;
        cached = format(QDateTime::fromSecsSinceEpoch(second, Qt::UTC));
    }
    return cached;
}

QDateTime parse(QByteArrayView text)
{
    // Most requests carry no date at all; parsing "" still costs a pattern parse.
    if (text.trimmed().isEmpty())
        return {};
    QDateTime parsed = QLocale::c().toDateTime(QString::fromLatin1(text.trimmed()), pattern());
    if (!parsed.isValid())
        return {};
    parsed.setTimeZone(QTimeZone::utc());
    return parsed;
}

} // namespace HttpDate
