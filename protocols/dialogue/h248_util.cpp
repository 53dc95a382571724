#include "protocols/dialogue/h248_util.hpp"

#include "protocols/common/hex.hpp"

#include "protocols/h248/builders.hpp"
#include "protocols/h248/syntax.hpp"

#include <charconv>

namespace ngn::dialogue::h248_util {

namespace {

// FNV-1a, 64 bit: spreads identities and (id, RAND) pairs; not a security function.
constexpr std::uint64_t fnv_basis = 0xcbf29ce484222325ull;
constexpr std::uint64_t fnv_prime = 0x100000001b3ull;

std::uint64_t fnv(std::uint64_t h, const std::uint8_t* p, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * fnv_prime;
  return h;
}

std::uint32_t mix30(std::uint32_t id, const rand_t& rand) noexcept {
  const std::uint8_t b[4] = {std::uint8_t(id >> 24), std::uint8_t(id >> 16), std::uint8_t(id >> 8),
                             std::uint8_t(id)};
  std::uint64_t h = fnv(fnv(fnv_basis, b, 4), rand.data(), rand.size());
  return static_cast<std::uint32_t>(h ^ (h >> 32)) & 0x3fffffffu;
}

// Transaction ids stay below 2^31 (some decoders, tshark's Info column among them, print them
// as signed numbers); the hashed ones have bit 30 set, the counted ones stay below 2^30.
constexpr std::uint32_t hashed_bit = 0x40000000u;

} // namespace

std::string termination_of(std::string_view identity) {
  if (!identity.empty() && h248::is_termination_id(identity)
      && identity.find_first_of("*$") == std::string_view::npos
      && !h248::iequals(identity, h248::root_termination_id))
    return std::string(identity);
  std::uint64_t h = fnv(fnv_basis, reinterpret_cast<const std::uint8_t*>(identity.data()),
                        identity.size());
  return "sub$" + to_hex_number(h, 16);
}

std::string identity_of_termination(std::string_view t) {
  if (t.empty() || t.find_first_of("*$[<") != std::string_view::npos
      || h248::iequals(t, h248::root_termination_id) || !h248::is_termination_id(t))
    return {};
  return std::string(t);
}

std::string element_mid(address a) {
  std::string out = "[" + a.host() + "]";
  if (a.port != 0) out += ":" + std::to_string(a.port);
  return out;
}

std::uint32_t service_change_tid(std::uint32_t serial) {
  return (serial * 2u + 1u) & 0x3fffffffu;
}

std::uint32_t notify_tid(std::uint32_t serial, const rand_t& rand) {
  return hashed_bit | mix30(serial, rand);
}

namespace {
std::uint32_t tid_base(const ngn::session_id& s) { return s.high32() & 0x1fffffffu; }
} // namespace

std::uint32_t challenge_tid(const ngn::session_id& session_id, bool first, const rand_t& rand) {
  const std::uint32_t n = tid_base(session_id);
  return first ? n * 2u + 1u : hashed_bit | mix30(n, rand);
}

std::uint32_t key_tid(const ngn::session_id& session_id) {
  return tid_base(session_id) * 2u + 2u;
}

std::uint32_t request_id_of(const ngn::session_id& session_id) {
  return session_id.high32() & 0x7fffffffu;
}

ngn::session_id session_of_sid(const bytes& sid) noexcept {
  return ngn::session_id::from_bytes(sid.data(), sid.size()).value_or(ngn::session_id{});
}

std::uint32_t life_tid(std::uint32_t sequence) {
  return (sequence % 0x1fffffffu) * 2u + 2u; // at most 2^30 - 2

}

bool spi_ok(std::uint32_t spi) noexcept { return spi == 0 || spi > 255; }

std::string format_tid(std::uint32_t tid) { return std::to_string(tid); }

std::optional<std::uint32_t> parse_tid(std::string_view text) {
  return h248::parse_uint(text, 10, 0xFFFFFFFFu);
}

std::uint16_t error_of(code c) {
  switch (c) {
    case code::ok: return 200;
    case code::bad_request: return h248::error_code::syntax_error;
    case code::unauthorized:
    case code::forbidden: return h248::error_code::unauthorized;
    case code::not_found: return h248::error_code::unknown_termination;
    case code::sec_agree_required: return 454;
    case code::server_error: return h248::error_code::internal_failure;
    case code::unavailable: return 503;
    case code::timeout: return h248::error_code::not_ready;
  }
  return h248::error_code::internal_failure;
}

code code_of(std::uint16_t e) {
  switch (e) {
    case 200: return code::ok;
    case 400: case 401: case 403: case 501: return code::bad_request;
    case 402: return code::forbidden;
    case 430: return code::not_found;
    case 454: return code::sec_agree_required;
    case 500: return code::server_error;
    case 502: return code::timeout;
    case 503: return code::unavailable;
    default: return e >= 400 && e < 500 ? code::forbidden : code::server_error;
  }
}

std::string_view error_text(std::uint16_t e) {
  // H.248.8 §14.2 error code texts.
  switch (e) {
    case 400: return "Syntax error in message";
    case 402: return "Unauthorized";
    case 430: return "Unknown TerminationID";
    case 454: return "No such parameter value in this package";
    case 500: return "Internal software Failure in MG";
    case 501: return "Not Implemented";
    case 502: return "Not ready";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

std::string quotable(std::string_view text) {
  std::string out;
  out.reserve(text.size() < 200 ? text.size() : 200);
  for (char c : text) {
    if (out.size() == 200) break;
    if (c == '"') out += '\'';
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += ' ';
    else out += c;
  }
  return out;
}

std::vector<h248::xsec::mechanism> to_xsec(const mechanism_list& list) {
  std::vector<h248::xsec::mechanism> out;
  out.reserve(list.size());
  for (const auto& m : list) out.push_back(h248::xsec::mechanism{m.name, m.q});
  return out;
}

mechanism_list from_xsec(const std::vector<h248::xsec::mechanism>& list) {
  mechanism_list out;
  out.reserve(list.size());
  for (const auto& m : list) out.push_back(mechanism{m.name, m.q.value_or(0)});
  return out;
}

namespace {

// The only transaction of type T of `m` (const or not), or nullptr.
template <class T, class M>
auto only(M& m) noexcept -> decltype(std::get_if<T>(&m.transactions.front())) {
  decltype(std::get_if<T>(&m.transactions.front())) found = nullptr;
  for (auto& t : m.transactions)
    if (auto* x = std::get_if<T>(&t)) {
      if (found != nullptr) return nullptr;
      found = x;
    }
  return found;
}

template <class C, class T>
C* single_command(T& t) noexcept {
  if (t.actions.size() != 1 || t.actions.front().commands.size() != 1) return nullptr;
  return &t.actions.front().commands.front();
}

} // namespace

const h248::transaction_request* request_of(const h248::message& m) noexcept {
  return only<h248::transaction_request>(m);
}
h248::transaction_request* request_of(h248::message& m) noexcept {
  return only<h248::transaction_request>(m);
}
const h248::transaction_reply* reply_of(const h248::message& m) noexcept {
  return only<h248::transaction_reply>(m);
}
h248::transaction_reply* reply_of(h248::message& m) noexcept {
  return only<h248::transaction_reply>(m);
}
const h248::command_request* command_of(const h248::transaction_request& t) noexcept {
  return single_command<const h248::command_request>(t);
}
h248::command_request* command_of(h248::transaction_request& t) noexcept {
  return single_command<h248::command_request>(t);
}

std::string encode_or_empty(const h248::message& m) {
  auto e = h248::encode(m);
  return e ? std::move(*e) : std::string{};
}

h248::transaction_reply positive_reply(std::uint32_t tid, const h248::command_request& cmd) {
  h248::command_reply r;
  if (auto* sc = std::get_if<h248::service_change_request>(&cmd)) {
    // "Version is REQUIRED on first ServiceChange response" (H.248.1 Annex B).
    h248::service_change_res_parm p;
    p.version = 1;
    r = h248::make_service_change_reply(sc->termination_id, std::move(p));
  } else if (auto* amm = std::get_if<h248::amm_request>(&cmd)) {
    r = h248::make_modify_reply(amm->termination_id, std::nullopt,
                                static_cast<h248::amms_kind>(amm->kind));
  } else if (auto* n = std::get_if<h248::notify_request>(&cmd)) {
    r = h248::make_notify_reply(n->termination_id);
  } else {
    r = h248::make_modify_reply(std::get<h248::subtract_request>(cmd).termination_id,
                                std::nullopt, h248::amms_kind::subtract);
  }
  h248::action_reply a;
  a.command_replies.push_back(std::move(r));
  h248::transaction_reply t;
  t.transaction_id = tid;
  t.action_replies.push_back(std::move(a));
  return t;
}

std::string modify_ack(std::string_view termination_id, std::uint32_t tid) {
  // What h248::encode() checks of that message: the mId and the TerminationID.
  if (!h248::is_mid(termination_id) || !h248::is_termination_id(termination_id)) return {};
  char digits[10];
  const auto end = std::to_chars(digits, digits + sizeof digits, tid).ptr;
  // encode()'s layout (long tokens, 2-space indentation, CRLF), wire-bindings.md §4.1.
  constexpr std::string_view head = "MEGACO/1 ", reply = "\r\nReply = ",
                             action = " {\r\n  Context = - {\r\n    Modify = ",
                             tail = "\r\n  }\r\n}\r\n";
  std::string out;
  out.reserve(head.size() + reply.size() + action.size() + tail.size() + sizeof digits
              + 2 * termination_id.size());
  out.append(head).append(termination_id).append(reply);
  out.append(digits, static_cast<std::size_t>(end - digits));
  out.append(action).append(termination_id).append(tail);
  return out;
}

} // namespace ngn::dialogue::h248_util
