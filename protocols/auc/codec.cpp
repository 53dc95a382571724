#include "protocols/auc/codec.hpp"

#include "protocols/common/byte_io.hpp"

#include <algorithm>

namespace ngn::auc {

namespace {

/// byte_writer with strings cut at max_string.
struct writer : byte_writer {
  void str(std::string_view s) { byte_writer::str(s.substr(0, std::min(s.size(), max_string))); }
};

struct reader : byte_reader {
  using byte_reader::byte_reader;
  std::string str() { return byte_reader::str(max_string); }
};

void put(writer& w, const auth_request& m) {
  w.u32(m.session_id);
  w.str(m.identity);
  w.u8(static_cast<std::uint8_t>(m.proto));
  w.str(m.softswitch);
  w.str(m.proxy);
  w.str(m.terminal_node);
  w.str(m.proxy_node);
  w.str(m.softswitch_node);
  w.i64(m.t_request);
}

void put(writer& w, const auth_vector& m) {
  w.u32(m.session_id);
  w.i64(m.db_id);
  w.u8(static_cast<std::uint8_t>(m.result));
  w.arr(m.rand);
  w.arr(m.autn);
  w.arr(m.xres);
  w.arr(m.wrapped_t);
  w.arr(m.wrapped_edge);
  w.str(m.detail);
}

void put(writer& w, const resync_request& m) {
  w.u32(m.session_id);
  w.i64(m.db_id);
  w.str(m.identity);
  w.arr(m.rand);
  w.arr(m.auts);
  w.i64(m.t);
}

void put(writer& w, const auth_report& m) {
  w.u32(m.session_id);
  w.i64(m.db_id);
  w.str(m.identity);
  w.u8(static_cast<std::uint8_t>(m.proto));
  w.str(m.softswitch);
  w.str(m.proxy);
  w.str(m.terminal_node);
  w.str(m.proxy_node);
  w.str(m.softswitch_node);
  w.u8(m.success ? 1 : 0);
  w.str(m.mechanism);
  w.str(m.reason);
  w.i64(m.t_request);
  w.i64(m.t_response);
  w.i64(m.t_success);
}

void put(writer& w, const report_ack& m) { w.i64(m.db_id); }

bool get_protocol(reader& r, protocol& p) {
  auto v = r.u8();
  if (v >= protocol_count) return false;
  p = static_cast<protocol>(v);
  return true;
}

bool get(reader& r, auth_request& m) {
  m.session_id = r.u32();
  m.identity = r.str();
  if (!get_protocol(r, m.proto)) return false;
  m.softswitch = r.str();
  m.proxy = r.str();
  m.terminal_node = r.str();
  m.proxy_node = r.str();
  m.softswitch_node = r.str();
  m.t_request = r.i64();
  return true;
}

bool get(reader& r, auth_vector& m) {
  m.session_id = r.u32();
  m.db_id = r.i64();
  auto s = r.u8();
  if (s > static_cast<std::uint8_t>(status::unknown_session)) return false;
  m.result = static_cast<status>(s);
  r.arr(m.rand);
  r.arr(m.autn);
  r.arr(m.xres);
  r.arr(m.wrapped_t);
  r.arr(m.wrapped_edge);
  m.detail = r.str();
  return true;
}

bool get(reader& r, resync_request& m) {
  m.session_id = r.u32();
  m.db_id = r.i64();
  m.identity = r.str();
  r.arr(m.rand);
  r.arr(m.auts);
  m.t = r.i64();
  return true;
}

bool get(reader& r, auth_report& m) {
  m.session_id = r.u32();
  m.db_id = r.i64();
  m.identity = r.str();
  if (!get_protocol(r, m.proto)) return false;
  m.softswitch = r.str();
  m.proxy = r.str();
  m.terminal_node = r.str();
  m.proxy_node = r.str();
  m.softswitch_node = r.str();
  auto ok = r.u8();
  if (ok > 1) return false;
  m.success = ok == 1;
  m.mechanism = r.str();
  m.reason = r.str();
  m.t_request = r.i64();
  m.t_response = r.i64();
  m.t_success = r.i64();
  return true;
}

bool get(reader& r, report_ack& m) {
  m.db_id = r.i64();
  return true;
}

template <class T>
result<message> decode_as(reader& r) {
  T m;
  if (!get(r, m)) return make_error(errc::malformed, r.offset(), "bad enumeration value");
  if (r.failed()) return make_error(errc::incomplete, r.offset(), "truncated AuC message");
  if (!r.at_end()) return make_error(errc::malformed, r.offset(), "trailing bytes");
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
  };
  return std::visit(visitor{}, m);
}

std::string encode(const message& m) {
  writer w;
  w.out.reserve(160);
  w.u8(static_cast<std::uint8_t>(tag_of(m)));
  std::visit([&](const auto& x) { put(w, x); }, m);
  return std::move(w.out);
}

result<message> decode(std::string_view bytes) {
  reader r{bytes};
  const auto t = r.u8();
  if (r.failed()) return make_error(errc::incomplete, 0, "empty AuC message");
  switch (static_cast<tag>(t)) {
    case tag::auth_request: return decode_as<auth_request>(r);
    case tag::auth_vector: return decode_as<auth_vector>(r);
    case tag::resync_request: return decode_as<resync_request>(r);
    case tag::auth_report: return decode_as<auth_report>(r);
    case tag::report_ack: return decode_as<report_ack>(r);
  }
  return make_error(errc::unsupported, 0, "unknown AuC message tag");
}

} // namespace ngn::auc
