#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

// The file name a server suggests in Content-Disposition (RFC 6266), and
// the cleaning that makes any name from a peer (this one, a URL's last
// segment, a listing's entry) a single harmless file name. The cleaning
// lives here, below client/, so that every room reads names the same way.
namespace ContentDisposition {

// The longest file name Linux file systems take (NAME_MAX), in UTF-8 bytes.
inline constexpr qsizetype MaxFileNameBytes = 255;

// The suggested name, cleaned (cleanFileName): filename* (RFC 8187,
// UTF-8 or ISO-8859-1) when it is valid and leaves a usable name, else
// filename (a token or a quoted-string, its bytes read as UTF-8 when they
// are valid UTF-8, else as ISO-8859-1). Parameters in any order and case;
// the first valid one of each kind counts; any disposition type. Empty when
// the value suggests no usable name. Linear in the size of the value.
QString fileName(QByteArrayView headerValue);

// `name` as one file name: its last segment ('/' and '\' both separate),
// without control characters (C0, DEL, C1), line separators, invisible or
// bidirectional formatting characters (which can make "gpj.exe" read as
// "exe.jpg") or lone surrogates, without a drive prefix ("C:"), trimmed,
// and shortened to MaxFileNameBytes (the stem, keeping the extension).
// Empty for "", "." and "..": the caller must then choose a name itself.
QString cleanFileName(QStringView name);

// `name` with `insertion` before its extension ("report.pdf", " (1)" →
// "report (1).pdf"; "archive.tar.gz" → "archive (1).tar.gz"; ".bashrc" →
// ".bashrc (1)"), the stem shortened so that the whole fits
// MaxFileNameBytes. A leading dot starts no extension; ".gz", ".bz2", ".xz",
// ".zst" and the like after a short one (".tar", ".json") make one
// extension of two, as browsers count them.
QString insertBeforeExtension(QStringView name, QStringView insertion);

} // namespace ContentDisposition
