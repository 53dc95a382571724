// The registration's life in the RAS binding (DESIGN.md §1.2, issue 9 spec): golden aligned-PER
// octets (ITU-T X.691, H.225.0 v7 ASN.1 as in reference/wire-bindings.md §5.1 and H323R.asn) of
// the lightweight RRQ, its RCF, the de-registering URQ and its UCF, each read bit by bit; what
// decode() makes of them; the lifetime and SPI carriers (timeToLive, genericData "spi-t" /
// "spi-e") in every direction and through the proxy's relay; malformed variants; robustness; and
// tshark's dissection with every response paired with its request.
#include "tests/protocols/dialogue/golden_values.hpp"
#include "tests/protocols/dialogue/ras_binding_support.hpp"
#include "tests/protocols/ras/pcap_writer.hpp"
#include "tests/protocols/tshark.hpp"

#include "protocols/common/hex.hpp"
#include "tests/common/test_bindings.hpp"
#include "protocols/dialogue/ras_util.hpp"
#include "protocols/ras/codec.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <random>
#include <set>

using namespace ngn;
using namespace ngn::dialogue;
using namespace ngn::dialogue::ras_test;
namespace ru = ngn::dialogue::ras_util;

namespace {

const ngn::session_id session = *ngn::session_id::parse("01020304a5a6a7a8b9bacbdcedfe0f10");

/// The terminal of the goldens: t1@ngn.example at 10.1.0.1, its 8th request (sequence 7:
/// requestSeqNum 8), session 01020304a5a6…0f10 (128 bits), lifetime 3600 s, at 1700000000 s (H.235 timeStamp).
terminal_view life_view(std::uint32_t sequence = 7) {
  terminal_view t = view();
  t.sequence = sequence;
  t.session_id = session;
  t.now = micros{1'700'000'000} * ngn::seconds;
  return t;
}

keepalive_fields keepalive_answer_fields() {
  return golden_values::keepalive_answer(5060, session, 1200);
}

answer_fields deregistered_fields() { return golden_values::deregistered_answer(5060); }

std::string slice(const std::string& hex, std::size_t from_octet, std::size_t octets) {
  return hex.substr(2 * from_octet, 2 * octets);
}

// ---- goldens ------------------------------------------------------------------------------
// Each was encoded by the binding, reproduced octet for octet by an independent reading of
// X.691 (aligned variant) over the H.225.0 v7 / H.235.0 ASN.1, and dissected by tshark 4.0.17
// with no expert info (the_life_dissects_in_tshark). The bit-by-bit reading is in the tests.

// Lightweight RRQ (274 octets): requestSeqNum 8, keepAlive TRUE, endpointIdentifier = the id in hex.
const std::string_view golden_keepalive_rrq =
  "0ec00007060008914a00070001000a01000106b801000a01000106b7020001400d007400310040006e006700"
  "6e002e006500780061006d0070006c006514006e0067006e002e006500780061006d0070006c006560ff0000"
  "00056e676e656d75003134cf00020003400e0f5c02c1000488370101c06553f0ff14006e0067006e002e0065"
  "00780061006d0070006c006506801d1a007400310040006e0067006e002e006500780061006d0070006c0065"
  "080004883701061001020304a5a6a7a8b9bacbdcedfe0f100180413e00300031003000320030003300300034"
  "0061003500610036006100370061003800620039006200610063006200640063006500640066006500300066"
  "00310030010001000100";

// RCF answering it (238 octets): requestSeqNum 8, timeToLive 1200 (left), no h235Key.
const std::string_view golden_keepalive_rcf =
  "12c00007060008914a000701000a00000106b801400d007400310040006e0067006e002e006500780061006d"
  "0070006c006514006e0067006e002e006500780061006d0070006c00653e0030003100300032003000330030"
  "0034006100350061003600610037006100380062003900620061006300620064006300650064006600650030"
  "00660031003026ca0000034004af5702810004883701011a007400310040006e0067006e002e006500780061"
  "006d0070006c006506801714006e0067006e002e006500780061006d0070006c006508000488370106100102"
  "0304a5a6a7a8b9bacbdcedfe0f1001000100";

// URQ de-registering (228 octets): requestSeqNum 9, no reason.
const std::string_view golden_deregistration_urq =
  "1b40000801000a01000106b801400d007400310040006e0067006e002e006500780061006d0070006c00653e"
  "0030003100300032003000330030003400610035006100360061003700610038006200390062006100630062"
  "006400630065006400660065003000660031003014c0001714006e0067006e002e006500780061006d007000"
  "6c00655c02c1000488370101c06553f0ff14006e0067006e002e006500780061006d0070006c006506801d1a"
  "007400310040006e0067006e002e006500780061006d0070006c0065080004883701061001020304a5a6a7a8"
  "b9bacbdcedfe0f10";

// UCF answering it (93 octets).
const std::string_view golden_deregistered_ucf =
  "1e000809005702810004883701011a007400310040006e0067006e002e006500780061006d0070006c006506"
  "801714006e0067006e002e006500780061006d0070006c0065080004883701061001020304a5a6a7a8b9bacb"
  "dcedfe0f10";

} // namespace

BOOST_AUTO_TEST_SUITE(ras_life)

BOOST_AUTO_TEST_CASE(lightweight_rrq_golden_bit_by_bit) {
  const auto& b = ras_b();
  const std::string wire = b.keepalive(life_view());
  const std::string h = hex_of(wire);
  BOOST_TEST(h == golden_keepalive_rrq);
  BOOST_TEST(wire.size() == 274u);
  // 0e = 0 (RasMessage root) 00011 (index 3: registrationRequest) 1 (RRQ extension bit: additions
  // follow) 0 (nonStandardData absent); c0 = 1 (terminalAlias) 1 (gatekeeperIdentifier) + padding.
  BOOST_TEST(slice(h, 0, 2) == "0ec0");
  // requestSeqNum INTEGER (1..65535): 8 − 1 in two aligned octets (X.691 §10.5.7.3); then the
  // OID 0.0.8.2250.0.7 (length 6, BER contents).
  BOOST_TEST(slice(h, 2, 9) == "0007060008914a0007");
  // 00 = discoveryComplete FALSE + padding; callSignalAddress SEQUENCE OF: count 1, then
  // TransportAddress 0 (ext) 000 (ipAddress) + padding, 10.1.0.1, port 1720.
  BOOST_TEST(slice(h, 11, 9) == "0001000a01000106b8");
  BOOST_TEST(slice(h, 20, 8) == "01000a01000106b7");  // rasAddress 10.1.0.1:1719
  // 02 = EndpointType 0 (ext) 000001 (terminal only) 0 (mc); 00 = 0 (undefinedNode),
  // TerminalInfo 0 (ext) 0 (nonStandardData) + padding.
  BOOST_TEST(slice(h, 28, 2) == "0200");
  // terminalAlias: count 1; 40 = AliasAddress 0 (ext) 1 (h323-ID) + padding; 0d = 14 − 1 in one
  // aligned octet (SIZE (1..256)); then 14 UCS-2 characters.
  BOOST_TEST(slice(h, 30, 3) == "01400d");
  BOOST_TEST(ru::from_bmp(ru::to_bmp(std::string(wire.substr(33, 28)))).size() == 28u);
  // gatekeeperIdentifier BMPString (SIZE (1..128)): 14 = 0001010 (11 − 1 in 7 bits) + padding.
  BOOST_TEST(slice(h, 61, 1) == "14");
  // endpointVendor: 60 = 0 (ext) 1 (productId) 1 (versionId) 0 (H221NonStandard ext) + padding;
  // t35CountryCode ff, t35Extension 00, manufacturerCode 0000, productId 6 − 1 "ngnemu",
  // versionId 1 − 1 "1".
  BOOST_TEST(slice(h, 84, 14) == "60ff000000056e676e656d750031");
  // Extension additions (X.691 §19.8): 0 011010 (27 additions, normally small length − 1), then
  // the 27-bit bitmap 0110 0111 1000 0000 0000 0000 100 + padding: timeToLive (1), tokens (2),
  // keepAlive (5), endpointIdentifier (6), willSupplyUUIEs (7), maintainConnection (8),
  // supportsAssignedGK (23).
  BOOST_TEST(slice(h, 98, 5) == "34cf000200");
  // timeToLive INTEGER (1..4294967295) as an open type: length 3; 01 (2 octets, 2-bit field)
  // + padding; 3600 − 1 = 0e0f.
  BOOST_TEST(slice(h, 103, 4) == "03400e0f");
  // tokens: open type of 92 octets, 2 ClearTokens; the first: c1 00 = 1 (ext: sendersID)
  // 10000010 (timeStamp, generalID) + padding; tokenOID 2.999.1.1; timeStamp 1700000000 − 1 in
  // 4 octets (11 + padding, 6553f0ff).
  BOOST_TEST(slice(h, 107, 14) == "5c02c1000488370101c06553f0ff");
  // generalID "ngn.example" (14 + 22 octets); ClearToken additions: 0 000011 (4) + bitmap 0100
  // (sendersID) + padding = 06 80; sendersID open type of 29 octets: 1a = 13 in 7 bits + padding,
  // then "t1@ngn.example".
  BOOST_TEST(slice(h, 121, 1) == "14");
  BOOST_TEST(slice(h, 144, 4) == "06801d1a");
  // The second ClearToken, the session id (issue 12 item 3): 08 00 = 0 (ext) 00001000
  // (challenge only) + padding; tokenOID 2.999.1.6; challenge: 16 octets, the 128-bit id.
  BOOST_TEST(slice(h, 176, 24) == "080004883701061001020304a5a6a7a8b9bacbdcedfe0f10");
  // keepAlive TRUE: open type 01 80 (1 + padding); endpointIdentifier: 65 octets, 3e = 32 − 1
  // in 7 bits + padding, then the session id's 32 hex digits; willSupplyUUIEs,
  // maintainConnection, supportsAssignedGK FALSE: 01 00 each.
  BOOST_TEST(slice(h, 200, 4) == "0180413e");
  BOOST_TEST(slice(h, 204, 64) == "0030003100300032003000330030003400610035006100360061003700610038"
                                  "0062003900620061006300620064006300650064006600650030006600310030");
  BOOST_TEST(slice(h, 268, 6) == "010001000100");

  auto in = decoded(wire);
  BOOST_TEST((in.c.kind == step::keepalive));
  BOOST_TEST(!in.c.is_response);
  BOOST_TEST(in.c.tid == "8");
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.session_id == session);
  BOOST_TEST(in.c.lifetime == 3600u);
  BOOST_TEST(!in.c.proof);
  const auto& rrq = std::get<ras::rrq>(ras_binding::message_of(in));
  BOOST_TEST(rrq.keep_alive);
  BOOST_TEST((*rrq.endpoint_identifier == u"01020304a5a6a7a8b9bacbdcedfe0f10"));
  BOOST_TEST((*rrq.gatekeeper_identifier == u"ngn.example"));
  BOOST_TEST(*rrq.tokens->at(0).time_stamp == 1700000000u);  // a fresh token
  // Another moment, another time stamp: the token is fresh in every keepalive.
  terminal_view later = life_view(9);
  later.now += 30 * ngn::seconds;
  const auto later_in = decoded(b.keepalive(later)); // kept: message_of refers into it
  const auto& next = std::get<ras::rrq>(ras_binding::message_of(later_in));
  BOOST_TEST(*next.tokens->at(0).time_stamp == 1700000030u);
  BOOST_TEST(next.request_seq_num == 10u);
}

