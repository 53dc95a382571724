#include "protocols/dialogue/sip_util.hpp"

#include "protocols/common/hex.hpp"
#include "protocols/dialogue/life_values.hpp"
#include "protocols/sip/sec_agree.hpp"

namespace ngn::dialogue::sip_util {

result<mechanism_list> to_mechanisms(const std::vector<sip::sec_mechanism>& list) {
  mechanism_list out;
  if (list.empty()) return out;
  out.reserve(list.size());
  for (const auto& m : list) out.push_back(mechanism{m.name, m.q_milli().value_or(0)});
  if (auto ok = check_mechanisms(out); !ok) return ok.error();
  return out;
}

std::vector<sip::sec_mechanism> to_sec_mechanisms(const mechanism_list& list) {
  std::vector<sip::sec_mechanism> out;
  out.reserve(list.size());
  for (const auto& m : list) out.push_back(sip::make_mechanism(m.name, m.q));
  return out;
}

sip::sec_mechanism chosen_mechanism(std::string_view chosen, const mechanism_list* edge) {
  if (edge != nullptr)
    for (const auto& m : *edge)
      if (m.name == chosen) return sip::make_mechanism(chosen, m.q);
  return sip::make_mechanism(chosen, std::nullopt);
}

std::string hex32(std::uint32_t v) { return to_hex_number(v, 8); }

std::string format_session_id(const ngn::session_id& id) { return id.hex(); }

ngn::session_id parse_session_id(std::string_view opaque) {
  return ngn::session_id::parse(opaque).value_or(ngn::session_id{});
}

void from_hex_into(std::string_view hex, std::vector<std::uint8_t>& out) {
  // Decoded in place (no optional<bytes> to move from).
  out.resize(hex.size() / 2);
  if (hex.size() % 2 != 0 || !from_hex(hex, out.data(), out.size())) out.clear();
}

std::string reason_text(std::string_view value) {
  auto pos = value.find("text=\"");
  if (pos == std::string_view::npos) return std::string(value);
  pos += 6;
  auto end = value.find('"', pos);
  return std::string(value.substr(pos, end == std::string_view::npos ? end : end - pos));
}

std::string warning_text(std::string_view value) {
  const auto open = value.find('"');
  if (open == std::string_view::npos) return {};
  const auto close = value.find('"', open + 1);
  if (close == std::string_view::npos) return {};
  return std::string(value.substr(open + 1, close - open - 1));
}

std::string local_tag(const ngn::session_id& session_id) {
  return "ss" + hex32(session_id.high32()); // a tag, not the session's identification
}

void set_spi(std::vector<sip::sec_mechanism>& list, std::string_view name, std::uint32_t spi) {
  if (spi == 0) return;
  const auto text = std::to_string(spi);
  for (auto& m : list) sip::set_param(m.params, name, text, false);
}

result<std::uint32_t> read_spi(const std::vector<sip::sec_mechanism>& list,
                               std::string_view name) {
  std::uint32_t spi = 0;
  for (const auto& m : list) {
    const auto* p = sip::find_param(m.params, name);
    if (p == nullptr) continue;
    const auto v = life::parse_spi(p->value);
    if (!v)
      return make_error(errc::malformed, 0,
                        std::string(name) + "=" + p->value
                          + " is not an SPI (decimal 256..4294967295, RFC 4303 §2.1)");
    if (spi != 0 && *v != spi)
      return make_error(errc::malformed, 0,
                        "the mechanisms carry different " + std::string(name) + " values");
    spi = *v;
  }
  return spi;
}

std::optional<std::uint32_t> contact_expires(const sip::name_addr& contact) {
  const auto* p = sip::find_param(contact.params, "expires");
  if (p == nullptr) return std::nullopt;
  return life::parse_u32(p->value);
}

std::uint32_t lifetime_of(const sip::message& m) {
  if (!m.contacts.empty())
    if (auto e = contact_expires(m.contacts.front())) return *e;
  return m.expires.value_or(0);
}

bool bindings_removed(const sip::message& r) {
  bool all_zero = !r.contacts.empty();
  bool any_other = false;
  for (const auto& ct : r.contacts) {
    const auto e = contact_expires(ct);
    all_zero = all_zero && e && *e == 0;
    any_other = any_other || (e && *e != 0);
  }
  if (all_zero) return true;
  return r.expires && *r.expires == 0 && !any_other;
}

std::string register_call_id(const terminal_view& t) {
  return hex32(t.number) + "@" + t.local.host();
}

std::uint32_t cseq_of(const terminal_view& t, std::uint32_t fallback, std::uint32_t floor) {
  // RFC 3261 §8.1.1.5: "MUST be less than 2**31".
  constexpr std::uint32_t limit = 0x7FFFFFFFu;
  std::uint32_t n = t.sequence == 0 ? fallback : (t.sequence - 1) % limit + 1;
  if (n < floor && floor <= limit) n = floor;
  return n;
}

std::string from_tag(const terminal_view& t) {
  if (t.sequence == 0) return hex32(t.serial);
  return hex32(t.serial) + "." + std::to_string(t.sequence);
}

std::string user_of(std::string_view identity) {
  return std::string(identity.substr(0, identity.find('@')));
}

sip::message terminal_register(const terminal_view& t, std::uint32_t cseq, std::string_view tag) {
  sip::message m;
  m.method = "REGISTER";
  m.request_uri = "sip:" + std::string(t.domain);
  m.vias.push_back(terminal_via(t, cseq));
  m.max_forwards = 70;
  m.from.uri = "sip:" + std::string(t.identity);
  sip::set_tag(m.from, tag);
  m.to.uri = m.from.uri;
  m.call_id = register_call_id(t);
  m.cseq = sip::cseq{cseq, "REGISTER"};
  sip::name_addr contact;
  contact.uri = "sip:" + user_of(t.identity) + "@" + t.local.host_port();
  m.contacts.push_back(std::move(contact));
  m.expires = t.lifetime; // RFC 3261 §10.2.1.1: the lifetime asked for
  if (t.offered != nullptr && !t.offered->empty()) {
    // RFC 3329 §2.3.1: sec-agree in Require and Proxy-Require, the client's list; the
    // terminal's inbound SPI on every entry (DESIGN.md §1.2, like TS 33.203's spi-c).
    m.require = {"sec-agree"};
    m.proxy_require = {"sec-agree"};
    m.supported = {"sec-agree"};
    m.security_client = to_sec_mechanisms(*t.offered);
    set_spi(m.security_client, spi_client_param, t.spi);
  }
  return m;
}

sip::via terminal_via(const terminal_view& t, std::uint32_t cseq) {
  sip::via v;
  v.host = t.local.host();
  v.port = t.local.port;
  // RFC 3261 §8.1.1.7: a branch unique per transaction, with the magic cookie; RFC 3581 rport.
  sip::set_param(v.params, "branch", "z9hG4bK" + hex32(t.serial) + "." + std::to_string(cseq));
  sip::set_param(v.params, "rport", "");
  return v;
}

namespace {

std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\'';
    else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) out += ' ';
    else out += c;
  }
  if (out.size() > 200) out.resize(200);
  return out;
}

