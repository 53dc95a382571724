// Hostile input: every truncated prefix, a byte-mutation sweep, deep nesting and the size/count
// limits. Nothing may crash (run under ASan/UBSan); whatever parses must re-encode and re-parse to
// the same model.
#include "tests/protocols/h248/golden.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace ngn;
using namespace ngn::h248;

namespace {

std::vector<std::string> corpus() {
  std::vector<std::string> v;
  for (const auto& s : golden::all()) v.push_back(*s.text);
  v.push_back("!/1 [192.0.2.10]:2944\nT=1001{C=-{SC=ROOT{SV{MT=RS,RE=\"901 Cold Boot\",AD=2944,"
              "PF=ResGW/1,X-SECM=\"digest;q=0.3 tls;q=0.2\"}}}}");
  v.push_back("!/1 [192.0.2.1]:2944\nP=5{IA,C=7{N=A1,MF=A2{ER=430{\"x\"}},SC=ROOT{SV{V=1,"
              "MG=<mgc>:2944,20240101T00000000}}}}PN=9{}");
  return v;
}

// The fuzz invariant: if it parses, it encodes, and the encoding parses to the same model.
bool stable(const message& m) {
  auto text = encode(m);
  if (!text) return text.error().kind == errc::limit_exceeded;
  auto back = parse(*text);
  return back.ok() && *back == m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_robustness)

// complete[n]: the prefix of length n ends (up to LWSP) with the '}' closing a transaction (or
// the message's error descriptor), at brace depth 0. (No comments or braces inside quotes in the
// corpus.)
std::vector<bool> complete_prefixes(const std::string& text) {
  std::vector<bool> complete(text.size() + 1, false);
  int depth = 0;
  bool last_closed = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (c == '}' || !(c == ' ' || c == '\t' || c == '\r' || c == '\n'))
      last_closed = c == '}' && depth == 0;
    complete[i + 1] = last_closed;
  }
  return complete;
}

BOOST_AUTO_TEST_CASE(every_truncated_prefix_is_incomplete) {
  for (const std::string& text : corpus()) {
    // Braces must balance: only prefixes that end a transaction are messages.
    std::vector<bool> complete = complete_prefixes(text);
    BOOST_TEST_REQUIRE(complete[text.size()]);
    for (std::size_t n = 0; n < text.size(); ++n) {
      auto m = parse(std::string_view(text).substr(0, n));
      if (!complete[n]) {
        BOOST_TEST_REQUIRE(!m.ok(), "prefix " << n << " parsed: " << text.substr(0, n));
        BOOST_TEST((m.error().kind == errc::incomplete), "prefix " << n << ": "
                                                                    << m.error().describe());
        BOOST_TEST(m.error().offset <= n);
      } else {
        BOOST_TEST_REQUIRE(m.ok(), "prefix " << n << (m.ok() ? "" : m.error().describe()));
        BOOST_TEST(m->transactions.size() <= parse(text)->transactions.size());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(byte_mutation_sweep) {
  std::size_t parsed = 0, total = 0;
  for (const std::string& text : corpus()) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      std::string mutated = text;
      for (int b = 0; b < 256; ++b) {
        if (char(b) == text[i]) continue;
        mutated[i] = char(b);
        ++total;
        auto m = parse(mutated);
        if (!m.ok()) {
          BOOST_TEST_REQUIRE(m.error().offset <= mutated.size());
          continue;
        }
        ++parsed;
        BOOST_TEST_REQUIRE(stable(*m), "unstable after mutating byte " << i << " to " << b);
      }
      // Deletion and insertion of a byte as well.
      for (const std::string& variant :
           {text.substr(0, i) + text.substr(i + 1), text.substr(0, i) + "{" + text.substr(i),
            text.substr(0, i) + "\"" + text.substr(i), text.substr(0, i) + ";" + text.substr(i)}) {
        auto m = parse(variant);
        ++total;
        if (m.ok()) BOOST_TEST_REQUIRE(stable(*m));
      }
    }
  }
  BOOST_TEST_MESSAGE("mutations: " << total << ", still parsing: " << parsed);
  BOOST_TEST(parsed > 0u); // some mutations (hex digits, names) stay valid
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_rejected_quickly) {
  const std::string opens(60000, '{');
  const std::string prefixes[] = {
    "MEGACO/1 mg\n",
    "MEGACO/1 mg\nTransaction = 1 ",
    "MEGACO/1 mg\nTransaction = 1 {",
    "MEGACO/1 mg\nT=1{C=-",
    "MEGACO/1 mg\nT=1{C=-{",
    "MEGACO/1 mg\nT=1{C=-{MF=A",
    "MEGACO/1 mg\nT=1{C=-{MF=A{",
    "MEGACO/1 mg\nT=1{C=-{MF=A{E=1",
    "MEGACO/1 mg\nT=1{C=-{MF=A{E=1{p/e",
    "MEGACO/1 mg\nT=1{C=-{MF=A{E=1{p/e{",
    "MEGACO/1 mg\nT=1{C=-{MF=A{SG{p/s{x=",
    "MEGACO/1 mg\nT=1{C=-{MF=A{SG",
    "MEGACO/1 mg\nT=1{C=-{N=A{OE=1{p/e{x=",
    "MEGACO/1 mg\nT=1{C=-{SC=ROOT{SV",
    "MEGACO/1 mg\nT=1{C=-{SC=ROOT{SV{X-A=",
    "MEGACO/1 mg\nP=1{C=-{MF=A{ER=1",
    "MEGACO/1 mg\nP=1{C=-{MF=A",
    "MEGACO/1 mg\nP=1{C=-{SC=ROOT",
  };
  auto start = std::chrono::steady_clock::now();
  for (const std::string& p : prefixes) {
    for (const std::string& tail : {opens, std::string(60000, '[') , std::string(60000, '}')}) {
      auto m = parse(p + tail);
      BOOST_TEST_REQUIRE(!m.ok(), p);
      BOOST_TEST((m.error().kind == errc::malformed || m.error().kind == errc::unsupported), p);
    }
  }
  // No recursion, no backtracking: all of it is linear.
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::steady_clock::now() - start);
  BOOST_TEST(elapsed.count() < 10000);
}

BOOST_AUTO_TEST_CASE(message_size_limit) {
  std::string big = golden::notify;
  big.insert(big.size() - 2, max_message_size, ' '); // LWSP is free, but not unbounded
  auto m = parse(big);
  BOOST_TEST_REQUIRE(!m.ok());
  BOOST_TEST((m.error().kind == errc::limit_exceeded));

  // Exactly at the limit still parses.
  std::string fits = golden::notify;
  fits.insert(fits.size() - 2, max_message_size - fits.size(), ' ');
  BOOST_TEST(fits.size() == max_message_size);
  BOOST_TEST(parse(fits).ok());

  // An encoding over 64 KiB is refused as well.
  message huge = golden::notify_model();
  auto& n = std::get<notify_request>(
    std::get<transaction_request>(huge.transactions[0]).actions[0].commands[0]);
  n.observed_events.events[0].params[0].value.assign(max_message_size, 'a');
  auto e = encode(huge);
  BOOST_TEST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::limit_exceeded));
}

