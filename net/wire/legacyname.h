#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>

#include <functional>
#include <optional>

// The file name of the tutorial ("legacy") protocol: raw bytes with no
// terminator and no declared encoding. Tutorial clients send GBK; many
// newer scripts send UTF-8. Both are accepted when reading; when writing,
// the bytes must be ones the tutorial server's Python `decode('gbk')`
// accepts, because anything else crashes that server for every later client.
namespace LegacyName {

// The tutorial server reads the name with one recv(4096): a longer name
// can never have worked, so it is where a server stops waiting for more.
inline constexpr qsizetype MaxBytes = 4096;

enum class Encoding { Gbk, Utf8 };

// Every well-formed reading of the bytes, UTF-8 first, then GBK, without
// duplicates (pure ASCII gives one entry). Empty when no reading is valid.
QStringList decode(QByteArrayView bytes);

// The bytes a tutorial client would send for the name, or nothing when the
// name cannot be represented so that the tutorial server decodes it.
std::optional<QByteArray> encode(const QString &name, Encoding encoding);

// What a server found under one reading of a name.
enum class Lookup {
    Found, // a file it serves
    Missing, // nothing by that name
    Refused, // something it does not serve (outside the share, a folder...)
};

// Whether the bytes received so far complete a name, and which reading the
// server answers (net/README.md, "When is a name complete?").
struct Completion
{
    bool waitForMore = false; // no reading is Found, and more bytes may come
    // Of `name`: the first reading Found, else the first Refused, else the
    // last reading, Missing.
    Lookup outcome = Lookup::Missing;
    QString name; // the bytes in hex when no reading decodes
};

// Looks the readings of `bytes` up in decode()'s order, up to the first
// Found: when one is, the last call of `lookup` was for it. `final`: no
// more bytes will come (the peer went quiet, or MaxBytes arrived).
Completion complete(QByteArrayView bytes, bool final, const std::function<Lookup(const QString &)> &lookup);

// What to show for bytes whose readings are not looked up: the first
// reading, or the bytes in hex when none decodes.
QString shownName(QByteArrayView bytes);

} // namespace LegacyName
