#include "nodes/keylog_file.hpp"
#include "nodes/log.hpp"

#include "protocols/common/esp_transform.hpp"
#include "protocols/common/private_file.hpp"
#include "protocols/dialogue/binding.hpp"
#include "protocols/esp/keylog.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ngn::nodes {

keylog_file::keylog_file(std::string path) : path_(std::move(path)) {
  // 0600 whatever the umask or an existing file's mode, never through a symbolic link.
  auto file = open_private_file(path_);
  if (file.fd < 0) throw std::runtime_error("--keylog " + file.error);
  f_ = ::fdopen(file.fd, "w");
  if (f_ == nullptr) {
    const int err = errno;
    ::close(file.fd);
    throw std::runtime_error("--keylog " + path_ + ": " + std::strerror(err));
  }
  log::logf(log::level::warn,
            "warning: %s receives the ESP keys of every SA (mode 0600); whoever reads it can "
            "decrypt the trace — delete it after use",
            path_.c_str());
}

keylog_file::~keylog_file() {
  if (f_ != nullptr) std::fclose(f_);
}

bool keylog_file::write(const elements::sa_record& sa) {
  const auto t = esp::transform_for(sa.mechanism);
  const std::string src = dialogue::address{sa.src_ipv4, 0}.host();
  const std::string dst = dialogue::address{sa.dst_ipv4, 0}.host();
  std::lock_guard lock{mtx_};
  if (!t) {
    ++errors_;
    return false;
  }
  auto line = esp::esp_sa_line({src, dst, sa.spi, *t, byte_view{sa.material}});
  if (!line || std::fputs(line->c_str(), f_) < 0 || std::fflush(f_) != 0) {
    ++errors_;
    return false;
  }
  ++lines_;
  return true;
}

std::uint64_t keylog_file::lines() const {
  std::lock_guard lock{mtx_};
  return lines_;
}

std::uint64_t keylog_file::errors() const {
  std::lock_guard lock{mtx_};
  return errors_;
}

} // namespace ngn::nodes
