#include "protocols/dialogue/mgcp_util.hpp"

#include "protocols/common/hex.hpp"
#include "protocols/dialogue/life_values.hpp"
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"

#include <variant>

namespace ngn::dialogue::mgcp_util {

const mgcp::command* command_of(const inbound& in) {
  const auto* m = std::get_if<mgcp::message>(&in.original);
  return m != nullptr ? std::get_if<mgcp::command>(m) : nullptr;
}

namespace {

// Encoded straight from what is given: visiting a message to call encode() with one of its
// alternatives built a message variant again, a copy of the whole command.
template <class M>
std::string encoded_text(const M& m) {
  std::string out;
  if (!mgcp::encode_to(m, out)) return {}; // encode_to leaves `out` empty on error
  return out;
}

} // namespace

std::string encoded(const mgcp::message& m) { return encoded_text(m); }
std::string encoded(const mgcp::command& m) { return encoded_text(m); }
std::string encoded(const mgcp::response& m) { return encoded_text(m); }

std::uint32_t fold_txid(std::uint64_t v) noexcept {
  if (v == 0) return max_txid;
  return static_cast<std::uint32_t>((v - 1) % max_txid + 1);
}

std::uint32_t challenge_txid(const ngn::session_id& session_id) noexcept {
  if (!session_id) return max_txid;
  // 2·h − 1 and 2·h for the first 32 bits h, folded: two consecutive (so distinct) ids.
  return fold_txid(std::uint64_t{session_id.high32()} * 2 + 2 * std::uint64_t{max_txid} - 1);
}

std::uint32_t key_txid(const ngn::session_id& session_id) noexcept {
  return fold_txid(std::uint64_t{session_id.high32()} * 2 + 2 * std::uint64_t{max_txid});
}

std::uint32_t terminal_txid(std::uint32_t serial, std::uint32_t kind) noexcept {
  return fold_txid(std::uint64_t{serial} * 16 + (kind & 15u));
}

std::uint32_t terminal_txid(const terminal_view& t, std::uint32_t kind) noexcept {
  if (t.sequence == 0) return terminal_txid(t.serial, kind);
  return fold_txid(t.sequence);
}

void add_lifetime(std::vector<mgcp::parameter>& params, std::uint32_t lifetime) {
  if (lifetime != 0) params.emplace_back(mgcp::ext::lt, std::to_string(lifetime));
}

void add_spi(std::vector<mgcp::parameter>& params, std::string_view code, std::uint32_t spi) {
  if (spi != 0) params.emplace_back(code, std::to_string(spi));
}

result<std::uint32_t> read_lifetime(const std::vector<mgcp::parameter>& params) {
  const auto* p = mgcp::find(params, mgcp::ext::lt);
  if (p == nullptr) return std::uint32_t{0};
  auto v = life::parse_u32(p->value);
  if (!v)
    return make_error(errc::malformed, 0,
                      std::string(mgcp::ext::lt) + " is not a lifetime in seconds: " + p->value);
  return *v;
}

result<std::uint32_t> read_spi(const std::vector<mgcp::parameter>& params, std::string_view code) {
  const auto* p = mgcp::find(params, code);
  if (p == nullptr) return std::uint32_t{0};
  auto v = life::parse_spi(p->value);
  if (!v)
    return make_error(errc::malformed, 0,
                      std::string(code) + " is not an SPI (decimal 256..4294967295, RFC 4303 "
                                          "§2.1): " + p->value);
  return *v;
}

std::string request_id(const ngn::session_id& session_id) { return session_id.hex(true); }

ngn::session_id parse_request_id(std::string_view x) noexcept {
  return ngn::session_id::parse(x).value_or(ngn::session_id{});
}

std::uint32_t parse_txid(std::string_view tid) noexcept {
  if (tid.empty() || tid.size() > 9) return 0;
  std::uint32_t v = 0;
  for (char c : tid) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return v;
}

void set_param(std::vector<mgcp::parameter>& params, std::string_view code, std::string value,
               std::initializer_list<std::string_view> after) {
  for (auto& p : params)
    if (mgcp::iequals(p.code, code)) {
      p.value = std::move(value);
      return;
    }
  std::size_t at = params.size();
  for (std::size_t i = params.size(); i > 0; --i) {
    bool anchor = false;
    for (auto a : after) anchor = anchor || mgcp::iequals(params[i - 1].code, a);
    if (anchor) {
      at = i;
      break;
    }
  }
  params.insert(params.begin() + static_cast<std::ptrdiff_t>(at),
                mgcp::parameter{code, value});
}

void erase_param(std::vector<mgcp::parameter>& params, std::string_view code) {
  for (auto i = params.begin(); i != params.end();)
    i = mgcp::iequals(i->code, code) ? params.erase(i) : std::next(i);
}

result<mechanism_list> read_mechanisms(const std::vector<mgcp::parameter>& params,
                                       std::string_view code) {
  const auto* p = mgcp::find(params, code);
  if (p == nullptr) return mechanism_list{};
  auto list = parse_mechanisms(p->value);
  if (!list)
    return make_error(errc::malformed, 0,
                      std::string(code) + " is not a mechanism list: " + list.error().detail);
  return list;
}

std::string chosen_text(std::string_view chosen, const mechanism_list* edge) {
  if (edge != nullptr)
    for (const auto& m : *edge)
      if (m.name == chosen) return format_mechanisms({m});
  return std::string(chosen);
}

std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size() < 200 ? text.size() : 200);
  for (char c : text) {
    if (out.size() >= 200) break;
    const bool printable = c >= 0x21 && c <= 0x7e;
    if (printable) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

} // namespace ngn::dialogue::mgcp_util
