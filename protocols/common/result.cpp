#include "protocols/common/result.hpp"

namespace ngn {

std::string_view to_string(errc e) noexcept {
  switch (e) {
    case errc::incomplete: return "incomplete";
    case errc::malformed: return "malformed";
    case errc::unsupported: return "unsupported";
    case errc::limit_exceeded: return "limit exceeded";
    case errc::invalid_model: return "invalid model";
  }
  return "unknown";
}

std::string codec_error::describe() const {
  std::string out{to_string(kind)};
  out += " at byte ";
  out += std::to_string(offset);
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

} // namespace ngn
