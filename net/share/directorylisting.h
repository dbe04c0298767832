#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

class ShareRoot;

// The visible content of one folder of a share, and its two renderings:
// a small self-contained HTML page for browsers and JSON for programs.
// Only what the share would serve is listed: hidden entries (a leading
// '.'), links that lead out of the share, names a request cannot spell
// (control characters, a drive letter, a backslash, bytes that are not
// UTF-8), what this process cannot read, and anything that is neither a
// regular file nor a folder are left out.
class DirectoryListing final
{
public:
    struct Entry
    {
        QString name;
        qint64 size = 0;
        QDateTime modified;
        bool isDirectory = false;

        bool operator==(const Entry &other) const = default;
    };

    // Reads `folder`, a descriptor ShareRoot::openFolder() opened for the
    // folder `relativePath` of `root` (as ShareRoot::resolve() returned
    // it; "" for the top). `cancelled`, asked now and then, ends a long
    // reading early. Nothing when the folder cannot be read (or was cancelled).
    static std::optional<DirectoryListing> read(const ShareRoot &root, const QString &relativePath, int folder,
                                                const std::function<bool()> &cancelled = {});
    // Resolves and opens `relativePath` through `root`, then reads it.
    static std::optional<DirectoryListing> read(const ShareRoot &root, const QString &relativePath);

    QString relativePath() const { return m_relativePath; }
    const QList<Entry> &entries() const { return m_entries; }

    // {"path": "/sub/", "entries": [{"name", "size", "modified", "directory"}]}
    // (ListingDocument renders them in pieces, for a server to stream.)
    QByteArray toJson() const;
    QByteArray toHtml() const;

    // Parses what toJson() produced (the client side of `ferry list`);
    // nothing when the document is not such a listing.
    static std::optional<DirectoryListing> fromJson(const QByteArray &json);

private:
    QString m_relativePath;
    QList<Entry> m_entries;
};