BOOST_AUTO_TEST_CASE(rcf_answers_the_keepalive_bit_by_bit) {
  const auto& b = ras_b();
  const auto ka = decoded(b.keepalive(life_view()));
  const std::string wire = b.answer_keepalive(ka, keepalive_answer_fields());
  const std::string h = hex_of(wire);
  BOOST_TEST(h == golden_keepalive_rcf);
  BOOST_TEST(wire.size() == 238u);
  // 12 = 0 00100 (index 4: registrationConfirm) 1 (ext) 0 (nonStandardData); c0 = terminalAlias,
  // gatekeeperIdentifier + padding; requestSeqNum 8 echoed (H.225.0: responses echo it).
  BOOST_TEST(slice(h, 0, 4) == "12c00007");
  BOOST_TEST(slice(h, 11, 8) == "01000a00000106b8");  // callSignalAddress 10.0.0.1:1720
  BOOST_TEST(slice(h, 19, 3) == "01400d");            // terminalAlias echoed
  BOOST_TEST(slice(h, 50, 1) == "14");                // gatekeeperIdentifier "ngn.example"
  BOOST_TEST(slice(h, 73, 1) == "3e");                // endpointIdentifier (root): 32 − 1
  // 0 010011 (20 additions) + bitmap 0110 0101 0000 0000 0000 + padding: timeToLive (1), tokens
  // (2), willRespondToIRR (5), maintainConnection (7).
  BOOST_TEST(slice(h, 138, 4) == "26ca0000");
  BOOST_TEST(slice(h, 142, 4) == "034004af");           // timeToLive 1200 − 1 = 04af
  // tokens (87 octets, 2 ClearTokens): 81 00 = 1 (ext) 00000010 (generalID) — no timeStamp,
  // and no h235Key among its additions: what tells this RCF from the success.
  BOOST_TEST(slice(h, 146, 9) == "570281000488370101");
  BOOST_TEST(slice(h, 184, 2) == "0680");              // additions: sendersID only
  // The session-id ClearToken (2.999.1.6, challenge = the 128-bit id).
  BOOST_TEST(slice(h, 210, 24) == "080004883701061001020304a5a6a7a8b9bacbdcedfe0f10");
  BOOST_TEST(slice(h, 234, 4) == "01000100");          // willRespondToIRR, maintainConnection

  auto in = decoded(wire);
  BOOST_TEST((in.c.kind == step::keepalive_answer));
  BOOST_TEST(in.c.is_response);
  BOOST_TEST(in.c.tid == "8");
  BOOST_TEST(in.c.session_id == session);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.lifetime == 1200u);
  BOOST_TEST(in.c.wrapped_t.empty());
  // Only a keepalive is answered so; the edge never audits in RAS.
  auto f = make_flow();
  BOOST_TEST(b.answer_keepalive(f.rrq, keepalive_answer_fields()).empty());
  BOOST_TEST(b.answer_keepalive(f.grq, keepalive_answer_fields()).empty());
  BOOST_TEST(b.answer_keepalive(in, keepalive_answer_fields()).empty());
  BOOST_TEST(!b.keepalive_by_edge());
  BOOST_TEST(b.edge_keepalive(edge_keepalive_fields{"t1@ngn.example", address{}, 1}).empty());
  // No lifetime left to tell: timeToLive absent, decoded 0; a missing endpointIdentifier is
  // replaced by the session's.
  auto none = keepalive_answer_fields();
  none.lifetime = 0;
  BOOST_TEST(decoded(b.answer_keepalive(ka, none)).c.lifetime == 0u);
  // The success still decodes as the success (its session token carries h235Key).
  BOOST_TEST((f.rcf.c.kind == step::success));
  BOOST_TEST(f.rcf.c.lifetime == 3600u);  // success_fields' default grant, as timeToLive
  // A success whose E_Kc(SK) was stripped on the way is still the success (which the terminal
  // refuses), as long as it carries anything else of the key distribution: E_Ksp(SK), the MAC
  // or the chosen mechanism. Only an RCF with none of them is a keepalive answer.
  auto stripped = std::get<ras::rcf>(ras_binding::message_of(f.rcf));
  ru::erase_tokens(stripped.tokens, ru::ids().session_token);
  auto as_success = decoded(ru::to_wire(stripped));
  BOOST_TEST((as_success.c.kind == step::success));
  BOOST_TEST(as_success.c.wrapped_t.empty());
  ru::erase_tokens(stripped.tokens, ru::ids().edge_key_token);
  BOOST_TEST((decoded(ru::to_wire(stripped)).c.kind == step::success));  // the MAC
  ru::erase_mac(stripped.crypto_tokens);
  BOOST_TEST((decoded(ru::to_wire(stripped)).c.kind == step::success));  // the chosen item
  ru::erase_items(stripped.generic_data, ru::ids().chosen);
  BOOST_TEST((decoded(ru::to_wire(stripped)).c.kind == step::keepalive_answer));
}

