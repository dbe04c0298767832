#pragma once

#include <QString>

namespace Os {

// Renames `from` to `to` only if nothing is at `to` (not even a dangling
// link): 0, or the errno of the failure, EEXIST when `to` is taken. The
// check and the rename are one step, so a file that appears at `to`
// meanwhile is never replaced: renameat2(RENAME_NOREPLACE) where the
// system and the file system have it, else link(2), which never replaces
// either, and unlink(2) of `from` (for a moment both names exist).
int renameNoReplace(const QString &from, const QString &to);

} // namespace Os
