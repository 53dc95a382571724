// Micro-benchmark of the MGCP text codec per registration (not a ctest).
// Usage: bench_mgcp [iterations] [--print]   prints ns/op (the best of 5 rounds), one thread;
// --print writes the datagrams of the registration instead (to compare with an ngnemu capture).
// Every datagram of one registration through a proxy (tests/protocols/registration_flow.hpp) is
// timed through mgcp::parse_one, mgcp::encode (of the parsed model) and mgcp_binding::decode,
// and each of the proxy's datagrams through mgcp_binding::relay (from what it decoded);
// the last line times the whole registration as the elements run it (every build, decode,
// relay).
#include "tests/protocols/bench_codec.hpp"

#include "protocols/dialogue/mgcp_binding.hpp"
#include "protocols/mgcp/codec.hpp"

using namespace ngn;

int main(int argc, char** argv) {
  const dialogue::mgcp_binding b;
  return bench::codec_main(
    argc, argv, "bench_mgcp", 50000, b, bench::registration_inputs(2427, 2727),
    [](const std::string& bytes) { return mgcp::parse_one(bytes); },
    [](const auto& m) { return std::size_t(mgcp::transaction_id(m)); },
    [](const auto& m, std::string& out) { return bool(mgcp::encode_to(m, out)); });
}
