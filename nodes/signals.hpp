// SIGINT / SIGTERM as a flag the main thread polls (caf-0.17.md §3.13): the signals are blocked
// in every thread (create the guard before any other thread) and one thread sigwait()s for them.
#pragma once

#include <atomic>
#include <thread>

namespace ngn::nodes {

class signal_guard {
public:
  signal_guard();
  ~signal_guard();
  signal_guard(const signal_guard&) = delete;
  signal_guard& operator=(const signal_guard&) = delete;

  /// True once SIGINT or SIGTERM arrived.
  bool raised() const noexcept { return raised_.load(); }
  int signal() const noexcept { return signal_.load(); }

private:
  std::atomic<bool> raised_{false};
  std::atomic<int> signal_{0};
  std::thread waiter_;
};

} // namespace ngn::nodes