BOOST_AUTO_TEST_CASE(urq_deregisters_bit_by_bit) {
  const auto& b = ras_b();
  const std::string wire = b.deregistration(life_view(8));
  const std::string h = hex_of(wire);
  BOOST_TEST(h == golden_deregistration_urq);
  BOOST_TEST(wire.size() == 228u);
  // 1b = 0 00110 (index 6: unregistrationRequest) 1 (ext) 1 (endpointAlias); 40 = 0
  // (nonStandardData) 1 (endpointIdentifier) + padding; requestSeqNum 9.
  BOOST_TEST(slice(h, 0, 4) == "1b400008");
  BOOST_TEST(slice(h, 4, 8) == "01000a01000106b8");  // callSignalAddress 10.1.0.1:1720
  BOOST_TEST(slice(h, 12, 3) == "01400d");           // endpointAlias h323-ID
  BOOST_TEST(slice(h, 43, 3) == "3e0030");           // endpointIdentifier: 32 hex digits
  // 0 001010 (11 additions) + bitmap 0110 0000 000 + padding: gatekeeperIdentifier (1), tokens
  // (2) — no reason (5): a de-registration, not a key refusal (securityDenial).
  BOOST_TEST(slice(h, 108, 3) == "14c000");
  BOOST_TEST(slice(h, 111, 2) == "1714");  // gatekeeperIdentifier open type, 11 − 1 in 7 bits
  BOOST_TEST(slice(h, 135, 4) == "5c02c100");  // the fresh session token, as in the keepalive
  BOOST_TEST(slice(h, 204, 24) == "080004883701061001020304a5a6a7a8b9bacbdcedfe0f10"); // the id

  auto in = decoded(wire);
  BOOST_TEST((in.c.kind == step::deregistration));
  BOOST_TEST(!in.c.is_response);
  BOOST_TEST(in.c.tid == "9");
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.session_id == session);
  BOOST_TEST(!in.c.proof);
  // undefinedReason is a de-registration too; securityDenial stays the key refusal.
  auto urq = std::get<ras::urq>(ras_binding::message_of(in));
  urq.reason = ras::unreg_request_code::undefined_reason;
  BOOST_TEST((decoded(ru::to_wire(urq)).c.kind == step::deregistration));
  urq.reason = ras::unreg_request_code::security_denial;
  BOOST_TEST((decoded(ru::to_wire(urq)).c.kind == step::refusal));
  auto f = make_flow();
  BOOST_TEST((decoded(b.refusal(view(), f.grj, f.rcf, res, "x")).c.kind == step::refusal));
  // Without endpointIdentifier the session token names the session.
  urq.reason.reset();
  urq.endpoint_identifier.reset();
  BOOST_TEST(decoded(ru::to_wire(urq)).c.session_id == session);
}

