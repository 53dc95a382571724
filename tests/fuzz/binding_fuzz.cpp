// libFuzzer harness for every protocol binding of the registration dialogue
// (protocols/dialogue/binding.hpp). The first input byte picks the protocol (ngn::all_protocols,
// binding_fuzz.hpp), the rest is the datagram. The binding decodes it, then the harness does with
// it what the elements would (elements/*_fsm.cpp):
//  - undecodable: the error points inside the datagram, and the protocol's malformed_answer
//    (what a soft switch or proxy sends back) decodes, if there is one, unless it fails on a
//    line it echoes from the datagram (fails_on_echoed_line);
//  - decoded: the ack, a rejection, the proxy's relay both ways (its hop_tid toward the soft
//    switch, the terminal's own transaction id back, a mechanism list, the chosen mechanism, a
//    MAC, E_Ksp(SK) stripped, a result code), the soft switch's challenge (to a registration
//    request or message), expected_proof, admit and success (to a registration message), and the
//    terminal's answers to a challenge (registration message, resynchronisation, authentication
//    failure, key refusal) or to a success (key refusal), built with a fixed terminal_view.
// Everything a binding produces must decode again with the same binding (or exceed the codec's
// limits, see must_decode), as the step it is meant to be; abort() otherwise (libFuzzer and the
// corpus replay, fuzz_corpus_binding, report it).
// The seed corpus (corpus/binding/) comes from binding_seeds.cpp.
#include "tests/fuzz/binding_fuzz.hpp"

#include "protocols/dialogue/binding.hpp"
#include "tests/common/test_bindings.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ngn::fuzz {
output_sink binding_output_sink = nullptr;
}

