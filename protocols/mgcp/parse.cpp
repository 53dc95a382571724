// MGCP 1.0 parser (RFC 3435 §3.1–§3.3, §3.5.5, Appendix A). Scans the input once with
// string_views; the only allocations are the model's strings.
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/syntax.hpp"

#include <cstdint>
#include <cstring>
#include <utility>

namespace ngn::mgcp {

using namespace detail;

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// One line of the input: its content without the EOL, where it starts and where the next
/// line starts.
struct line {
  std::string_view text;
  std::size_t start = 0;
  std::size_t next = 0;
};

/// RFC 3435 App. A: EOL = CRLF / LF. False if no EOL follows `pos` (the line is incomplete).
bool read_line(std::string_view in, std::size_t pos, line& out) noexcept {
  std::size_t nl = in.find('\n', pos);
  if (nl == npos) return false;
  std::size_t end = (nl > pos && in[nl - 1] == '\r') ? nl - 1 : nl;
  out = line{in.substr(pos, end - pos), pos, nl + 1};
  return true;
}

/// The first character of `s` that is not VCHAR / WSP, or npos. Eight octets at a time while
/// all of them are in %x20-7E (SP / VCHAR, nearly every line), one at a time from the first
/// group holding another octet (HTAB is text, but checked there).
std::size_t find_non_text(std::string_view s) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  constexpr std::uint64_t high = 0x8080808080808080ull;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, sizeof w);
    // Some octet below %x20: a borrow reaches its high bit while its own is clear (exact for
    // "is there one", Bit Twiddling Hacks' hasless(w, 0x20)); some octet above %x7E: adding 1
    // sets its high bit, or it had it (hasmore(w, 0x7E)).
    const std::uint64_t below = (w - ones * 0x20) & ~w & high;
    const std::uint64_t above = ((w + ones) | w) & high;
    if ((below | above) != 0) break;
  }
  for (; i < s.size(); ++i)
    if (!is_text(s[i])) return i;
  return npos;
}

/// Splits a line into WSP-separated tokens, remembering offsets.
struct tokenizer {
  std::string_view s;
  std::size_t pos = 0;

  void skip_wsp() noexcept {
    while (pos < s.size() && is_wsp(s[pos])) ++pos;
  }
  /// The next token (possibly empty at the end of the line).
  std::string_view token() noexcept {
    std::size_t b = pos;
    while (pos < s.size() && !is_wsp(s[pos])) ++pos;
    return s.substr(b, pos - b);
  }
  /// Consumes 1*WSP; false if there is none.
  bool separator() noexcept {
    if (pos >= s.size() || !is_wsp(s[pos])) return false;
    skip_wsp();
    return true;
  }
  std::string_view rest() const noexcept { return s.substr(pos); }
};

/// RFC 3435 §3.2.1.2: transaction-id = 1*9(DIGIT), value 1..999 999 999.
bool parse_txid(std::string_view t, std::uint32_t& out) noexcept {
  if (t.empty() || t.size() > 9) return false;
  std::uint32_t v = 0;
  for (char c : t) {
    if (!is_digit(c)) return false;
    v = v * 10 + std::uint32_t(c - '0');
  }
  if (v == 0) return false;
  out = v;
  return true;
}

codec_error fail(errc e, std::size_t offset, std::string detail) {
  return make_error(e, offset, std::move(detail));
}

