// What the codec refuses, on parse and on encode: extension names, transaction ids, versions,
// mandatory parameters per verb (RFC 3435 §2.3), repeated codes, names and response lines.
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ngn;
using namespace ngn::mgcp;

namespace {

errc parse_error(std::string_view text) {
  auto m = parse_one(text);
  BOOST_TEST_REQUIRE(!m.ok(), "unexpectedly parsed: " << text);
  return m.error().kind;
}

/// The command `text` parses to (the test stops if it does not parse).
command parse_command(std::string_view text) {
  auto m = parse_one(text);
  BOOST_TEST_REQUIRE(m.ok(), text);
  return std::get<command>(*m);
}

/// The parser refuses each of `texts` with `kind`.
void refused(errc kind, std::initializer_list<std::string_view> texts) {
  for (auto text : texts)
    BOOST_TEST((parse_error(text) == kind), text);
}

errc encode_error(const message& m) {
  auto e = encode(m);
  BOOST_TEST_REQUIRE(!e.ok(), "unexpectedly encoded: " << (e.ok() ? *e : std::string()));
  return e.error().kind;
}

command rsip() {
  rsip_fields f;
  f.transaction_id = 1;
  f.endpoint = "aaln/1@gw";
  return make_rsip(f);
}

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_validation)

BOOST_AUTO_TEST_CASE(extension_names) {
  for (auto ok : {"X-SECM", "X-A", "X+CRIT", "x-secm", "X-123456", "X-MAC"})
    BOOST_TEST(valid_extension_name(ok), ok);
  for (auto bad : {"X-Sec-Mech", "X-TOOLONG7", "X-", "X+", "X_SECM", "Y-SECM", "X-SE CM",
                   "X-SEC/chal", "XSECM", "", "X-ÄB"})
    BOOST_TEST(!valid_extension_name(bad), bad);
  BOOST_TEST(is_critical_extension("X+CRIT"));
  BOOST_TEST(!is_critical_extension("X-CRIT"));

  for (auto bad : {"X-Sec-Mech", "X-TOOLONG7", "X-", "X-A.B"}) {
    command c = rsip();
    c.add(bad, "tls");
    BOOST_TEST((encode_error(c) == errc::invalid_model), bad);
    BOOST_TEST(encode(c).error().detail.find("extension") != std::string::npos);
    BOOST_TEST((parse_error("RSIP 1 a@b MGCP 1.0\r\nRM: restart\r\n" + std::string(bad) +
                            ": tls\r\n") == errc::malformed),
               bad);
  }
  // other bad codes
  for (auto bad : {"", " RM", "RM ", "TOOLONGCODE", "R;M", "pkg/", "/name", "-bad/x"}) {
    command c = rsip();
    c.add(bad, "v");
    BOOST_TEST((encode_error(c) == errc::invalid_model), bad);
  }
  refused(errc::malformed, {
    "RSIP 1 a@b MGCP 1.0\r\nRM restart\r\n",
    "RSIP 1 a@b MGCP 1.0\r\nRM : restart\r\n",
    "RSIP 1 a@b MGCP 1.0\r\n: restart\r\n",
  });
}

BOOST_AUTO_TEST_CASE(transaction_id_range) {
  refused(errc::malformed, {
    "RSIP 0 a@b MGCP 1.0\r\nRM: restart\r\n",
    "RSIP 1000000000 a@b MGCP 1.0\r\nRM: restart\r\n",
    "RSIP -1 a@b MGCP 1.0\r\nRM: restart\r\n",
    "RSIP 12a a@b MGCP 1.0\r\nRM: restart\r\n",
    "200 0 OK\r\n",
    "200 1000000000 OK\r\n",
  });
  BOOST_TEST(parse_one("RSIP 999999999 a@b MGCP 1.0\r\nRM: restart\r\n").ok());
  BOOST_TEST(parse_one("200 1 OK\r\n").ok());

  command c = rsip();
  c.transaction_id = 0;
  BOOST_TEST((encode_error(c) == errc::invalid_model));
  c.transaction_id = 1000000000;
  BOOST_TEST((encode_error(c) == errc::invalid_model));
  c.transaction_id = 999999999;
  BOOST_TEST(encode(c).ok());
  response r = make_response(0);
  BOOST_TEST((encode_error(r) == errc::invalid_model));
  r.transaction_id = 1000000000;
  BOOST_TEST((encode_error(r) == errc::invalid_model));
}

