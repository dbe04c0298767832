#pragma once

#include <QtGlobal>

namespace Os {

// Tells the system that `length` bytes of `file` from `offset` (0: to the
// end) will be read in order, so that it reads further ahead
// (posix_fadvise). Nothing where it cannot be told.
void adviseSequential(int file, qint64 offset, qint64 length);

} // namespace Os