/// RFC 3435 §3.2.1: verb SP transaction-id SP endpointName SP "MGCP" SP version [SP profile].
result<command> parse_command_line(const line& l) {
  tokenizer tk{l.text};
  auto at = [&](std::size_t p) { return l.start + p; };
  command c;
  std::string_view v = tk.token();
  if (!valid_verb(v)) return fail(errc::malformed, at(0), "bad verb (RFC 3435 App. A MGCPVerb)");
  c.verb.resize(4);
  for (std::size_t i = 0; i < 4; ++i) c.verb[i] = to_upper(v[i]);
  if (!tk.separator()) return fail(errc::malformed, at(tk.pos), "no transaction id");
  std::size_t txid_at = tk.pos;
  if (!parse_txid(tk.token(), c.transaction_id))
    return fail(errc::malformed, at(txid_at), "transaction id not in 1..999999999");
  if (!tk.separator()) return fail(errc::malformed, at(tk.pos), "no endpoint name");
  std::size_t ep_at = tk.pos;
  std::string_view ep = tk.token();
  if (auto a = ep.find('@'); a != npos && a > max_local_name)
    return fail(errc::limit_exceeded, at(ep_at), "endpoint local name too long");
  if (!valid_endpoint_name(ep))
    return fail(errc::malformed, at(ep_at), "bad endpoint name (RFC 3435 §3.2.1.3)");
  c.endpoint.assign(ep);
  if (!tk.separator()) return fail(errc::malformed, at(tk.pos), "no protocol version");
  std::size_t ver_at = tk.pos;
  if (!iequals(tk.token(), "MGCP"))
    return fail(errc::malformed, at(ver_at), "protocol is not MGCP");
  if (!tk.separator()) return fail(errc::malformed, at(tk.pos), "no version number");
  std::size_t num_at = tk.pos;
  std::string_view num = tk.token();
  if (num != "1.0") {
    auto dot = num.find('.');
    bool numeric = dot != npos && dot > 0 && dot + 1 < num.size();
    for (std::size_t i = 0; numeric && i < num.size(); ++i)
      numeric = i == dot || is_digit(num[i]);
    return numeric ? fail(errc::unsupported, at(num_at), "MGCP version not 1.0")
                   : fail(errc::malformed, at(num_at), "bad version number");
  }
  c.version.assign(version_1_0);
  tk.skip_wsp();
  // RFC 3435 App. A: ProfileName = VCHAR *( WSP / VCHAR ), kept after "MGCP 1.0 ".
  if (!tk.rest().empty()) {
    c.version += ' ';
    c.version.append(tk.rest());
  }
  return c;
}

/// RFC 3435 §3.3: responseCode 1*WSP transaction-id [1*WSP "/" packageName] [WSP string].
result<response> parse_response_line(const line& l) {
  tokenizer tk{l.text};
  auto at = [&](std::size_t p) { return l.start + p; };
  response r;
  if (!parse_3digit(tk.token(), r.code))
    return fail(errc::malformed, at(0), "response code is not 3 digits");
  if (!tk.separator()) return fail(errc::malformed, at(tk.pos), "no transaction id");
  std::size_t txid_at = tk.pos;
  if (!parse_txid(tk.token(), r.transaction_id))
    return fail(errc::malformed, at(txid_at), "transaction id not in 1..999999999");
  tk.skip_wsp();
  if (tk.pos < l.text.size() && l.text[tk.pos] == '/') {
    std::size_t pkg_at = tk.pos;
    ++tk.pos;
    std::string_view pkg = tk.token();
    if (!valid_package_name(pkg))
      return fail(errc::malformed, at(pkg_at), "bad package name in response line");
    r.package.assign(pkg);
    tk.skip_wsp();
  }
  r.commentary.assign(tk.rest());
  return r;
}

/// RFC 3435 App. A: MGCPParameter = ParameterValue EOL, `code ":" 0*WSP value`.
result<parameter> parse_parameter(const line& l) {
  auto colon = l.text.find(':');
  if (colon == npos)
    return fail(errc::malformed, l.start, "parameter line without ':'");
  std::string_view code = l.text.substr(0, colon);
  if (!valid_parameter_code(code)) {
    return fail(errc::malformed, l.start,
                has_extension_prefix(code)
                    ? "bad extension parameter name (RFC 3435 App. A: X-/X+ and 1-6 letters/digits)"
                    : "bad parameter code");
  }
  std::size_t v = colon + 1;
  while (v < l.text.size() && is_wsp(l.text[v])) ++v;
  return parameter(code, l.text.substr(v));
}

