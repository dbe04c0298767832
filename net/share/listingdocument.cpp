#include "share/listingdocument.h"

#include "common/units.h"
#include "share/directorylisting.h"

#include <QDate>

namespace {

// Rows are appended to a piece until it holds this much.
constexpr qsizetype PieceBytes = 64 * 1024;

// Collects the document: text appended as UTF-8, cut into pieces.
class Writer
{
public:
    explicit Writer(QList<QByteArray> &pieces)
        : m_pieces(pieces)
    {
        m_piece.reserve(PieceBytes + 1024);
    }

    Writer &operator<<(QByteArrayView text)
    {
        m_piece.append(text);
        return *this;
    }
    Writer &operator<<(char c)
    {
        m_piece.append(c);
        return *this;
    }
    // The end of a row: a piece full enough is put aside.
    void endRow()
    {
        if (m_piece.size() >= PieceBytes) {
            m_total += m_piece.size();
            m_pieces.append(std::move(m_piece));
            m_piece = QByteArray();
            m_piece.reserve(PieceBytes + 1024);
        }
    }
    qint64 finish()
    {
        if (!m_piece.isEmpty()) {
            m_total += m_piece.size();
            m_piece.squeeze();
            m_pieces.append(std::move(m_piece));
        }
        return m_total;
    }

    QByteArray &piece() { return m_piece; }

private:
    QList<QByteArray> &m_pieces;
    QByteArray m_piece;
    qint64 m_total = 0;
};

QByteArray urlPath(const QString &relativePath)
{
    return relativePath.isEmpty() ? QByteArray("/") : '/' + relativePath.toUtf8() + '/';
}

// As QString::toHtmlEscaped(), on UTF-8.
void appendHtmlEscaped(QByteArray &out, QByteArrayView text)
{
    for (const char c : text) {
        switch (c) {
        case '<':
            out.append("&lt;");
            break;
        case '>':
            out.append("&gt;");
            break;
        case '&':
            out.append("&amp;");
            break;
        case '"':
            out.append("&quot;");
            break;
        default:
            out.append(c);
        }
    }
}

// As QUrl::toPercentEncoding(): all but the unreserved characters of RFC 3986.
void appendPercentEncoded(QByteArray &out, QByteArrayView text)
{
    static constexpr char Hex[] = "0123456789ABCDEF";
    for (const char c : text) {
        const uchar u = uchar(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '.'
            || u == '_' || u == '~') {
            out.append(c);
        } else {
            out.append('%');
            out.append(Hex[u >> 4]);
            out.append(Hex[u & 0xF]);
        }
    }
}

// A JSON string's content, as QJsonDocument writes it (UTF-8 kept as is).
void appendJsonEscaped(QByteArray &out, QByteArrayView text)
{
    static constexpr char Hex[] = "0123456789abcdef";
    for (const char c : text) {
        const uchar u = uchar(c);
        if (c == '"' || c == '\\') {
            out.append('\\');
            out.append(c);
        } else if (u < 0x20) {
            out.append("\\u00");
            out.append(Hex[u >> 4]);
            out.append(Hex[u & 0xF]);
        } else {
            out.append(c);
        }
    }
}

void appendDigits(QByteArray &out, qint64 value, int width)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = char('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < int(sizeof digits));
    for (int i = n; i < width; ++i)
        out.append('0');
    while (n > 0)
        out.append(digits[--n]);
}

// "2026-11-27T10:04:00Z" (withSeconds, as Qt::ISODate writes UTC) or
// "2026-11-27 10:04", without QDateTime's general formatter per row.
void appendDate(QByteArray &out, const QDateTime &when, bool iso)
{
    if (!when.isValid())
        return;
    const qint64 seconds = when.toSecsSinceEpoch();
    const qint64 days = seconds / 86400 - (seconds % 86400 < 0 ? 1 : 0);
    const qint64 inDay = seconds - days * 86400;
    const QDate date = QDate(1970, 1, 1).addDays(days);
    if (date.year() < 0 || date.year() > 9999) {
        out.append(when.toUTC().toString(iso ? Qt::ISODate : Qt::TextDate).toUtf8()); // far off: Qt's own form
        return;
    }
    appendDigits(out, date.year(), 4);
    out.append('-');
    appendDigits(out, date.month(), 2);
    out.append('-');
    appendDigits(out, date.day(), 2);
    out.append(iso ? 'T' : ' ');
    appendDigits(out, inDay / 3600, 2);
    out.append(':');
    appendDigits(out, inDay / 60 % 60, 2);
    if (iso) {
        out.append(':');
        appendDigits(out, inDay % 60, 2);
        out.append('Z');
    }
}

void renderJson(Writer &out, const DirectoryListing &listing)
{
    out << R"({"path":")";
    appendJsonEscaped(out.piece(), urlPath(listing.relativePath()));
    out << R"(","entries":[)";
    bool first = true;
    for (const DirectoryListing::Entry &entry : listing.entries()) {
        out << (first ? "{\"name\":\"" : ",{\"name\":\"");
        first = false;
        appendJsonEscaped(out.piece(), entry.name.toUtf8());
        out << "\",\"size\":";
        appendDigits(out.piece(), qMax<qint64>(entry.size, 0), 1);
        out << ",\"modified\":\"";
        appendDate(out.piece(), entry.modified, true);
        out << (entry.isDirectory ? "\",\"directory\":true}" : "\",\"directory\":false}");
        out.endRow();
    }
    out << "]}";
}

