#pragma once

#include <QtGlobal>

namespace Os {

// Writes all `size` bytes at the current offset of `file`, again after an
// interruption: 0, or the errno of the failure (ENOSPC for a write that
// took nothing).
int writeAll(int file, const char *data, qint64 size);

} // namespace Os