namespace {

using namespace ngn::dialogue;
using ngn::protocol;

/// The largest session id (every bit set): the longest text form of every binding.
const ngn::session_id all_ones = *ngn::session_id::parse("ffffffffffffffffffffffffffffffff");

constexpr std::string_view identity = "alice@ngn.example";
constexpr std::string_view domain = "ngn.example";
constexpr std::string_view proxy_name = "sp1";

/// The codes an element rejects with (401 is a challenge, not a rejection).
constexpr std::array<code, 7> codes{code::bad_request, code::forbidden, code::not_found,
                                    code::sec_agree_required, code::server_error,
                                    code::unavailable, code::timeout};

template <std::size_t N>
std::array<std::uint8_t, N> pattern(std::uint8_t first) {
  std::array<std::uint8_t, N> a{};
  for (std::size_t i = 0; i < N; ++i) a[i] = static_cast<std::uint8_t>(first + 7 * i);
  return a;
}

const rand_t rand_value = pattern<16>(0x11);
const autn_t autn_value = pattern<16>(0x52);
const res_t res_value = pattern<8>(0xa0);
const auts_t auts_value = pattern<14>(0x3c);
const std::array<std::uint8_t, 40> wrapped_t = pattern<40>(0x01);
const std::array<std::uint8_t, 40> wrapped_edge = pattern<40>(0x80);
const std::array<std::uint8_t, 16> mac_value = pattern<16>(0xc5);

[[noreturn]] void fail(const binding& b, std::string_view what, std::string_view why,
                       std::string_view out) {
  std::fprintf(stderr, "binding_fuzz: %.*s: %.*s %.*s\n--- produced (%zu bytes):\n%.*s\n---\n",
               static_cast<int>(to_string(b.proto()).size()), to_string(b.proto()).data(),
               static_cast<int>(what.size()), what.data(), static_cast<int>(why.size()),
               why.data(), out.size(), static_cast<int>(out.size()), out.data());
  std::abort();
}

/// A set of steps.
class steps {
public:
  steps() = default; // any
  steps(step s) : bits_(bit(s)) {} // NOLINT
  steps(step a, step b) : bits_(bit(a) | bit(b)) {}
  bool has(step s) const { return bits_ == 0 || (bits_ & bit(s)) != 0; }

private:
  static unsigned bit(step s) { return 1u << static_cast<unsigned>(s); }
  unsigned bits_ = 0;
};

/// What a binding produced must decode again, as one of `kinds`; returns what it decoded. The one
/// failure accepted is errc::limit_exceeded: a message at the codec's limits (64 SIP header
/// fields, ...) can go over them when an element adds to it (a proxy's Via, the headers of an
/// answer), and the next hop answers it as it answers any other undecodable message.
std::optional<inbound> must_decode(const binding& b, std::string_view what,
                                   const std::string& out, steps kinds = {}) {
  if (out.empty()) return std::nullopt; // nothing to send
  auto in = b.decode(out);
  if (!in && in.error().kind == ngn::errc::limit_exceeded) return std::nullopt;
  if (!in) fail(b, what, "does not decode: " + in.error().describe(), out);
  if (!kinds.has(in->c.kind))
    fail(b, what, "decodes as " + std::string(to_string(in->c.kind)) + ", a step it is not",
         out);
  if (ngn::fuzz::binding_output_sink != nullptr) ngn::fuzz::binding_output_sink(b.proto(), out);
  return std::move(*in);
}

/// The line of `text` around `offset`, with control characters as spaces, trailing ones cut.
std::string line_at(std::string_view text, std::size_t offset) {
  std::size_t begin = std::min(offset, text.size());
  while (begin > 0 && text[begin - 1] != '\n') --begin;
  const auto end = text.find('\n', begin);
  std::string line(text.substr(begin, end == std::string_view::npos ? end : end - begin));
  for (auto& c : line)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

/// An error answer may echo lines of the datagram it answers, malformed ones included (SIP's 400
/// copies Via, From, To, Call-ID and CSeq, RFC 3261 §8.2.6.2, and tests/elements expects a 400 to
/// a request whose CSeq is malformed); then it cannot decode either. Accepted only when the line
/// it fails on is one of the datagram's, control characters aside.
bool fails_on_echoed_line(const binding& b, std::string_view answer, std::string_view wire) {
  auto in = b.decode(answer);
  if (in) return false;
  const std::string line = line_at(answer, in.error().offset);
  if (line.empty()) return false;
  for (std::size_t pos = 0;;) {
    if (line_at(wire, pos) == line) return true;
    const auto nl = wire.find('\n', pos);
    if (nl == std::string_view::npos) return false;
    pos = nl + 1;
  }
}

/// The world around the fuzzed message, per protocol: the terminal, its lists, and the dialogue
/// the binding itself produces for it (request, challenge, registration message, success).
struct fixture {
  const binding* b = nullptr;
  ngn::mechanism_list offered{{"aes-gcm", 1000}, {"hmac-sha256", 500}};
  ngn::mechanism_list edge{{"aes-gcm", 900}, {"hmac-sha256", 800}, {"null", 100}};
  address terminal, proxy, softswitch;
  terminal_view view;
  inbound request, challenge, reg_message, success;
  std::string terminal_tid; ///< the transaction id of the terminal's request (relayed back)

  explicit fixture(protocol p) : b(&ngn::test::binding_for(p)) {
    const auto& i = ngn::info(p);
    terminal = address{0xc000020a, i.terminal_port}; // 192.0.2.10
    proxy = address{0xc0000214, i.server_port};      // 192.0.2.20
    softswitch = address{0xc000021e, i.server_port}; // 192.0.2.30
    view.identity = identity;
    view.domain = domain;
    view.local = terminal;
    view.remote = proxy;
    view.serial = 7;
    view.offered = &offered;
    view.now = 1'700'000'000'000'000;
    request = *must_decode(*b, "fixture reg_request", b->reg_request(view), step::reg_request);
    terminal_tid = request.c.tid;
    challenge = *must_decode(*b, "fixture challenge", b->challenge(request, challenge_of(ngn::session_id::of_number(1234))),
                             step::challenge);
    reg_message = *must_decode(*b, "fixture reg_message",
                               b->reg_message(view, challenge, res_value), step::reg_message);
    success = *must_decode(*b, "fixture success", b->success(reg_message, success_of(ngn::session_id::of_number(1234))),
                           step::success);
  }

  challenge_fields challenge_of(const ngn::session_id& session_id) const {
    challenge_fields f;
    f.session_id = session_id;
    f.rand = rand_value;
    f.autn = autn_value;
    f.edge = &edge;
    f.realm = domain;
    f.local = softswitch;
    return f;
  }

  success_fields success_of(const ngn::session_id& session_id) const {
    success_fields f;
    f.session_id = session_id;
    f.chosen = "aes-gcm";
    f.wrapped_t = ngn::byte_view{wrapped_t.data(), wrapped_t.size()};
    f.mac = ngn::byte_view{mac_value.data(), mac_value.size()};
    f.xres = &res_value;
    f.edge = &edge;
    f.realm = domain;
    f.local = softswitch;
    return f;
  }
};

const fixture& fixture_for(protocol p) {
  static std::array<std::unique_ptr<fixture>, ngn::protocol_count> all;
  auto& f = all[static_cast<std::size_t>(p) % all.size()];
  if (!f) f = std::make_unique<fixture>(p);
  return *f;
}

/// The proxy's relays (elements/proxy_fsm.cpp), with every edit field it may set.
void relays(const fixture& fx, const inbound& in, std::size_t variant) {
  const binding& b = *fx.b;
  const content& c = in.c;
  relay_edit up;
  up.direction = relay_edit::toward::softswitch;
  up.self = fx.proxy;
  std::string hop;
  if (!c.is_response) {
    hop = b.hop_tid(proxy_name, variant);
    up.tid = hop;
  }
  if (c.kind == step::reg_message) {
    up.chosen = "aes-gcm";
    up.sec_agree_failed = variant % 2 == 0;
  }
  must_decode(b, "relay toward the soft switch", b.relay(in, up), c.kind);

  relay_edit down;
  down.direction = relay_edit::toward::terminal;
  down.self = fx.proxy;
  if (c.is_response) down.tid = fx.terminal_tid;
  down.edge = &fx.edge;
  // The proxy adds its choice to a challenge or a success and the MAC to a success only
  // (proxy_fsm::from_softswitch): a keepalive answer with a MAC would be a success (RAS: an RCF
  // carrying key material), which the "every edit" check below allows.
  if (c.kind == step::challenge || c.kind == step::success) down.chosen = "aes-gcm";
  if (c.kind == step::success) {
    down.strip_wrapped_edge = true;
    down.mac = ngn::byte_view{mac_value.data(), mac_value.size()};
  }
  if (c.kind == step::rejection) down.result = codes[variant % codes.size()];
  must_decode(b, "relay toward the terminal", b.relay(in, down), c.kind);
  down.chosen = "aes-gcm";
  down.strip_wrapped_edge = true;
  down.mac = ngn::byte_view{mac_value.data(), mac_value.size()};

  // Every field set, whatever the step: what comes out need not be the same step (a result code
  // turns an answer into a rejection), but it must decode.
  up.chosen = "aes-gcm";
  up.sec_agree_failed = true;
  must_decode(b, "relay toward the soft switch, every edit", b.relay(in, up));
  down.result = codes[variant % codes.size()];
  must_decode(b, "relay toward the terminal, every edit", b.relay(in, down));
}

/// The soft switch's answers (elements/softswitch_fsm.cpp).
void softswitch_answers(const fixture& fx, const inbound& in, std::size_t variant) {
  const binding& b = *fx.b;
  const content& c = in.c;
  if (c.kind == step::reg_request || c.kind == step::reg_message) {
    (void)b.admit(in, domain);
    auto f = fx.challenge_of(variant % 2 == 0 ? ngn::session_id::of_number(1234) : all_ones);
    if (variant % 3 == 0) f.edge = nullptr; // behind a proxy: no list of the soft switch's
    if (variant % 5 == 0) f.chosen = "aes-gcm";
    f.rechallenge = c.kind == step::reg_message && b.rechallenges_closed();
    must_decode(b, "challenge", b.challenge(in, f), step::challenge);
  }
  if (c.kind == step::reg_message || c.kind == step::refusal) (void)b.expected_proof(in, res_value);
  if (c.kind == step::reg_message) {
    auto f = fx.success_of(variant % 2 == 0 ? ngn::session_id::of_number(1234) : all_ones);
    if (variant % 3 == 0) { // 4 elements: E_Ksp(SK) for the proxy, which adds the MAC
      f.wrapped_edge = ngn::byte_view{wrapped_edge.data(), wrapped_edge.size()};
      f.mac = {};
      f.edge = nullptr;
    }
    must_decode(b, "success", b.success(in, f), step::success);
  }
}

/// The registration's life (DESIGN.md §1.2): the edge's answers to a keepalive or a
/// de-registration, and what the terminal and the edge send on their own.
void life(const fixture& fx, const inbound& in, std::size_t variant) {
  const binding& b = *fx.b;
  const content& c = in.c;
  if (c.kind == step::keepalive) {
    keepalive_fields f;
    f.local = fx.softswitch;
    f.realm = domain;
    f.session_id = variant % 2 == 0 ? ngn::session_id::of_number(1234) : all_ones;
    f.lifetime = static_cast<std::uint32_t>(variant % 7 == 0 ? 0xffffffffu : variant);
    // Empty where the terminal answers the edge's keepalive (the edge's audit).
    must_decode(b, "answer_keepalive", b.answer_keepalive(in, f),
                steps(step::keepalive_answer, step::ack));
  }
  if (c.kind == step::deregistration) {
    answer_fields f;
    f.local = fx.softswitch;
    f.realm = domain;
    must_decode(b, "answer_deregistration", b.answer_deregistration(in, f),
                steps(step::deregistered, step::ack));
  }
  // Sent without an input; built from the decoded identity, so that odd identities reach them.
  auto t = fx.view;
  if (!c.identity.empty()) t.identity = c.identity;
  t.sequence = static_cast<std::uint32_t>(variant);
  must_decode(b, "keepalive", b.keepalive(t), step::keepalive);
  must_decode(b, "deregistration", b.deregistration(t), step::deregistration);
  edge_keepalive_fields e;
  e.identity = t.identity;
  e.local = fx.softswitch;
  e.sequence = static_cast<std::uint32_t>(variant);
  must_decode(b, "edge_keepalive", b.edge_keepalive(e), step::keepalive);
}

/// The terminal's answers (elements/terminal_fsm.cpp) to a challenge or a success.
void terminal_answers(const fixture& fx, const inbound& in) {
  const binding& b = *fx.b;
  if (in.c.kind == step::challenge) {
    must_decode(b, "reg_message", b.reg_message(fx.view, in, res_value), step::reg_message);
    must_decode(b, "resync_message", b.resync_message(fx.view, in, auts_value),
                step::reg_message);
    must_decode(b, "auth_failure", b.auth_failure(fx.view, in), step::reg_message);
    must_decode(b, "refusal", b.refusal(fx.view, in, fx.success, res_value, "fuzz"),
                step::refusal);
  } else if (in.c.kind == step::success) {
    must_decode(b, "refusal",
                b.refusal(fx.view, fx.challenge, in, res_value, "E_Kc(SK) rejected \"fuzz\""),
                step::refusal);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const fixture& fx = fixture_for(ngn::fuzz::protocol_of_byte(data[0]));
  const binding& b = *fx.b;
  const std::string_view wire(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t variant = wire.size();
  auto in = b.decode(wire);
  if (!in) {
    if (in.error().offset > wire.size())
      fail(b, "decode", "reports an error offset past the datagram", in.error().describe());
    // A rejection (RAS: URJ, an unregistration's rejection, decodes as an acknowledgement).
    const auto answer = b.malformed_answer(wire, in.error(), fx.softswitch);
    if (!fails_on_echoed_line(b, answer, wire))
      must_decode(b, "malformed_answer", answer, steps(step::rejection, step::ack));
    return 0;
  }
  must_decode(b, "ack", in->ack, step::ack);
  // Elements reject registration requests and messages (whose rejection must read as one to the
  // terminal); for anything else rejection() must still produce nothing or a valid message.
  const bool rejectable = in->c.kind == step::reg_request || in->c.kind == step::reg_message;
  must_decode(b, "rejection",
              b.rejection(*in, codes[variant % codes.size()], "fuzz", fx.softswitch),
              rejectable ? steps(step::rejection) : steps());
  relays(fx, *in, variant);
  softswitch_answers(fx, *in, variant);
  terminal_answers(fx, *in);
  life(fx, *in, variant);
  return 0;
}
