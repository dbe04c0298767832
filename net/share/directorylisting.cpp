#include "share/directorylisting.h"

#include "os/folderentries.h"
#include "share/listingdocument.h"
#include "share/shareroot.h"

#include <QCollator>
#include <QCollatorSortKey>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <vector>

namespace {

QDateTime fromNanoseconds(qint64 ns)
{
    constexpr qint64 nsPerSecond = 1000000000;
    const qint64 seconds = ns / nsPerSecond - (ns % nsPerSecond < 0 ? 1 : 0);
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
}

// A request names the entry exactly: its bytes are UTF-8 and the share
// would not refuse or rewrite the name (a control character, a drive
// letter, a backslash, which requests take for a separator).
bool isRequestable(const QString &name, const QByteArray &bytes)
{
    const bool ascii = std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return uchar(c) < 0x80; });
    if (!ascii && name.toUtf8() != bytes)
        return false;
    const bool plain = std::none_of(name.cbegin(), name.cend(), [](QChar c) {
        return c.unicode() < 0x20 || c.unicode() == 0x7F || c == QLatin1Char('\\') || c == QLatin1Char(':');
    });
    return plain || ShareRoot::normalize(name) == name;
}

// A link is listed as what it leads to, when the share would serve that.
std::optional<DirectoryListing::Entry> linkTarget(const ShareRoot &root, const QString &path, const QString &name)
{
    const ShareRoot::Resolved resolved = root.resolve(path);
    if (resolved.status != ShareRoot::Status::Ok)
        return std::nullopt;
    if (resolved.isDirectory) {
        const ShareRoot::OpenedFolder folder = root.openFolder(resolved);
        if (folder.status != ShareRoot::Status::Ok)
            return std::nullopt;
        return DirectoryListing::Entry{name, 0, fromNanoseconds(folder.fileStatus.modifiedNs), true};
    }
    const ShareRoot::OpenedFile file = root.open(resolved);
    if (file.status != ShareRoot::Status::Ok)
        return std::nullopt;
    return DirectoryListing::Entry{name, file.fileStatus.size, fromNanoseconds(file.fileStatus.modifiedNs), false};
}

// Where an ASCII character sorts in the Unicode collation's root order, as
// one byte: spaces and controls, then punctuation and symbols in their own
// order, then numbers (DigitRun), then letters (either case).
constexpr uchar DigitRun = 0x70;
uchar collationRank(char16_t c)
{
    static constexpr char Punctuation[] = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";
    if (c <= u' ' || c == 0x7F)
        return uchar(c == 0x7F ? 0x21 : c + 1);
    if (c >= u'A' && c <= u'Z')
        c = c - u'A' + u'a';
    if (c >= u'a' && c <= u'z')
        return uchar(0xA0 + (c - u'a'));
    for (int i = 0; Punctuation[i]; ++i) {
        if (Punctuation[i] == c)
            return uchar(0x40 + i);
    }
    return 0x68;
}

// A key whose byte order is the collator's order for an ASCII name
// (numeric, case-insensitive), without its cost: for a folder of 100,000
// names ICU's sort keys were a fifth of the listing's time and most of its
// allocations. A number is DigitRun, its count of digits, then the digits,
// leading zeros left out: 9 sorts before 10, and 010 as 10.
QByteArray asciiSortKey(const QString &name)
{
    QByteArray key;
    key.reserve(name.size() + 4);
    const qsizetype n = name.size();
    for (qsizetype i = 0; i < n;) {
        const char16_t c = name.at(i).unicode();
        if (c < u'0' || c > u'9') {
            key.append(char(collationRank(c)));
            ++i;
            continue;
        }
        while (i < n && name.at(i) == u'0')
            ++i;
        qsizetype end = i;
        while (end < n && name.at(end).unicode() >= u'0' && name.at(end).unicode() <= u'9')
            ++end;
        key.append(char(DigitRun));
        key.append(char(qMin<qsizetype>(end - i, 0xFF)));
        for (; i < end; ++i)
            key.append(char(name.at(i).unicode()));
    }
    return key;
}

bool isAscii(const QString &name)
{
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() < 0x80; });
}

