#pragma once

#include <QByteArray>
#include <QList>

#include <functional>
#include <optional>

// Reading the entries of a folder held open, each looked at without
// following a link (fdopendir, readdir, fstatat with AT_SYMLINK_NOFOLLOW),
// so that what is listed is that very folder, whatever its path names now.
namespace Os {

struct FolderEntry
{
    enum class Kind : quint8 { File, Folder, Link, Other };

    QByteArray name; // as the system spells it
    Kind kind = Kind::Other;
    // This process may read it: a file opened for reading, a folder listed
    // and searched. Unknown (false) for a link, which is not followed.
    bool readable = false;
    qint64 size = 0;
    qint64 modifiedNs = 0;
};

// The entries of the folder `folder` (a descriptor opened for reading),
// without "." and "..". `cancelled`, asked now and then, ends the reading
// early (nothing then). Nothing, with errno set, when it cannot be read.
std::optional<QList<FolderEntry>> readFolder(int folder, const std::function<bool()> &cancelled = {});

} // namespace Os
