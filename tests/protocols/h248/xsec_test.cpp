// The xsec security package helpers and the builders/accessors around it.
#include "tests/protocols/h248/golden.hpp"

#include <boost/test/unit_test.hpp>

#include <array>

using namespace ngn;
using namespace ngn::h248;

namespace {

/// The first command of type C of the message `text` parses to (the test stops without one).
template <class C>
C parsed_command(const std::string& text) {
  auto back = parse(text);
  BOOST_TEST_REQUIRE(back.ok(), text);
  const auto* c = find_command<C>(*back);
  BOOST_TEST_REQUIRE(c != nullptr, text);
  return *c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_xsec)

BOOST_AUTO_TEST_CASE(mechanism_list_format_and_parse) {
  std::vector<xsec::mechanism> list{{"digest", 300}, {"tls", 200}};
  BOOST_TEST(xsec::format_mechanisms(list) == "digest;q=0.3 tls;q=0.2");
  auto back = xsec::parse_mechanisms("digest;q=0.3 tls;q=0.2");
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((*back == list));

  std::vector<xsec::mechanism> odd{{"aes-gcm", 1000}, {"hmac-sha256", 0}, {"null", std::nullopt},
                                   {"x", 5}, {"y", 250}};
  BOOST_TEST(xsec::format_mechanisms(odd) == "aes-gcm;q=1 hmac-sha256;q=0 null x;q=0.005 y;q=0.25");
  BOOST_TEST((*xsec::parse_mechanisms(xsec::format_mechanisms(odd)) == odd));

  // Separators: spaces, tabs, commas; "1.000" and "0.500" forms; Q upper case.
  auto loose = xsec::parse_mechanisms(" aes-gcm;q=1.000,\thmac-sha256;Q=0.500 ");
  BOOST_TEST_REQUIRE(loose.has_value());
  BOOST_TEST(loose->size() == 2u);
  BOOST_TEST((*loose)[0].q.value() == 1000);
  BOOST_TEST((*loose)[1].q.value() == 500);

  for (const char* bad : {"", "  ", "a;q=1.5", "a;q=2", "a;q=0.1234", "a;q=", "a;x=1", ";q=1",
                          "a;q=0.x", "a b\"c", "a;q=1.001"})
    BOOST_TEST(!xsec::parse_mechanisms(bad).has_value(), bad);
  BOOST_TEST(xsec::format_mechanisms({{"bad name", 1}}).empty());
  BOOST_TEST(xsec::format_mechanisms({{"a", 1001}}).empty());
}

BOOST_AUTO_TEST_CASE(secm_extension_on_service_change) {
  service_change_parm p = make_restart("901 Cold Boot");
  BOOST_TEST(!xsec::get_secm(p).has_value());
  xsec::set_secm(p, {{"digest", 300}});
  xsec::set_secm(p, {{"aes-gcm", 900}, {"null", 100}}); // replaces
  BOOST_TEST_REQUIRE(p.extensions.size() == 1u);
  BOOST_TEST(p.extensions[0].name == "X-SECM");
  BOOST_TEST(p.extensions[0].quoted);
  auto got = xsec::get_secm(p);
  BOOST_TEST_REQUIRE(got.has_value());
  BOOST_TEST(got->size() == 2u);
  BOOST_TEST((*got)[0].name == "aes-gcm");

  // Through the codec.
  auto m = parse(golden::service_change);
  BOOST_TEST_REQUIRE(m.ok());
  auto secm = xsec::get_secm(find_command<service_change_request>(*m)->service_change_parms);
  BOOST_TEST_REQUIRE(secm.has_value());
  BOOST_TEST((*secm == std::vector<xsec::mechanism>{{"digest", 300}, {"tls", 200}}));
}

BOOST_AUTO_TEST_CASE(challenge_and_key_round_trip) {
  xsec::challenge c;
  c.result = 401;
  c.rand = golden::hex("000102030405060708090a0b0c0d0e0f");
  c.autn = golden::hex("ffeeddccbbaa99887766554433221100");
  c.mech = "aes-gcm";
  signal_request s = xsec::make_chal(c);
  BOOST_TEST(s.signal_name == "xsec/chal");
  BOOST_TEST_REQUIRE(s.params.size() == 4u);
  BOOST_TEST(s.params[0].name == "result");
  BOOST_TEST(s.params[1].value == "000102030405060708090a0b0c0d0e0f");
  BOOST_TEST((xsec::read_chal(s) == c));
  BOOST_TEST(!xsec::read_key(s).has_value());

  xsec::key_delivery k;
  k.result = 200;
  k.ekey = golden::hex("3a91c2d4e5f60718293a4b5c6d7e8f900011223344556677");
  k.mac = golden::hex("2b7e151628aed2a6abf7158809cf4f3c");
  k.mech = "aes-gcm";
  message m = make_request(golden::mgc, 7, make_modify("A4444", std::nullopt,
                                                       make_signals({xsec::make_key(k)})));
  auto text = encode(m);
  BOOST_TEST_REQUIRE(text.ok());
  const auto amm = parsed_command<amm_request>(*text);
  const signal_request* ks = xsec::find_signal(amm, xsec::key);
  BOOST_TEST_REQUIRE(ks != nullptr);
  BOOST_TEST((xsec::read_key(*ks) == k));
  BOOST_TEST(xsec::find_signal(amm, xsec::chal) == nullptr);

  // Malformed known parameters are reported, unknown ones ignored.
  signal_request bad = s;
  bad.params[1].value = "xyz";
  BOOST_TEST(!xsec::read_chal(bad).has_value());
  bad = s;
  bad.params[0].value = "1000";
  BOOST_TEST(!xsec::read_chal(bad).has_value());
  signal_request extra = s;
  extra.params.push_back(make_parameter("future", "1"));
  BOOST_TEST((xsec::read_chal(extra) == c));
}

BOOST_AUTO_TEST_CASE(response_with_vw_auts_and_secm) {
  xsec::response r;
  r.vw = golden::hex("13f913040dca2c9afafa2c7437b68a77");
  r.secm = {{"digest", 300}, {"tls", 200}};
  observed_event e = xsec::make_resp(r, make_time_notation("20101113T23290000"));
  BOOST_TEST_REQUIRE(e.params.size() == 2u);
  BOOST_TEST(e.params[1].name == "secm");
  BOOST_TEST(e.params[1].quoted); // ';', '=' and ' ' are not SafeChars
  message m = make_request(golden::mg, 1002, make_notify("A4444", 2222, {e}));
  auto text = encode(m);
  BOOST_TEST_REQUIRE(text.ok());
  BOOST_TEST(text->find("secm = \"digest;q=0.3 tls;q=0.2\"") != std::string::npos);
  const auto n = parsed_command<notify_request>(*text);
  const observed_event* oe = xsec::find_observed_event(n, xsec::resp);
  BOOST_TEST_REQUIRE(oe != nullptr);
  BOOST_TEST((xsec::read_resp(*oe) == r));
  BOOST_TEST(oe->timestamp->date == "20101113");

  xsec::response resync;
  resync.auts = golden::hex("0102030405060708090a0b0c0d0e");
  auto read = xsec::read_resp(xsec::make_resp(resync));
  BOOST_TEST_REQUIRE(read.has_value());
  BOOST_TEST(read->vw.empty());
  BOOST_TEST((read->auts == resync.auts));

  // The mechanism list as a requested-event parameter as well.
  requested_event req = xsec::make_resp_request({{"aes-gcm", 1000}});
  BOOST_TEST(req.params.at(0).value == "aes-gcm;q=1");
  BOOST_TEST(xsec::read_resp(req)->secm.at(0).name == "aes-gcm");
  req.params[0].value = "not;a;list";
  BOOST_TEST(!xsec::read_resp(req).has_value());
}

BOOST_AUTO_TEST_CASE(binding_parameters_round_trip) {
  // What the registration binding adds: the identity, the edge's list and its mirror, the
  // proxy's verdict and the proxy's copy of the key (protocols/dialogue/h248_binding.hpp).
  xsec::challenge c;
  c.result = 401;
  c.uid = "t1@ngn.example";
  c.rand = golden::hex("000102030405060708090a0b0c0d0e0f");
  c.autn = golden::hex("101112131415161718191a1b1c1d1e1f");
  c.secs = {{"aes-gcm", 900}, {"hmac-sha256", 500}};
  c.mech = "aes-gcm";
  signal_request s = xsec::make_chal(c);
  BOOST_TEST_REQUIRE(s.params.size() == 6u);
  BOOST_TEST(s.params[1].name == "uid");
  BOOST_TEST(!s.params[1].quoted); // '@' and '.' are SafeChars
  BOOST_TEST(s.params[4].name == "secs");
  BOOST_TEST(s.params[4].value == "aes-gcm;q=0.9 hmac-sha256;q=0.5");
  BOOST_TEST((xsec::read_chal(s) == c));
  s.params[4].value = "aes-gcm;x=1";
  BOOST_TEST(!xsec::read_chal(s).has_value());

  xsec::response r;
  r.uid = "t1@ngn.example";
  r.vw = golden::hex("2021222324252627");
  r.secm = {{"aes-gcm", 900}};
  r.secv = {{"hmac-sha256", 500}};
  r.sec_agree_failed = true;
  observed_event e = xsec::make_resp(r);
  BOOST_TEST_REQUIRE(e.params.size() == 5u);
  BOOST_TEST(e.params[4].name == "secagree");
  BOOST_TEST(e.params[4].value == "failed");
  BOOST_TEST((xsec::read_resp(e) == r));
  e.params[4].value = "ok";
  BOOST_TEST(!xsec::read_resp(e)->sec_agree_failed);
  e.params[3].value = "";
  BOOST_TEST(!xsec::read_resp(e).has_value());

  xsec::key_delivery k;
  k.result = 200;
  k.uid = "t1@ngn.example";
  k.ekey = golden::hex("303132333435363738393a3b3c3d3e3f4041424344454647");
  k.pkey = golden::hex("505152535455565758595a5b5c5d5e5f6061626364656667");
  k.mac = golden::hex("707172737475767778797a7b7c7d7e7f");
  k.mech = "aes-gcm";
  signal_request ks = xsec::make_key(k);
  BOOST_TEST_REQUIRE(ks.params.size() == 6u);
  BOOST_TEST(ks.params[3].name == "pkey");
  BOOST_TEST((xsec::read_key(ks) == k));
  ks.params[3].value = "5";
  BOOST_TEST(!xsec::read_key(ks).has_value());
}

BOOST_AUTO_TEST_CASE(lifetime_and_spi_parameters) {
  // DESIGN.md §1.2: lt (s), spic (the terminal's inbound SPI) and spis (the edge's), decimal
  // UINT32 values placed after the lists and before the proxy's assertions; 0 is not sent.
  xsec::challenge c;
  c.result = 401;
  c.secs = {{"aes-gcm", 900}};
  c.spis = 8194;
  c.mech = "aes-gcm";
  signal_request s = xsec::make_chal(c);
  BOOST_TEST_REQUIRE(s.params.size() == 4u);
  BOOST_TEST(s.params[2].name == "spis");
  BOOST_TEST(s.params[2].value == "8194");
  BOOST_TEST(!s.params[2].quoted);
  BOOST_TEST(s.params[3].name == "mech");
  BOOST_TEST((xsec::read_chal(s) == c));
  s.params[2].value = "-1";
  BOOST_TEST(!xsec::read_chal(s).has_value());
  s.params[2].value = "4294967296";
  BOOST_TEST(!xsec::read_chal(s).has_value());
  s.params[2].value = "4294967295";
  BOOST_TEST(xsec::read_chal(s)->spis == 4294967295u);

  xsec::response r;
  r.vw = golden::hex("2021222324252627");
  r.secv = {{"aes-gcm", 900}};
  r.lt = 600;
  r.spic = 4097;
  r.sec_agree_failed = true;
  r.mech = "aes-gcm";
  observed_event e = xsec::make_resp(r);
  BOOST_TEST_REQUIRE(e.params.size() == 6u);
  BOOST_TEST(e.params[2].name == "lt");
  BOOST_TEST(e.params[2].value == "600");
  BOOST_TEST(e.params[3].name == "spic");
  BOOST_TEST(e.params[3].value == "4097");
  BOOST_TEST(e.params[4].name == "secagree");
  BOOST_TEST((xsec::read_resp(e) == r));
  e.params[3].value = "0x1001";
  BOOST_TEST(!xsec::read_resp(e).has_value());

  xsec::key_delivery k;
  k.result = 200;
  k.ekey = golden::hex("303132333435363738393a3b3c3d3e3f4041424344454647");
  k.mac = golden::hex("707172737475767778797a7b7c7d7e7f");
  k.lt = 300;
  k.spis = 8194;
  k.mech = "aes-gcm";
  signal_request ks = xsec::make_key(k);
  BOOST_TEST_REQUIRE(ks.params.size() == 6u);
  BOOST_TEST(ks.params[3].name == "lt");
  BOOST_TEST(ks.params[4].name == "spis");
  message m = make_request(golden::mgc, 7, make_modify("A4444", std::nullopt,
                                                       make_signals({ks})));
  auto text = encode(m);
  BOOST_TEST_REQUIRE(text.ok());
  BOOST_TEST(text->find("lt = 300,\r\n") != std::string::npos);
  auto back = parse(*text);
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST((xsec::read_key(*xsec::find_signal(*find_command<amm_request>(*back), xsec::key))
              == k));
  ks.params[3].value = "";
  BOOST_TEST(!xsec::read_key(ks).has_value());
  // Absent: 0.
  BOOST_TEST(xsec::read_key(xsec::make_key(xsec::key_delivery{}))->lt == 0u);
  BOOST_TEST(xsec::make_key(xsec::key_delivery{}).params.empty());
}

BOOST_AUTO_TEST_CASE(uint_extensions_on_service_change) {
  service_change_parm p = make_restart("901 Cold Boot");
  BOOST_TEST(xsec::get_uint_extension(p, xsec::lt_extension).value() == 0u); // absent
  xsec::set_uint_extension(p, xsec::lt_extension, 3600);
  xsec::set_uint_extension(p, xsec::spic_extension, 4097);
  xsec::set_uint_extension(p, xsec::lt_extension, 600); // replaces
  BOOST_TEST_REQUIRE(p.extensions.size() == 2u);
  BOOST_TEST(p.extensions[0].name == "X-LT");
  BOOST_TEST(p.extensions[0].value == "600");
  BOOST_TEST(!p.extensions[0].quoted);
  BOOST_TEST(xsec::get_uint_extension(p, "x-spic").value() == 4097u); // case-insensitive
  // Through the codec (H.248.1 Annex B extensionParameter = "X" "-" 1*6(ALPHA / DIGIT)).
  message m = make_request(golden::mg, 9, make_service_change("ROOT", p));
  auto text = encode(m);
  BOOST_TEST_REQUIRE(text.ok());
  BOOST_TEST(text->find("X-LT = 600,\r\n        X-SPIC = 4097\r\n") != std::string::npos, *text);
  auto back = parse(*text);
  BOOST_TEST_REQUIRE(back.ok());
  const auto& bp = find_command<service_change_request>(*back)->service_change_parms;
  BOOST_TEST(xsec::get_uint_extension(bp, xsec::spic_extension).value() == 4097u);
  xsec::set_uint_extension(p, xsec::lt_extension, 0); // 0 = not carried: removed
  BOOST_TEST(p.extensions.size() == 1u);
  p.extensions[0].value = "many";
  BOOST_TEST(!xsec::get_uint_extension(p, xsec::spic_extension).has_value());
}

BOOST_AUTO_TEST_CASE(parameter_helpers) {
  std::vector<parameter> ps{make_parameter("Rand", "0a0b"), make_uint_parameter("result", 401),
                            make_parameter("text", "two words")};
  BOOST_TEST(!ps[0].quoted);
  BOOST_TEST(ps[2].quoted);
  BOOST_TEST(find_parameter(ps, "rand") == &ps[0]); // names are case-insensitive
  BOOST_TEST(find_parameter(ps, "missing") == nullptr);
  BOOST_TEST((hex_parameter(ps, "RAND") == bytes{0x0a, 0x0b}));
  BOOST_TEST(!hex_parameter(ps, "text").has_value());
  BOOST_TEST(uint_parameter(ps, "result").value() == 401u);
  BOOST_TEST(!uint_parameter(ps, "text").has_value());
  std::array<std::uint8_t, 2> arr{0xde, 0xad};
  BOOST_TEST(make_hex_parameter("k", arr).value == "dead");
  BOOST_TEST(!make_time_notation("20101113 23290000").has_value());
  BOOST_TEST(!make_time_notation("2010111T23290000").has_value());
}

BOOST_AUTO_TEST_CASE(find_error_everywhere) {
  BOOST_TEST(find_error(golden::modify_key_reply_model()) == nullptr);
  BOOST_TEST(find_error(golden::error_reply_model())->error_code == 402);
  message sc = make_reply("mg", 1, make_service_change_reply("ROOT", error_descriptor{501, "n"}));
  BOOST_TEST(find_error(sc)->error_code == 501);
  message nr = make_reply("mg", 1, make_notify_reply("A", error_descriptor{430, ""}));
  BOOST_TEST(find_error(nr)->error_code == 430);
  message ar = make_reply("mg", 1, make_notify_reply("A"));
  std::get<transaction_reply>(ar.transactions[0]).action_replies[0].error =
    error_descriptor{411, ""};
  BOOST_TEST(find_error(ar)->error_code == 411);
  message n = golden::notify_model();
  std::get<notify_request>(std::get<transaction_request>(n.transactions[0]).actions[0].commands[0])
    .error = error_descriptor{500, ""};
  BOOST_TEST(find_error(n)->error_code == 500);
  message body;
  body.mid = "mg";
  body.error = error_descriptor{400, ""};
  BOOST_TEST(find_error(body)->error_code == 400);
}

BOOST_AUTO_TEST_SUITE_END()
