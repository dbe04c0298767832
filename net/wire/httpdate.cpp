#include "wire/httpdate.h"

#include <QLocale>
#include <QTimeZone>

#include <cstring>

namespace {
QString pattern()
{
    return QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'");
}
} // namespace

namespace HttpDate {

// Every response carries one or two dates: formatted by hand from the
// seconds (days to a civil date as in H. Hinnant's "chrono-Compatible
// Low-Level Date Algorithms"), because QLocale::toString parses its format
// pattern on every call and even QDateTime's date parts cost more than the rest
// of a small reply's head.
QByteArray format(qint64 secsSinceEpoch)
{
    static constexpr char days[7][4] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"}; // 1970-01-01 was a Thursday
    static constexpr char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    constexpr qint64 secsPerDay = 86400;
    qint64 dayNumber = secsSinceEpoch / secsPerDay;
    qint64 secsOfDay = secsSinceEpoch % secsPerDay;
    if (secsOfDay < 0) {
        secsOfDay += secsPerDay;
        --dayNumber;
    }
    const qint64 z = dayNumber + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999)
        return {};
    const int weekday = int(((dayNumber % 7) + 7) % 7);

    char text[30] = "Www, DD Mmm YYYY HH:MM:SS GMT";
    auto put2 = [&text](int at, int value) {
        text[at] = char('0' + value / 10);
        text[at + 1] = char('0' + value % 10);
    };
    std::memcpy(text, days[weekday], 3);
    put2(5, day);
    std::memcpy(text + 8, months[month - 1], 3);
    put2(12, int(year / 100));
    put2(14, int(year % 100));
    put2(17, int(secsOfDay / 3600));
    put2(20, int(secsOfDay / 60 % 60));
    put2(23, int(secsOfDay % 60));
    return QByteArray(text, 29);
}

QByteArray format(const QDateTime &when)
{
    return when.isValid() ? format(when.toSecsSinceEpoch()) : QByteArray();
}

QByteArray now()
{
    // One formatting per second and thread, not one per response.
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const qint64 second = QDateTime::currentSecsSinceEpoch();
    if (second != cachedSecond) {
        cachedSecond = second;
        cached = format(second);
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