BOOST_AUTO_TEST_CASE(version_must_be_mgcp_1_0) {
  const auto rsip_text = [](std::string_view version) {
    return "RSIP 1 a@b " + std::string(version) + "\r\nRM: restart\r\n";
  };
  for (auto version : {"MGCP 0.1", "MGCP 1.1", "MGCP 2.0"})
    BOOST_TEST((parse_error(rsip_text(version)) == errc::unsupported), version);
  for (auto version : {"MGCP 10", "MGCQ 1.0", "MGCP"})
    BOOST_TEST((parse_error(rsip_text(version)) == errc::malformed), version);
  BOOST_TEST((parse_error("RSIP 1 a@b\r\nRM: restart\r\n") == errc::malformed));
  BOOST_TEST(parse_command(rsip_text("MGCP 1.0 NCS 1.0")).version == "MGCP 1.0 NCS 1.0");

  command c = rsip();
  for (auto bad : {"MGCP 1.1", "MGCP 0.1", "mgcp 1.0", "MGCP", "", "MGCP 1.0  NCS", "MGCP 1.0 ",
                   "MGCP 1.0\tNCS", "MGCP 1.00"}) {
    c.version = bad;
    BOOST_TEST((encode_error(c) == errc::invalid_model), bad);
  }
}

BOOST_AUTO_TEST_CASE(mandatory_parameters_per_verb) {
  struct no_case {
    std::string_view text;
    std::string_view missing;
  };
  const no_case cases[] = {
      {"RSIP 1 a@b MGCP 1.0\r\nRD: 0\r\n", "RSIP without RM"},
      {"RQNT 1 a@b MGCP 1.0\r\nR: L/hd(N)\r\n", "RQNT without X"},
      {"NTFY 1 a@b MGCP 1.0\r\nO: L/hd\r\n", "NTFY without X"},
      {"NTFY 1 a@b MGCP 1.0\r\nX: 1\r\n", "NTFY without O"},
      {"CRCX 1 a@b MGCP 1.0\r\nC: 1\r\n", "CRCX without M"},
      {"MDCX 1 a@b MGCP 1.0\r\nC: 1\r\n", "MDCX without I"},
      {"AUCX 1 a@b MGCP 1.0\r\n", "AUCX without I"},
  };
  for (const auto& k : cases) {
    auto m = parse_one(k.text);
    BOOST_TEST_REQUIRE(!m.ok(), k.text);
    BOOST_TEST((m.error().kind == errc::malformed));
    BOOST_TEST(m.error().detail.find(k.missing) != std::string::npos, m.error().detail);
    BOOST_TEST(m.error().detail.find("RFC 3435 §2.3") != std::string::npos);
  }
  // the same models are refused by encode
  command c = rsip();
  c.params.clear();
  BOOST_TEST((encode_error(c) == errc::invalid_model));
  BOOST_TEST(encode(c).error().detail.find("RSIP without RM") != std::string::npos);
  c.verb = "NTFY";
  c.add("X", "1");
  BOOST_TEST(encode(c).error().detail.find("NTFY without O") != std::string::npos);
  c.add("O", "X-SEC/resp(00)");
  BOOST_TEST(encode(c).ok());
  // lower-case codes satisfy the check (codes are case-insensitive)
  BOOST_TEST(parse_one("rqnt 1 a@b MGCP 1.0\r\nx: 1\r\n").ok());
  // DLCX, AUEP, EPCF and extension verbs need nothing
  BOOST_TEST(parse_one("DLCX 1 a@b MGCP 1.0\r\n").ok());
  BOOST_TEST(parse_one("AUEP 1 a@b MGCP 1.0\r\n").ok());
  BOOST_TEST(parse_one("XYZ1 1 a@b MGCP 1.0\r\n").ok());
}

BOOST_AUTO_TEST_CASE(repeated_parameters) {
  auto m = parse_one("NTFY 1 a@b MGCP 1.0\r\nX: 1\r\nO: x\r\nX-RESP: aa\r\nx-resp: bb\r\n");
  BOOST_TEST_REQUIRE(!m.ok());
  BOOST_TEST((m.error().kind == errc::malformed));
  BOOST_TEST(m.error().detail.find("repeated") != std::string::npos);
  BOOST_TEST((parse_error("200 1 OK\r\nI: 1\r\nI: 2\r\n") == errc::malformed));
  command c = rsip();
  c.add("RM", "graceful");
  BOOST_TEST((encode_error(c) == errc::invalid_model));
}

