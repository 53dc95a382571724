// Registration builders beyond the golden messages: resynchronisation, rejection, the proxy's
// copy of the key, extra parameters, and the readers used by the binding.
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"
#include "tests/protocols/mgcp/checks.hpp"
#include "tests/protocols/mgcp/fields.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::mgcp;
using namespace ngn::mgcp::test;

BOOST_AUTO_TEST_SUITE(mgcp_builders)

BOOST_AUTO_TEST_CASE(notify_with_auts_instead_of_res) {
  auto n = headed<notify_fields>({3, "1001@ngn.example", "", "7"});
  n.auts = "00112233445566778899aabbccdd";
  BOOST_TEST(encode_ok(make_notify(n)) == "NTFY 3 1001@ngn.example MGCP 1.0\r\n"
                                          "X: 7\r\n"
                                          "O: X-SEC/auts(00112233445566778899aabbccdd)\r\n"
                                          "X-AUTS: 00112233445566778899aabbccdd\r\n");
  command c = make_notify(n);
  BOOST_TEST(c.find(ext::resp) == nullptr);
  BOOST_TEST(*sec_event_parameters(c, code::observed_events, sec_event::auts) == n.auts);
}

BOOST_AUTO_TEST_CASE(notify_without_res_or_auts_reports_an_empty_verification_word) {
  // TS 24.229 §5.1.1.5.3: the terminal could not verify AUTN.
  auto n = headed<notify_fields>({4, "1001@ngn.example", "", "7"});
  const auto e = encode_ok(make_notify(n));
  BOOST_TEST(e == "NTFY 4 1001@ngn.example MGCP 1.0\r\n"
                  "X: 7\r\n"
                  "O: X-SEC/resp()\r\n"
                  "X-RESP:\r\n");
  auto back = parse_one(e);
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST(std::get<command>(*back).find(ext::resp)->value.empty());
}

BOOST_AUTO_TEST_CASE(rejection_with_reason) {
  auto j = headed<rejection_fields>(
    {2002, "aaln/1@term1.ngn.example", "ss@192.0.2.1:2727", "0A1B2C3F"});
  j.reason = "verification word mismatch";
  command c = make_rejection(j);
  BOOST_TEST(encode_ok(c) == "RQNT 2002 aaln/1@term1.ngn.example MGCP 1.0\r\n"
                             "N: ss@192.0.2.1:2727\r\n"
                             "X: 0A1B2C3F\r\n"
                             "X-RSLT: 403\r\n"
                             "X-RSN: verification word mismatch\r\n");
  BOOST_TEST((result_code(c) == std::optional<std::uint16_t>(403)));
}

BOOST_AUTO_TEST_CASE(success_towards_the_proxy_carries_both_keys) {
  auto s = headed<success_fields>({4, "1001@ngn.example", "", "8"});
  s.wrapped_key = "aa";
  s.edge_key = "bb";
  s.mechanism = "aes-gcm";
  s.requested_events.clear();
  s.extra = {{"X-SESS", "12345"}};
  BOOST_TEST(encode_ok(make_success(s)) == "RQNT 4 1001@ngn.example MGCP 1.0\r\n"
                                           "X: 8\r\n"
                                           "S: X-SEC/key(aa)\r\n"
                                           "X-RSLT: 200\r\n"
                                           "X-SKEY: aa\r\n"
                                           "X-EKEY: bb\r\n"
                                           "X-SECM: aes-gcm\r\n"
                                           "X-SESS: 12345\r\n");
}

BOOST_AUTO_TEST_CASE(every_extension_name_of_the_binding_is_valid) {
  for (auto n : {ext::secm, ext::secv, ext::chal, ext::resp, ext::auts, ext::skey, ext::ekey,
                 ext::mac, ext::rslt, ext::sess, ext::rsn, ext::secc, ext::vrfy})
    BOOST_TEST(valid_extension_name(n), n);
  BOOST_TEST(valid_package_name(sec_package));
}

BOOST_AUTO_TEST_CASE(result_code_reader) {
  command c;
  BOOST_TEST(!result_code(c).has_value());
  c.add("X-RSLT", "40");
  BOOST_TEST(!result_code(c).has_value());
  c.params[0].value = "4x3";
  BOOST_TEST(!result_code(c).has_value());
  c.params[0].value = "099";
  BOOST_TEST((result_code(c) == std::optional<std::uint16_t>(99)));
  BOOST_TEST(!sec_event_parameters(c, "S", "chal").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