BOOST_AUTO_TEST_CASE(ucf_answers_the_deregistration_bit_by_bit) {
  const auto& b = ras_b();
  const auto urq = decoded(b.deregistration(life_view(8)));
  const std::string wire = b.answer_deregistration(urq, deregistered_fields());
  const std::string h = hex_of(wire);
  BOOST_TEST(h == golden_deregistered_ucf);
  BOOST_TEST(wire.size() == 93u);
  // 1e = 0 00111 (index 7: unregistrationConfirm) 1 (ext) 0 (nonStandardData); requestSeqNum 9
  // echoed; 09 00 = 0 000100 (5 additions) + bitmap 10000 (tokens) + padding.
  BOOST_TEST(slice(h, 0, 5) == "1e00080900");
  BOOST_TEST(slice(h, 5, 9) == "570281000488370101");  // session token
  BOOST_TEST(slice(h, 69, 24) == "080004883701061001020304a5a6a7a8b9bacbdcedfe0f10"); // the id

  auto in = decoded(wire);
  BOOST_TEST((in.c.kind == step::deregistered));
  BOOST_TEST(in.c.is_response);
  BOOST_TEST(in.c.tid == "9");
  BOOST_TEST(in.c.session_id == session);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  // Only a de-registration is answered so (a key refusal gets no UCF).
  auto f = make_flow();
  BOOST_TEST(b.answer_deregistration(decoded(b.refusal(view(), f.grj, f.rcf, res, "x")),
                                     deregistered_fields())
               .empty());
  BOOST_TEST(b.answer_deregistration(in, deregistered_fields()).empty());
  BOOST_TEST(b.answer_deregistration(decoded(b.keepalive(life_view())), deregistered_fields())
               .empty());
  // A bare UCF (no token) is still the answer.
  BOOST_TEST((decoded(std::string("\x1c\x00\x08", 3)).c.kind == step::deregistered));
}

