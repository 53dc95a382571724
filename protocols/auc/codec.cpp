#include "protocols/auc/codec.hpp"

#include "protocols/common/byte_io.hpp"

#include <algorithm>

namespace ngn::auc {

namespace {

// Each message's fields, in wire order (codec.hpp): the one list both directions follow.
template <class F>
void fields(F& f, auth_request& m) {
  f(m.session_id, m.identity, m.proto, m.softswitch, m.proxy, m.terminal_node, m.proxy_node,
    m.softswitch_node, m.t_request, m.wire_session);
}
template <class F>
void fields(F& f, auth_vector& m) {
  f(m.session_id, m.db_id, m.result, m.rand, m.autn, m.xres, m.wrapped_t, m.wrapped_edge,
    m.detail);
}
template <class F>
void fields(F& f, resync_request& m) {
  f(m.session_id, m.db_id, m.identity, m.rand, m.auts, m.t);
}
template <class F>
void fields(F& f, auth_report& m) {
  f(m.session_id, m.db_id, m.identity, m.proto, m.softswitch, m.proxy, m.terminal_node,
    m.proxy_node, m.softswitch_node, m.success, m.mechanism, m.reason, m.t_request, m.t_response,
    m.t_success, m.wire_session, m.response_code, m.detected_by, m.reason_code);
}
template <class F>
void fields(F& f, report_ack& m) {
  f(m.db_id, m.what);
}
template <class F>
void fields(F& f, registration_end& m) {
  f(m.session_id, m.successor_session, m.db_id, m.successor, m.identity, m.softswitch, m.cause,
    m.lifetime, m.protected_sent, m.protected_received, m.protected_dropped, m.t_end);
}

/// Writes fields: integers big-endian, strings cut at max_string, enumerations and bool as u8.
struct writer {
  byte_writer w;
  void field(std::uint16_t v) { w.u16(v); }
  void field(std::uint32_t v) { w.u32(v); }
  void field(std::int64_t v) { w.i64(v); }
  void field(bool v) { w.u8(v ? 1 : 0); }
  void field(protocol v) { w.u8(static_cast<std::uint8_t>(v)); }
  void field(status v) { w.u8(static_cast<std::uint8_t>(v)); }
  void field(end_cause v) { w.u8(static_cast<std::uint8_t>(v)); }
  void field(acked v) { w.u8(static_cast<std::uint8_t>(v)); }
  void field(const std::string& s) { w.str(std::string_view(s).substr(0, max_string)); }
  void field(const session_id& s) { w.arr(s.bytes); }
  template <std::size_t N>
  void field(const std::array<std::uint8_t, N>& a) { w.arr(a); }
  template <class... T>
  void operator()(const T&... xs) { (field(xs), ...); }
};

/// Reads fields; an enumeration or bool out of range marks the message malformed.
struct reader {
  byte_reader r;
  bool bad_value = false;
  void field(std::uint16_t& v) { v = r.u16(); }
  void field(std::uint32_t& v) { v = r.u32(); }
  void field(std::int64_t& v) { v = r.i64(); }
  void field(std::string& s) { s = r.str(max_string); }
  void field(session_id& s) { r.arr(s.bytes); }
  template <std::size_t N>
  void field(std::array<std::uint8_t, N>& a) { r.arr(a); }
  void field(bool& v) {
    const auto x = r.u8();
    bad_value |= x > 1;
    v = x == 1;
  }
  void field(protocol& v) {
    const auto x = r.u8();
    bad_value |= x >= protocol_count;
    v = static_cast<protocol>(x);
  }
  void field(status& v) { v = enumeration<status>(status::sqn_exhausted); }
  void field(end_cause& v) { v = enumeration<end_cause>(end_cause::superseded); }
  void field(acked& v) { v = enumeration<acked>(acked::registration_end); }
  template <class... T>
  void operator()(T&... xs) { (field(xs), ...); }

private:
  /// A u8 enumeration whose largest value is `last`.
  template <class E>
  E enumeration(E last) {
    const auto x = r.u8();
    bad_value |= x > static_cast<std::uint8_t>(last);
    return static_cast<E>(x);
  }
};

template <class T>
result<message> decode_as(reader& rd) {
  T m;
  fields(rd, m);
  if (rd.r.failed()) return make_error(errc::incomplete, rd.r.offset(), "truncated AuC message");
  if (rd.bad_value) return make_error(errc::malformed, rd.r.offset(), "bad enumeration value");
  if (!rd.r.at_end()) return make_error(errc::malformed, rd.r.offset(), "trailing bytes");
  return message{std::move(m)};
}

} // namespace

std::string_view to_string(status s) noexcept {
  switch (s) {
    case status::ok: return "ok";
    case status::unknown_identity: return "unknown identity";
    case status::unknown_element: return "unknown element";
    case status::resync_failed: return "resynchronisation failed (AUTS MAC-S)";
    case status::unavailable: return "AuC unavailable";
    case status::unknown_session: return "unknown session";
    // The reason catalogue's text (elements/reasons.hpp): the terminal reads it back from the
    // soft switch's refusal.
    case status::sqn_exhausted: return "SQN space exhausted (SEQ at its maximum): a new K is needed";
  }
  return "?";
}

std::string_view to_string(end_cause c) noexcept {
  switch (c) {
    case end_cause::expired: return "expired";
    case end_cause::deregistered: return "deregistered";
    case end_cause::superseded: return "superseded";
  }
  return "?";
}

tag tag_of(const message& m) noexcept {
  struct visitor {
    tag operator()(const auth_request&) const noexcept { return tag::auth_request; }
    tag operator()(const auth_vector&) const noexcept { return tag::auth_vector; }
    tag operator()(const resync_request&) const noexcept { return tag::resync_request; }
    tag operator()(const auth_report&) const noexcept { return tag::auth_report; }
    tag operator()(const report_ack&) const noexcept { return tag::report_ack; }
    tag operator()(const registration_end&) const noexcept { return tag::registration_end; }
  };
  return std::visit(visitor{}, m);
}

std::string encode(const message& m) {
  writer w;
  w.w.out.reserve(160);
  w.w.u8(static_cast<std::uint8_t>(tag_of(m)));
  // The writer only reads the fields: the one (non-const) field list serves both directions.
  std::visit([&](const auto& x) { fields(w, const_cast<std::decay_t<decltype(x)>&>(x)); }, m);
  return std::move(w.w.out);
}

result<message> decode(std::string_view bytes) {
  reader r{byte_reader{bytes}};
  const auto t = r.r.u8();
  if (r.r.failed()) return make_error(errc::incomplete, 0, "empty AuC message");
  switch (static_cast<tag>(t)) {
    case tag::auth_request: return decode_as<auth_request>(r);
    case tag::auth_vector: return decode_as<auth_vector>(r);
    case tag::resync_request: return decode_as<resync_request>(r);
    case tag::auth_report: return decode_as<auth_report>(r);
    case tag::report_ack: return decode_as<report_ack>(r);
    case tag::registration_end: return decode_as<registration_end>(r);
  }
  return make_error(errc::unsupported, 0, "unknown AuC message tag");
}

} // namespace ngn::auc