BOOST_AUTO_TEST_CASE(count_limits_on_parse) {
  auto repeat = [](const std::string& item, std::size_t n, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i ? sep : "") + item;
    return out;
  };
  auto expect_limit = [](const std::string& text) {
    auto m = parse(text);
    BOOST_TEST_REQUIRE(!m.ok(), text.substr(0, 80));
    BOOST_TEST((m.error().kind == errc::limit_exceeded), m.error().describe());
  };
  auto expect_ok = [](const std::string& text) {
    auto m = parse(text);
    BOOST_TEST(m.ok(), (m.ok() ? "" : m.error().describe()));
  };
  const std::string h = "!/1 mg\n";
  const std::string pending = "PN=1{}";
  expect_ok(h + repeat(pending, max_transactions, " "));
  expect_limit(h + repeat(pending, max_transactions + 1, " "));
  const std::string action = "C=1{MF=A}";
  expect_ok(h + "T=1{" + repeat(action, max_actions, ",") + "}");
  expect_limit(h + "T=1{" + repeat(action, max_actions + 1, ",") + "}");
  expect_limit(h + "P=1{" + repeat(action, max_actions + 1, ",") + "}");
  expect_ok(h + "T=1{C=1{" + repeat("MF=A", max_commands, ",") + "}}");
  expect_limit(h + "T=1{C=1{" + repeat("MF=A", max_commands + 1, ",") + "}}");
  expect_limit(h + "P=1{C=1{" + repeat("MF=A", max_commands + 1, ",") + "}}");
  expect_ok(h + "T=1{C=1{MF=A{E=1{" + repeat("p/e", max_items, ",") + "}}}}");
  expect_limit(h + "T=1{C=1{MF=A{E=1{" + repeat("p/e", max_items + 1, ",") + "}}}}");
  expect_limit(h + "T=1{C=1{MF=A{SG{" + repeat("p/s", max_items + 1, ",") + "}}}}");
  expect_limit(h + "T=1{C=1{N=A{OE=1{" + repeat("p/e", max_items + 1, ",") + "}}}}");
  expect_ok(h + "T=1{C=1{MF=A{SG{p/s{" + repeat("x=1", max_params, ",") + "}}}}}");
  expect_limit(h + "T=1{C=1{MF=A{SG{p/s{" + repeat("x=1", max_params + 1, ",") + "}}}}}");
  expect_limit(h + "T=1{C=1{SC=ROOT{SV{MT=RS,RE=\"1\"," + repeat("X-A=1", max_params - 1, ",")
               + "}}}}");
}

BOOST_AUTO_TEST_CASE(count_limits_on_encode) {
  message m = golden::modify_key_model();
  auto& amm = std::get<amm_request>(
    std::get<transaction_request>(m.transactions[0]).actions[0].commands[0]);
  amm.signals->signals.resize(max_items + 1, amm.signals->signals[0]);
  auto e = encode(m);
  BOOST_TEST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::limit_exceeded));

  message t = golden::notify_reply_model();
  t.transactions.resize(max_transactions + 1, t.transactions[0]);
  e = encode(t);
  BOOST_TEST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::limit_exceeded));
}

BOOST_AUTO_TEST_SUITE_END()