BOOST_AUTO_TEST_CASE(verbs) {
  BOOST_TEST(valid_verb("RSIP"));
  BOOST_TEST(valid_verb("X1B2"));
  BOOST_TEST(!valid_verb("1SIP"));
  BOOST_TEST(!valid_verb("RSI"));
  BOOST_TEST(!valid_verb("RSIPX"));
  BOOST_TEST(is_known_verb("rqnt"));
  BOOST_TEST(!is_known_verb("XABC"));
  refused(errc::malformed, {
    "RSIPX 1 a@b MGCP 1.0\r\n",
    "R-IP 1 a@b MGCP 1.0\r\n",
    " RSIP 1 a@b MGCP 1.0\r\nRM: x\r\n",
    "\r\nRSIP 1 a@b MGCP 1.0\r\nRM: x\r\n",
  });
  BOOST_TEST(parse_command("rsip 1 a@b MGCP 1.0\r\nRM: x\r\n").verb == "RSIP");
  command c = rsip();
  c.verb = "rsip";
  BOOST_TEST((encode_error(c) == errc::invalid_model));
  c.verb = "RSIPX";
  BOOST_TEST((encode_error(c) == errc::invalid_model));
}

BOOST_AUTO_TEST_CASE(endpoint_names) {
  for (auto ok : {"aaln/1@term1.ngn.example", "ds/ds1-1/17@tgw.example.net", "aaln/*@gw",
                  "aaln/$@gw", "1001@[192.0.2.10]", "a@#42", "x@[2001:db8::1]"})
    BOOST_TEST(valid_endpoint_name(ok), ok);
  for (auto bad : {"", "nodomain", "@gw", "a@", "a//b@gw", "a/@gw", "a@b@c", "a$b@gw",
                   "a@dom_ain", "a@[zz]", "a@#", "a@[]", "a b@gw"})
    BOOST_TEST(!valid_endpoint_name(bad), bad);
  refused(errc::malformed, {
    "RSIP 1 nodomain MGCP 1.0\r\nRM: x\r\n",
    "RSIP 1 a@b@c MGCP 1.0\r\nRM: x\r\n",
  });
  command c = rsip();
  c.endpoint = "a b@gw";
  BOOST_TEST((encode_error(c) == errc::invalid_model));
}

BOOST_AUTO_TEST_CASE(response_lines) {
  refused(errc::malformed, {
    "20 1 OK\r\n",
    "2000 1 OK\r\n",
    "200\r\n",
    "200 1/pkg OK\r\n",
    "800 1 /-bad OK\r\n",
    "800 1 / OK\r\n",
  });
  auto p = parse_one("800 1 /X-SEC\r\n");
  BOOST_TEST_REQUIRE(p.ok());
  BOOST_TEST(std::get<response>(*p).package == "X-SEC");
  BOOST_TEST(std::get<response>(*p).commentary.empty());

  response r = make_response(1);
  r.code = 1000;
  BOOST_TEST((encode_error(r) == errc::invalid_model));
  r = make_response(1, 200, "/OK");
  BOOST_TEST((encode_error(r) == errc::invalid_model)); // would read back as a package
  r = make_response(1, 200, " OK");
  BOOST_TEST((encode_error(r) == errc::invalid_model));
  r = make_response(1, 200, "O\nK");
  BOOST_TEST((encode_error(r) == errc::invalid_model));
  r = make_response(1, 800, "OK");
  r.package = "bad package";
  BOOST_TEST((encode_error(r) == errc::invalid_model));
}

BOOST_AUTO_TEST_CASE(parameter_values) {
  command c = rsip();
  c.params[0].value = " restart";
  BOOST_TEST((encode_error(c) == errc::invalid_model));
  c.params[0].value = "re\r\nX-EVIL: 1";
  BOOST_TEST((encode_error(c) == errc::invalid_model));
  c.params[0].value = "re\tstart";
  BOOST_TEST(encode(c).ok());
  // whitespace after the colon is not part of the value
  BOOST_TEST(parse_command("RSIP 1 a@b MGCP 1.0\r\nRM:\t  restart\r\n").params[0].value
             == "restart");
}

BOOST_AUTO_TEST_CASE(peek_reads_what_is_needed_to_answer) {
  auto c = peek("RSIP 77 a@b MGCP 9.9\r\ngarbage");
  BOOST_TEST_REQUIRE(c.has_value());
  BOOST_TEST(c->is_command);
  BOOST_TEST(c->verb == "RSIP");
  BOOST_TEST(c->transaction_id == 77u);
  auto r = peek("510 12\r\n");
  BOOST_TEST_REQUIRE(r.has_value());
  BOOST_TEST(!r->is_command);
  BOOST_TEST(r->code == 510);
  BOOST_TEST(r->transaction_id == 12u);
  BOOST_TEST(!peek("").has_value());
  BOOST_TEST(!peek("RSIP").has_value());
  BOOST_TEST(!peek("RSIP 0 a@b MGCP 1.0\r\n").has_value());
  BOOST_TEST(!peek("HELLO 1 a@b\r\n").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
