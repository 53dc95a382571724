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

// The spellings by a hash of (length, first and last character, case-folded), open
// addressing: slot = 2·token + (1 for the compact form), `empty` if unused. 118 spellings in
// 256 slots, at most 4 probes for a spelling.
constexpr std::size_t index_size = 256;
constexpr std::uint8_t empty = 0xFF;
static_assert(2 * table.size() < empty, "token codes must fit a slot");

constexpr std::size_t hash(std::string_view w) noexcept {
  return (std::size_t(std::uint8_t(detail::lower(w.front()))) * 3
          + std::size_t(std::uint8_t(detail::lower(w.back()))) * 17 + w.size() * 29)
         & (index_size - 1);
}

struct token_index {
  std::uint8_t slot[index_size];
  constexpr token_index() noexcept : slot{} {
    for (auto& e : slot) e = empty;
    for (std::size_t t = 0; t < table.size(); ++t) {
      for (std::size_t compact = 0; compact < 2; ++compact) {
        std::string_view w = compact ? table[t].short_form : table[t].long_form;
        std::size_t h = hash(w);
        while (slot[h] != empty) h = (h + 1) & (index_size - 1);
        slot[h] = static_cast<std::uint8_t>(2 * t + compact);
      }
    }
  }
};
constexpr token_index spellings{};

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

token find_token(std::string_view word) noexcept {
  if (word.empty()) return token::count_;
  for (std::size_t h = hash(word);; h = (h + 1) & (index_size - 1)) {
    const std::uint8_t e = spellings.slot[h];
    if (e == empty) return token::count_;
    const spelling& s = table[e >> 1];
    if (iequals(word, (e & 1) != 0 ? s.short_form : s.long_form)) return token(e >> 1);
  }
}

bool is_special_parameter_name(std::string_view word) noexcept {
  switch (find_token(word)) {
    case token::embed:
    case token::keep_active:
    case token::digit_map:
    case token::notify_completion:
    case token::never_notify:
    case token::immediate_notify:
    case token::regulated_notify:
    case token::reset_events:
      return true;
    default:
      return false;
  }
}

} // namespace ngn::h248
