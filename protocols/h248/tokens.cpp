#include "protocols/h248/tokens.hpp"

#include "protocols/h248/syntax.hpp"

#include <array>

namespace ngn::h248 {

namespace {

struct spelling {
  std::string_view long_form;
  std::string_view short_form;
};

// H.248.1 Annex B.2 token definitions, in the order of enum token.
constexpr std::array<spelling, static_cast<std::size_t>(token::count_)> table{{
  {"Add", "A"},
  {"Audit", "AT"},
  {"AuditCapability", "AC"},
  {"AuditValue", "AV"},
  {"Authentication", "AU"},
  {"Context", "C"},
  {"ContextAttr", "CT"},
  {"ContextAudit", "CA"},
  {"Delay", "DL"},
  {"DigitMap", "DM"},
  {"Disconnected", "DC"},
  {"Embed", "EM"},
  {"Emergency", "EG"},
  {"EmergencyOff", "EGO"},
  {"Error", "ER"},
  {"EventBuffer", "EB"},
  {"Events", "E"},
  {"Failover", "FL"},
  {"Forced", "FO"},
  {"Graceful", "GR"},
  {"HandOff", "HO"},
  {"IEPSCall", "IEPS"},
  {"ImmAckRequired", "IA"},
  {"ImmediateNotify", "NBIN"},
  {"KeepActive", "KA"},
  {"Media", "M"},
  {"MEGACO", "!"},
  {"Method", "MT"},
  {"MgcIdToTry", "MG"},
  {"Modem", "MD"},
  {"Modify", "MF"},
  {"Move", "MV"},
  {"Mux", "MX"},
  {"NeverNotify", "NBNN"},
  {"Notify", "N"},
  {"NotifyCompletion", "NC"},
  {"ObservedEvents", "OE"},
  {"Packages", "PG"},
  {"Pending", "PN"},
  {"Priority", "PR"},
  {"Profile", "PF"},
  {"Reason", "RE"},
  {"RegulatedNotify", "NBRN"},
  {"Reply", "P"},
  {"ResetEventsDescriptor", "RSE"},
  {"TransactionResponseAck", "K"},
  {"Restart", "RS"},
  {"Segment", "SM"},
  {"ServiceChange", "SC"},
  {"ServiceChangeAddress", "AD"},
  {"ServiceChangeInc", "SIC"},
  {"Services", "SV"},
  {"SignalList", "SL"},
  {"Signals", "SG"},
  {"Statistics", "SA"},
  {"Subtract", "S"},
  {"Topology", "TP"},
  {"Transaction", "T"},
  {"Version", "V"},
}};

constexpr std::array<token, 8> special_parameters{
  token::embed,        token::keep_active,      token::digit_map,        token::notify_completion,
  token::never_notify, token::immediate_notify, token::regulated_notify, token::reset_events,
};

} // namespace

std::string_view long_form(token t) noexcept {
  return table[static_cast<std::size_t>(t)].long_form;
}

std::string_view short_form(token t) noexcept {
  return table[static_cast<std::size_t>(t)].short_form;
}

bool is_token(std::string_view word, token t) noexcept {
  const spelling& s = table[static_cast<std::size_t>(t)];
  return iequals(word, s.short_form) || iequals(word, s.long_form);
}

bool is_special_parameter_name(std::string_view word) noexcept {
  for (token t : special_parameters)
    if (is_token(word, t)) return true;
  return false;
}

} // namespace ngn::h248