/// Parameters and SDP body after the first line, shared by commands and responses.
template <class Message>
result<void> parse_rest(std::string_view in, std::size_t pos, Message& m) {
  line l;
  while (pos < in.size()) {
    if (!read_line(in, pos, l)) return fail(errc::incomplete, in.size(), "line without EOL");
    if (l.text.empty()) {
      // RFC 3435 §3.1: an empty line separates the parameters from the session description.
      std::string_view body = in.substr(l.next);
      if (has_dot_line(body))
        return fail(errc::malformed, l.next, "'.' line inside a message (use parse())");
      m.sdp.assign(body);
      pos = in.size();
      break;
    }
    if (auto bad = find_non_text(l.text); bad != npos)
      return fail(errc::malformed, l.start + bad, "control character in parameter line");
    if (m.params.size() == max_parameters)
      return fail(errc::limit_exceeded, l.start, "too many parameters");
    // Room for the registration's commands (up to 10 lines) at the first line; acknowledgements
    // have none and allocate nothing.
    if (m.params.empty()) m.params.reserve(12);
    auto p = parse_parameter(l);
    if (!p) return std::move(p).error();
    m.params.push_back(std::move(*p));
    pos = l.next;
  }
  if (auto ok = validate(m); !ok) {
    codec_error e = ok.error();
    e.offset = pos;
    return e;
  }
  return {};
}

} // namespace

result<message> parse_one(std::string_view in) {
  if (in.size() > max_datagram_size)
    return fail(errc::limit_exceeded, max_datagram_size, "message larger than 64 KiB");
  if (in.empty()) return fail(errc::incomplete, 0, "empty message");
  line first;
  if (!read_line(in, 0, first)) {
    std::size_t bad = find_non_text(in);
    bool trailing_cr = bad + 1 == in.size() && in[bad] == '\r';  // CRLF cut after the CR
    if (bad != npos && !trailing_cr) return fail(errc::malformed, bad, "control character");
    return fail(errc::incomplete, in.size(), "first line without EOL");
  }
  if (first.text.empty()) return fail(errc::malformed, 0, "empty first line");
  if (auto bad = find_non_text(first.text); bad != npos)
    return fail(errc::malformed, bad, "control character in first line");
  if (is_digit(first.text[0])) {
    auto r = parse_response_line(first);
    if (!r) return std::move(r).error();
    if (auto ok = parse_rest(in, first.next, *r); !ok) return ok.error();
    return message{std::move(*r)};
  }
  auto c = parse_command_line(first);
  if (!c) return std::move(c).error();
  if (auto ok = parse_rest(in, first.next, *c); !ok) return ok.error();
  return message{std::move(*c)};
}

result<std::vector<datagram_part>> split_datagram(std::string_view in) {
  if (in.size() > max_datagram_size)
    return fail(errc::limit_exceeded, max_datagram_size, "datagram larger than 64 KiB");
  if (in.empty()) return fail(errc::incomplete, 0, "empty datagram");
  std::vector<datagram_part> parts;
  std::size_t start = 0;
  std::size_t pos = 0;
  line l;
  // RFC 3435 §3.5.5: piggy-backed messages are separated by a line holding a single dot.
  while (read_line(in, pos, l)) {
    if (l.text == ".") {
      if (l.start == start)
        return fail(errc::malformed, l.start, "empty message before '.' separator");
      if (parts.size() + 1 == max_messages)
        return fail(errc::limit_exceeded, l.start, "too many piggy-backed messages");
      parts.push_back(datagram_part{in.substr(start, l.start - start), start});
      start = l.next;
    }
    pos = l.next;
  }
  if (start == in.size())
    return fail(errc::incomplete, in.size(), "nothing after the '.' separator");
  parts.push_back(datagram_part{in.substr(start), start});
  return parts;
}

result<std::vector<message>> parse(std::string_view datagram) {
  auto parts = split_datagram(datagram);
  if (!parts) return std::move(parts).error();
  std::vector<message> out;
  out.reserve(parts->size());
  for (const auto& part : *parts) {
    auto m = parse_one(part.text);
    if (!m) {
      codec_error e = std::move(m).error();
      e.offset += part.offset;
      return e;
    }
    out.push_back(std::move(*m));
  }
  return out;
}

std::optional<first_line> peek(std::string_view in) noexcept {
  std::size_t eol = in.find('\n');
  tokenizer tk{in.substr(0, eol)};
  first_line f;
  std::string_view t1 = tk.token();
  if (!parse_3digit(t1, f.code)) {
    if (!valid_verb(t1)) return std::nullopt;
    f.is_command = true;
    f.verb = t1;
  }
  if (!tk.separator()) return std::nullopt;
  std::string_view t2 = tk.token();
  if (!t2.empty() && t2.back() == '\r') t2.remove_suffix(1);
  if (!parse_txid(t2, f.transaction_id)) return std::nullopt;
  return f;
}

} // namespace ngn::mgcp