BOOST_AUTO_TEST_CASE(every_request_of_the_life_is_a_new_transaction) {
  std::set<std::uint16_t> seen;
  for (std::uint32_t s = 0; s < 1000; ++s) BOOST_TEST(seen.insert(ru::life_seq(s)).second);
  BOOST_TEST(ru::life_seq(65534) == 65535u);
  BOOST_TEST(ru::life_seq(65535) == 1u);  // 1..65535, never 0
  BOOST_TEST(ru::life_seq(0xffffffffu) >= 1u);
  const auto& b = ras_b();
  BOOST_TEST(decoded(b.keepalive(life_view(100))).c.tid == "101");
  BOOST_TEST(decoded(b.deregistration(life_view(101))).c.tid == "102");
}

BOOST_AUTO_TEST_CASE(lifetime_and_spis_are_carried_in_every_direction) {
  const auto& b = ras_b();
  terminal_view t = view();
  t.spi = 4097;
  t.lifetime = 600;
  // GRQ: genericData "spi-t" = {id oid 2.999.1.16, parameters [{standard 1, number32 4097}]}:
  // 48 = 0 (ext) 1 (parameters) 0 (GenericIdentifier ext) 01 (oid) + padding; 04 88 37 01 10;
  // count 1 − 1 in two aligned octets (SIZE (1..512)); 40 = 0 (ext) 1 (content) 0 00 (standard)
  // 0 (INTEGER ext) + padding; 00 01; 32 = 0 (Content ext) 0110 (number32) 01 (2 octets) +
  // padding; 10 01.
  const std::string grq_wire = b.reg_request(t);
  BOOST_TEST(hex_of(grq_wire).find("4804883701100000400001321001") != std::string::npos);
  auto grq = decoded(grq_wire);
  BOOST_TEST(grq.c.terminal_spi == 4097u);
  BOOST_TEST(grq.c.lifetime == 0u);  // a GRQ has no timeToLive: the RRQ requests the lifetime
  BOOST_TEST((grq.c.offered == offered));
  // The challenge: the edge's SPI as "spi-e" (2.999.1.17).
  challenge_fields cf;
  cf.session_id = session;
  cf.rand = fixed_rand();
  cf.autn = fixed_autn();
  cf.edge = &edge_list;
  cf.realm = "ngn.example";
  cf.edge_spi = 0x80000001u;
  const std::string grj_wire = b.challenge(grq, cf);
  // number32 0x80000001: 11 (4 octets) → 0 0110 11 + padding = 36.
  BOOST_TEST(hex_of(grj_wire).find("4804883701110000400001368000000" "1") != std::string::npos);
  auto grj = decoded(grj_wire);
  BOOST_TEST(grj.c.edge_spi == 0x80000001u);
  BOOST_TEST(grj.c.terminal_spi == 0u);
  // The registration message: timeToLive and "spi-t" again.
  auto rrq = decoded(b.reg_message(t, grj, res));
  BOOST_TEST(rrq.c.lifetime == 600u);
  BOOST_TEST(rrq.c.terminal_spi == 4097u);
  BOOST_TEST(ngn::test::proves(b, rrq, res, fixed_rand()));
  // The success: granted lifetime as timeToLive, the edge's SPI when given.
  const std::vector<std::uint8_t> wrapped(24, 0xA5);
  success_fields sf;
  sf.session_id = session;
  sf.wrapped_t = ngn::byte_view{wrapped.data(), wrapped.size()};
  sf.realm = "ngn.example";
  sf.lifetime = 300;
  sf.edge_spi = 8194;
  auto rcf = decoded(b.success(rrq, sf));
  BOOST_TEST((rcf.c.kind == step::success));
  BOOST_TEST(rcf.c.lifetime == 300u);
  BOOST_TEST(rcf.c.edge_spi == 8194u);
  // 0 = not carried: no item, no timeToLive; decoded as 0.
  sf.lifetime = 0;
  sf.edge_spi = 0;
  const auto& bare = std::get<ras::rcf>(ras_binding::message_of(decoded(b.success(rrq, sf))));
  BOOST_TEST(!bare.time_to_live);
  BOOST_TEST(!bare.generic_data);
  const auto& bare_grq = std::get<ras::grq>(ras_binding::message_of(decoded(b.reg_request(view()))));
  BOOST_TEST(!ru::mechanisms_of(bare_grq.generic_data, ru::ids().spi_t)->size());
  BOOST_TEST(*ru::spi_of(bare_grq.generic_data, ru::ids().spi_t) == 0u);
  t.spi = 0;
  t.lifetime = 0;
  auto bare_rrq = decoded(b.reg_message(t, grj, res));
  BOOST_TEST(bare_rrq.c.lifetime == 0u);
  BOOST_TEST(bare_rrq.c.terminal_spi == 0u);
  BOOST_TEST(!std::get<ras::rrq>(ras_binding::message_of(bare_rrq)).time_to_live);
}

