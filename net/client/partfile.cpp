#include "client/partfile.h"

#include "client/localname.h"
#include "os/renamenoreplace.h"
#include "os/writeall.h"
#include "os/xattr.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr char VersionAttribute[] = "user.ferry.version";
constexpr qsizetype MaxVersionBytes = 1024;
// As far as browsers go before they give up on a name ("name (999).ext").
constexpr int MaxNumberedName = 999;

} // namespace

PartFile::PartFile(const QString &destination)
    : m_destination(destination)
{
    m_file.setFileName(destination + QLatin1String(".part"));
}

bool PartFile::exists() const
{
    return QFileInfo::exists(m_file.fileName());
}

qint64 PartFile::size() const
{
    return m_file.isOpen() ? m_file.size() : QFileInfo(m_file.fileName()).size();
}

PartFile::Version PartFile::storedVersion() const
{
    // "SIZE ORIGIN VALIDATOR" ("SIZE VALIDATOR" before origins were kept:
    // such a record has no origin, so it is never resumed).
    const QByteArray value = Os::attribute(m_file.fileName(), VersionAttribute, MaxVersionBytes);
    if (value.isEmpty())
        return {};
    const qsizetype space = value.indexOf(' ');
    bool ok = false;
    Version version;
    version.size = value.left(space).toLongLong(&ok);
    if (space <= 0 || !ok)
        return {};
    version.validator = value.mid(space + 1);
    if (version.validator.startsWith("http://") || version.validator.startsWith("https://")) {
        const qsizetype end = version.validator.indexOf(' ');
        version.origin = version.validator.left(end);
        version.validator = end < 0 ? QByteArray() : version.validator.mid(end + 1);
    }
    return version;
}

bool PartFile::openFresh()
{
    m_file.close();
    // Replace whatever is there with a new file (O_CREAT | O_EXCL, which
    // never follows a link), so that a symlink or hard link planted at
    // NAME.part cannot carry the bytes to a file elsewhere.
    if (::unlink(QFile::encodeName(m_file.fileName()).constData()) != 0 && errno != ENOENT) {
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly | QIODevice::Unbuffered)) {
        m_error = m_file.errorString();
        return false;
    }
    Os::removeAttribute(m_file.handle(), VersionAttribute);
    return true;
}

bool PartFile::openForAppend()
{
    m_file.close();
    // Not O_APPEND, which splice(2) refuses: positioned at the end instead
    // (ReadWrite, unlike WriteOnly, does not truncate).
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        m_error = m_file.errorString();
        return false;
    }
    // Only a regular file of its own, the very one at NAME.part: appending
    // through a link would write into a file elsewhere.
    struct stat opened
    { };
    struct stat named
    { };
    if (::fstat(m_file.handle(), &opened) != 0 || ::lstat(QFile::encodeName(m_file.fileName()).constData(), &named) != 0
        || !S_ISREG(named.st_mode) || named.st_nlink != 1 || opened.st_dev != named.st_dev
        || opened.st_ino != named.st_ino) {
        m_file.close();
        m_error = QCoreApplication::translate("PartFile", "%1 is not a regular file.").arg(m_file.fileName());
        return false;
    }
    if (::lseek(m_file.handle(), 0, SEEK_END) < 0) {
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        m_file.close();
        return false;
    }
    return true;
}

bool PartFile::storeVersion(const Version &version)
{
    if (!m_file.isOpen() || !version.isUsable())
        return false;
    QByteArray value = QByteArray::number(version.size) + ' ';
    if (!version.origin.isEmpty())
        value += version.origin + ' ';
    value += version.validator;
    return Os::setAttribute(m_file.handle(), VersionAttribute, value);
}

void PartFile::forgetVersion()
{
    Os::removeAttribute(m_file.fileName(), VersionAttribute);
}

bool PartFile::write(const char *data, qint64 size)
{
    // Straight to the descriptor: QFile keeps a position of its own, which
    // writes that bypass it (BodyReceiver) would make stale.
    if (const int error = Os::writeAll(m_file.handle(), data, size)) {
        m_error = QString::fromLocal8Bit(std::strerror(error));
        return false;
    }
    return true;
}

void PartFile::close()
{
    m_file.close();
}

void PartFile::setDestination(const QString &destination)
{
    m_destination = destination;
}

bool PartFile::commit()
{
    if (!flushAndClose())
        return false;
    const QByteArray from = QFile::encodeName(m_file.fileName());
    const QByteArray to = QFile::encodeName(m_destination);
    // rename(2) replaces an existing file atomically, unlike QFile::rename.
    const bool done = std::rename(from.constData(), to.constData()) == 0;
    return renamed(done ? 0 : errno, m_destination);
}

bool PartFile::commitKeepingExisting()
{
    if (!flushAndClose())
        return false;
    const qsizetype folderEnd = m_destination.lastIndexOf(QLatin1Char('/')) + 1;
    const QString folder = m_destination.first(folderEnd);
    const QString name = m_destination.sliced(folderEnd);
    for (int n = 0; n <= MaxNumberedName; ++n) {
        const QString candidate = folder + numberedFileName(name, n);
        const int error = Os::renameNoReplace(m_file.fileName(), candidate);
        if (error != EEXIST)
            return renamed(error, candidate);
    }
    m_error = QCoreApplication::translate("PartFile", "%1 is taken, and so are all its numbered names up to %2.")
                      .arg(m_destination, numberedFileName(name, MaxNumberedName));
    return false;
}

bool PartFile::flushAndClose()
{
    if (m_file.isOpen()) {
        if (!m_file.flush() || m_file.error() != QFileDevice::NoError) {
            m_error = m_file.errorString();
            return false;
        }
        m_file.close();
    }
    return true;
}

// How a commit ends once its rename is done (`error` 0) or failed.
bool PartFile::renamed(int error, const QString &destination)
{
    if (error != 0) {
        m_error = QString::fromLocal8Bit(std::strerror(error));
        return false;
    }
    m_destination = destination;
    Os::removeAttribute(m_destination, VersionAttribute);
    return true;
}

bool PartFile::remove()
{
    m_file.close();
    return !exists() || m_file.remove();
}

QString PartFile::errorString() const
{
    return m_error;
}
