// bench_sip [iterations]: the SIP codec's cost per message of one registration through the
// proxy (a benchmark, not a test; build in Release). The eight datagrams are built with the real
// binding (protocols/dialogue/sip_binding*.cpp) as ngnemu's terminal, proxy and soft switch send
// them: REGISTER, 401, REGISTER with credentials and 200, each on the terminal–proxy hop and on
// the proxy–soft switch hop. For each: sip::parse, sip::encode of the parsed model and
// sip_binding::decode; for the four the proxy forwards: sip_binding::relay (copy, edit, encode).
// Times are thread CPU time per operation, so a loaded machine does not inflate them much.
#include "crypto/hash.hpp"
#include "protocols/dialogue/sip_binding.hpp"
#include "protocols/sip/message.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

using namespace ngn;
using namespace ngn::dialogue;

namespace {

volatile std::size_t sink = 0; // keeps results observable

double cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

/// ns per call of `f` over `iterations` calls, after a tenth as many to warm up.
template <class F>
double time_ns(long iterations, F&& f) {
  for (long i = 0; i < iterations / 10 + 1; ++i) f();
  const double t0 = cpu_ns();
  for (long i = 0; i < iterations; ++i) f();
  return (cpu_ns() - t0) / static_cast<double>(iterations);
}

template <std::size_t N>
std::array<std::uint8_t, N> counting(std::uint8_t from) {
  std::array<std::uint8_t, N> a{};
  for (std::size_t i = 0; i < N; ++i) a[i] = static_cast<std::uint8_t>(from + i);
  return a;
}

inbound must_decode(const binding& b, const std::string& wire, const char* what) {
  auto in = b.decode(wire);
  if (!in) {
    std::fprintf(stderr, "bench_sip: %s does not decode: %s\n", what, in.error().describe().c_str());
    std::exit(1);
  }
  return std::move(*in);
}

struct hop {
  const char* name;
  std::string wire;
  const relay_edit* relay = nullptr; ///< the proxy forwards this one with that edit
};

} // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 100000;
  if (n <= 0) {
    std::fputs("usage: bench_sip [iterations > 0]\n", stderr);
    return 2;
  }
  const sip_binding b{[](std::string_view data) { return crypto::md5(byte_view{data}); }};

  // The default emulation's terminal t000042@ngn.example at 10.1.0.42, via the proxy 10.0.0.2.
  const mechanism_list offered{{"aes-gcm", 900}, {"hmac-sha256", 500}};
  const mechanism_list proxy_list{{"aes-gcm", 900}, {"hmac-sha256", 500}, {"null", 100}};
  terminal_view t;
  t.identity = "t000042@ngn.example";
  t.domain = "ngn.example";
  t.local = address{0x0a01002a, 5060};
  t.remote = address{0x0a000002, 5060};
  t.number = 42;
  t.serial = 42 * 16 + 1;
  t.sequence = 1;
  t.offered = &offered;
  t.lifetime = 3600;
  t.spi = 0x1234567;
  const address proxy{0x0a000002, 5060};
  const address softswitch{0x0a000001, 5060};
  const auto sid = *ngn::session_id::parse("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
  const auto rand_v = counting<16>(0x00);
  const auto autn_v = counting<16>(0x10);
  const res_t res_v = counting<8>(0x01);
  const auto wrapped_t = counting<24>(0x30);
  const auto wrapped_e = counting<24>(0x70);
  const auto mac_v = counting<16>(0x50);
  const std::uint32_t edge_spi = 0x7654321;

  // The proxy's edits (elements/proxy_fsm.cpp).
  relay_edit up_request;
  up_request.direction = relay_edit::toward::softswitch;
  up_request.self = proxy;
  up_request.tid = "z9hG4bK-sp1-1";
  relay_edit up_message = up_request;
  up_message.tid = "z9hG4bK-sp1-2";
  up_message.chosen = "aes-gcm";
  relay_edit down_challenge;
  down_challenge.direction = relay_edit::toward::terminal;
  down_challenge.self = proxy;
  down_challenge.edge = &proxy_list;
  down_challenge.chosen = "aes-gcm";
  down_challenge.edge_spi = edge_spi;
  relay_edit down_success = down_challenge;
  down_success.strip_wrapped_edge = true;
  down_success.mac = byte_view{mac_v.data(), mac_v.size()};

  // One registration, hop by hop.
  std::vector<hop> hops;
  hops.push_back({"REGISTER        T->SP", b.reg_request(t), &up_request});
  const auto req_sp = must_decode(b, hops.back().wire, "REGISTER T->SP");
  hops.push_back({"REGISTER        SP->SS", b.relay(req_sp, up_request)});
  const auto req_ss = must_decode(b, hops.back().wire, "REGISTER SP->SS");
  challenge_fields cf;
  cf.session_id = sid;
  cf.rand = rand_v;
  cf.autn = autn_v;
  cf.realm = "ngn.example";
  cf.local = softswitch;
  hops.push_back({"401             SS->SP", b.challenge(req_ss, cf), &down_challenge});
  const auto ch_sp = must_decode(b, hops.back().wire, "401 SS->SP");
  hops.push_back({"401             SP->T", b.relay(ch_sp, down_challenge)});
  const auto ch_t = must_decode(b, hops.back().wire, "401 SP->T");
  t.sequence = 2;
  hops.push_back({"REGISTER+cred   T->SP", b.reg_message(t, ch_t, res_v), &up_message});
  const auto msg_sp = must_decode(b, hops.back().wire, "REGISTER+cred T->SP");
  hops.push_back({"REGISTER+cred   SP->SS", b.relay(msg_sp, up_message)});
  const auto msg_ss = must_decode(b, hops.back().wire, "REGISTER+cred SP->SS");
  success_fields sf;
  sf.session_id = sid;
  sf.chosen = "aes-gcm";
  sf.wrapped_t = byte_view{wrapped_t.data(), wrapped_t.size()};
  sf.wrapped_edge = byte_view{wrapped_e.data(), wrapped_e.size()};
  sf.xres = &res_v;
  sf.realm = "ngn.example";
  sf.local = softswitch;
  hops.push_back({"200             SS->SP", b.success(msg_ss, sf), &down_success});
  const auto ok_sp = must_decode(b, hops.back().wire, "200 SS->SP");
  hops.push_back({"200             SP->T", b.relay(ok_sp, down_success)});
  must_decode(b, hops.back().wire, "200 SP->T");

  std::printf("%-24s %5s %9s %9s %9s %9s  (ns/op, %ld iterations)\n", "message", "bytes",
              "parse", "encode", "decode", "relay", n);
  double total_parse = 0, total_encode = 0, total_decode = 0, total_relay = 0;
  for (const auto& h : hops) {
    const auto parsed = sip::parse(h.wire);
    if (!parsed) {
      std::fprintf(stderr, "bench_sip: %s does not parse\n", h.name);
      return 1;
    }
    if (sip::encode(*parsed) != h.wire) {
      std::fprintf(stderr, "bench_sip: %s does not encode back to its bytes\n", h.name);
      return 1;
    }
    const double parse_ns = time_ns(n, [&] { sink = sink + sip::parse(h.wire)->vias.size(); });
    const double encode_ns = time_ns(n, [&] { sink = sink + sip::encode(*parsed).size(); });
    const double decode_ns = time_ns(n, [&] { sink = sink + b.decode(h.wire)->c.identity.size(); });
    double relay_ns = 0;
    if (h.relay != nullptr) {
      const auto in = must_decode(b, h.wire, h.name);
      relay_ns = time_ns(n, [&] { sink = sink + b.relay(in, *h.relay).size(); });
    }
    total_parse += parse_ns;
    total_encode += encode_ns;
    total_decode += decode_ns;
    total_relay += relay_ns;
    std::printf("%-24s %5zu %9.0f %9.0f %9.0f %9.0f\n", h.name, h.wire.size(), parse_ns, encode_ns,
                decode_ns, relay_ns);
  }
  std::printf("%-24s %5s %9.0f %9.0f %9.0f %9.0f\n", "one registration", "", total_parse,
              total_encode, total_decode, total_relay);
  return 0;
}
