// parse() and frame_length() (RFC 3261 §7, §8.1.1, §18.3).
#include "protocols/sip/headers.hpp"
#include "protocols/sip/lexer.hpp"
#include "protocols/sip/message.hpp"
#include "protocols/sip/reader.hpp"

namespace ngn::sip {

namespace {

using namespace detail;

// Upper bound of encode(parse(x)).size() - x.size() under the count limits: per header line a
// compact name (+13), ": " and CRLF (+2); per list element ", " or a new Via line (+7) and
// display-name quotes (+3); Content-Length added (+20). About 3 KiB; 8 KiB leaves room.
constexpr std::size_t encode_growth_bound = 8192;

bool is_sip_version(std::string_view v) noexcept { return iequals(v, "SIP/2.0"); }

// "SIP/" 1*DIGIT "." 1*DIGIT other than 2.0: well-formed but unsupported (RFC 3261 §7.1).
bool is_other_version(std::string_view v) noexcept {
  if (v.size() < 7 || !iequals(v.substr(0, 4), "SIP/")) return false;
  auto rest = v.substr(4);
  auto dot = rest.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == rest.size()) return false;
  for (std::size_t i = 0; i < rest.size(); ++i)
    if (i != dot && !is_digit(rest[i])) return false;
  return true;
}

bool version_error(std::string_view v, std::size_t at, codec_error& err) {
  if (is_other_version(v)) return fail(err, errc::unsupported, at, "SIP version other than 2.0");
  return fail(err, errc::malformed, at, "SIP-Version expected");
}

// Request-Line / Status-Line (RFC 3261 §7.1, §7.2); runs of SP/HTAB are accepted between parts.
bool parse_start_line(std::string_view line, std::size_t base, message& m, codec_error& err) {
  cursor c{line, base};
  if (is_wsp(c.peek())) return fail(err, errc::malformed, base, "start line begins with whitespace");
  while (!c.eof() && !is_wsp(c.peek())) c.advance();
  auto first = line.substr(0, c.pos());
  if (first.size() >= 4 && iequals(first.substr(0, 4), "SIP/")) {
    m.is_request = false;
    if (!is_sip_version(first)) return version_error(first, base, err);
    if (!is_wsp(c.peek())) return fail(err, errc::malformed, c.offset(), "SP expected after SIP-Version");
    c.skip_wsp();
    std::size_t at = c.offset();
    auto code = c.run(cc_digit);
    if (code.size() != 3 || code[0] < '1' || code[0] > '6')
      return fail(err, errc::malformed, at, "Status-Code expected");
    if (!c.eof() && !is_wsp(c.peek())) return fail(err, errc::malformed, c.offset(), "SP expected after Status-Code");
    m.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    auto reason = trim_wsp(c.rest());
    m.reason.assign(reason.data(), reason.size());
    return true;
  }
  m.is_request = true;
  if (!all_of_class(first, cc_token)) return fail(err, errc::malformed, base, "Method is not a token");
  if (!is_wsp(c.peek())) return fail(err, errc::malformed, c.offset(), "SP expected after Method");
  c.skip_wsp();
  std::size_t uri_at = c.offset();
  std::size_t uri_begin = c.pos();
  while (!c.eof() && is_visible(c.peek())) c.advance();
  auto uri = line.substr(uri_begin, c.pos() - uri_begin);
  if (uri.empty()) return fail(err, errc::malformed, uri_at, "Request-URI expected");
  if (!is_wsp(c.peek())) return fail(err, errc::malformed, c.offset(), "SP expected after Request-URI");
  c.skip_wsp();
  std::size_t version_at = c.offset();
  auto version = trim_wsp(c.rest());
  if (!is_sip_version(version)) return version_error(version, version_at, err);
  m.method.assign(first.data(), first.size());
  m.request_uri.assign(uri.data(), uri.size());
  return true;
}

// Single-valued headers seen so far (a repetition is malformed, RFC 3261 §7.3.1).
struct seen {
  bool max_forwards = false, from = false, to = false, call_id = false, cseq = false,
       expires = false, content_length = false;
};

bool once(bool& flag, std::size_t at, codec_error& err) {
  if (flag) return fail(err, errc::malformed, at, "header field repeated");
  flag = true;
  return true;
}

bool parse_auth_field(std::optional<auth_params>& slot, const raw_field& f, std::string_view value,
                      cursor c, bool with_scheme, message& m, codec_error& err) {
  if (slot) {
    // A second challenge/credentials is kept verbatim; the typed field holds the first.
    m.other.push_back(header{std::string(f.name), std::string(value)});
    return true;
  }
  auth_params a;
  if (!parse_auth(c, a, with_scheme, err)) return false;
  slot = std::move(a);
  return true;
}

bool parse_field(const raw_field& f, message& m, seen& s, std::size_t& content_length,
                 std::string& scratch, codec_error& err) {
  const std::string_view value = field_value(f, scratch);
  const std::size_t base = field_value_offset(f, value);
  cursor c{value, base};
  hid id = lookup_header(f.name);
  if (value.empty() && id != hid::other && id != hid::supported && id != hid::require &&
      id != hid::proxy_require)
    return fail(err, errc::malformed, base, "empty header value");
  switch (id) {
    case hid::other:
      m.other.push_back(header{std::string(f.name), std::string(value)});
      return true;
    case hid::via: return parse_via_list(c, m.vias, err);
    case hid::max_forwards: {
      std::uint32_t v = 0;
      if (!once(s.max_forwards, f.offset, err) || !parse_number(c, v, false, err)) return false;
      m.max_forwards = v;
      return true;
    }
    case hid::from: return once(s.from, f.offset, err) && parse_from_to(c, m.from, err);
    case hid::to: return once(s.to, f.offset, err) && parse_from_to(c, m.to, err);
    case hid::call_id:
      // callid = word [ "@" word ]: no LWS inside (RFC 3261 §25.1).
      if (!once(s.call_id, f.offset, err)) return false;
      for (char ch : value)
        if (!is_visible(ch)) return fail(err, errc::malformed, base, "Call-ID contains whitespace");
      m.call_id.assign(value.data(), value.size());
      return true;
    case hid::cseq: return once(s.cseq, f.offset, err) && parse_cseq(c, m.cseq, err);
    case hid::contact: return parse_contact_list(c, m.contacts, m.contact_star, err);
    case hid::expires: {
      std::uint32_t v = 0;
      if (!once(s.expires, f.offset, err) || !parse_number(c, v, true, err)) return false;
      m.expires = v;
      return true;
    }
    case hid::www_authenticate: return parse_auth_field(m.www_authenticate, f, value, c, true, m, err);
    case hid::authorization: return parse_auth_field(m.authorization, f, value, c, true, m, err);
    case hid::authentication_info:
      return parse_auth_field(m.authentication_info, f, value, c, false, m, err);
    case hid::require: return parse_token_list(c, m.require, err);
    case hid::proxy_require: return parse_token_list(c, m.proxy_require, err);
    case hid::supported: return parse_token_list(c, m.supported, err);
    case hid::security_client: return parse_mechanisms(c, m.security_client, err);
    case hid::security_server: return parse_mechanisms(c, m.security_server, err);
    case hid::security_verify: return parse_mechanisms(c, m.security_verify, err);
    case hid::content_length: {
      std::uint32_t v = 0;
      if (!once(s.content_length, f.offset, err) || !parse_number(c, v, true, err)) return false;
      if (v > max_message_size) return fail(err, errc::limit_exceeded, base, "Content-Length too large");
      content_length = v;
      return true;
    }
  }
  return true;
}

// RFC 3261 §8.1.1 (requests) and §8.2.6.2 (responses copy them): To, From, CSeq, Call-ID, Via.
bool check_mandatory(const message& m, const seen& s, std::size_t at, codec_error& err) {
  if (m.vias.empty()) return fail(err, errc::malformed, at, "Via missing");
  if (!s.from) return fail(err, errc::malformed, at, "From missing");
  if (!s.to) return fail(err, errc::malformed, at, "To missing");
  if (!s.call_id) return fail(err, errc::malformed, at, "Call-ID missing");
  if (!s.cseq) return fail(err, errc::malformed, at, "CSeq missing");
  // RFC 3261 §8.1.1.5: the CSeq method MUST match the request method.
  if (m.is_request && m.cseq.method != m.method)
    return fail(err, errc::malformed, at, "CSeq method differs from the request method");
  return true;
}

} // namespace

