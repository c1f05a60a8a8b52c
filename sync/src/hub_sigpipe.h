// A hub whose connection drops while this device writes to it must not kill the app or the CLI:
// writing to a closed socket raises SIGPIPE, whose default action ends the process. For the length
// of a hub call, the calling thread blocks SIGPIPE, and one raised meanwhile is consumed before the
// thread's mask is restored, so the write simply fails (EPIPE) and the session reports a cut
// connection. Only this thread and only this call are affected.
#pragma once

#include <signal.h>

#include <ctime>

namespace passerelle::sync::internal {

class ScopedNoSigpipe {
 public:
  ScopedNoSigpipe() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~ScopedNoSigpipe() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{0, 0};
        sigtimedwait(&pipe_, nullptr, &zero);
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  ScopedNoSigpipe(const ScopedNoSigpipe&) = delete;
  ScopedNoSigpipe& operator=(const ScopedNoSigpipe&) = delete;

 private:
  sigset_t pipe_{}, old_{};
  bool was_pending_ = false;
};

}  // namespace passerelle::sync::internal
