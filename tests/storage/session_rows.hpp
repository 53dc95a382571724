// Sample session rows for the storage tests.
#pragma once

#include "storage/records.hpp"
#include "storage/writer.hpp"

#include <ostream>
#include <string>

namespace ngn::storage {

/// Lets BOOST_TEST print session states.
inline std::ostream& operator<<(std::ostream& os, session_state s) { return os << to_string(s); }

} // namespace ngn::storage

namespace ngn::storage::test {

/// A fully populated row; `n` varies every field.
inline session_row sample_row(std::int64_t id, int n = 0) {
  session_row r;
  r.id = id;
  r.identity = "t" + std::to_string(100000 + n) + "@ngn.example";
  r.protocol = n % 2 == 0 ? "sip" : "mgcp";
  r.proxy = n % 3 == 0 ? "" : "sp1";
  r.softswitch = "ss1";
  r.auc = "auc";
  r.terminal_node = "node-t" + std::to_string(n % 4);
  r.proxy_node = r.proxy.empty() ? "" : "node-p";
  r.softswitch_node = "node-s";
  r.auc_node = "node-a";
  r.mechanism = "";
  r.state = session_state::challenged;
  r.rand = bytes(16, static_cast<std::uint8_t>(n));
  r.sk_fingerprint = bytes(32, static_cast<std::uint8_t>(n + 1));
  r.t_request = 1700000000000000 + n * 1000;
  r.t_challenge = r.t_request + 200;
  return r;
}

/// An events row with the columns of schema 2 (the others empty / NULL).
inline event_insert make_event(std::int64_t session, std::int64_t t, std::string element,
                               std::string kind, std::string detail) {
  event_insert e;
  e.session_id = session;
  e.t = t;
  e.element = std::move(element);
  e.kind = std::move(kind);
  e.detail = std::move(detail);
  return e;
}

} // namespace ngn::storage::test
