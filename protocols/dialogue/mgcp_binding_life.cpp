// The registration's life in the mgcp binding (DESIGN.md §1.2):
//   keepalive            = the edge audits the endpoint: AUEP <txid> <endpoint> MGCP 1.0
//                          (RFC 3435 §2.3.10, no RequestedInfo: a positive answer is all it
//                          asks), txid from the edge's own sequence; keepalive_by_edge();
//   keepalive answer     = the terminal's 200 <txid> OK, the AUEP's ack (decoded as an ack);
//   de-registration      = RSIP <txid> <endpoint> MGCP 1.0 with RM: forced (RFC 3435 §2.3.12:
//                          the endpoint is taken out of service at once), txid from the
//                          terminal's sequence;
//   de-registered        = the RSIP's 200 <txid> OK (decoded as an ack): the command's ack is
//                          the answer, answer_deregistration() builds nothing.
// The terminal sends no keepalive of its own (keepalive() is empty) and the edge answers none
// (answer_keepalive() is empty).
#include "protocols/dialogue/mgcp_binding.hpp"
#include "protocols/dialogue/mgcp_util.hpp"
#include "protocols/mgcp/registration.hpp"

namespace ngn::dialogue {

using namespace mgcp_util;

namespace {
/// The kind of a de-registration among the terminal's commands (terminal_txid, without a
/// sequence): after those of mgcp_binding_terminal.cpp (1..15).
constexpr std::uint32_t deregistration_kind = 0;
} // namespace

std::string mgcp_binding::keepalive(const terminal_view&) const {
  return {}; // the edge audits the terminal (keepalive_by_edge())
}

std::string mgcp_binding::deregistration(const terminal_view& t) const {
  mgcp::rsip_fields r;
  r.transaction_id = terminal_txid(t, deregistration_kind);
  r.endpoint = std::string(t.identity);
  r.restart_method = "forced"; // RFC 3435 §2.3.12
  return encoded(mgcp::make_rsip(r));
}

std::string mgcp_binding::edge_keepalive(const edge_keepalive_fields& f) const {
  mgcp::command c;
  c.verb = std::string(mgcp::verb::auep);
  c.transaction_id = fold_txid(f.sequence); // RFC 3435 §3.2.1.2: 1..999 999 999
  c.endpoint = std::string(f.identity);
  return encoded(c);
}

std::string mgcp_binding::answer_keepalive(const inbound&, const keepalive_fields&) const {
  return {}; // the terminal's ack answers the edge's AUEP
}

std::string mgcp_binding::answer_deregistration(const inbound&, const answer_fields&) const {
  return {}; // the RSIP's ack (inbound::ack) is the answer
}

} // namespace ngn::dialogue
