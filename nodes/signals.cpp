#include "nodes/signals.hpp"

#include <csignal>
#include <pthread.h>

namespace ngn::nodes {

namespace {

sigset_t handled() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR2); // wakes the waiter when the guard goes away
  return set;
}

} // namespace

signal_guard::signal_guard() {
  sigset_t set = handled();
  pthread_sigmask(SIG_BLOCK, &set, nullptr); // inherited by every thread created from now on
  waiter_ = std::thread([this, set] {
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGUSR2) return;
      signal_ = sig;
      raised_ = true;
    }
  });
}

signal_guard::~signal_guard() {
  pthread_kill(waiter_.native_handle(), SIGUSR2);
  waiter_.join();
}

} // namespace ngn::nodes
