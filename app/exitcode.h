#pragma once

// The exit codes scripts depend on (see `ferry --help` and the man page).
namespace ExitCode {
inline constexpr int Ok = 0;
inline constexpr int Failure = 1; // refused, interrupted, I/O error: a .part may stay
inline constexpr int Usage = 2;
inline constexpr int NotFound = 3; // nothing left on disk
} // namespace ExitCode
