#include "client/localname.h"

QString safeLocalFileName(const QString &remoteName)
{
    QString name = remoteName;
    name.replace(QLatin1Char('\\'), QLatin1Char('/'));
    name = name.section(QLatin1Char('/'), -1);
    name.removeIf([](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7F; });
    // A Windows drive prefix left in a last segment ("C:evil") is not a path here,
    // but keeps the name harmless everywhere the file may be copied later.
    if (name.size() >= 2 && name.at(1) == QLatin1Char(':') && name.at(0).unicode() < 0x80 && name.at(0).isLetter())
        name.remove(0, 2);
    name = name.trimmed();
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return {};
    return name;
}
