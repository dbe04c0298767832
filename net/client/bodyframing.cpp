#include "client/bodyframing.h"

#include "common/printable.h"
#include "wire/httpresponsehead.h"

#include <QCoreApplication>
#include <QList>

BodyFraming BodyFraming::of(const HttpResponseHead &head)
{
    // Every Transfer-Encoding field, as one list; empty elements do not count.
    QList<QByteArray> codings;
    for (const auto &[name, value] : head.headers) {
        if (name != "transfer-encoding")
            continue;
        for (const QByteArray &coding : value.split(',')) {
            if (!coding.trimmed().isEmpty())
                codings.append(coding.trimmed().toLower());
        }
    }
    const std::optional<qint64> length = head.contentLength();
    BodyFraming result;
    if (codings.isEmpty()) {
        if (length)
            result.length = *length;
        else
            result.error = QCoreApplication::translate("DownloadJob", "The server sent an invalid Content-Length.");
    } else if (codings != QList<QByteArray>{"chunked"}) {
        result.error =
                QCoreApplication::translate(
                        "DownloadJob",
                        "The server sent the file with the transfer coding \"%1\"; Ferry reads only \"chunked\".")
                        .arg(Printable::escaped(QString::fromLatin1(codings.join(", "))));
    } else if (length != std::optional<qint64>(-1)) {
        result.error = QCoreApplication::translate(
                "DownloadJob", "The server sent both Content-Length and Transfer-Encoding, which is ambiguous.");
    } else {
        result.framing = BodySink::Framing::Chunked;
    }
    return result;
}
