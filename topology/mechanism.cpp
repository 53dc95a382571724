#include "topology/mechanism.hpp"

namespace ngn::topology {

value_or_error<mechanism_list> parse_mechanisms(std::string_view s) {
  auto list = ngn::parse_mechanisms(s);
  if (!list) return value_or_error<mechanism_list>::fail(list.error().detail);
  return value_or_error<mechanism_list>::ok(std::move(*list));
}

} // namespace ngn::topology
