// Golden messages of reference/wire-bindings.md §4.1: byte-exact round trip, byte counts, and the
// models they stand for (built with the public builders).
#include "tests/protocols/h248/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::h248;

namespace {

/// `model` encodes to `text` byte for byte and `text` parses back to `model`, which it returns.
message check_both_ways(const std::string& text, const message& model) {
  auto encoded = encode(model);
  BOOST_TEST_REQUIRE(encoded.ok());
  BOOST_TEST(*encoded == text);
  auto m = parse(text);
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST((*m == model));
  return *m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_golden)

BOOST_AUTO_TEST_CASE(byte_counts_match_the_reference) {
  for (const auto& s : golden::all()) {
    BOOST_TEST_CONTEXT(s.name) {
      if (s.size != 0) BOOST_TEST(s.text->size() == s.size);
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_then_encode_is_byte_exact) {
  for (const auto& s : golden::all()) {
    BOOST_TEST_CONTEXT(s.name) {
      auto m = parse(*s.text);
      BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
      auto text = encode(*m);
      BOOST_TEST_REQUIRE(text.ok());
      BOOST_TEST(*text == *s.text);
    }
  }
}

BOOST_AUTO_TEST_CASE(parse_gives_the_expected_model) {
  for (const auto& s : golden::all()) {
    BOOST_TEST_CONTEXT(s.name) {
      auto m = parse(*s.text);
      BOOST_TEST_REQUIRE(m.ok());
      BOOST_TEST((*m == s.model()));
    }
  }
}

BOOST_AUTO_TEST_CASE(builder_models_encode_to_the_golden_bytes) {
  for (const auto& s : golden::all()) {
    BOOST_TEST_CONTEXT(s.name) {
      auto text = encode(s.model());
      BOOST_TEST_REQUIRE(text.ok(), (text.ok() ? "" : text.error().describe()));
      BOOST_TEST(*text == *s.text);
    }
  }
}

BOOST_AUTO_TEST_CASE(encode_appends_to_a_reused_buffer) {
  std::string buf = "prefix";
  BOOST_TEST_REQUIRE(encode(golden::notify_model(), buf).ok());
  BOOST_TEST(buf == "prefix" + golden::notify);
  // A failing encode leaves the buffer as it was.
  message bad = golden::notify_model();
  bad.mid = "not a mid!";
  auto r = encode(bad, buf);
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(buf == "prefix" + golden::notify);
}

BOOST_AUTO_TEST_CASE(one_line_error_reply_of_the_reference) {
  // wire-bindings.md §4.1 gives the negative answer on one line; with a header it parses to the
  // same model as the pretty form.
  std::string text = "MEGACO/1 [192.0.2.10]:2944\r\n" + std::string(golden::error_reply_line);
  auto m = parse(text);
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST((*m == golden::error_reply_model()));
  const error_descriptor* e = find_error(*m);
  BOOST_TEST_REQUIRE(e != nullptr);
  BOOST_TEST(e->error_code == 402);
  BOOST_TEST(e->error_text == "Unauthorized");
}

BOOST_AUTO_TEST_CASE(transaction_level_error_reply) {
  const std::string text = golden::crlf(R"(MEGACO/1 [192.0.2.1]:2944
Reply = 2003 {
  Error = 402 {
    "Unauthorized"
  }
}
)");
  const error_descriptor unauthorized{402, "Unauthorized"};
  const message m = check_both_ways(text, make_error_reply(golden::mgc, 2003, unauthorized));
  BOOST_TEST(find_error(m)->error_code == 402);
}

BOOST_AUTO_TEST_CASE(message_level_error) {
  const std::string text = golden::crlf(R"(MEGACO/1 [192.0.2.1]:2944
Error = 400 {
  "Syntax Error"
}
)");
  message model;
  model.mid = golden::mgc;
  model.error = error_descriptor{error_code::syntax_error, "Syntax Error"};
  check_both_ways(text, model);
}

BOOST_AUTO_TEST_CASE(golden_accessors) {
  auto sc = parse(golden::service_change);
  BOOST_TEST_REQUIRE(sc.ok());
  const auto* req = find_command<service_change_request>(*sc);
  BOOST_TEST_REQUIRE(req != nullptr);
  BOOST_TEST(req->termination_id == "ROOT");
  BOOST_TEST((req->service_change_parms.method == service_change_method::restart));
  BOOST_TEST(req->service_change_parms.reason == "901 Cold Boot");
  BOOST_TEST(transaction_id(sc->transactions.front()) == 1001u);
  BOOST_TEST(find_error(*sc) == nullptr);

  auto rep = parse(golden::service_change_reply);
  BOOST_TEST_REQUIRE(rep.ok());
  const auto* scr = find_command_reply<service_change_reply>(*rep);
  BOOST_TEST_REQUIRE(scr != nullptr);
  BOOST_TEST(scr->res_parms.version.value_or(0) == 1);
  BOOST_TEST(find_command<service_change_request>(*rep) == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
