#include "os/folderentries.h"

#include "os/uniquefd.h"

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// How often a long reading asks whether anyone still wants it.
constexpr int EntriesBetweenChecks = 1024;

qint64 nanoseconds(const struct timespec &time)
{
    return qint64(time.tv_sec) * 1000000000 + time.tv_nsec;
}

// What open(2) or a listing would find: the owner's bits when they allow
// it (one comparison, no system call, the common case), else the kernel's
// own answer, which knows groups, ACLs and capabilities.
bool mayRead(int folder, const char *name, const struct stat &st, bool isFolder, uid_t self)
{
    const mode_t ownerBits = isFolder ? (S_IRUSR | S_IXUSR) : S_IRUSR;
    if (st.st_uid == self && (st.st_mode & ownerBits) == ownerBits)
        return true;
    return ::faccessat(folder, name, isFolder ? (R_OK | X_OK) : R_OK, AT_EACCESS) == 0;
}

} // namespace

namespace Os {

std::optional<QList<FolderEntry>> readFolder(int folder, const std::function<bool()> &cancelled)
{
    // fdopendir takes the descriptor it is given: give it a second one, so
    // that the caller's stays the caller's.
    UniqueFd own = UniqueFd::duplicate(folder);
    if (!own)
        return std::nullopt;
    DIR *dir = ::fdopendir(own.get());
    if (!dir)
        return std::nullopt;
    own.release(); // closedir closes it
    const int fd = ::dirfd(dir);
    ::rewinddir(dir); // the descriptor may have been read before

    QList<FolderEntry> entries;
    const uid_t self = ::geteuid();
    int sinceCheck = 0;
    bool failed = false;
    for (;;) {
        if (cancelled && ++sinceCheck == EntriesBetweenChecks) {
            sinceCheck = 0;
            if (cancelled()) {
                failed = true;
                errno = ECANCELED;
                break;
            }
        }
        errno = 0;
        const struct dirent *d = ::readdir(dir);
        if (!d) {
            failed = errno != 0;
            break;
        }
        const char *name = d->d_name;
        if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
            continue;
        struct stat st
        { };
        if (::fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue; // gone since readdir saw it
        FolderEntry entry;
        entry.name = QByteArray(name);
        entry.size = st.st_size;
        entry.modifiedNs = nanoseconds(st.st_mtim);
        if (S_ISREG(st.st_mode))
            entry.kind = FolderEntry::Kind::File;
        else if (S_ISDIR(st.st_mode))
            entry.kind = FolderEntry::Kind::Folder;
        else if (S_ISLNK(st.st_mode))
            entry.kind = FolderEntry::Kind::Link;
        if (entry.kind == FolderEntry::Kind::File || entry.kind == FolderEntry::Kind::Folder)
            entry.readable = mayRead(fd, name, st, entry.kind == FolderEntry::Kind::Folder, self);
        entries.append(std::move(entry));
    }
    const int error = errno;
    ::closedir(dir);
    if (failed) {
        errno = error;
        return std::nullopt;
    }
    return entries;
}

} // namespace Os
