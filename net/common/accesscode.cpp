#include "common/accesscode.h"

#include <QCoreApplication>
#include <QUrl>

namespace AccessCode {

QString validate(const QString &code)
{
    if (code.isEmpty())
        return QCoreApplication::translate("AccessCode", "The access code is empty.");
    if (code.size() > MaxLength)
        return QCoreApplication::translate("AccessCode", "The access code is longer than %1 characters.")
                .arg(MaxLength);
    for (const QChar c : code) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return QCoreApplication::translate("AccessCode", "The access code contains a control character.");
    }
    if (code.trimmed() != code)
        return QCoreApplication::translate("AccessCode", "The access code starts or ends with a space.");
    return {};
}

QByteArray queryItem(const QString &code)
{
    return "code=" + QUrl::toPercentEncoding(code);
}

QByteArray basicAuthorization(const QString &code)
{
    return "Basic " + QByteArray("ferry:" + code.toUtf8()).toBase64();
}

} // namespace AccessCode
