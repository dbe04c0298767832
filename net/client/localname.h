#pragma once

#include <QString>

// Turns a name that came from a user or a server into a safe single file
// name for the download folder: the last path segment (both '/' and '\'
// count as separators), without control characters. Empty when nothing
// usable is left ("", "..", "dir/"), in which case the caller must refuse.
QString safeLocalFileName(const QString &remoteName);
