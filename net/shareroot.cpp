#include "shareroot.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

bool hasControlCharacter(const QString &name)
{
    return std::any_of(name.cbegin(), name.cend(),
                       [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7F; });
}

// "C:" only: "中:x" or "a1:b" are ordinary Unix names.
bool hasDriveLetter(const QString &name)
{
    if (name.size() < 2 || name.at(1) != QLatin1Char(':'))
        return false;
    const char16_t c = name.at(0).unicode();
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

} // namespace

ShareRoot::ShareRoot(const QString &folder)
{
    const QFileInfo info(folder);
    if (info.isDir())
        m_canonicalRoot = info.canonicalFilePath();
}

std::optional<QString> ShareRoot::normalize(const QString &name)
{
    if (hasControlCharacter(name) || hasDriveLetter(name))
        return std::nullopt;
    QString unified = name;
    unified.replace(QLatin1Char('\\'), QLatin1Char('/'));
    QStringList kept;
    const QStringList segments = unified.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &segment : segments) {
        if (segment == QLatin1String("."))
            continue;
        if (segment == QLatin1String("..")) {
            if (kept.isEmpty())
                return std::nullopt;
            kept.removeLast();
            continue;
        }
        kept.append(segment);
    }
    return kept.join(QLatin1Char('/'));
}

bool ShareRoot::contains(const QString &canonicalPath) const
{
    return isValid() && (canonicalPath == m_canonicalRoot
                         || canonicalPath.startsWith(m_canonicalRoot + QLatin1Char('/'))
                         || (m_canonicalRoot == QLatin1String("/") && canonicalPath.startsWith(QLatin1Char('/'))));
}

ShareRoot::Resolved ShareRoot::resolve(const QString &name) const
{
    Resolved result;
    const std::optional<QString> relative = normalize(name);
    if (!isValid() || !relative) {
        result.status = Status::Forbidden;
        return result;
    }
    result.relativePath = *relative;
    // canonicalFilePath() resolves every symlink on the way, so a link (or
    // a linked parent folder) that points out of the share is caught here.
    const QFileInfo info(relative->isEmpty() ? m_canonicalRoot : m_canonicalRoot + QLatin1Char('/') + *relative);
    const QString canonical = info.canonicalFilePath();
    if (canonical.isEmpty())
        return result; // NotFound
    if (!contains(canonical)) {
        result.status = Status::Forbidden;
        return result;
    }
    result.canonicalPath = canonical;
    result.isDirectory = info.isDir();
    result.status = result.isDirectory || info.isFile() ? Status::Ok : Status::NotRegular;
    return result;
}

ShareRoot::OpenedFile ShareRoot::open(const QString &name) const
{
    return open(resolve(name));
}

ShareRoot::OpenedFile ShareRoot::open(const Resolved &resolved) const
{
    OpenedFile result;
    result.relativePath = resolved.relativePath;
    result.status = resolved.status;
    if (resolved.status != Status::Ok)
        return result;
    if (resolved.isDirectory) {
        result.status = Status::NotRegular;
        return result;
    }

    // O_NONBLOCK so that a FIFO swapped in cannot block the session in
    // open(); O_NOFOLLOW so that a link swapped in after canonicalisation
    // is refused; fstat on the descriptor decides what is really served.
    const int fd = ::open(QFile::encodeName(resolved.canonicalPath).constData(),
                          O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        result.status = errno == ENOENT ? Status::NotFound : Status::Unreadable;
        return result;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        result.status = Status::NotRegular;
        return result;
    }
    auto file = std::make_unique<QFile>();
    if (!file->open(fd, QIODevice::ReadOnly | QIODevice::Unbuffered, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        result.status = Status::Unreadable;
        return result;
    }
    result.size = st.st_size;
    result.lastModified = QDateTime::fromSecsSinceEpoch(st.st_mtim.tv_sec, Qt::UTC);
    result.modifiedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    result.inode = st.st_ino;
    result.file = std::move(file);
    return result;
}
