// The harness of bench_h248 and bench_mgcp (not ctests): every datagram of one registration
// through a proxy (registration_flow.hpp) timed through the codec's parse, its encode (of the
// parsed model) and the binding's decode, each of the proxy's datagrams through the binding's
// relay (from what it decoded), and the whole registration as the elements run it.
#pragma once

#include "tests/protocols/registration_flow.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace ngn::bench {

inline volatile std::size_t sink; // keeps results observable

/// ns per call of `f`: the fastest of 5 rounds of iterations/5 calls, after a warm-up (the
/// machine is shared).
template <typename F>
double best_of_5(long iterations, F&& f) {
  for (long i = 0; i < iterations / 10 + 1; ++i) f();
  const long per_round = iterations / 5 + 1;
  double best = 0;
  for (int round = 0; round < 5; ++round) {
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < per_round; ++i) f();
    const auto t1 = std::chrono::steady_clock::now();
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() /
                      static_cast<double>(per_round);
    if (round == 0 || ns < best) best = ns;
  }
  return best;
}

/// main() of a codec benchmark: `name [iterations] [--print]`. `parse(bytes)` returns the codec's
/// result (tested for success); `touch(model)` a number read from a parsed model; `encode(model,
/// out)` appends the encoding and says whether it worked.
template <class Binding, class Parse, class Touch, class Encode>
int codec_main(int argc, char** argv, const char* name, long iterations, const Binding& b,
               const registration_inputs& inputs, Parse parse, Touch touch, Encode encode) {
  bool print = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--print") == 0) print = true;
    else iterations = std::atol(argv[i]);
  }
  if (iterations <= 0) {
    std::fprintf(stderr, "usage: %s [iterations > 0] [--print]\n", name);
    return 2;
  }
  const long n = iterations;
  std::vector<wire_message> flow;
  run_registration(b, inputs, &flow);
  if (print) {
    for (const auto& m : flow) std::printf("--- %s (%zu bytes)\n%s", m.name, m.bytes.size(),
                                           m.bytes.c_str());
    return 0;
  }

  // The proxy's relays, timed on what it decoded (relay: the datagram from the one before it).
  std::vector<double> relay_ns;
  run_registration(b, inputs, nullptr,
                   [&](const char*, const dialogue::inbound& at_sp, const dialogue::relay_edit& e) {
                     relay_ns.push_back(best_of_5(n, [&] { sink = b.relay(at_sp, e).size(); }));
                   });
  std::printf("%-20s %6s %9s %9s %9s %9s  (ns/op)\n", "datagram", "bytes", "parse", "encode",
              "decode", "relay");
  double total_parse = 0, total_encode = 0, total_decode = 0, total_relay = 0;
  std::size_t relays = 0;
  for (const auto& m : flow) {
    const auto parsed = parse(m.bytes);
    if (!parsed) flow_broken("a datagram does not parse");
    const double p = best_of_5(n, [&] { sink = touch(*parse(m.bytes)); });
    std::string out;
    const double e = best_of_5(n, [&] {
      out.clear();
      if (!encode(*parsed, out)) flow_broken("a parsed datagram does not encode");
      sink = out.size();
    });
    const double d = best_of_5(n, [&] { sink = b.decode(m.bytes)->c.tid.size(); });
    std::printf("%-20s %6zu %9.1f %9.1f %9.1f", m.name, m.bytes.size(), p, e, d);
    if (std::strncmp(m.name, "SP>", 3) == 0 && relays < relay_ns.size()) {
      std::printf(" %9.1f", relay_ns[relays]);
      total_relay += relay_ns[relays++];
    }
    std::printf("\n");
    total_parse += p;
    total_encode += e;
    total_decode += d;
  }
  std::printf("%-20s %6s %9.1f %9.1f %9.1f %9.1f\n", "sum", "", total_parse, total_encode,
              total_decode, total_relay);
  const double reg = best_of_5(n / 4 + 1, [&] { run_registration(b, inputs, nullptr); });
  std::printf("%-20s %6zu %9.1f ns (builds, decodes and relays of every hop)\n", "registration",
              flow.size(), reg);
  return 0;
}

} // namespace ngn::bench
