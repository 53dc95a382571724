// The catalogue of failure reasons (issue 10 item 5): one code and one text per way a
// registration can fail, used by every element that detects one (the soft switch, the proxy, the
// AuC) and written to the database (`reasons` table, sessions.reason_code) so that a reason reads
// the same wherever it appears. The failure_reason column keeps the full text, which may add
// the particulars after the catalogue's text ("no common security mechanism: offered …").
// Codes are stable: a new reason gets a new code, a code is never reused.
#pragma once

#include "protocols/auc/messages.hpp"
#include "protocols/dialogue/content.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ngn::elements {

enum class reason_code : std::uint16_t {
  none = 0,                      ///< success, or a reason outside the catalogue
  verification_words_differ = 1, ///< RES (or its Digest) ≠ XRES: the soft switch (DESIGN.md §1 step 5)
  autn_not_verified = 2,         ///< the terminal could not verify AUTN (TS 24.229 §5.1.1.5.3)
  other_challenge = 3,           ///< the registration message answers another RAND
  too_many_resyncs = 4,          ///< SQN resynchronisations beyond the limit
  bidding_down_proxy = 5,        ///< RFC 3329 §2.3.1, the proxy saw the mirror altered
  bidding_down_softswitch = 6,   ///< the same check at the soft switch as the edge
  no_common_mechanism = 7,       ///< RFC 3329 §2.3.1 494
  no_chosen_mechanism = 8,       ///< the proxy relayed no choice
  edge_key_unwrap = 9,           ///< E_Kss(SK) did not unwrap
  auc_timeout = 10,              ///< the AuC did not answer in time (504)
  response_timeout = 11,         ///< no registration message after the challenge
  no_open_challenge = 12,        ///< replayed or forged registration message
  rechallenged = 13,             ///< an answer to a closed challenge, challenged again
  terminal_refused_key = 14,     ///< the terminal refused E_Kc(SK) or the MAC
  unknown_identity = 15,         ///< AuC: no such subscriber (404)
  unknown_element = 16,          ///< AuC: no key for the proxy / soft switch
  resync_failed = 17,            ///< AuC: AUTS does not verify (TS 33.102 §6.3.5)
  auc_unavailable = 18,          ///< AuC: storage failed (503)
  challenge_expired = 19,        ///< AuC: challenged, no outcome in time, or open at the end
  not_admitted = 20,             ///< the registrar refused the message (domain, realm, user, …)
  malformed = 21,                ///< a message that does not decode (400)
  no_answer = 22,                ///< the terminal: no answer within its response timeout
  next_hop_unreachable = 23,     ///< the terminal: its next hop's node is down
  sqn_out_of_range = 24,         ///< the terminal: SQN still not fresh after resynchronisation
  auc_restarted = 25,            ///< AuC: challenge open when its process ended (crash recovery)
  sqn_exhausted = 26,            ///< AuC: SEQ at its maximum, no SQN left for the K (never wraps)
};

struct reason_entry {
  reason_code code;
  std::string_view text;
};

inline constexpr std::array<reason_entry, 27> reason_catalogue{{
  {reason_code::none, ""},
  {reason_code::verification_words_differ, "verification words differ"},
  {reason_code::autn_not_verified, "terminal rejected the challenge (AUTN did not verify: wrong key?)"},
  {reason_code::other_challenge, "the registration message answers another challenge (RAND differs)"},
  {reason_code::too_many_resyncs, "too many resynchronisations"},
  {reason_code::bidding_down_proxy, "bidding-down detected by the proxy: the mirror of its mechanism list was altered"},
  {reason_code::bidding_down_softswitch, "bidding-down detected by the soft switch: the mirror of its mechanism list was altered"},
  {reason_code::no_common_mechanism, "no common security mechanism"},
  {reason_code::no_chosen_mechanism, "the proxy reported no chosen mechanism"},
  {reason_code::edge_key_unwrap, "cannot unwrap E_Kss(SK)"},
  {reason_code::auc_timeout, "authentication center did not answer"},
  {reason_code::response_timeout, "no registration message"},
  {reason_code::no_open_challenge, "registration message without an open challenge (replay or forgery)"},
  {reason_code::rechallenged, "answer to a challenge that is not open (expired or unknown); challenged again"},
  {reason_code::terminal_refused_key, "terminal refused the key"},
  {reason_code::unknown_identity, "unknown identity"},
  {reason_code::unknown_element, "no key for element"},
  {reason_code::resync_failed, "resynchronisation failed: AUTS MAC-S mismatch"},
  {reason_code::auc_unavailable, "AuC unavailable"},
  {reason_code::challenge_expired, "challenge expired"},
  {reason_code::not_admitted, "not admitted by the registrar"},
  {reason_code::malformed, "malformed message"},
  {reason_code::no_answer, "no answer from the network"},
  {reason_code::next_hop_unreachable, "next hop unreachable"},
  {reason_code::sqn_out_of_range, "SQN out of range after resynchronisation"},
  {reason_code::auc_restarted, "AuC restarted: the challenge was open when its process ended"},
  {reason_code::sqn_exhausted, "SQN space exhausted (SEQ at its maximum): a new K is needed"},
}};

/// The catalogue's text of `c` ("" for none or an unknown code).
constexpr std::string_view reason_text(reason_code c) noexcept {
  for (const auto& e : reason_catalogue)
    if (e.code == c) return e.text;
  return {};
}

/// The catalogued reason whose text begins `text` (the longest such), or none: how a terminal
/// reads the reason phrase of a refusal the network sent it (the soft switch puts its catalogue
/// text there).
constexpr reason_code catalogued(std::string_view text) noexcept {
  reason_code best = reason_code::none;
  std::size_t best_len = 0;
  for (const auto& e : reason_catalogue)
    if (!e.text.empty() && e.text.size() > best_len && text.substr(0, e.text.size()) == e.text) {
      best = e.code;
      best_len = e.text.size();
    }
  return best;
}

/// What a failure report adds to its reason text (issue 10 item 5): the code the terminal
/// received as its binding carries it (0: none), the reason's code and the element that
/// detected it.
struct failure_info {
  std::uint16_t response_code = 0;
  reason_code rc = reason_code::none;
  std::string detected_by;
};

/// The answer the soft switch gives the terminal when the AuC answers `s` (not ok): the AuC
/// records that failure itself, with this code.
constexpr dialogue::code answer_code(auc::status s) noexcept {
  return s == auc::status::unavailable        ? dialogue::code::unavailable
         : s == auc::status::unknown_identity ? dialogue::code::not_found
                                              : dialogue::code::forbidden;
}

/// The catalogued reason of an AuC status (none for ok).
constexpr reason_code reason_of(auc::status s) noexcept {
  switch (s) {
    case auc::status::ok: return reason_code::none;
    case auc::status::unknown_identity: return reason_code::unknown_identity;
    case auc::status::unknown_element: return reason_code::unknown_element;
    case auc::status::resync_failed: return reason_code::resync_failed;
    case auc::status::unavailable: return reason_code::auc_unavailable;
    case auc::status::unknown_session: return reason_code::none;
    case auc::status::sqn_exhausted: return reason_code::sqn_exhausted;
  }
  return reason_code::none;
}

} // namespace ngn::elements
