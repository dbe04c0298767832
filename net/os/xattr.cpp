#include "os/xattr.h"

#include "os/osfeatures.h"

#include <QFile>

#if FERRY_HAVE_XATTR
#include <sys/xattr.h>
#endif

namespace Os {

QByteArray attribute(const QString &path, const char *name, qsizetype maxBytes)
{
#if FERRY_HAVE_XATTR
    QByteArray value(maxBytes, Qt::Uninitialized);
    const ssize_t length = ::getxattr(QFile::encodeName(path).constData(), name, value.data(), size_t(maxBytes));
    value.truncate(qMax<qsizetype>(length, 0));
    return value;
#else
    Q_UNUSED(path);
    Q_UNUSED(name);
    Q_UNUSED(maxBytes);
    return {};
#endif
}

bool setAttribute(int file, const char *name, QByteArrayView value)
{
#if FERRY_HAVE_XATTR
    return ::fsetxattr(file, name, value.data(), size_t(value.size()), 0) == 0;
#else
    Q_UNUSED(file);
    Q_UNUSED(name);
    Q_UNUSED(value);
    return false;
#endif
}

void removeAttribute(int file, const char *name)
{
#if FERRY_HAVE_XATTR
    ::fremovexattr(file, name);
#else
    Q_UNUSED(file);
    Q_UNUSED(name);
#endif
}

void removeAttribute(const QString &path, const char *name)
{
#if FERRY_HAVE_XATTR
    ::removexattr(QFile::encodeName(path).constData(), name);
#else
    Q_UNUSED(path);
    Q_UNUSED(name);
#endif
}

} // namespace Os
