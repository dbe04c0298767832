#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>

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

} // namespace LegacyName
