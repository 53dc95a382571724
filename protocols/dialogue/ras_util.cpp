#include "protocols/dialogue/ras_util.hpp"

#include "protocols/ras/codec.hpp"

#include <algorithm>
#include <ctime>

namespace ngn::dialogue::ras_util {

namespace {

ras::object_identifier ngn_oid(std::uint32_t item) {
  return ras::object_identifier{{2, 999, 1, item}};
}

ras::enumerated_parameter param(std::int64_t id, ras::content value) {
  return ras::enumerated_parameter{ras::generic_standard{id}, std::move(value), {}};
}

bool has_id(const ras::generic_data& g, const ras::object_identifier& kind) {
  const auto* oid = std::get_if<ras::object_identifier>(&g.id);
  return oid != nullptr && oid->arcs == kind.arcs;
}

/// The content of parameter `id` of `g`, or nullptr.
const ras::content* param_of(const ras::generic_data& g, std::int64_t id) {
  if (!g.parameters) return nullptr;
  for (const auto& p : *g.parameters) {
    const auto* s = std::get_if<ras::generic_standard>(&p.id);
    if (s != nullptr && s->value == id && p.content) return &*p.content;
  }
  return nullptr;
}

template <class T>
const T* param_as(const ras::generic_data& g, std::int64_t id) {
  const auto* c = param_of(g, id);
  return c == nullptr ? nullptr : std::get_if<T>(c);
}

} // namespace

const identifiers& ids() {
  static const identifiers i{
    ras::h225_protocol_identifier(h225_version),
    ras::object_identifier{{2, 16, 840, 1, 101, 3, 4, 1, 5}},
    ras::object_identifier{{1, 2, 840, 113549, 2, 9}},
    ras::object_identifier{{2, 16, 840, 1, 101, 3, 4, 1, 6}},
    ngn_oid(1), ngn_oid(2), ngn_oid(3), ngn_oid(4), ngn_oid(5), ngn_oid(6),
    ngn_oid(10), ngn_oid(11), ngn_oid(12), ngn_oid(13), ngn_oid(14), ngn_oid(15),
    ngn_oid(16), ngn_oid(17),
  };
  return i;
}

std::uint16_t first_seq(std::uint32_t serial) noexcept {
  return static_cast<std::uint16_t>(1 + (std::uint64_t{serial} * 8) % 65535);
}

std::uint16_t next_seq(std::uint16_t seq) noexcept {
  return seq >= 65535 ? 1 : static_cast<std::uint16_t>(seq + 1);
}

std::uint16_t life_seq(std::uint32_t sequence) noexcept {
  return static_cast<std::uint16_t>(1 + sequence % 65535);
}

std::optional<std::uint16_t> parse_seq(std::string_view tid) noexcept {
  if (tid.empty() || tid.size() > 5) return std::nullopt;
  std::uint32_t v = 0;
  for (char ch : tid) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint32_t>(ch - '0');
  }
  if (v < 1 || v > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

std::u16string to_bmp(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0xFFFD;
    std::size_t len = 1;
    if (b < 0x80) {
      cp = b;
    } else if ((b & 0xE0) == 0xC0 || (b & 0xF0) == 0xE0 || (b & 0xF8) == 0xF0) {
      len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : 4;
      std::uint32_t v = b & (0x7F >> len);
      bool ok = i + len <= s.size();
      for (std::size_t k = 1; ok && k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        ok = (c & 0xC0) == 0x80;
        v = (v << 6) | (c & 0x3F);
      }
      static constexpr std::uint32_t min_of[] = {0, 0, 0x80, 0x800, 0x10000};
      if (!ok) len = 1;
      else if (v >= min_of[len] && v <= 0xFFFF && (v < 0xD800 || v > 0xDFFF)) cp = v;
    }
    out.push_back(static_cast<char16_t>(cp));
    i += len;
  }
  return out;
}

std::string from_bmp(const std::u16string& bmp) {
  std::string out;
  out.reserve(bmp.size());
  for (char16_t ch : bmp) {
    const auto c = static_cast<std::uint32_t>(ch);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::optional<std::u16string> identifier(std::string_view text) {
  if (text.empty()) return std::nullopt;
  auto s = to_bmp(text);
  if (s.size() > 128) s.resize(128);
  return s;
}

std::string ia5_text(std::string_view text) {
  std::string out;
  for (char ch : text.substr(0, 200)) out += (ch >= 0x20 && ch < 0x7F) ? ch : '?';
  return out;
}

std::string identity_of(const std::optional<std::vector<ras::alias_address>>& aliases) {
  if (!aliases) return {};
  for (const auto& a : *aliases)
    if (const auto* h = std::get_if<ras::h323_id>(&a)) return from_bmp(h->value);
  return {};
}

std::vector<ras::alias_address> alias_of(std::string_view identity) {
  return {ras::h323_id{to_bmp(identity)}};
}

ras::transport_address transport(address a, std::uint16_t port) {
  ras::ip_address ip;
  ip.ip = {static_cast<std::uint8_t>(a.ipv4 >> 24), static_cast<std::uint8_t>(a.ipv4 >> 16),
           static_cast<std::uint8_t>(a.ipv4 >> 8), static_cast<std::uint8_t>(a.ipv4)};
  ip.port = port;
  return ip;
}

ras::vendor_identifier vendor() {
  ras::vendor_identifier v;
  v.vendor = ras::h221_non_standard{0xFF, 0, 0, {}};
  v.product_id = std::vector<std::uint8_t>{'n', 'g', 'n', 'e', 'm', 'u'};
  v.version_id = std::vector<std::uint8_t>{'1'};
  return v;
}

std::uint32_t time_stamp(micros now) noexcept {
  const auto secs = now / seconds;
  return secs <= 0 ? 1 : static_cast<std::uint32_t>(secs);
}

std::u16string endpoint_id(const ngn::session_id& session_id) {
  // None is 32 zeros (a BMPString needs at least one character), which names no session.
  const std::string hex = session_id ? session_id.hex() : std::string(32, '0');
  return std::u16string(hex.begin(), hex.end());
}

ngn::session_id session_of_endpoint(const std::u16string& e) noexcept {
  if (e.size() != 2 * ngn::session_id::size) return {};
  std::string narrow(e.size(), '\0');
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i] > 0x7f) return {};
    narrow[i] = static_cast<char>(e[i]);
  }
  return ngn::session_id::parse(narrow).value_or(ngn::session_id{});
}

