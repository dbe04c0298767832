#include "os/openbeneath.h"

#include "os/osfeatures.h"

#include <QList>

#include <cerrno>
#include <fcntl.h>
#if FERRY_HAVE_OPENAT2
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {

#if FERRY_HAVE_O_PATH
constexpr int StatusFlags = O_PATH;
#else
constexpr int StatusFlags = O_RDONLY | O_NONBLOCK;
#endif
constexpr int FolderFlags = StatusFlags | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

int flagsFor(Os::OpenFor purpose)
{
    switch (purpose) {
    case Os::OpenFor::Status:
        return StatusFlags;
    case Os::OpenFor::Reading:
        return O_RDONLY | O_NONBLOCK;
    case Os::OpenFor::Listing:
        return O_RDONLY | O_DIRECTORY;
    }
    return O_RDONLY | O_NONBLOCK;
}

// Without openat2 (older kernels, or a sandbox that forbids it): one
// folder at a time with O_NOFOLLOW.
UniqueFd walkBeneath(int root, const QByteArray &relative, int flags)
{
    const QList<QByteArray> parts = relative.split('/');
    UniqueFd folder; // the last one opened on the way; none: the root
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        folder = UniqueFd(::openat(folder ? folder.get() : root, parts.at(i).constData(), FolderFlags));
        if (!folder)
            return folder;
    }
    return UniqueFd(::openat(folder ? folder.get() : root, parts.last().constData(), flags | O_NOFOLLOW | O_CLOEXEC));
}

} // namespace

namespace Os {

UniqueFd openFolder(const QByteArray &path)
{
    return UniqueFd(::open(path.constData(), StatusFlags | O_DIRECTORY | O_CLOEXEC));
}

UniqueFd openBeneath(int folder, const QByteArray &relative, OpenFor purpose, BeneathLookup lookup)
{
    const int flags = flagsFor(purpose);
#if FERRY_HAVE_OPENAT2
    if (lookup == BeneathLookup::Fastest) {
        open_how how{};
        how.flags = quint64(flags | O_CLOEXEC);
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
        UniqueFd opened(int(::syscall(SYS_openat2, folder, relative.constData(), &how, sizeof how)));
        if (opened || (errno != ENOSYS && errno != EPERM))
            return opened;
    }
#else
    Q_UNUSED(lookup);
#endif
    return walkBeneath(folder, relative, flags);
}

} // namespace Os
