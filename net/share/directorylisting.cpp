#include "share/directorylisting.h"

#include "common/units.h"
#include "share/shareroot.h"

#include <QCollator>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QUrl>

namespace {

QString urlPath(const QString &relativePath)
{
    return relativePath.isEmpty() ? QStringLiteral("/") : QLatin1Char('/') + relativePath + QLatin1Char('/');
}

QString href(const DirectoryListing::Entry &entry)
{
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(entry.name));
    return entry.isDirectory ? encoded + QLatin1Char('/') : encoded;
}

} // namespace

DirectoryListing DirectoryListing::read(const ShareRoot &root, const QString &relativePath,
                                        const QString &canonicalPath)
{
    DirectoryListing listing;
    listing.m_relativePath = relativePath;
    const QFileInfoList infos =
            QDir(canonicalPath)
                    .entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::System, QDir::NoSort);
    for (const QFileInfo &info : infos) {
        if (info.fileName().startsWith(QLatin1Char('.')))
            continue;
        if (info.isSymLink() && !root.contains(info.canonicalFilePath()))
            continue; // a way out of the share is not even shown
        if (!info.isDir() && !info.isFile())
            continue; // FIFOs, sockets, devices, dangling links
        listing.m_entries.append(
                {info.fileName(), info.isDir() ? 0 : info.size(), info.lastModified().toUTC(), info.isDir()});
    }
    // In the C locale (a headless server's usual one) Qt's collator only
    // compares code points and ignores numeric mode: use English rules there.
    QCollator collator(QLocale().language() == QLocale::C ? QLocale(QLocale::English) : QLocale());
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(listing.m_entries.begin(), listing.m_entries.end(), [&collator](const Entry &a, const Entry &b) {
        if (a.isDirectory != b.isDirectory)
            return a.isDirectory;
        return collator.compare(a.name, b.name) < 0;
    });
    return listing;
}

QByteArray DirectoryListing::toJson() const
{
    QJsonArray entries;
    for (const Entry &entry : m_entries) {
        entries.append(QJsonObject{
                {QStringLiteral("name"), entry.name},
                {QStringLiteral("size"), entry.size},
                {QStringLiteral("modified"), entry.modified.toString(Qt::ISODate)},
                {QStringLiteral("directory"), entry.isDirectory},
        });
    }
    const QJsonObject document{{QStringLiteral("path"), urlPath(m_relativePath)}, {QStringLiteral("entries"), entries}};
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

std::optional<DirectoryListing> DirectoryListing::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (!object.value(QStringLiteral("entries")).isArray())
        return std::nullopt;
    DirectoryListing listing;
    // The document carries the URL path ("/sub/"); keep the share-relative form ("sub").
    QString path = object.value(QStringLiteral("path")).toString();
    while (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    listing.m_relativePath = path;
    const QJsonArray entries = object.value(QStringLiteral("entries")).toArray();
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const QString name = entry.value(QStringLiteral("name")).toString();
        // Converting a double that no qint64 holds is undefined behaviour.
        const double size = entry.value(QStringLiteral("size")).toDouble();
        if (name.isEmpty() || !(size >= 0 && size < 9223372036854775808.0))
            return std::nullopt;
        listing.m_entries.append(
                {name, qint64(size),
                 QDateTime::fromString(entry.value(QStringLiteral("modified")).toString(), Qt::ISODate),
                 entry.value(QStringLiteral("directory")).toBool()});
    }
    return listing;
}

QByteArray DirectoryListing::toHtml() const
{
    const QString title = urlPath(m_relativePath).toHtmlEscaped();
    QString html;
    html += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                           "<title>Ferry: %1</title><style>"
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
                           "</style></head><body><h1>%1</h1><table>\n")
                    .arg(title);
    if (!m_relativePath.isEmpty())
        html += QStringLiteral(
                "<tr><td class=\"n\"><a href=\"../\">../</a></td><td class=\"s\"></td><td class=\"d\"></td></tr>\n");
    for (const Entry &entry : m_entries) {
        const QString shown = (entry.isDirectory ? entry.name + QLatin1Char('/') : entry.name).toHtmlEscaped();
        html += QStringLiteral(
                        "<tr><td class=\"n\"><a href=\"%1\">%2</a></td><td class=\"s\">%3</td><td class=\"d\">%4</td></tr>\n")
                        .arg(href(entry), shown, entry.isDirectory ? QString() : Units::formatBytes(entry.size),
                             entry.modified.toString(QStringLiteral("yyyy-MM-dd hh:mm")));
    }
    html += QStringLiteral("</table></body></html>\n");
    return html.toUtf8();
}