result<void> parse_into(std::string_view in, message& m) {
  auto reader = open_message(in);
  if (!reader) return reader.error();
  field_reader& r = *reader;
  codec_error err;
  if (!parse_start_line(r.start_line(), r.start_offset(), m, err)) return err;
  seen s;
  std::size_t content_length = 0;
  std::string scratch;
  const auto field = [&](const raw_field& f) -> std::optional<codec_error> {
    if (!parse_field(f, m, s, content_length, scratch, err)) return err;
    return std::nullopt;
  };
  if (auto e = for_each_field(r, max_header_fields, field)) return *e;
  std::size_t body_at = r.position();
  if (!check_mandatory(m, s, body_at, err)) return err;
  auto rest = in.substr(body_at);
  if (s.content_length) {
    if (content_length > rest.size())
      return make_error(errc::incomplete, in.size(), "message ends inside the body");
    if (content_length < rest.size())
      return make_error(errc::malformed, body_at + content_length, "bytes after the message body");
    rest = rest.substr(0, content_length);
  }
  // RFC 3261 §18.3: without Content-Length (UDP) the body is the rest of the datagram.
  m.body.assign(rest.data(), rest.size());
  // The canonical form must stay within our limits too (so that it parses back): one line per
  // Via, and compact forms / missing spaces grow by less than encode_growth_bound in total.
  if (encoded_field_count(m) > max_header_fields)
    return make_error(errc::limit_exceeded, body_at, "too many header fields once encoded");
  if (in.size() + encode_growth_bound > max_message_size && encode(m).size() > max_message_size)
    return make_error(errc::limit_exceeded, in.size(), "message larger than 64 KiB once encoded");
  return {};
}

