#include "nodes/keylog_file.hpp"
#include "nodes/log.hpp"

#include "protocols/common/esp_transform.hpp"
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
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error("--keylog " + path_ + ": " + std::strerror(errno));
  // An existing file keeps its mode on O_CREAT: make it 0600 as a new one would be.
  if (::fchmod(fd, 0600) != 0) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error("--keylog " + path_ + ": chmod 0600: " + std::strerror(err));
  }
  f_ = ::fdopen(fd, "w");
  if (f_ == nullptr) {
    const int err = errno;
    ::close(fd);
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
