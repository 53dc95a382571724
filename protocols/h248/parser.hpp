// Internal: the hand-written descent parser of the Annex B text encoding. It never recurses:
// every nesting level of the grammar subset is a distinct function, so the depth is fixed (at most
// 5 brace levels, e.g. Transaction { Context { Modify { Events { event { params } } } } }) and a
// deeply nested input fails at the first unexpected '{'. Implemented in parse.cpp (message,
// transactions, actions, commands) and parse_descriptors.cpp (descriptors, parameters, lexical
// helpers).
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/h248/char_class.hpp"
#include "protocols/h248/message.hpp"
#include "protocols/h248/tokens.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ngn::h248::detail {

class parser {
public:
  explicit parser(std::string_view in) noexcept : in_(in) {}

  result<message> run();

private:
  // -- lexical (parse_descriptors.cpp) ---------------------------------------------------------
  bool at_end() const noexcept { return pos_ >= in_.size(); }
  char peek() const noexcept { return at_end() ? '\0' : in_[pos_]; }
  /// LWSP = *(WSP / COMMENT / EOL); COMMENT = ";" ... EOL
  void skip_lwsp() noexcept;
  /// SEP = (WSP / EOL / COMMENT) LWSP: at least one separator.
  bool sep();
  /// LWSP, then `c` if it is next.
  bool accept(char c) noexcept;
  /// LWSP, then `c` or an error naming `what`.
  bool expect(char c, const char* what);
  /// LWSP, then the longest run of characters in the classes of `mask` (char_class.hpp; may be
  /// empty).
  std::string_view take(std::uint16_t mask) noexcept {
    skip_lwsp();
    const std::size_t start = pos_;
    while (pos_ < in_.size() && in_class(in_[pos_], mask)) ++pos_;
    return in_.substr(start, pos_ - start);
  }
  /// A token word: LWSP then 1*(ALPHA / DIGIT / "_" / "-" / "+").
  std::string_view word() noexcept { return take(cc_word); }
  /// Fails unless the next word spells `t`.
  bool expect_token(token t);

  /// Records the first error at the current position (errc::malformed and errc::unsupported
  /// become errc::incomplete when the parser has reached the end of the input); returns false.
  bool fail(errc kind, std::string detail);
  bool fail_at(std::size_t at, errc kind, std::string detail);

  // -- values and identifiers (parse_descriptors.cpp) ------------------------------------------
  bool uint_value(std::uint32_t& out, std::size_t max_digits, std::uint32_t max, const char* what);
  bool context_id(std::uint32_t& out);
  bool request_id(std::uint32_t& out);
  bool termination_id(std::string& out);
  bool mid(std::string& out, bool allow_port);
  bool value(std::string& out, bool& quoted);
  bool time_stamp(time_notation& out);
  bool pkgd_name(std::string& out);
  bool parameter_item(parameter& out);
  bool equal_value(const char* after, const char* list_detail);
  bool parameter_list(std::vector<parameter>& out);
  /// pkgdName [LBRKT parameter *(COMMA parameter) RBRKT] (requestedEvent, signalRequest).
  bool pkgd_item(std::string& name, std::vector<parameter>& params);
  /// item *(COMMA item) RBRKT, each parsed by `item(out.emplace_back())`: at most `max` items
  /// (else errc::limit_exceeded `too_many`), then RBRKT (else an error naming `after`).
  template <class T, class F>
  bool comma_list(std::vector<T>& out, std::size_t max, const char* too_many, const char* after,
                  F item) {
    do {
      if (out.size() == max) return fail(errc::limit_exceeded, too_many);
      if (!item(out.emplace_back())) return false;
    } while (accept(','));
    return expect('}', after);
  }
  /// [LBRKT item *(COMMA item) RBRKT] whose items are told apart by their first word:
  /// `item(word, its offset)` for each; then RBRKT (else an error naming `after`).
  template <class F>
  bool word_list(const char* after, F item) {
    if (!accept('{') || accept('}')) return true;
    do {
      std::size_t at = (skip_lwsp(), pos_);
      if (!item(word(), at)) return false;
    } while (accept(','));
    return expect('}', after);
  }
  /// A descriptor that may come at most once: `body` into `slot`, or `repeated` at `at` if it
  /// came before.
  template <class T>
  bool once(std::optional<T>& slot, bool (parser::*body)(T&), std::size_t at,
            const char* repeated) {
    if (slot) return fail_at(at, errc::malformed, repeated);
    return (this->*body)(slot.emplace());
  }
  bool profile(service_change_profile& out);

  // -- descriptors (parse_descriptors.cpp) -----------------------------------------------------
  bool error_descriptor_body(error_descriptor& out);
  bool events_descriptor_body(events_descriptor& out);
  bool signals_descriptor_body(signals_descriptor& out);
  bool observed_events_descriptor_body(observed_events_descriptor& out);
  bool services_request(service_change_parm& out);
  bool services_reply(service_change_res_parm& out);
  bool service_change_parm_item(service_change_parm& out, unsigned& seen);

  // -- structure (parse.cpp) -------------------------------------------------------------------
  bool header(message& out);
  bool transaction_request_body(transaction_request& out);
  bool transaction_reply_body(transaction_reply& out);
  bool transaction_pending_body(transaction_pending& out);
  bool context_head(std::uint32_t& id);
  bool action_request_item(action_request& out);
  bool action_reply_item(action_reply& out);
  bool command_request_item(std::string_view w, std::size_t at, command_request& out);
  bool command_reply_item(std::string_view w, std::size_t at, command_reply& out);
  bool amm_request_body(amm_request& out);
  bool notify_request_body(notify_request& out);
  bool optional_error_body(std::optional<error_descriptor>& out, bool allow_other_audit);
  bool amms_reply_audit(amms_reply& r);

  std::string_view in_;
  std::size_t pos_ = 0;
  std::optional<codec_error> err_;
};

} // namespace ngn::h248::detail
