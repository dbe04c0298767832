#include "os/sigpipe.h"

#include <csignal>
#include <pthread.h>

namespace Os {

bool blockSigpipe()
{
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    return ::pthread_sigmask(SIG_BLOCK, &pipe, nullptr) == 0;
}

} // namespace Os