result<message> parse(std::string_view in) {
  message m;
  if (auto r = parse_into(in, m); !r) return r.error();
  return m;
}

result<std::size_t> frame_length(std::string_view buffer) {
  auto window = buffer.substr(0, max_message_size);
  field_reader r{window};
  auto incomplete_or_limit = [&](const codec_error& e) -> result<std::size_t> {
    if (e.kind == errc::incomplete && buffer.size() >= max_message_size)
      return make_error(errc::limit_exceeded, max_message_size, "header block larger than 64 KiB");
    return e;
  };
  if (!r.start_ok()) return incomplete_or_limit(r.error());
  std::size_t content_length = 0;
  std::string scratch;
  raw_field f;
  for (;;) {
    auto st = r.next(f);
    if (st == field_reader::failed) return incomplete_or_limit(r.error());
    if (st == field_reader::end_of_headers) break;
    if (lookup_header(f.name) != hid::content_length) continue;
    std::uint32_t v = 0;
    codec_error err;
    if (!parse_number(cursor{field_value(f, scratch), f.value_offset}, v, true, err)) return err;
    if (v > max_message_size) return make_error(errc::limit_exceeded, f.value_offset, "Content-Length too large");
    content_length = v;
  }
  std::size_t total = r.position() + content_length;
  if (total > max_message_size) return make_error(errc::limit_exceeded, r.position(), "message larger than 64 KiB");
  if (total > buffer.size()) return make_error(errc::incomplete, buffer.size(), "message ends inside the body");
  return total;
}

} // namespace ngn::sip