void renderHtml(Writer &out, const DirectoryListing &listing)
{
    QByteArray title;
    appendHtmlEscaped(title, urlPath(listing.relativePath()));
    out << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>Ferry: "
        << title
        << "</title><style>"
           "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:60em;padding:1em;color:#222}"
           "h1{font-size:1.3em;word-break:break-all}"
           "table{border-collapse:collapse;width:100%}"
           "td{padding:.45em .5em;border-bottom:1px solid #eee}"
           "td.n{word-break:break-all}td.s,td.d{white-space:nowrap;color:#666;text-align:right}"
           "a{text-decoration:none;color:#0a58ca}a:hover{text-decoration:underline}"
           "tr:hover{background:#f6f8fa}"
           "@media (max-width:40em){td.d{display:none}}"
           "@media (prefers-color-scheme:dark){body{background:#161616;color:#ddd}td{border-color:#333}"
           "a{color:#6ea8fe}tr:hover{background:#222}}"
           "</style></head><body><h1>"
        << title << "</h1><table>\n";
    if (!listing.relativePath().isEmpty())
        out << "<tr><td class=\"n\"><a href=\"../\">../</a></td><td class=\"s\"></td><td class=\"d\"></td></tr>\n";
    for (const DirectoryListing::Entry &entry : listing.entries()) {
        const QByteArray name = entry.name.toUtf8();
        out << "<tr><td class=\"n\"><a href=\"";
        appendPercentEncoded(out.piece(), name);
        if (entry.isDirectory)
            out << '/';
        out << "\">";
        appendHtmlEscaped(out.piece(), name);
        if (entry.isDirectory)
            out << '/';
        out << "</a></td><td class=\"s\">";
        if (!entry.isDirectory)
            out << Units::formatBytes(entry.size).toUtf8();
        out << "</td><td class=\"d\">";
        appendDate(out.piece(), entry.modified, false);
        out << "</td></tr>\n";
        out.endRow();
    }
    out << "</table></body></html>\n";
}

} // namespace

ListingDocument ListingDocument::render(const DirectoryListing &listing, Format format)
{
    ListingDocument document;
    document.m_format = format;
    Writer out(document.m_pieces);
    if (format == Format::Json)
        renderJson(out, listing);
    else
        renderHtml(out, listing);
    document.m_size = out.finish();
    return document;
}

QByteArray ListingDocument::contentType() const
{
    return m_format == Format::Json ? QByteArray("application/json") : QByteArray("text/html; charset=utf-8");
}

QByteArray ListingDocument::joined() const
{
    QByteArray whole;
    whole.reserve(m_size);
    for (const QByteArray &piece : m_pieces)
        whole.append(piece);
    return whole;
}
