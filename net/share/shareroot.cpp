#include "share/shareroot.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>

namespace {

ShareRoot::FileStatus fileStatusOf(const struct stat &st)
{
    ShareRoot::FileStatus status;
    status.device = st.st_dev;
    status.inode = st.st_ino;
    status.mode = st.st_mode;
    status.owner = st.st_uid;
    status.group = st.st_gid;
    status.size = st.st_size;
    status.modifiedNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    status.changedNs = qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec;
    return status;
}

bool hasControlCharacter(const QString &name)
{
    return std::any_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7F; });
}

// "C:", "C:\\x" or "/C:x": the first segment names a Windows drive. One
// rule for both dialects (a legacy name has no leading slash, an HTTP
// path always has one), so that neither serves what the other refuses.
// "中:x", "a1:b" or "sub/C:x" are ordinary Unix names.
bool hasDriveLetter(const QString &name)
{
    qsizetype start = 0;
    while (start < name.size() && (name.at(start) == QLatin1Char('/') || name.at(start) == QLatin1Char('\\')))
        ++start;
    if (name.size() - start < 2 || name.at(start + 1) != QLatin1Char(':'))
        return false;
    const char16_t c = name.at(start).unicode();
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

} // namespace

ShareRoot::ShareRoot(const QString &folder, Lookup lookup)
    : m_lookup(lookup)
{
    const QFileInfo info(folder);
    if (!info.isDir())
        return;
    m_canonicalRoot = info.canonicalFilePath();
    if (UniqueFd root = Os::openFolder(QFile::encodeName(m_canonicalRoot)))
        m_root = std::make_shared<const UniqueFd>(std::move(root));
}

// Opens `relative` (a path below the root without dots) beneath the root,
// never following a link. errno tells why when nothing opened.
UniqueFd ShareRoot::openBeneath(const QString &relative, Os::OpenFor purpose) const
{
    if (!m_root) {
        errno = ENOENT;
        return UniqueFd();
    }
    const QByteArray path = relative.isEmpty() ? QByteArray(".") : QFile::encodeName(relative);
    return Os::openBeneath(m_root->get(), path, purpose, m_lookup);
}

// Most names cross no link: then one lookup beneath the root (an openat2,
// or for a name right in the share an fstatat) both confines and resolves
// them, with no realpath. Nothing when a link is on the way
// (or the kernel cannot tell), for resolve() to follow it the long way.
std::optional<ShareRoot::Resolved> ShareRoot::resolveWithoutLinks(const QString &relative) const
{
    Resolved result;
    result.relativePath = relative;
    struct stat st
    { };
    if (!relative.isEmpty() && !relative.contains(QLatin1Char('/'))) {
        // A name right in the share (most requests) has no folder on the
        // way to be a link: one lstat-like call beneath the root tells all.
        if (!m_root)
            return result; // NotFound, as openBeneath() says without a root
        if (::fstatat(m_root->get(), QFile::encodeName(relative).constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
            return errno == ENOENT ? std::optional(result) : std::nullopt;
    } else {
        const UniqueFd fd = openBeneath(relative, Os::OpenFor::Status);
        if (!fd) {
            if (errno == ENOENT)
                return result; // NotFound: a real folder on the way lacks the name
            return std::nullopt; // a link on the way (ELOOP, EXDEV; ENOTDIR in the walk), or unknown
        }
        if (::fstat(fd.get(), &st) != 0)
            return std::nullopt;
    }
    // O_PATH | O_NOFOLLOW (the portable walk) opens a final link itself.
    if (S_ISLNK(st.st_mode))
        return std::nullopt;
    result.canonicalPath = relative.isEmpty() ? m_canonicalRoot : m_canonicalRoot + QLatin1Char('/') + relative;
    result.isDirectory = S_ISDIR(st.st_mode);
    result.status = result.isDirectory || S_ISREG(st.st_mode) ? Status::Ok : Status::NotRegular;
    result.fileStatus = fileStatusOf(st);
    return result;
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
    return isValid()
           && (canonicalPath == m_canonicalRoot || canonicalPath.startsWith(m_canonicalRoot + QLatin1Char('/'))
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
    if (std::optional<Resolved> direct = resolveWithoutLinks(*relative))
        return *direct;
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

    // The canonical path is opened without following any link, so what
    // changed on disk since it was resolved is refused rather than served;
    // fstat on the descriptor decides what is really served.
    UniqueFd fd = openBeneath(resolved.canonicalPath.mid(m_canonicalRoot.size() + 1), Os::OpenFor::Reading);
    if (!fd) {
        result.status = errno == ENOENT                      ? Status::NotFound
                        : errno == ELOOP || errno == ENOTDIR ? Status::Forbidden // a link where a folder or file was
                                                             : Status::Unreadable;
        return result;
    }
    struct stat st
    { };
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        result.status = Status::NotRegular;
        return result;
    }
    return OpenedFile::ready(FileHandle(std::move(fd)), resolved.relativePath, fileStatusOf(st));
}

ShareRoot::OpenedFolder ShareRoot::openFolder(const Resolved &resolved) const
{
    OpenedFolder result;
    result.status = resolved.status;
    if (resolved.status != Status::Ok)
        return result;
    if (!resolved.isDirectory) {
        result.status = Status::NotRegular;
        return result;
    }
    const QString relative = resolved.canonicalPath.mid(m_canonicalRoot.size() + 1);
    UniqueFd fd = openBeneath(relative, Os::OpenFor::Listing);
    struct stat st
    { };
    if (!fd || ::fstat(fd.get(), &st) != 0) {
        result.status = errno == ENOENT                      ? Status::NotFound
                        : errno == ELOOP || errno == ENOTDIR ? Status::Forbidden // a link or a file where a folder was
                                                             : Status::Unreadable;
        return result;
    }
    result.folder = std::move(fd);
    result.fileStatus = fileStatusOf(st);
    return result;
}

ShareRoot::OpenedFile ShareRoot::OpenedFile::ready(FileHandle file, const QString &relativePath,
                                                   const FileStatus &status)
{
    OpenedFile opened;
    opened.status = Status::Ok;
    opened.file = std::move(file);
    opened.relativePath = relativePath;
    constexpr qint64 nsPerSecond = 1000000000;
    const qint64 seconds = status.modifiedNs / nsPerSecond - (status.modifiedNs % nsPerSecond < 0 ? 1 : 0);
    opened.lastModified = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    opened.fileStatus = status;
    return opened;
}