BOOST_AUTO_TEST_CASE(relay_of_the_life_and_of_the_carriers) {
  const auto& b = ras_b();
  // De-registration: up with the hop's requestSeqNum, the UCF down with the terminal's.
  relay_edit up;
  up.direction = relay_edit::toward::softswitch;
  up.tid = "4242";
  auto at_ss = decoded(b.relay(decoded(b.deregistration(life_view(8))), up));
  BOOST_TEST((at_ss.c.kind == step::deregistration));
  BOOST_TEST(at_ss.c.tid == "4242");
  BOOST_TEST(at_ss.c.session_id == session);
  auto ucf = decoded(b.answer_deregistration(at_ss, deregistered_fields()));
  BOOST_TEST(ucf.c.tid == "4242");
  relay_edit down;
  down.direction = relay_edit::toward::terminal;
  down.tid = "9";
  const auto back = b.relay(ucf, down);
  BOOST_TEST(hex_of(back) == golden_deregistered_ucf);
  BOOST_TEST((decoded(back).c.kind == step::deregistered));

  // The terminal's SPI and lifetime reach the soft switch unchanged.
  terminal_view t = view();
  t.spi = 4097;
  t.lifetime = 600;
  auto grq = decoded(b.relay(decoded(b.reg_request(t)), up));
  BOOST_TEST(grq.c.terminal_spi == 4097u);
  // 4 elements: the SS challenges without an SPI, the proxy (the edge) adds its own ...
  challenge_fields cf;
  cf.session_id = session;
  cf.rand = fixed_rand();
  cf.autn = fixed_autn();
  cf.realm = "ngn.example";
  auto grj_ss = decoded(b.challenge(grq, cf));
  BOOST_TEST(grj_ss.c.edge_spi == 0u);
  down.tid = grq.c.tid;
  down.edge = &edge_list;
  down.chosen = "aes-gcm";
  down.edge_spi = 8194;
  auto grj = decoded(b.relay(grj_ss, down));
  BOOST_TEST((grj.c.kind == step::challenge));
  BOOST_TEST(grj.c.edge_spi == 8194u);
  BOOST_TEST((grj.c.edge == edge_list));
  // ... replacing any the message carried (one item only) ...
  cf.edge_spi = 300;
  auto replaced = decoded(b.relay(decoded(b.challenge(grq, cf)), down));
  BOOST_TEST(replaced.c.edge_spi == 8194u);
  const auto& items = *std::get<ras::grj>(ras_binding::message_of(replaced)).generic_data;
  BOOST_TEST(std::count_if(items.begin(), items.end(), [](const ras::generic_data& g) {
               return std::get<ras::object_identifier>(g.id).arcs == ru::ids().spi_e.arcs;
             }) == 1);
  // ... and leaves it without an SPI of its own.
  down.edge_spi = 0;
  BOOST_TEST(decoded(b.relay(decoded(b.challenge(grq, cf)), down)).c.edge_spi == 300u);
  // The registration message keeps spi-t and timeToLive through the proxy's assertions.
  up.sec_agree_failed = true;
  up.chosen = "aes-gcm";
  auto rrq = decoded(b.relay(decoded(b.reg_message(t, grj, res)), up));
  BOOST_TEST(rrq.c.terminal_spi == 4097u);
  BOOST_TEST(rrq.c.lifetime == 600u);
  BOOST_TEST(rrq.c.sec_agree_failed);
  // The success toward the terminal: the proxy's SPI added, the granted lifetime kept.
  const std::vector<std::uint8_t> wrapped(24, 0xA5), mac(16, 0x3C);
  success_fields sf;
  sf.session_id = session;
  sf.wrapped_t = ngn::byte_view{wrapped.data(), wrapped.size()};
  sf.realm = "ngn.example";
  sf.lifetime = 300;
  relay_edit key;
  key.direction = relay_edit::toward::terminal;
  key.tid = "17";
  key.edge_spi = 8194;
  key.mac = ngn::byte_view{mac.data(), mac.size()};
  auto ok = decoded(b.relay(decoded(b.success(rrq, sf)), key));
  BOOST_TEST((ok.c.kind == step::success));
  BOOST_TEST(ok.c.edge_spi == 8194u);
  BOOST_TEST(ok.c.lifetime == 300u);
  BOOST_TEST(ok.c.tid == "17");
}