bool iprefix(std::string_view line, std::string_view name) {
  if (line.size() <= name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char a = line[i], b = name[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  std::size_t i = name.size();
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i < line.size() && line[i] == ':';
}

} // namespace

sip::header warning(address local, std::string_view text) {
  return sip::header{"Warning", "399 " + local.host() + " \"" + sanitize(text) + "\""};
}

std::string bad_request(std::string_view wire, const codec_error& err, address local) {
  // Only requests get an answer, and only with what §8.2.6.2 needs to route and match it.
  auto eol = wire.find('\n');
  std::string_view first = wire.substr(0, eol);
  if (first.empty() || first.substr(0, 4) == "SIP/" || first.find("SIP/2.0") == std::string_view::npos)
    return {};
  struct wanted {
    std::string_view full, compact;
    std::string line;
  } hs[] = {{"Via", "v", {}}, {"From", "f", {}}, {"To", "t", {}}, {"Call-ID", "i", {}},
            {"CSeq", "", {}}};
  std::vector<std::string> vias;
  std::size_t pos = eol == std::string_view::npos ? wire.size() : eol + 1;
  while (pos < wire.size()) {
    auto next = wire.find('\n', pos);
    std::string_view line = wire.substr(pos, next == std::string_view::npos ? next : next - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    for (auto& h : hs) {
      if (iprefix(line, h.full) || (!h.compact.empty() && iprefix(line, h.compact))) {
        std::string l{line};
        for (auto& ch : l)
          if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t') ch = ' ';
        if (h.full == "Via") vias.push_back(std::move(l));
        else if (h.line.empty()) h.line = std::move(l);
      }
    }
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  if (vias.empty()) return {};
  for (std::size_t i = 1; i < std::size(hs); ++i)
    if (hs[i].line.empty()) return {};
  std::string out = "SIP/2.0 400 Bad Request\r\n";
  for (auto& v : vias) out += v + "\r\n";
  for (std::size_t i = 1; i < std::size(hs); ++i) out += hs[i].line + "\r\n";
  out += "Warning: 399 " + local.host() + " \"" + sanitize(err.describe()) + "\"\r\n";
  out += "Content-Length: 0\r\n\r\n";
  return out;
}

} // namespace ngn::dialogue::sip_util
