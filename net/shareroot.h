#pragma once

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

class QFile;

// The folder a server shares, and the only gate through which a requested
// name becomes an open file. Immutable once built, so every session thread
// can share one instance.
class ShareRoot final
{
public:
    enum class Status {
        Ok,
        NotFound,   // nothing by that name inside the share
        Forbidden,  // the name tries to leave the share (.., symlink out, NUL, drive letter)
        NotRegular, // a directory, FIFO, device or socket
        Unreadable, // exists but cannot be opened
    };

    struct OpenedFile
    {
        Status status = Status::NotFound;
        std::unique_ptr<QFile> file; // set only when status is Ok
        QString relativePath;        // normalised, '/'-separated, no leading '/'
        qint64 size = 0;
        QDateTime lastModified;
    };

    explicit ShareRoot(const QString &folder);

    bool isValid() const { return !m_canonicalRoot.isEmpty(); }
    QString path() const { return m_canonicalRoot; }

    // Lexically normalises a client-supplied name into a share-relative
    // path: backslashes count as separators, "." and empty segments vanish,
    // ".." may not climb above the root. Returns nothing for names that try
    // to leave the share or carry NUL / control characters.
    static std::optional<QString> normalize(const QString &name);

    // Resolves, confines (after following symlinks) and opens a regular file.
    OpenedFile open(const QString &name) const;

private:
    QString m_canonicalRoot;
};
