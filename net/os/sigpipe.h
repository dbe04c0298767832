#pragma once

namespace Os {

// Blocks SIGPIPE on the calling thread, so that writing to a connection
// the peer has closed (sendfile(2) cannot be told MSG_NOSIGNAL) fails with
// EPIPE instead of ending the process. False if it could not.
bool blockSigpipe();

} // namespace Os
