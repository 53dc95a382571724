// `ngnemu run --keylog FILE` (DESIGN.md §1.2): Wireshark's `esp_sa` lines for every SA the
// hosted terminals install, so that tshark decrypts the trace's ESP packets. The file holds
// keys: it is created (or truncated) with mode 0600 and opening it warns on stderr.
#pragma once

#include "elements/common.hpp"

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

namespace ngn::nodes {

class keylog_file {
public:
  /// Throws std::runtime_error naming the path and the reason if it cannot be created.
  explicit keylog_file(std::string path);
  ~keylog_file();
  keylog_file(const keylog_file&) = delete;
  keylog_file& operator=(const keylog_file&) = delete;

  /// Appends the SA's line (thread-safe); false if it could not be written (counted).
  bool write(const elements::sa_record& sa);

  const std::string& path() const noexcept { return path_; }
  std::uint64_t lines() const;
  std::uint64_t errors() const;

private:
  std::string path_;
  std::FILE* f_ = nullptr;
  mutable std::mutex mtx_;
  std::uint64_t lines_ = 0, errors_ = 0;
};

} // namespace ngn::nodes
