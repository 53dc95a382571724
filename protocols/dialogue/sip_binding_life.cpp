// The registration's life in the sip binding (DESIGN.md §1.2): keepalive, the edge's answer to
// it (or its audit), de-registration and the registrar's answer.
#include "protocols/dialogue/sip_binding.hpp"

namespace ngn::dialogue {

std::string sip_binding::keepalive(const terminal_view&) const { return {}; }
std::string sip_binding::deregistration(const terminal_view&) const { return {}; }
std::string sip_binding::edge_keepalive(const edge_keepalive_fields&) const { return {}; }
std::string sip_binding::answer_keepalive(const inbound&, const keepalive_fields&) const {
  return {};
}
std::string sip_binding::answer_deregistration(const inbound&, const answer_fields&) const {
  return {};
}

} // namespace ngn::dialogue
