#include "client/localname.h"

#include "wire/contentdisposition.h"

#include <QByteArray>

QString safeLocalFileName(const QString &remoteName)
{
    return ContentDisposition::cleanFileName(remoteName);
}

QString fileNameFromUrl(const QUrl &url)
{
    QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    while (path.endsWith('/'))
        path.chop(1);
    const QByteArray segment = path.sliced(path.lastIndexOf('/') + 1);
    const QByteArray bytes = QByteArray::fromPercentEncoding(segment);
    const QString name = ContentDisposition::cleanFileName(bytes.isValidUtf8() ? QString::fromUtf8(bytes)
                                                                               : QString::fromLatin1(segment));
    return name.isEmpty() ? QStringLiteral("index.html") : name;
}

QString numberedFileName(const QString &fileName, int n)
{
    if (n < 1)
        return fileName;
    return ContentDisposition::insertBeforeExtension(fileName, QStringLiteral(" (%1)").arg(n));
}