const ras::clear_token* find_token(const std::optional<std::vector<ras::clear_token>>& tokens,
                                   const ras::object_identifier& oid) {
  if (!tokens) return nullptr;
  for (const auto& t : *tokens)
    if (t.token_oid.arcs == oid.arcs) return &t;
  return nullptr;
}

ras::clear_token* find_token(std::optional<std::vector<ras::clear_token>>& tokens,
                             const ras::object_identifier& oid) {
  const auto& c = tokens;
  return const_cast<ras::clear_token*>(find_token(c, oid));
}

void erase_tokens(std::optional<std::vector<ras::clear_token>>& tokens,
                  const ras::object_identifier& oid) {
  if (!tokens) return;
  auto& v = *tokens;
  v.erase(std::remove_if(v.begin(), v.end(),
                         [&](const ras::clear_token& t) { return t.token_oid.arcs == oid.arcs; }),
          v.end());
  if (v.empty()) tokens.reset();
}

ras::clear_token session_id_token(const ngn::session_id& session_id) {
  ras::clear_token t;
  t.token_oid = ids().session_id_token;
  t.challenge.emplace(session_id.bytes.begin(), session_id.bytes.end());
  return t;
}

ngn::session_id session_of(const std::optional<std::vector<ras::clear_token>>& tokens) noexcept {
  const auto* t = find_token(tokens, ids().session_id_token);
  if (t == nullptr || !t->challenge) return {};
  return ngn::session_id::from_bytes(t->challenge->data(), t->challenge->size())
    .value_or(ngn::session_id{});
}

