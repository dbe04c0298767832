#pragma once

#include "os/uniquefd.h"

#include <QByteArray>

// Opening names beneath a folder held open, never following a link, so
// that a folder swapped for a link since a name was checked is refused
// rather than followed out.
namespace Os {

// How: with one openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the
// kernel has it, or one folder at a time with O_NOFOLLOW (what happens
// without openat2; tests check both give the same answers).
enum class BeneathLookup { Fastest, Portable };

enum class OpenFor {
    Status, // only to fstat (O_PATH where the system has it)
    Reading, // to read; O_NONBLOCK, so that a FIFO swapped in cannot block here
    Listing, // a folder, to read its entries (O_DIRECTORY: anything else fails with ENOTDIR)
};

// The folder to open names beneath (an O_PATH descriptor where there is one).
UniqueFd openFolder(const QByteArray &path);

// Opens `relative` ('/'-separated, without "." or ".." or empty segments;
// "." alone: the folder itself) beneath `folder`. A link anywhere on the
// way fails (ELOOP, ENOTDIR or EXDEV) instead of leading anywhere; errno
// says why when nothing opened.
UniqueFd openBeneath(int folder, const QByteArray &relative, OpenFor purpose, BeneathLookup lookup);

} // namespace Os
