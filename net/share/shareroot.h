#pragma once

#include "os/openbeneath.h"
#include "share/filehandle.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

// The folder a server shares, and the only gate through which a requested
// name becomes an open file or a listed folder. Immutable once built, so
// every session thread can share one instance.
class ShareRoot final
{
public:
    enum class Status {
        Ok,
        NotFound, // nothing by that name inside the share
        Forbidden, // the name tries to leave the share (.., symlink out, NUL, drive letter)
        NotRegular, // a FIFO, device or socket (or, for open(), a folder)
        Unreadable, // exists but cannot be opened
    };

    // Which file a name led to, and its state, as one stat(2) saw them.
    struct FileStatus
    {
        quint64 device = 0;
        quint64 inode = 0;
        quint32 mode = 0;
        quint32 owner = 0;
        quint32 group = 0;
        qint64 size = 0;
        qint64 modifiedNs = 0;
        qint64 changedNs = 0; // ctime: any change of content, permissions, ACLs or links

        // The same file, unchanged since: a descriptor opened for one reads
        // the other, and would be refused or granted alike. (An inode number
        // is not reused while a descriptor holds the file.)
        bool isSameFile(const FileStatus &other) const
        {
            return device == other.device && inode == other.inode && changedNs == other.changedNs && mode == other.mode
                   && owner == other.owner && group == other.group;
        }
    };

    struct Resolved
    {
        Status status = Status::NotFound;
        QString relativePath; // normalised, '/'-separated, no leading '/'
        QString canonicalPath; // set when status is Ok
        bool isDirectory = false;
        // Set when the name was resolved without a link on the way (the
        // common case), from that very lookup.
        std::optional<FileStatus> fileStatus;
    };

    struct OpenedFile
    {
        Status status = Status::NotFound;
        FileHandle file; // open only when status is Ok
        QString relativePath;
        FileStatus fileStatus; // of the open file: its size, times (full precision, for validators), inode
        QDateTime lastModified; // second precision, as HTTP dates carry

        // A file opened earlier, described by a newer stat of its name.
        static OpenedFile ready(FileHandle file, const QString &relativePath, const FileStatus &status);
    };

    struct OpenedFolder
    {
        Status status = Status::NotFound;
        UniqueFd folder; // open to read its entries (Os::readFolder) only when status is Ok
        FileStatus fileStatus; // of the open folder: what identifies this version of it
    };

    // How names are opened beneath the folder: with openat2 where the kernel
    // has it, or one folder at a time with O_NOFOLLOW (what Ferry does
    // without openat2; tests check both give the same answers).
    using Lookup = Os::BeneathLookup;

    explicit ShareRoot(const QString &folder, Lookup lookup = Lookup::Fastest);

    bool isValid() const { return !m_canonicalRoot.isEmpty(); }
    QString path() const { return m_canonicalRoot; }

    // Lexically normalises a client-supplied name into a share-relative
    // path: backslashes count as separators, "." and empty segments vanish,
    // ".." may not climb above the root. Returns nothing for names that try
    // to leave the share or carry NUL / control characters.
    static std::optional<QString> normalize(const QString &name);

    // Normalises, then follows every symlink and checks that the result is
    // still inside the share and is a regular file or a folder. The share
    // itself resolves as a folder with an empty relative path.
    Resolved resolve(const QString &name) const;
    // True when an absolute canonical path lies inside the share.
    bool contains(const QString &canonicalPath) const;

    // Resolves, confines and opens a regular file.
    OpenedFile open(const QString &name) const;
    // Opens what resolve() found, if it is still there: a folder on the way
    // replaced by a link since then is refused, never followed.
    OpenedFile open(const Resolved &resolved) const;
    // Opens the folder resolve() found, the same way: beneath the folder
    // held open, never through a link, so that a listing shows the folder
    // the share was started on even if its path now names another.
    OpenedFolder openFolder(const Resolved &resolved) const;

private:
    std::optional<Resolved> resolveWithoutLinks(const QString &relative) const;
    UniqueFd openBeneath(const QString &relative, Os::OpenFor purpose) const;

    QString m_canonicalRoot;
    // The share's folder, held open: names are opened beneath it with
    // openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the kernel has
    // it, in one system call instead of a realpath and a walk.
    std::shared_ptr<const UniqueFd> m_root;
    Lookup m_lookup = Lookup::Fastest;
};