void add_session_id(std::optional<std::vector<ras::clear_token>>& tokens,
                    const ngn::session_id& session_id) {
  if (!session_id) return;
  if (!tokens) tokens.emplace();
  tokens->push_back(session_id_token(session_id));
}

ras::h235_key wrapped_key(const std::uint8_t* data, std::size_t n) {
  // RFC 3394 key wrap: the integrity check value is the IV, so paramS stays empty.
  ras::encrypted e;
  e.algorithm_oid = ids().aes128_wrap;
  e.encrypted_data.assign(data, data + n);
  return e;
}

std::vector<std::uint8_t> wrapped_of(const ras::clear_token* t) {
  if (t == nullptr || !t->h235_key) return {};
  const auto* e = std::get_if<ras::encrypted>(&*t->h235_key);
  if (e == nullptr || e->algorithm_oid.arcs != ids().aes128_wrap.arcs) return {};
  return e->encrypted_data;
}

ras::crypto_h323_token verification_word(std::string_view identity, const std::uint8_t* word,
                                         std::size_t n, micros now) {
  // H.235.0 cryptoEPPwdHash: the endpoint's alias, a time stamp and the hashed password — here
  // the AKA response RES (DESIGN.md §2), which the AuC's XRES is compared with.
  ras::crypto_ep_pwd_hash t;
  t.alias = ras::h323_id{to_bmp(identity)};
  t.time_stamp = time_stamp(now);
  t.token.algorithm_oid = ids().aka_res;
  t.token.hash = ras::make_bit_string(std::vector<std::uint8_t>(word, word + n));
  return t;
}

const ras::bit_string* verification_word_of(
  const std::optional<std::vector<ras::crypto_h323_token>>& tokens) {
  if (!tokens) return nullptr;
  for (const auto& t : *tokens) {
    const auto* ep = std::get_if<ras::crypto_ep_pwd_hash>(&t);
    if (ep != nullptr && ep->token.algorithm_oid.arcs == ids().aka_res.arcs) return &ep->token.hash;
  }
  return nullptr;
}

ras::crypto_h323_token mac_token(std::string_view identity, const ngn::session_id& session_id,
                                 const std::uint8_t* mac, std::size_t n) {
  // H.235.1-style layout (wire-bindings.md §5.2): the hashed values name what the MAC binds.
  ras::crypto_hashed_token h;
  h.token_oid = ids().mvw_token;
  h.hashed_vals.token_oid = ids().mvw_token;
  h.hashed_vals.challenge.emplace(session_id.bytes.begin(), session_id.bytes.end());
  h.hashed_vals.general_id = identifier(identity);
  h.token.algorithm_oid = ids().hmac_sha256;
  h.token.hash = ras::make_bit_string(std::vector<std::uint8_t>(mac, mac + n));
  return ras::crypto_token{std::move(h)};
}

namespace {

const ras::crypto_hashed_token* as_mac(const ras::crypto_h323_token& t) {
  const auto* nested = std::get_if<ras::crypto_token>(&t);
  if (nested == nullptr) return nullptr;
  const auto* h = std::get_if<ras::crypto_hashed_token>(nested);
  return h != nullptr && h->token_oid.arcs == ids().mvw_token.arcs ? h : nullptr;
}

} // namespace

std::vector<std::uint8_t> mac_of(const std::optional<std::vector<ras::crypto_h323_token>>& tokens) {
  if (!tokens) return {};
  for (const auto& t : *tokens)
    if (const auto* h = as_mac(t); h != nullptr && h->token.hash.bit_length % 8 == 0)
      return h->token.hash.data;
  return {};
}

