// Grammar violations and unsupported elements on parse; model violations on encode.
#include "tests/protocols/h248/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::h248;

namespace {

errc parse_error(const std::string& text) {
  auto m = parse(text);
  BOOST_TEST_REQUIRE(!m.ok(), "parsed: " << text);
  return m.error().kind;
}

/// The parser refuses each of `texts` with `kind`.
void refused(errc kind, std::initializer_list<std::string> texts) {
  for (const auto& text : texts)
    BOOST_TEST((parse_error(text) == kind), text);
}

std::string sc(const std::string& services) {
  return "!/1 [192.0.2.10]:2944\nT=1{C=-{SC=ROOT{SV{" + services + "}}}}";
}

std::string signal_params(const std::string& params) {
  return "!/1 mg\nT=1{C=-{MF=A4444{SG{xsec/chal{" + params + "}}}}}";
}

errc encode_error(const message& m) {
  auto r = encode(m);
  BOOST_TEST_REQUIRE(!r.ok(), "encoded: " << (r.ok() ? *r : std::string()));
  return r.error().kind;
}

amm_request& first_amm(message& m) {
  return std::get<amm_request>(
    std::get<transaction_request>(m.transactions[0]).actions[0].commands[0]);
}

service_change_parm& first_parms(message& m) {
  return std::get<service_change_request>(
           std::get<transaction_request>(m.transactions[0]).actions[0].commands[0])
    .service_change_parms;
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_validation)

BOOST_AUTO_TEST_CASE(service_change_requires_method_and_quoted_reason) {
  BOOST_TEST(parse(sc("MT=RS,RE=\"901 Cold Boot\"")).ok());
  refused(errc::malformed, {
    sc("RE=\"901 Cold Boot\",AD=2944"),
    sc("MT=RS,AD=2944"),
    sc("MT=RS,RE=901"),
    sc("MT=RS,RE=901Cold"),
    sc("MT=RS,RE=\"\""),
    sc("MT=RS,MT=FO,RE=\"1\""),
    sc("MT=RS,RE=\"1\",RE=\"2\""),
    sc("MT=Reboot,RE=\"1\""),
    sc("MT=RS,RE=\"1\",V=100"),
    sc("MT=RS,RE=\"1\",PF=ResGW"),
    sc("MT=RS,RE=\"1\",AD=70000"),
    sc("MT=RS,RE=\"1\",SECM=1"),
    sc("MT=RS,RE=\"1\",X-TOOLONG=1"),
    sc("MT=RS,RE=\"1\",2024010T00000000"),
    sc("MT=RS,RE=\"1\",DL=4294967296"),
    // ServiceChange without its Services descriptor.
    "!/1 mg\nT=1{C=-{SC=ROOT}}",
    // ServiceChange reply parameters are the reply set only.
    "!/1 mg\nP=1{C=-{SC=ROOT{SV{MT=RS}}}}",
  });
  refused(errc::unsupported, {
    sc("MT=RS,RE=\"1\",X-A>1"),
    sc("MT=RS,RE=\"1\",SIC"),
  });
}

BOOST_AUTO_TEST_CASE(header_and_body_errors) {
  BOOST_TEST(parse("MEGACO/1 mg PN=1{}").ok()); // any SEP after the mId
  refused(errc::incomplete, {
    "",
    "  ; only a comment\r\n",
    "MEGACO/1 mg\nPN=1{} garbage",
  });
  refused(errc::unsupported, {
    "MEGACO/4 mg\nPN=1{}",
    "MEGACO/0 mg\nPN=1{}",
    "AU=0x00000001:0x00000001:0x0123456789abcdef01234567\n"
    "MEGACO/1 mg\nPN=1{}",
    "MEGACO/1 mg\nK{1-3}",
    "MEGACO/1 mg\nP=1/1{C=-{MF=A}}",
  });
  refused(errc::malformed, {
    "MEGACO/100 mg\nPN=1{}",
    "MEGACO 1 mg\nPN=1{}",
    "MEGACO/1mg\nPN=1{}",
    "MEGACO/1 [192.0.2.1]:2944PN=1{}",
    "MEGACO/1 mg{PN=1{}",
    "SIP/2.0 200 OK\r\n\r\n",
    "MEGACO/1 [192.0.2.300]:2944\nPN=1{}",
    "MEGACO/1 [192.0.2.1]:99999\nPN=1{}",
    "MEGACO/1 1mg\nPN=1{}",
    "MEGACO/1 mg\nPN=1{} }",
    "MEGACO/1 mg\nER=400{\"x\"} PN=1{}",
    "MEGACO/1 mg\nT=4294967296{C=-{MF=A}}",
    "MEGACO/1 mg\nT=1{C=4294967296{MF=A}}",
    "MEGACO/1 mg\nT=1{}",
    "MEGACO/1 mg\nT=1{C=-{}}",
    "MEGACO/1 mg\nP=1{}",
    "MEGACO/1 mg\nP=1{C=-{}}",
    "MEGACO/1 mg\nP=1{C=-}",
    "MEGACO/1 mg\nP=1{C=-{ER=1{},MF=A}}",
    "MEGACO/1 mg\nP=1{ER=1{},C=-{MF=A}}",
    "MEGACO/1 mg\nPN=1{C=-{MF=A}}",
  });
}

BOOST_AUTO_TEST_CASE(error_descriptor_rules) {
  BOOST_TEST(parse("!/1 mg\nP=1{ER=9999{}}").ok());
  auto m = parse("!/1 mg\nP=1{ER=402{ }}");
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST(find_error(*m)->error_text.empty());
  refused(errc::malformed, {
    "!/1 mg\nP=1{ER=10000{}}",
    "!/1 mg\nP=1{ER=402{Unauthorized}}",
    "!/1 mg\nP=1{ER=402}",
    "!/1 mg\nP=1{ER=402{\"a\"\"b\"}}",
    "!/1 mg\nP=1{ER=402{\"a\x01\"}}",
  });
}

BOOST_AUTO_TEST_CASE(package_and_parameter_names) {
  BOOST_TEST(parse(signal_params("rand=00")).ok());
  BOOST_TEST(parse("!/1 mg\nT=1{C=-{MF=A{E=1{" + std::string(64, 'a') + "/b}}}}").ok());
  refused(errc::malformed, {
    "!/1 mg\nT=1{C=-{MF=A{SG{x-sec/chal}}}}",
    "!/1 mg\nT=1{C=-{MF=A{SG{xsec}}}}",
    "!/1 mg\nT=1{C=-{MF=A{SG{1sec/chal}}}}",
    "!/1 mg\nT=1{C=-{MF=A{SG{*/chal}}}}",
    "!/1 mg\nT=1{C=-{MF=A{SG{xsec/chal/x}}}}",
    "!/1 mg\nT=1{C=-{MF=A{E=1{" + std::string(65, 'a') + "/b}}}}",
    signal_params("r-and=00"),
    signal_params("_x=00"),
    signal_params("rand"),
    signal_params("rand="),
    signal_params("rand=a=b"),
    signal_params("rand=a b"),
  });
  BOOST_TEST((parse_error(signal_params("rand=\"unterminated}}}}}")) == errc::incomplete));
  // Forms of the grammar outside the subset.
  refused(errc::unsupported, {
    signal_params("KA"),
    signal_params("NC={TO}"),
    signal_params("rand>5"),
    signal_params("rand#5"),
    signal_params("rand=[1,2]"),
    signal_params("rand={1,2}"),
    "!/1 mg\nT=1{C=-{MF=A{E=1{p/e{EM{SG{p/s}}}}}}}",
    "!/1 mg\nT=1{C=-{MF=A{E=1{p/e{DM=dm1}}}}}",
    "!/1 mg\nT=1{C=-{MF=A{SG{SL=1{p/s}}}}}",
  });
}

BOOST_AUTO_TEST_CASE(unsupported_commands_and_descriptors) {
  refused(errc::unsupported, {
    "!/1 mg\nT=1{C=-{MF=A{M{L{v=0}}}}}",
    "!/1 mg\nT=1{C=-{MF=A{DM=dm1{(1|2)}}}}",
    "!/1 mg\nT=1{C=-{AV=A{AT{M}}}}",
    "!/1 mg\nT=1{C=-{O-MF=A}}",
    "!/1 mg\nT=1{C=-{MF=[A,B]}}",
    "!/1 mg\nT=1{C=1{PR=5,MF=A}}",
    "!/1 mg\nT=1{C=-{S=A{AT{M}}}}",
    "!/1 mg\nP=1{C=-{MF=A{M{L{v=0}}}}}",
    // ammsReply terminationAudit: Error and ObservedEvents only.
    "!/1 mg\nP=1{C=-{MF=A{ER=402{\"x\"},SG{}}}}",
  });
  refused(errc::malformed, {
    "!/1 mg\nT=1{C=-{MF=A{E,E}}}",
    "!/1 mg\nT=1{C=-{MF=A{SG{},SG{}}}}",
    "!/1 mg\nT=1{C=-{MF=A{E=1{}}}}",
    "!/1 mg\nT=1{C=-{N=A}}",
    "!/1 mg\nT=1{C=-{N=A{OE=1{}}}}",
    "!/1 mg\nT=1{C=-{N=A{OE=1{p/e},E=1{p/e}}}}",
    // ammsReply terminationAudit: Error and ObservedEvents, each at most once.
    "!/1 mg\nP=1{C=-{MF=A{ER=402{\"x\"},ER=402{\"y\"}}}}",
    "!/1 mg\nP=1{C=-{MF=A{OE=1{p/e},OE=1{p/e}}}}",
    "!/1 mg\nP=1{C=-{MF=A{ER=402{\"x\"},bogus}}}",
    "!/1 mg\nT=1{C=-{MF=bad-id!}}",
    "!/1 mg\nT=1{C=-{MF=" + std::string(65, 'a') + "}}",
  });
}

BOOST_AUTO_TEST_CASE(invalid_package_names_rejected_on_encode) {
  for (const char* name : {"x-sec/chal", "xsec", "1sec/chal", "xsec/", "/chal", "*/chal",
                           "xsec/ch al", "xsec/chal/x", ""}) {
    BOOST_TEST_CONTEXT(name) {
      message m = golden::modify_key_model();
      first_amm(m).signals->signals[0].signal_name = name;
      BOOST_TEST((encode_error(m) == errc::invalid_model));
      message e = golden::modify_challenge_model();
      first_amm(e).events->events[0].pkgd_name = name;
      BOOST_TEST((encode_error(e) == errc::invalid_model));
    }
  }
  message m = golden::modify_key_model();
  first_amm(m).signals->signals[0].signal_name = std::string(65, 'x') + "/key";
  BOOST_TEST((encode_error(m) == errc::invalid_model));
}

BOOST_AUTO_TEST_CASE(invalid_parameters_rejected_on_encode) {
  auto with_param = [](parameter p) {
    message m = golden::modify_key_model();
    first_amm(m).signals->signals[0].params.push_back(std::move(p));
    return m;
  };
  BOOST_TEST(encode(with_param({"mech", "digest", false})).ok());
  BOOST_TEST((encode_error(with_param({"me-ch", "x", false})) == errc::invalid_model));
  BOOST_TEST((encode_error(with_param({"", "x", false})) == errc::invalid_model));
  BOOST_TEST((encode_error(with_param({"KeepActive", "x", false})) == errc::invalid_model));
  BOOST_TEST((encode_error(with_param({"EM", "x", false})) == errc::invalid_model));
  BOOST_TEST((encode_error(with_param({"x", "a b", false})) == errc::invalid_model));
  BOOST_TEST((encode_error(with_param({"x", "", false})) == errc::invalid_model));
  BOOST_TEST((encode_error(with_param({"x", "a\"b", true})) == errc::invalid_model));
  BOOST_TEST((encode_error(with_param({"x", std::string("a\0b", 3), true}))
              == errc::invalid_model));
  BOOST_TEST(encode(with_param({"x", "", true})).ok());
  BOOST_TEST(encode(with_param(make_parameter("x", "a b;c"))).ok());
}

BOOST_AUTO_TEST_CASE(invalid_models_rejected_on_encode) {
  message m = golden::service_change_model();
  first_parms(m).reason.clear();
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::service_change_model();
  first_parms(m).reason = "bad \" quote";
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::service_change_model();
  first_parms(m).method_extension = "X-ABC";
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::service_change_model();
  first_parms(m).method = service_change_method::extension;
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::service_change_model();
  first_parms(m).extensions[0].name = "SECM";
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::service_change_model();
  first_parms(m).address = "not a mid";
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::service_change_model();
  first_parms(m).profile->name = "Res-GW";
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::service_change_model();
  first_parms(m).version = 100;
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::service_change_model();
  first_parms(m).timestamp = time_notation{"2024011", "00000000"};
  BOOST_TEST((encode_error(m) == errc::invalid_model));

  m = golden::modify_challenge_model();
  first_amm(m).events->request_id.reset();
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::modify_challenge_model();
  first_amm(m).events->events.clear();
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::modify_challenge_model();
  first_amm(m).termination_id = "A 4444";
  BOOST_TEST((encode_error(m) == errc::invalid_model));

  m = golden::notify_model();
  std::get<notify_request>(std::get<transaction_request>(m.transactions[0]).actions[0].commands[0])
    .observed_events.events.clear();
  BOOST_TEST((encode_error(m) == errc::invalid_model));

  m = golden::notify_model();
  m.mid = "";
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::notify_model();
  m.version = 4;
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::notify_model();
  m.error = error_descriptor{400, "both"};
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::notify_model();
  m.transactions.clear();
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::notify_model();
  std::get<transaction_request>(m.transactions[0]).actions.clear();
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::notify_model();
  std::get<transaction_request>(m.transactions[0]).actions[0].commands.clear();
  BOOST_TEST((encode_error(m) == errc::invalid_model));

  m = golden::error_reply_model();
  std::get<transaction_reply>(m.transactions[0]).error = error_descriptor{400, ""};
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::error_reply_model();
  std::get<transaction_reply>(m.transactions[0]).action_replies[0].command_replies.clear();
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = golden::error_reply_model();
  std::get<transaction_reply>(m.transactions[0]).action_replies.clear();
  BOOST_TEST((encode_error(m) == errc::invalid_model));
  m = make_error_reply("mg", 1, error_descriptor{10000, ""});
  BOOST_TEST((encode_error(m) == errc::invalid_model));

  service_change_res_parm r;
  r.version = 1;
  service_change_reply both{"ROOT", error_descriptor{501, ""}, r};
  BOOST_TEST((encode_error(make_reply("mg", 1, both)) == errc::invalid_model));
}

BOOST_AUTO_TEST_SUITE_END()
