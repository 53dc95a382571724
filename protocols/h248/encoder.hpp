// Internal: the pretty text encoder of the Annex B encoding (H.248.1 Annex B.2 / RFC 3525
// Annex B.2, long tokens): 2-space indentation, CRLF line ends, one item per line, ",CRLF" between
// list items (the layout of reference/wire-bindings.md §4.1). Every model constraint the parser
// enforces is checked here, so that parse(encode(m)) == m for every model encode() accepts.
// Implemented in encode.cpp (message, transactions, actions, commands) and encode_descriptors.cpp
// (descriptors, parameters, identifiers).
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/h248/message.hpp"
#include "protocols/h248/tokens.hpp"

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace ngn::h248::detail {

class encoder {
public:
  explicit encoder(std::string& out) noexcept : out_(out) {}

  /// Appends the pretty form of `m`; false (with `error` set) if the model is invalid.
  bool message(const h248::message& m);

  std::optional<codec_error> error;

private:
  bool fail(errc kind, std::string detail) {
    if (!error) error = make_error(kind, out_.size(), std::move(detail));
    return false;
  }
  bool invalid(std::string detail) { return fail(errc::invalid_model, std::move(detail)); }

  void indent(int level) { out_.append(std::size_t(level) * 2, ' '); }
  void put(std::string_view s) { out_.append(s); }
  void put(token t) { out_.append(long_form(t)); }
  void put_uint(std::uint32_t v) {
    char buf[10];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, std::size_t(r.ptr - buf));
  }
  void open() { out_.append(" {\r\n"); }
  void next(bool& first) {
    if (!first) out_.append(",\r\n");
    first = false;
  }
  void close(int level) {
    out_.append("\r\n");
    indent(level);
    out_.push_back('}');
  }
  // "Token = " at `level`
  void head(int level, token t) {
    indent(level);
    put(t);
    put(" = ");
  }

  bool context_id(std::uint32_t id);
  bool request_id(std::uint32_t id);
  bool termination_id(std::string_view tid);
  bool time_stamp(const time_notation& t);
  bool value(const std::string& v, bool quoted, const char* what);
  bool params(const std::vector<parameter>& ps, int level);
  bool pkgd_item(const std::string& name, const std::vector<parameter>& ps, int level);
  /// " {", then each item (events or signals) as a pkgd_item on its own line, then "}".
  template <class Item>
  bool pkgd_items(const std::vector<Item>& items, const std::string Item::*name, int level);
  bool error_descriptor(const h248::error_descriptor& e, int level);
  bool profile(const service_change_profile& p);
  // The items serviceChangeParm and serviceChangeReplyDescriptor share (serviceChangeAddress,
  // mgcIdToTry, serviceChangeProfile, serviceChangeVersion, TimeStamp): "Token = value" at
  // `level` after a separator, nothing if absent.
  /// serviceChangeAddress (`or_port`: an mId or a portNumber) and MgcIdToTry (an mId); `bad`
  /// is the error if it is neither.
  bool mid_item(const std::optional<std::string>& v, token t, bool or_port, const char* bad,
                int level, bool& first);
  bool profile(const std::optional<service_change_profile>& p, int level, bool& first);
  bool version(const std::optional<std::uint8_t>& v, int level, bool& first);
  bool time_stamp(const std::optional<time_notation>& t, int level, bool& first);
  bool services(const service_change_parm& p, int level);
  bool services(const service_change_res_parm& p, int level);
  bool events(const events_descriptor& e, int level);
  bool signals(const signals_descriptor& s, int level);
  bool observed_events(const observed_events_descriptor& oe, int level);
  /// "Token = TerminationID", then " { a, b }" with those of the two descriptors that are
  /// present (none: no braces), each written by the member function given with it.
  template <class A, class B>
  bool termination_descriptors(token t, std::string_view tid, int level,
                               const std::optional<A>& a, bool (encoder::*write_a)(const A&, int),
                               const std::optional<B>& b, bool (encoder::*write_b)(const B&, int));
  bool command(const command_request& c, int level);
  bool command_reply(const h248::command_reply& c, int level);
  bool optional_error(const std::optional<h248::error_descriptor>& e, int level);
  bool action(const action_request& a, int level);
  bool action(const action_reply& a, int level);
  bool transaction(const h248::transaction& t);

  std::string& out_;
};

} // namespace ngn::h248::detail
