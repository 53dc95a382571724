// Micro-benchmark of the H.248 text codec per registration (not a ctest).
// Usage: bench_h248 [iterations] [--print]   prints ns/op (the best of 5 rounds), one thread;
// --print writes the datagrams of the registration instead (to compare with an ngnemu capture).
// Every datagram of one registration through a proxy (tests/protocols/registration_flow.hpp) is
// timed through h248::parse, h248::encode (of the parsed model) and h248_binding::decode, and
// each of the proxy's datagrams through h248_binding::relay (from what it decoded); the
// last line times the whole registration as the elements run it (every build, decode, relay).
#include "tests/protocols/bench_codec.hpp"

#include "protocols/dialogue/h248_binding.hpp"
#include "protocols/h248/message.hpp"

using namespace ngn;

int main(int argc, char** argv) {
  const dialogue::h248_binding b;
  return bench::codec_main(
    argc, argv, "bench_h248", 20000, b, bench::registration_inputs(2944, 2944),
    [](const std::string& bytes) { return h248::parse(bytes); },
    [](const h248::message& m) { return m.transactions.size(); },
    [](const h248::message& m, std::string& out) { return bool(h248::encode(m, out)); });
}