BOOST_AUTO_TEST_CASE(malformed_life_messages) {
  const auto& b = ras_b();
  // A lightweight RRQ must name its registration (endpointIdentifier).
  auto rrq = std::get<ras::rrq>(ras_binding::message_of(decoded(b.keepalive(life_view()))));
  auto no_id = rrq;
  no_id.endpoint_identifier.reset();
  auto e = b.decode(ru::to_wire(no_id));
  BOOST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::malformed));
  // One that is not ours names no session (the edge refuses it), but decodes.
  auto foreign = rrq;
  foreign.endpoint_identifier = u"EP-1001";
  foreign.tokens.reset();
  BOOST_TEST(decoded(ru::to_wire(foreign)).c.session_id == ngn::session_id::of_number(0));
  // An unknown session asks for a full registration (H.323 §7.2.2).
  auto unknown = decoded(b.rejection(decoded(b.keepalive(life_view())), code::not_found, "who",
                                     address{}));
  BOOST_TEST((unknown.c.kind == step::rejection));
  BOOST_TEST((unknown.c.result == code::not_found));
  BOOST_TEST(unknown.c.tid == "8");
  BOOST_TEST((std::get<ras::rrj>(ras_binding::message_of(unknown)).reject_reason
              == ras::registration_reject_reason{
                   ras::registration_reject_code::full_registration_required}));
  auto bare = std::get<ras::rrj>(ras_binding::message_of(unknown));
  bare.generic_data.reset();
  BOOST_TEST((decoded(ru::to_wire(bare)).c.result == code::not_found));
  // A rejected de-registration gets URJ (an acknowledgement).
  auto urj = decoded(b.rejection(decoded(b.deregistration(life_view(8))), code::not_found, "",
                                 address{}));
  BOOST_TEST((urj.c.kind == step::ack));
  BOOST_TEST(urj.c.tid == "9");
  // SPI items: reserved values, another content type, no content: malformed.
  terminal_view t = view();
  t.spi = 4097;
  auto grq = std::get<ras::grq>(ras_binding::message_of(decoded(b.reg_request(t))));
  auto& item = grq.generic_data->back();
  BOOST_REQUIRE((std::get<ras::object_identifier>(item.id).arcs == ru::ids().spi_t.arcs));
  for (std::uint32_t reserved : {0u, 1u, 255u}) {
    item.parameters->at(0).content = ras::content_number32{reserved};
    BOOST_TEST((b.decode(ru::to_wire(grq)).error().kind == errc::malformed), reserved);
  }
  item.parameters->at(0).content = ras::content_number32{256};
  BOOST_TEST(decoded(ru::to_wire(grq)).c.terminal_spi == 256u);
  item.parameters->at(0).content = ras::content_number16{4097};
  BOOST_TEST((b.decode(ru::to_wire(grq)).error().kind == errc::malformed));
  item.parameters->at(0).content.reset();
  BOOST_TEST((b.decode(ru::to_wire(grq)).error().kind == errc::malformed));
  item.parameters.reset();
  BOOST_TEST((b.decode(ru::to_wire(grq)).error().kind == errc::malformed));
  // The same in the challenge and the success.
  auto f = make_flow();
  auto grj = std::get<ras::grj>(ras_binding::message_of(f.grj));
  ru::set_spi(grj.generic_data, ru::ids().spi_e, 4096);
  grj.generic_data->back().parameters->at(0).content = ras::content_number32{17};
  BOOST_TEST((b.decode(ru::to_wire(grj)).error().kind == errc::malformed));
  auto rcf = std::get<ras::rcf>(ras_binding::message_of(f.rcf));
  ru::set_spi(rcf.generic_data, ru::ids().spi_e, 4096);
  rcf.generic_data->back().parameters->at(0).content = ras::content_text{"4096"};
  BOOST_TEST((b.decode(ru::to_wire(rcf)).error().kind == errc::malformed));
  // Truncated life requests still get their reject (RRJ / URJ).
  BOOST_TEST(name_of_answer(b.keepalive(life_view()).substr(0, 6)) == "RRJ");
  BOOST_TEST(name_of_answer(b.deregistration(life_view(8)).substr(0, 6)) == "URJ");
}

BOOST_AUTO_TEST_CASE(hostile_life_input_never_crashes) {
  const auto& b = ras_b();
  const std::vector<std::string> wires = {
    b.keepalive(life_view()), b.answer_keepalive(decoded(b.keepalive(life_view())),
                                                 keepalive_answer_fields()),
    b.deregistration(life_view(8)),
    b.answer_deregistration(decoded(b.deregistration(life_view(8))), deregistered_fields())};
  for (const auto& w : wires) BOOST_REQUIRE(!w.empty());
  std::size_t accepted = 0;
  // every prefix and 400 mutations of each, from std::mt19937(9), on exact-size heap copies
  every_prefix_and_mutation(wires, 9, [&](std::string_view v) {
    if (golden_values::exercise_life(b, v, keepalive_answer_fields(), deregistered_fields(),
                                     code::not_found, address{}))
      ++accepted;
  });
  BOOST_TEST(accepted > 0u);
}

