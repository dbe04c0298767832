#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class ShareRoot;

// The visible content of one folder of a share, and its two renderings:
// a small self-contained HTML page for browsers and JSON for programs.
// Hidden entries (a leading '.'), links that lead out of the share and
// anything that is neither a regular file nor a folder are left out.
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

    // relativePath: the folder inside the share ("" for the top), as
    // ShareRoot::resolve() returned it; canonicalPath: its real location.
    static DirectoryListing read(const ShareRoot &root, const QString &relativePath, const QString &canonicalPath);

    QString relativePath() const { return m_relativePath; }
    const QList<Entry> &entries() const { return m_entries; }

    // {"path": "/sub/", "entries": [{"name", "size", "modified", "directory"}]}
    QByteArray toJson() const;
    QByteArray toHtml() const;

    // Parses what toJson() produced (the client side of `ferry list`);
    // nothing when the document is not such a listing.
    static std::optional<DirectoryListing> fromJson(const QByteArray &json);

private:
    QString m_relativePath;
    QList<Entry> m_entries;
};