void erase_mac(std::optional<std::vector<ras::crypto_h323_token>>& tokens) {
  if (!tokens) return;
  auto& v = *tokens;
  v.erase(std::remove_if(v.begin(), v.end(), [](const auto& t) { return as_mac(t) != nullptr; }),
          v.end());
  if (v.empty()) tokens.reset();
}

void add_mechanisms(generic_list& data, const ras::object_identifier& kind,
                    const mechanism_list& list) {
  if (list.empty()) return;
  if (!data) data.emplace();
  for (const auto& m : list) {
    ras::generic_data g;
    g.id = kind;
    g.parameters = std::vector<ras::enumerated_parameter>{
      param(1, ras::content_text{ia5_text(m.name)}), param(2, ras::content_number16{m.q})};
    data->push_back(std::move(g));
  }
}

result<mechanism_list> mechanisms_of(const generic_list& data,
                                     const ras::object_identifier& kind) {
  mechanism_list out;
  if (!data) return out;
  for (const auto& g : *data) {
    if (!has_id(g, kind)) continue;
    const auto* name = param_as<ras::content_text>(g, 1);
    if (name == nullptr || name->value.empty())
      return make_error(errc::malformed, 0, "genericData mechanism without a name");
    const auto* q = param_as<ras::content_number16>(g, 2);
    out.push_back(mechanism{name->value, q != nullptr ? q->value : std::uint16_t{0}});
  }
  return out;
}

void erase_items(generic_list& data, const ras::object_identifier& kind) {
  if (!data) return;
  auto& v = *data;
  v.erase(std::remove_if(v.begin(), v.end(), [&](const auto& g) { return has_id(g, kind); }),
          v.end());
  if (v.empty()) data.reset();
}

void set_chosen(generic_list& data, std::string_view chosen, const mechanism_list* edge) {
  erase_items(data, ids().chosen);
  if (chosen.empty()) return;
  if (!data) data.emplace();
  ras::generic_data g;
  g.id = ids().chosen;
  g.parameters =
    std::vector<ras::enumerated_parameter>{param(1, ras::content_text{ia5_text(chosen)})};
  if (edge != nullptr)
    for (const auto& m : *edge)
      if (m.name == chosen) g.parameters->push_back(param(2, ras::content_number16{m.q}));
  data->push_back(std::move(g));
}

void set_result(generic_list& data, code c, std::string_view reason) {
  erase_items(data, ids().result);
  if (!data) data.emplace();
  ras::generic_data g;
  g.id = ids().result;
  g.parameters = std::vector<ras::enumerated_parameter>{
    param(1, ras::content_number16{static_cast<std::uint16_t>(c)})};
  if (!reason.empty()) g.parameters->push_back(param(2, ras::content_text{ia5_text(reason)}));
  data->push_back(std::move(g));
}

std::optional<std::pair<code, std::string>> result_of(const generic_list& data) {
  if (!data) return std::nullopt;
  for (const auto& g : *data) {
    if (!has_id(g, ids().result)) continue;
    const auto* c = param_as<ras::content_number16>(g, 1);
    if (c == nullptr) continue;
    const auto* text = param_as<ras::content_text>(g, 2);
    return std::make_pair(static_cast<code>(c->value), text ? text->value : std::string{});
  }
  return std::nullopt;
}

void set_spi(generic_list& data, const ras::object_identifier& kind, std::uint32_t spi) {
  erase_items(data, kind);
  if (spi == 0) return;
  if (!data) data.emplace();
  ras::generic_data g;
  g.id = kind;
  g.parameters = std::vector<ras::enumerated_parameter>{param(1, ras::content_number32{spi})};
  data->push_back(std::move(g));
}