// Sorts folders first, then by one key per entry, made once (comparing
// keys is a memcmp, where comparing names would collate both each time),
// then by the names themselves, so that names equal but for case or
// leading zeros come in one order every time.
template<typename MakeKey>
void sortByKeys(QList<DirectoryListing::Entry> &entries, MakeKey makeKey)
{
    struct Keyed
    {
        decltype(makeKey(QString())) key;
        qsizetype index;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(size_t(entries.size()));
    for (qsizetype i = 0; i < entries.size(); ++i)
        keyed.push_back({makeKey(entries.at(i).name), i});
    std::sort(keyed.begin(), keyed.end(), [&entries](const Keyed &a, const Keyed &b) {
        const DirectoryListing::Entry &x = entries.at(a.index);
        const DirectoryListing::Entry &y = entries.at(b.index);
        if (x.isDirectory != y.isDirectory)
            return x.isDirectory;
        if (const int order = a.key.compare(b.key); order != 0)
            return order < 0;
        return x.name < y.name;
    });
    QList<DirectoryListing::Entry> sorted;
    sorted.reserve(entries.size());
    for (const Keyed &k : keyed)
        sorted.append(std::move(entries[k.index]));
    entries = std::move(sorted);
}

// Folders first, then natural order ("file2" before "file10"), case-
// insensitive. A folder of ASCII names (the usual case) sorts on keys of
// its own, far cheaper than ICU's and in the same order.
void sortEntries(QList<DirectoryListing::Entry> &entries)
{
    if (std::all_of(entries.cbegin(), entries.cend(), [](const auto &entry) { return isAscii(entry.name); })) {
        sortByKeys(entries, asciiSortKey);
        return;
    }
    // In the C locale (a headless server's usual one) Qt's collator only
    // compares code points and ignores numeric mode: use English rules there.
    QCollator collator(QLocale().language() == QLocale::C ? QLocale(QLocale::English) : QLocale());
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    sortByKeys(entries, [&collator](const QString &name) { return collator.sortKey(name); });
}

} // namespace

std::optional<DirectoryListing> DirectoryListing::read(const ShareRoot &root, const QString &relativePath, int folder,
                                                       const std::function<bool()> &cancelled)
{
    const std::optional<QList<Os::FolderEntry>> found = Os::readFolder(folder, cancelled);
    if (!found)
        return std::nullopt;
    DirectoryListing listing;
    listing.m_relativePath = relativePath;
    listing.m_entries.reserve(found->size());
    const QString prefix = relativePath.isEmpty() ? QString() : relativePath + QLatin1Char('/');
    for (const Os::FolderEntry &item : *found) {
        if (item.name.startsWith('.'))
            continue;
        const QString name = QString::fromUtf8(item.name);
        if (!isRequestable(name, item.name))
            continue;
        switch (item.kind) {
        case Os::FolderEntry::Kind::File:
        case Os::FolderEntry::Kind::Folder: {
            if (!item.readable)
                continue; // it would answer 403
            const bool isFolder = item.kind == Os::FolderEntry::Kind::Folder;
            listing.m_entries.append({name, isFolder ? 0 : item.size, fromNanoseconds(item.modifiedNs), isFolder});
            break;
        }
        case Os::FolderEntry::Kind::Link:
            // Rare: resolved the way a request for it would be.
            if (std::optional<Entry> target = linkTarget(root, prefix + name, name))
                listing.m_entries.append(std::move(*target));
            break;
        case Os::FolderEntry::Kind::Other:
            break; // FIFOs, sockets, devices
        }
    }
    if (cancelled && cancelled())
        return std::nullopt;
    sortEntries(listing.m_entries);
    return listing;
}

std::optional<DirectoryListing> DirectoryListing::read(const ShareRoot &root, const QString &relativePath)
{
    const ShareRoot::Resolved resolved = root.resolve(relativePath);
    const ShareRoot::OpenedFolder folder = root.openFolder(resolved);
    if (folder.status != ShareRoot::Status::Ok)
        return std::nullopt;
    return read(root, resolved.relativePath, folder.folder.get());
}

QByteArray DirectoryListing::toJson() const
{
    return ListingDocument::render(*this, ListingDocument::Format::Json).joined();
}

QByteArray DirectoryListing::toHtml() const
{
    return ListingDocument::render(*this, ListingDocument::Format::Html).joined();
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
