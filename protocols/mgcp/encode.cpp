// MGCP 1.0 encoder (RFC 3435 §3.1–§3.3, §3.5.5): canonical form, CRLF line ends. Refuses any
// model that parse() would not read back identically.
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/syntax.hpp"

#include <utility>

namespace ngn::mgcp {

using namespace detail;

namespace {

codec_error invalid(std::string detail) {
  return make_error(errc::invalid_model, 0, std::move(detail));
}

bool txid_in_range(std::uint32_t t) noexcept { return t >= 1 && t <= 999999999u; }

void append_uint(std::string& out, std::uint32_t v, int min_digits = 1) {
  char buf[12];
  char* end = buf + sizeof buf;
  char* b = format_uint(end, v, min_digits);
  out.append(b, std::size_t(end - b));
}

result<void> check_params(const std::vector<parameter>& params) {
  if (params.size() > max_parameters)
    return make_error(errc::limit_exceeded, 0, "too many parameters");
  for (const auto& p : params) {
    if (!valid_parameter_code(p.code))
      return invalid(has_extension_prefix(p.code)
                         ? "bad extension parameter name " + p.code +
                               " (RFC 3435 App. A: X-/X+ and 1-6 letters/digits)"
                         : "bad parameter code " + p.code);
    if (!all_text(p.value)) return invalid("control character in the value of " + p.code);
    if (!p.value.empty() && is_wsp(p.value[0]))
      return invalid("value of " + p.code + " starts with whitespace");
  }
  return {};
}

result<void> check_sdp(const std::string& sdp) {
  if (has_dot_line(sdp)) return invalid("SDP body holds a '.' line (RFC 3435 §3.5.5)");
  return {};
}

result<void> check(const command& c) {
  if (!valid_verb(c.verb)) return invalid("bad verb " + c.verb);
  for (char ch : c.verb)
    if (ch >= 'a' && ch <= 'z') return invalid("verb not upper-case: " + c.verb);
  if (!txid_in_range(c.transaction_id)) return invalid("transaction id not in 1..999999999");
  if (auto a = c.endpoint.find('@'); a != std::string::npos && a > max_local_name)
    return make_error(errc::limit_exceeded, 0, "endpoint local name too long");
  if (!valid_endpoint_name(c.endpoint)) return invalid("bad endpoint name " + c.endpoint);
  std::string_view v = c.version;
  if (v.substr(0, version_1_0.size()) != version_1_0) return invalid("version is not MGCP 1.0");
  if (v.size() > version_1_0.size()) {
    // " " ProfileName, ProfileName = VCHAR *( WSP / VCHAR )
    std::string_view profile = v.substr(version_1_0.size());
    if (profile.size() < 2 || profile[0] != ' ' || !is_vchar(profile[1]) || !all_text(profile))
      return invalid("bad profile name after MGCP 1.0");
  }
  if (auto ok = check_params(c.params); !ok) return ok;
  if (auto ok = validate(c); !ok) return invalid(ok.error().detail);
  return check_sdp(c.sdp);
}

result<void> check(const response& r) {
  if (r.code > 999) return invalid("response code above 999");
  if (!txid_in_range(r.transaction_id)) return invalid("transaction id not in 1..999999999");
  if (!r.package.empty() && !valid_package_name(r.package))
    return invalid("bad package name " + r.package);
  if (!all_text(r.commentary)) return invalid("control character in commentary");
  if (!r.commentary.empty()) {
    if (is_wsp(r.commentary[0])) return invalid("commentary starts with whitespace");
    if (r.package.empty() && r.commentary[0] == '/')
      return invalid("commentary starts with '/' (would read as a package name)");
  }
  if (auto ok = check_params(r.params); !ok) return ok;
  if (auto ok = validate(r); !ok) return invalid(ok.error().detail);
  return check_sdp(r.sdp);
}

template <class Message>
void write_rest(const Message& m, std::string& out) {
  for (const auto& p : m.params) {
    out += p.code;
    out += ':';
    if (!p.value.empty()) {
      out += ' ';
      out += p.value;
    }
    out += "\r\n";
  }
  if (!m.sdp.empty()) {
    out += "\r\n";
    out += m.sdp;
  }
}

std::size_t estimate(const std::vector<parameter>& params, const std::string& sdp) {
  std::size_t n = 64 + sdp.size();
  for (const auto& p : params) n += p.code.size() + p.value.size() + 4;
  return n;
}

void write(const command& c, std::string& out) {
  out.reserve(out.size() + estimate(c.params, c.sdp) + c.endpoint.size());
  out += c.verb;
  out += ' ';
  append_uint(out, c.transaction_id);
  out += ' ';
  out += c.endpoint;
  out += ' ';
  out += c.version;
  out += "\r\n";
  write_rest(c, out);
}

void write(const response& r, std::string& out) {
  out.reserve(out.size() + estimate(r.params, r.sdp) + r.commentary.size());
  append_uint(out, r.code, 3);
  out += ' ';
  append_uint(out, r.transaction_id);
  if (!r.package.empty()) {
    out += " /";
    out += r.package;
  }
  if (!r.commentary.empty()) {
    out += ' ';
    out += r.commentary;
  }
  out += "\r\n";
  write_rest(r, out);
}

template <class Message>
result<void> encode_one(const Message& m, std::string& out) {
  if (auto ok = check(m); !ok) return ok;
  std::size_t before = out.size();
  write(m, out);
  if (out.size() - before > max_datagram_size) {
    out.resize(before);
    return make_error(errc::limit_exceeded, 0, "message larger than 64 KiB");
  }
  return {};
}

} // namespace

result<void> encode_to(const message& m, std::string& out) {
  return std::visit([&out](const auto& x) { return encode_one(x, out); }, m);
}

result<void> encode_to(const command& c, std::string& out) { return encode_one(c, out); }

result<void> encode_to(const response& r, std::string& out) { return encode_one(r, out); }

result<std::string> encode(const message& m) {
  std::string out;
  if (auto ok = encode_to(m, out); !ok) return ok.error();
  return out;
}

result<std::string> encode(const std::vector<message>& messages) {
  if (messages.empty()) return invalid("no message to encode");
  if (messages.size() > max_messages)
    return make_error(errc::limit_exceeded, 0, "too many piggy-backed messages");
  std::string out;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i > 0) {
      // RFC 3435 §3.5.5: a line holding a single dot between piggy-backed messages; the
      // previous message must have ended its last line.
      const std::string& sdp = std::visit([](const auto& x) -> const std::string& { return x.sdp; },
                                          messages[i - 1]);
      if (!sdp.empty() && sdp.back() != '\n') {
        codec_error e = invalid("SDP body not ending in EOL before a piggy-backed message");
        e.offset = i - 1;
        return e;
      }
      out += ".\r\n";
    }
    if (auto ok = encode_to(messages[i], out); !ok) {
      codec_error e = ok.error();
      e.offset = i;
      return e;
    }
  }
  if (out.size() > max_datagram_size)
    return make_error(errc::limit_exceeded, messages.size() - 1, "datagram larger than 64 KiB");
  return out;
}

} // namespace ngn::mgcp