result<std::uint32_t> spi_of(const generic_list& data, const ras::object_identifier& kind) {
  if (!data) return std::uint32_t{0};
  for (const auto& g : *data) {
    if (!has_id(g, kind)) continue;
    const auto* n = param_as<ras::content_number32>(g, 1);
    if (n == nullptr || n->value < 256)
      return make_error(errc::malformed, 0, "genericData SPI without a number32 of 256..2^32-1");
    return n->value;
  }
  return std::uint32_t{0};
}

void set_sec_agree_failed(generic_list& data) {
  erase_items(data, ids().sec_agree);
  if (!data) data.emplace();
  ras::generic_data g;
  g.id = ids().sec_agree;
  g.parameters = std::vector<ras::enumerated_parameter>{param(1, ras::content_bool{true})};
  data->push_back(std::move(g));
}

bool sec_agree_failed(const generic_list& data) {
  if (!data) return false;
  for (const auto& g : *data)
    if (has_id(g, ids().sec_agree)) {
      const auto* b = param_as<ras::content_bool>(g, 1);
      return b != nullptr && b->value;
    }
  return false;
}

ras::gatekeeper_reject_code grj_reason(code c) noexcept {
  using r = ras::gatekeeper_reject_code;
  switch (c) {
    case code::unauthorized:
    case code::forbidden:
    case code::sec_agree_required: return r::security_denial;
    case code::not_found: return r::terminal_excluded;
    case code::unavailable:
    case code::timeout: return r::resource_unavailable;
    default: return r::undefined_reason;
  }
}

ras::registration_reject_code rrj_reason(code c) noexcept {
  using r = ras::registration_reject_code;
  switch (c) {
    case code::unauthorized:
    case code::forbidden:
    case code::sec_agree_required: return r::security_denial;
    case code::not_found: return r::invalid_alias;
    case code::unavailable:
    case code::timeout: return r::resource_unavailable;
    default: return r::undefined_reason;
  }
}

ras::unreg_reject_code urj_reason(code c) noexcept {
  using r = ras::unreg_reject_code;
  switch (c) {
    case code::unauthorized:
    case code::forbidden:
    case code::sec_agree_required: return r::security_denial;
    case code::not_found: return r::not_currently_registered;
    default: return r::undefined_reason;
  }
}

code code_of(const ras::gatekeeper_reject_reason& r) noexcept {
  const auto* c = std::get_if<ras::gatekeeper_reject_code>(&r);
  if (c == nullptr) return code::forbidden;  // securityError
  switch (*c) {
    case ras::gatekeeper_reject_code::resource_unavailable: return code::unavailable;
    case ras::gatekeeper_reject_code::terminal_excluded: return code::not_found;
    case ras::gatekeeper_reject_code::security_denial: return code::forbidden;
    default: return code::server_error;
  }
}

code code_of(const ras::registration_reject_reason& r) noexcept {
  const auto* c = std::get_if<ras::registration_reject_code>(&r);
  if (c == nullptr) return code::forbidden;  // duplicateAlias, securityError
  switch (*c) {
    case ras::registration_reject_code::resource_unavailable: return code::unavailable;
    case ras::registration_reject_code::invalid_alias: return code::not_found;
    case ras::registration_reject_code::security_denial: return code::forbidden;
    // H.323 §7.2.2: the answer to a lightweight RRQ the gatekeeper has no registration for.
    case ras::registration_reject_code::full_registration_required: return code::not_found;
    default: return code::server_error;
  }
}

code code_of(const ras::unreg_reject_reason& r) noexcept {
  const auto* c = std::get_if<ras::unreg_reject_code>(&r);
  if (c == nullptr || *c == ras::unreg_reject_code::security_denial) return code::forbidden;
  return *c == ras::unreg_reject_code::not_currently_registered ? code::not_found
                                                                 : code::server_error;
}

std::string to_wire(const ras::ras_message& m) {
  auto e = ras::encode(m);
  if (!e) return {};
  return std::string(reinterpret_cast<const char*>(e->data()), e->size());
}

} // namespace ngn::dialogue::ras_util
