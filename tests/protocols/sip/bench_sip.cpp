// bench_sip [iterations]: ns per parse() and per encode() of the REGISTER with Authorization and
// the 200 OK of reference/wire-bindings.md §2.1 (a benchmark, not a test; build in Release).
// Times are thread CPU time per operation, so a loaded machine does not inflate them.
#include "protocols/sip/message.hpp"

#include "tests/protocols/sip/golden.hpp"

#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

volatile std::size_t sink = 0;

double cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

double ns_per_op(double start, long n) { return (cpu_ns() - start) / static_cast<double>(n); }

int bench(const char* name, std::string_view text, long iterations) {
  const std::string wire = ngn::sip::test::crlf(text);
  auto first = ngn::sip::parse(wire);
  if (!first.ok()) {
    std::printf("%s: parse failed: %s\n", name, first.error().describe().c_str());
    return 1;
  }
  for (long i = 0; i < iterations / 10; ++i) sink = sink + ngn::sip::parse(wire)->vias.size(); // warm up
  double t0 = cpu_ns();
  for (long i = 0; i < iterations; ++i) {
    auto r = ngn::sip::parse(wire);
    sink = sink + r->call_id.size();
  }
  double parse_ns = ns_per_op(t0, iterations);
  const ngn::sip::message& m = *first;
  std::string out;
  t0 = cpu_ns();
  for (long i = 0; i < iterations; ++i) {
    out = ngn::sip::encode(m);
    sink = sink + out.size();
  }
  double encode_ns = ns_per_op(t0, iterations);
  t0 = cpu_ns();
  for (long i = 0; i < iterations; ++i) {
    out.clear();
    ngn::sip::encode_to(m, out);
    sink = sink + out.size();
  }
  double encode_to_ns = ns_per_op(t0, iterations);
  std::printf("%-28s %4zu bytes  parse %7.0f ns  encode %7.0f ns  encode_to(reused) %7.0f ns\n", name,
              wire.size(), parse_ns, encode_ns, encode_to_ns);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  long iterations = argc > 1 ? std::atol(argv[1]) : 200000;
  if (iterations <= 0) iterations = 200000;
  int rc = 0;
  rc |= bench("REGISTER with Authorization", ngn::sip::test::register_3, iterations);
  rc |= bench("200 OK", ngn::sip::test::ok_4, iterations);
  rc |= bench("AKA REGISTER", ngn::sip::test::aka_register, iterations);
  rc |= bench("401 AKA challenge", ngn::sip::test::aka_401, iterations);
  return rc;
}
