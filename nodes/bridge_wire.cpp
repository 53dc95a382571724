// Bridge frame codec (format in bridge_wire.hpp).
#include "nodes/bridge_wire.hpp"

namespace ngn::nodes::wire {

namespace {

void put_u32(std::string& out, std::uint32_t v) {
  char b[4];
  for (int i = 3; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out.append(b, 4);
}

void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  out.append(b, 8);
}

std::uint32_t get_u32(const unsigned char* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8)
         | std::uint32_t{p[3]};
}

std::uint64_t get_u64(const unsigned char* p) noexcept {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v = (v << 8) | p[i];
  return v;
}

/// One record located by the validation pass.
struct record_view {
  std::uint64_t to;
  std::uint64_t from;
  std::uint64_t origin;
  std::uint8_t kind;
  std::string_view payload;
};

/// Reads the record at `pos`; advances `pos`. Returns an error or fills `r`.
result<void> next_record(std::string_view frame, std::size_t& pos, const limits& lim,
                         record_view& r) {
  auto* p = reinterpret_cast<const unsigned char*>(frame.data());
  const std::size_t left = frame.size() - pos;
  if (left < 4)
    return make_error(errc::incomplete, pos, "truncated record length");
  const std::uint32_t len = get_u32(p + pos);
  if (len < record_fixed)
    return make_error(errc::malformed, pos, "record length below 25");
  if (len - record_fixed > lim.max_payload)
    return make_error(errc::limit_exceeded, pos, "record payload over the limit");
  if (len > left - 4)
    return make_error(errc::incomplete, pos, "truncated record");
  const std::size_t at = pos + 4;
  r.to = get_u64(p + at);
  r.from = get_u64(p + at + 8);
  r.origin = get_u64(p + at + 16);
  r.kind = p[at + 24];
  r.payload = frame.substr(at + record_fixed, len - record_fixed);
  pos = at + len;
  return {};
}

} // namespace

void append_header(std::string& frame, std::string_view node) {
  if (node.size() > max_name)
    node = node.substr(0, max_name);
  frame.push_back(static_cast<char>(version));
  frame.push_back(static_cast<char>(node.size()));
  frame.append(node);
}

void append_record(std::string& frame, elements::element_id to, elements::element_id from,
                   elements::element_id origin, std::uint8_t kind, std::string_view payload) {
  put_u32(frame, static_cast<std::uint32_t>(record_fixed + payload.size()));
  put_u64(frame, to);
  put_u64(frame, from);
  put_u64(frame, origin);
  frame.push_back(static_cast<char>(kind));
  frame.append(payload);
}

void append_control(std::string& frame, std::uint8_t kind, std::uint64_t incarnation) {
  put_u32(frame, static_cast<std::uint32_t>(record_fixed + 8));
  put_u64(frame, 0);
  put_u64(frame, 0);
  put_u64(frame, 0);
  frame.push_back(static_cast<char>(kind));
  put_u64(frame, incarnation);
}

void append_clock(std::string& frame, const clock_stamp& c) {
  put_u32(frame, static_cast<std::uint32_t>(record_fixed + 24));
  put_u64(frame, 0);
  put_u64(frame, 0);
  put_u64(frame, 0);
  frame.push_back(static_cast<char>(kind_clock));
  for (auto v : {c.sent, c.echo_sent, c.echo_received}) put_u64(frame, static_cast<std::uint64_t>(v));
}

result<parsed_frame> parse_frame(std::string_view frame, const limits& lim) {
  if (frame.size() > lim.max_frame)
    return make_error(errc::limit_exceeded, lim.max_frame, "frame over the size limit");
  if (frame.size() < 2)
    return make_error(errc::incomplete, frame.size(), "truncated frame header");
  auto* p = reinterpret_cast<const unsigned char*>(frame.data());
  if (p[0] != version)
    return make_error(errc::malformed, 0, "unknown frame version");
  const std::size_t name_len = p[1];
  if (name_len == 0 || name_len > max_name)
    return make_error(errc::malformed, 1, "bad node name length");
  if (frame.size() < 2 + name_len)
    return make_error(errc::incomplete, frame.size(), "truncated node name");
  parsed_frame out;
  out.sender = frame.substr(2, name_len);
  const std::size_t body = 2 + name_len;

  // Pass 1: validate every record; count envelopes.
  std::size_t pos = body;
  std::size_t envelopes = 0;
  record_view r{};
  while (pos < frame.size()) {
    const std::size_t at = pos;
    if (auto ok = next_record(frame, pos, lim, r); !ok)
      return ok.error();
    if (r.kind < first_control_kind) {
      ++envelopes;
      continue;
    }
    if (r.kind == kind_clock) {
      if (r.payload.size() != 24 || r.to != 0 || r.from != 0 || r.origin != 0 || out.has_clock)
        return make_error(errc::malformed, at, "bad clock record");
      const auto* c = reinterpret_cast<const unsigned char*>(r.payload.data());
      out.clock = {static_cast<std::int64_t>(get_u64(c)), static_cast<std::int64_t>(get_u64(c + 8)),
                   static_cast<std::int64_t>(get_u64(c + 16))};
      out.has_clock = true;
      ++out.control_records;
      continue;
    }
    if (r.kind != kind_hello && r.kind != kind_heartbeat)
      return make_error(errc::malformed, at + 28, "reserved control kind");
    if (r.payload.size() != 8 || r.to != 0 || r.from != 0 || r.origin != 0)
      return make_error(errc::malformed, at, "bad hello/heartbeat record");
    const std::uint64_t inc = get_u64(reinterpret_cast<const unsigned char*>(r.payload.data()));
    if (inc == 0 || (out.incarnation != 0 && out.incarnation != inc))
      return make_error(errc::malformed, at + 29, "bad incarnation");
    out.incarnation = inc;
    out.hello = out.hello || r.kind == kind_hello;
    ++out.control_records;
  }

  // Pass 2: the frame is valid; build the envelopes.
  out.envelopes.reserve(envelopes);
  pos = body;
  while (pos < frame.size()) {
    (void)next_record(frame, pos, lim, r);
    if (r.kind >= first_control_kind)
      continue;
    elements::envelope& e = out.envelopes.emplace_back();
    e.to = r.to;
    e.from = r.from;
    e.origin = r.origin;
    e.kind = static_cast<elements::envelope_kind>(r.kind);
    e.payload.assign(r.payload.data(), r.payload.size());
  }
  return out;
}

} // namespace ngn::nodes::wire
