#pragma once

#include <QByteArray>
#include <QList>

class DirectoryListing;

// One rendering of a listing (the HTML page or the JSON document), made
// once and kept in pieces of a few dozen KiB: its size is known before a
// byte is sent, a server streams it piece by piece as the peer reads, and
// a large folder never needs one buffer the size of the whole document.
// Immutable once rendered; shared between threads.
class ListingDocument final
{
public:
    enum class Format { Html, Json };

    static ListingDocument render(const DirectoryListing &listing, Format format);

    Format format() const { return m_format; }
    QByteArray contentType() const;
    qint64 size() const { return m_size; }
    const QList<QByteArray> &pieces() const { return m_pieces; }
    // The whole document in one buffer (tests, small folders).
    QByteArray joined() const;

private:
    Format m_format = Format::Html;
    QList<QByteArray> m_pieces;
    qint64 m_size = 0;
};
