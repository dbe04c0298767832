#include "httpdate.h"

#include <QLocale>
#include <QTimeZone>

namespace {
QString pattern()
{
    return QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'");
}
} // namespace

namespace HttpDate {

QByteArray format(const QDateTime &when)
{
    return QLocale::c().toString(when.toUTC(), pattern()).toLatin1();
}

QDateTime parse(QByteArrayView text)
{
    QDateTime parsed = QLocale::c().toDateTime(QString::fromLatin1(text.trimmed()), pattern());
    if (!parsed.isValid())
        return {};
    parsed.setTimeZone(QTimeZone::utc());
    return parsed;
}

} // namespace HttpDate
