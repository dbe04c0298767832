#pragma once

// Tuning of the C library's allocator, where it has any.
namespace Os {

// Qt's socket and TLS buffers come and go in blocks of hundreds of
// kilobytes, above glibc's default threshold for mmap (128 KiB, raised
// only by what was freed last): each such block was then a fresh mapping
// whose pages fault in, zeroed, and are unmapped again. A 1 GiB HTTPS
// download spent 4 to 6 s of system time so. Blocks up to 8 MiB come from
// the heap instead, and up to 16 MiB of free heap stays for the next ones.
// Call once, early in main(). Nothing where the C library is not glibc.
void keepLargeBuffersInHeap();

} // namespace Os