BOOST_AUTO_TEST_CASE(the_life_dissects_in_tshark,
                     *boost::unit_test::precondition(pcap_test::tshark_present{"the RAS life"})) {
  const auto& b = ras_b();
  // Terminal 10.1.0.1, soft switch 10.0.0.1, UDP 1719 both sides (wire-bindings.md §1): the
  // keepalive and its RCF, the de-registration and its UCF, and a registration carrying the
  // lifetime and both SPIs (GRQ/GRJ, RRQ/RCF).
  terminal_view t = view();
  t.spi = 4097;
  t.lifetime = 600;
  t.now = micros{1'700'000'000} * ngn::seconds;
  const auto grq = decoded(b.reg_request(t));
  challenge_fields cf;
  cf.session_id = session;
  cf.rand = fixed_rand();
  cf.autn = fixed_autn();
  cf.edge = &edge_list;
  cf.chosen = "aes-gcm";
  cf.realm = "ngn.example";
  cf.edge_spi = 8194;
  const auto grj = decoded(b.challenge(grq, cf));
  const auto rrq = decoded(b.reg_message(t, grj, res));
  const std::vector<std::uint8_t> wrapped(24, 0xA5), mac(16, 0x3C);
  success_fields sf;
  sf.session_id = session;
  sf.chosen = "aes-gcm";
  sf.wrapped_t = ngn::byte_view{wrapped.data(), wrapped.size()};
  sf.mac = ngn::byte_view{mac.data(), mac.size()};
  sf.realm = "ngn.example";
  sf.lifetime = 600;
  sf.edge_spi = 8194;
  const auto rcf = b.success(rrq, sf);
  const auto ka = b.keepalive(life_view());
  const auto dr = b.deregistration(life_view(8));
  const std::vector<std::pair<bool, std::string>> flow = {
    {true, ka},
    {false, b.answer_keepalive(decoded(ka), keepalive_answer_fields())},
    {true, dr},
    {false, b.answer_deregistration(decoded(dr), deregistered_fields())},
    {true, ru::to_wire(ras_binding::message_of(grq))},
    {false, ru::to_wire(ras_binding::message_of(grj))},
    {true, ru::to_wire(ras_binding::message_of(rrq))},
    {false, rcf}};
  std::vector<ras::test::udp_datagram> ds;
  for (const auto& [up, bytes] : flow) {
    BOOST_REQUIRE(!bytes.empty());
    ras::test::udp_datagram d;
    d.src_ip = up ? std::array<std::uint8_t, 4>{10, 1, 0, 1} : std::array<std::uint8_t, 4>{10, 0, 0, 1};
    d.dst_ip = up ? std::array<std::uint8_t, 4>{10, 0, 0, 1} : std::array<std::uint8_t, 4>{10, 1, 0, 1};
    d.payload.assign(bytes.begin(), bytes.end());
    ds.push_back(std::move(d));
  }
  const std::string path = std::string(NGN_BINARY_DIR) + "/tests/protocols/dialogue/ras_life.pcap";
  BOOST_TEST_REQUIRE(ras::test::write_pcap(path, ds));
  const std::string r = "tshark -r '" + path + "' ";
  const auto ras = pcap_test::lines(pcap_test::run(r + "-Y h225 -T fields -e frame.number 2>/dev/null").out);
  BOOST_TEST(ras.size() == ds.size());
  const auto expert = pcap_test::run(r + "-q -z expert 2>/dev/null").out;
  BOOST_TEST(expert.find_first_not_of(" \n") == std::string::npos, "expert infos:\n" << expert);
  BOOST_TEST(pcap_test::run(r + "-Y \"_ws.malformed || _ws.expert\" -T fields -e frame.number "
                                "2>/dev/null")
               .out.empty());
  // Every response names its request frame (H.225.0 RAS service response time pairing).
  const auto paired = pcap_test::lines(pcap_test::run(
    r + "-Y h225.ras.reqframe -T fields -e frame.number -e h225.ras.reqframe 2>/dev/null").out);
  BOOST_TEST_REQUIRE(paired.size() == 4u);
  BOOST_TEST(paired[0] == "2\t1");
  BOOST_TEST(paired[1] == "4\t3");
  BOOST_TEST(paired[2] == "6\t5");
  BOOST_TEST(paired[3] == "8\t7");
  // The fields as tshark reads them: keepAlive, timeToLive, the SPIs as number32.
  const auto rows = pcap_test::lines(pcap_test::run(
    r + "-T fields -E occurrence=a -e h225.RasMessage -e h225.keepAlive -e h225.timeToLive "
        "-e h225.number32 2>/dev/null").out);
  BOOST_REQUIRE_EQUAL(rows.size(), ds.size());
  BOOST_TEST(rows[0] == "3\t1\t3600\t", rows[0]);  // lightweight RRQ: keepAlive True
  BOOST_TEST(rows[1] == "4\t\t1200\t", rows[1]);   // its RCF
  BOOST_TEST(rows[2].rfind("6\t", 0) == 0u, rows[2]);  // URQ
  BOOST_TEST(rows[3].rfind("7\t", 0) == 0u, rows[3]);  // UCF
  BOOST_TEST(rows[4] == "0\t\t\t4097", rows[4]);   // GRQ: spi-t
  BOOST_TEST(rows[5] == "2\t\t\t8194", rows[5]);   // GRJ: spi-e
  BOOST_TEST(rows[6] == "3\t0\t600\t4097", rows[6]);  // RRQ: timeToLive, spi-t
  BOOST_TEST(rows[7] == "4\t\t600\t8194", rows[7]);   // RCF: timeToLive, spi-e
}

BOOST_AUTO_TEST_SUITE_END()
