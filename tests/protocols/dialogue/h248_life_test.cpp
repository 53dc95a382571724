// The registration's life in the H.248 binding (DESIGN.md §1.2, issue 9 spec): golden text of the
// keepalive (Notify it/ito, H.248.14), its Reply, the de-registration (ServiceChange Forced,
// H.248.1 §7.2.8.1) and its Reply; what decode() makes of each; the lifetime and SPI carriers
// (ServiceChange extensions X-LT / X-SPIC, xsec lt / spic / spis) in every direction and through
// the proxy's relay; malformed variants; robustness; and tshark's dissection of all of them.
#include "tests/protocols/dialogue/golden_values.hpp"
#include "tests/protocols/dialogue/h248_golden.hpp"
#include "tests/protocols/dialogue/h248_wire.hpp"
#include "tests/protocols/dialogue/terminal.hpp"

#include "tests/common/test_bindings.hpp"
#include "protocols/dialogue/h248_binding.hpp"
#include "protocols/dialogue/h248_util.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace ngn;
using namespace ngn::dialogue;
namespace golden = ngn::dialogue::h248_golden;

namespace {

using golden_values::contains;
/// `s` with the first `from` replaced by `to`; the test stops if `from` is not there.
auto& replaced = golden_values::with;

struct life_fixture {
  life_fixture() {
    tv = dialogue::test::test_terminal(2944, 2944, &offered); // serial 17
    tv.session_id = golden_values::h248_sid; // its first 32 bits, 1234, are the RequestID
    f = golden_values::h248_challenge(&offered, ss);
    res = golden_values::h248_res;
    for (int i = 0; i < 24; ++i) wrapped_t.push_back(std::uint8_t(0x30 + i));
    sf = golden_values::h248_key(ngn::byte_view{wrapped_t.data(), wrapped_t.size()}, ss);
    kf = golden_values::keepalive_answer(2944, golden_values::h248_sid, 1200); // from ss
    af = golden_values::deregistered_answer(2944);
  }

  inbound decode(const std::string& wire) const { return golden_values::decode_ok(b, wire); }
  errc decode_error(const std::string& wire) const {
    auto in = b.decode(wire);
    BOOST_REQUIRE_MESSAGE(!in.ok(), "decoded: " + wire);
    return in.error().kind;
  }

  const binding& b = ngn::test::binding_for(protocol::h248);
  mechanism_list offered{{"aes-gcm", 900}, {"hmac-sha256", 500}};
  address ss{0x0a000001, 2944};
  terminal_view tv;
  challenge_fields f;
  success_fields sf;
  keepalive_fields kf;
  answer_fields af;
  res_t res{};
  std::vector<std::uint8_t> wrapped_t;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(h248_life, life_fixture)

BOOST_AUTO_TEST_CASE(keepalive_is_a_notify_of_the_inactivity_timeout) {
  tv.sequence = 7;
  const auto wire = b.keepalive(tv);
  BOOST_TEST(wire == golden::keepalive);
  auto in = decode(wire);
  BOOST_TEST((in.c.kind == step::keepalive));
  BOOST_TEST(!in.c.is_response);
  BOOST_TEST(in.c.tid == "16");
  // The RequestID holds only the session id's first 32 bits: the keepalive names no session
  // (the SAs protecting it identify the registration; issue 12 item 3).
  BOOST_TEST(in.c.session_id.none());
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.ack.empty()); // the edge answers (answer_keepalive)
  // The terminal's view does not change the message but for its ids: another sequence, another
  // transaction.
  tv.sequence = 8;
  BOOST_TEST(decode(b.keepalive(tv)).c.tid == "18");
  // H.248.14 defines mit for the Events descriptor only; a peer that adds it (or a time stamp) to
  // the observed event is still understood.
  auto with_mit = decode(replaced(golden::keepalive, "        it/ito\r\n",
                                  "        20261206T12000000:it/ito {\r\n"
                                  "          mit = 3000\r\n        }\r\n"));
  BOOST_TEST((with_mit.c.kind == step::keepalive));
  BOOST_TEST(with_mit.c.identity == "t1@ngn.example");
  // Compact tokens (Annex B) decode the same.
  auto compact = decode("!/1 t1@ngn.example\nT=16{C=-{N=t1@ngn.example{OE=1234{it/ito}}}}");
  BOOST_TEST((compact.c.kind == step::keepalive));
  BOOST_TEST(compact.c.identity == "t1@ngn.example");
}

BOOST_AUTO_TEST_CASE(the_edge_answers_the_keepalive_with_a_reply) {
  const auto ka = decode(golden::keepalive);
  const auto wire = b.answer_keepalive(ka, kf);
  BOOST_TEST(wire == golden::keepalive_answer);
  auto in = decode(wire);
  // Issue 9 spec: the Reply to the Notify decodes as the protocol's ack, which the terminal
  // treats as the answer; it is routed by the transaction id.
  BOOST_TEST((in.c.kind == step::ack));
  BOOST_TEST(in.c.is_response);
  BOOST_TEST(in.c.tid == "16");
  BOOST_TEST(in.ack.empty());
  // Only a keepalive request is answered.
  BOOST_TEST(b.answer_keepalive(in, kf).empty());
  BOOST_TEST(b.answer_keepalive(decode(golden::deregistered), kf).empty());
  BOOST_TEST(b.answer_keepalive(decode(golden::challenge), kf).empty());
  BOOST_TEST(b.answer_keepalive(decode(golden::reg_message), kf).empty()); // a Notify, no keepalive
  // The edge never audits the terminal in H.248.
  BOOST_TEST(!b.keepalive_by_edge());
  BOOST_TEST(b.edge_keepalive(edge_keepalive_fields{"t1@ngn.example", ss, 5}).empty());
}

BOOST_AUTO_TEST_CASE(deregistration_is_a_forced_service_change) {
  tv.sequence = 8;
  const auto wire = b.deregistration(tv);
  BOOST_TEST(wire == golden::deregistration);
  auto in = decode(wire);
  BOOST_TEST((in.c.kind == step::deregistration));
  BOOST_TEST(!in.c.is_response);
  BOOST_TEST(in.c.tid == "18");
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.lifetime == 0u); // nothing requested
  BOOST_TEST(in.ack.empty());
  // Graceful (H.248.1 §7.2.8.1.2) ends the registration too.
  auto graceful = decode(replaced(golden::deregistration, "Method = Forced", "Method = Graceful"));
  BOOST_TEST((graceful.c.kind == step::deregistration));
  // An identity that is not a pathNAME travels in X-UID, as in the registration request.
  tv.identity = "1.alice+x@ngn.example";
  const auto odd = b.deregistration(tv);
  BOOST_TEST(contains(odd, "MEGACO/1 sub$df04b5dbd2ffc866\r\n"));
  BOOST_TEST(contains(odd, "X-UID = 1.alice+x@ngn.example\r\n"));
  BOOST_TEST(decode(odd).c.identity == "1.alice+x@ngn.example");
}

BOOST_AUTO_TEST_CASE(the_registrar_answers_the_deregistration) {
  const auto wire = b.answer_deregistration(decode(golden::deregistration), af);
  BOOST_TEST(wire == golden::deregistered);
  auto in = decode(wire);
  BOOST_TEST((in.c.kind == step::deregistered));
  BOOST_TEST(in.c.is_response);
  BOOST_TEST(in.c.tid == "18");
  BOOST_TEST(in.ack.empty());
  // Only a ServiceChange request is answered; a response never.
  BOOST_TEST(b.answer_deregistration(in, af).empty());
  BOOST_TEST(b.answer_deregistration(decode(golden::keepalive), af).empty());
  BOOST_TEST(b.answer_deregistration(decode(golden::reg_request), af).empty()); // Restart
  // An error Reply to the ServiceChange stays a rejection.
  auto refused = decode(b.rejection(decode(golden::deregistration), code::not_found, "", ss));
  BOOST_TEST((refused.c.kind == step::rejection));
  BOOST_TEST((refused.c.result == code::not_found));
  BOOST_TEST(refused.c.tid == "18");
  // So does an error Reply to the keepalive.
  auto unknown = decode(b.rejection(decode(golden::keepalive), code::not_found, "", ss));
  BOOST_TEST((unknown.c.kind == step::rejection));
  BOOST_TEST(unknown.c.identity == "t1@ngn.example");
}

BOOST_AUTO_TEST_CASE(every_request_of_the_life_is_a_new_transaction) {
  // 2·(sequence mod (2^29 - 1)) + 2: even, hence never the ServiceChange's 2·serial + 1, and below
  // 2^30, hence never a registration Notify's (bit 30 set).
  std::set<std::uint32_t> seen;
  for (std::uint32_t seq : {0u, 1u, 2u, 1000u, 0x1ffffffdu, 0x1ffffffeu}) {
    const auto tid = h248_util::life_tid(seq);
    BOOST_TEST(tid % 2 == 0u);
    BOOST_TEST(tid >= 2u);
    BOOST_TEST(tid < 0x40000000u);
    BOOST_TEST(seen.insert(tid).second);
  }
  BOOST_TEST(h248_util::life_tid(0xffffffffu) < 0x40000000u);
  tv.sequence = 41;
  BOOST_TEST(decode(b.keepalive(tv)).c.tid == "84");
  tv.sequence = 42;
  BOOST_TEST(decode(b.deregistration(tv)).c.tid == "86");
}

BOOST_AUTO_TEST_CASE(lifetime_and_spis_are_carried_in_every_direction) {
  // Registration request: X-LT and X-SPIC.
  tv.lifetime = 600;
  tv.spi = 4097;
  const auto rq = b.reg_request(tv);
  BOOST_TEST(rq == golden::spi_reg_request);
  auto rq_in = decode(rq);
  BOOST_TEST(rq_in.c.lifetime == 600u);
  BOOST_TEST(rq_in.c.terminal_spi == 4097u);
  BOOST_TEST(rq_in.c.edge_spi == 0u);
  // Challenge: the edge's SPI as xsec/chal spis.
  f.edge_spi = 8194;
  const auto ch = b.challenge(rq_in, f);
  BOOST_TEST(contains(ch, "          secs = \"aes-gcm;q=0.9 hmac-sha256;q=0.5\",\r\n"
                          "          spis = 8194,\r\n"
                          "          mech = aes-gcm\r\n"));
  auto ch_in = decode(ch);
  BOOST_TEST(ch_in.c.edge_spi == 8194u);
  // Registration message: xsec/resp lt and spic, after the lists.
  const auto msg = b.reg_message(tv, ch_in, res);
  BOOST_TEST(contains(msg, "          secv = \"aes-gcm;q=0.9 hmac-sha256;q=0.5\",\r\n"
                           "          lt = 600,\r\n"
                           "          spic = 4097\r\n"));
  auto msg_in = decode(msg);
  BOOST_TEST(msg_in.c.lifetime == 600u);
  BOOST_TEST(msg_in.c.terminal_spi == 4097u);
  BOOST_TEST(ngn::test::proves(b, msg_in, res, f.rand));
  // Success: the granted lifetime (and the edge's SPI when given) in xsec/key.
  sf.lifetime = 300;
  sf.edge_spi = 8194;
  const auto ok = b.success(msg_in, sf);
  BOOST_TEST(contains(ok, "          ekey = 303132333435363738393a3b3c3d3e3f4041424344454647,\r\n"
                          "          lt = 300,\r\n"
                          "          spis = 8194,\r\n"
                          "          mech = aes-gcm\r\n"));
  auto ok_in = decode(ok);
  BOOST_TEST(ok_in.c.lifetime == 300u);
  BOOST_TEST(ok_in.c.edge_spi == 8194u);
  // 0 = not carried: nothing on the wire, 0 decoded.
  tv.lifetime = 0;
  tv.spi = 0;
  const auto bare = b.reg_request(tv);
  BOOST_TEST(!contains(bare, "X-LT"));
  BOOST_TEST(!contains(bare, "X-SPIC"));
  BOOST_TEST(contains(bare, "Method = Restart")); // a registration, not a de-registration
  auto bare_in = decode(bare);
  BOOST_TEST((bare_in.c.kind == step::reg_request));
  BOOST_TEST(bare_in.c.lifetime == 0u);
  BOOST_TEST(bare_in.c.terminal_spi == 0u);
  f.edge_spi = 0;
  sf.lifetime = 0;
  sf.edge_spi = 0;
  BOOST_TEST(!contains(b.challenge(bare_in, f), "spis"));
  BOOST_TEST(decode(b.challenge(bare_in, f)).c.edge_spi == 0u);
  const auto bare_msg = b.reg_message(tv, decode(b.challenge(bare_in, f)), res);
  BOOST_TEST(!contains(bare_msg, " lt = "));
  BOOST_TEST(!contains(bare_msg, "spic"));
  const auto bare_ok = b.success(decode(bare_msg), sf);
  BOOST_TEST(!contains(bare_ok, " lt = ")); // (not "result = ")
  BOOST_TEST(!contains(bare_ok, "spis"));
  BOOST_TEST(decode(bare_ok).c.lifetime == 0u);
  // The largest values fit (UINT32).
  tv.lifetime = 0xffffffffu;
  tv.spi = 0xffffffffu;
  auto big = decode(b.reg_request(tv));
  BOOST_TEST(big.c.lifetime == 0xffffffffu);
  BOOST_TEST(big.c.terminal_spi == 0xffffffffu);
}

BOOST_AUTO_TEST_CASE(relay_of_the_life_and_of_the_carriers) {
  // De-registration: up with the hop's transaction id, the answer down with the terminal's.
  relay_edit up;
  up.direction = relay_edit::toward::softswitch;
  up.self = address{0x0a000002, 2944};
  up.tid = "77";
  const auto at_ss = b.relay(decode(golden::deregistration), up);
  BOOST_TEST(at_ss == replaced(golden::deregistration, "Transaction = 18 {", "Transaction = 77 {"));
  auto at_ss_in = decode(at_ss);
  BOOST_TEST((at_ss_in.c.kind == step::deregistration));
  const auto answer = b.answer_deregistration(at_ss_in, af);
  BOOST_TEST(contains(answer, "Reply = 77 {"));
  relay_edit down;
  down.direction = relay_edit::toward::terminal;
  down.tid = "18";
  const auto back = b.relay(decode(answer), down);
  BOOST_TEST(back == golden::deregistered);
  BOOST_TEST((decode(back).c.kind == step::deregistered));

  // The terminal's lifetime and SPI reach the soft switch unchanged.
  tv.lifetime = 600;
  tv.spi = 4097;
  BOOST_TEST(b.relay(decode(golden::spi_reg_request), up)
             == replaced(golden::spi_reg_request, "Transaction = 35 {", "Transaction = 77 {"));
  auto rq = decode(b.relay(decode(golden::spi_reg_request), up));
  BOOST_TEST(rq.c.lifetime == 600u);
  BOOST_TEST(rq.c.terminal_spi == 4097u);
  // 4 elements: the SS (not the edge) challenges without an SPI; the proxy adds its own.
  f.edge = nullptr;
  f.chosen = {};
  const auto ch = b.challenge(rq, f);
  BOOST_TEST(!contains(ch, "spis"));
  down.tid = "35";
  down.edge = &offered;
  down.chosen = "aes-gcm";
  down.edge_spi = 8194;
  auto relayed = decode(b.relay(decode(ch), down));
  BOOST_TEST(relayed.c.edge_spi == 8194u);
  BOOST_TEST(relayed.c.tid == "35");
  BOOST_TEST((relayed.c.edge == offered));
  // ... replacing any SPI the message carried.
  f.edge_spi = 300;
  down.edge_spi = 9000;
  BOOST_TEST(decode(b.relay(decode(b.challenge(rq, f)), down)).c.edge_spi == 9000u);
  // Without an SPI of its own the proxy leaves the message's.
  down.edge_spi = 0;
  BOOST_TEST(decode(b.relay(decode(b.challenge(rq, f)), down)).c.edge_spi == 300u);
  // The registration message keeps lt/spic through the proxy's assertions.
  const auto msg = b.reg_message(tv, relayed, res);
  up.sec_agree_failed = true;
  up.chosen = "aes-gcm";
  auto msg_ss = decode(b.relay(decode(msg), up));
  BOOST_TEST(msg_ss.c.lifetime == 600u);
  BOOST_TEST(msg_ss.c.terminal_spi == 4097u);
  BOOST_TEST(msg_ss.c.sec_agree_failed);
  // The success: the granted lifetime stays, the proxy's SPI may be added.
  sf.lifetime = 300;
  relay_edit key;
  key.direction = relay_edit::toward::terminal;
  key.tid = msg_ss.c.tid;
  key.edge_spi = 8194;
  auto ok = decode(b.relay(decode(b.success(msg_ss, sf)), key));
  BOOST_TEST(ok.c.lifetime == 300u);
  BOOST_TEST(ok.c.edge_spi == 8194u);
  // Keepalives are never relayed (the edge answers), but relaying one would change nothing but
  // the transaction id.
  BOOST_TEST(b.relay(decode(golden::keepalive), up)
             == replaced(golden::keepalive, "Transaction = 16 {", "Transaction = 77 {"));
}

BOOST_AUTO_TEST_CASE(malformed_life_values_are_refused) {
  const std::string sc = golden::spi_reg_request;
  BOOST_TEST((decode_error(replaced(sc, "X-LT = 600", "X-LT = six")) == errc::malformed));
  BOOST_TEST((decode_error(replaced(sc, "X-LT = 600", "X-LT = 4294967296")) == errc::malformed));
  BOOST_TEST((decode_error(replaced(sc, "X-SPIC = 4097", "X-SPIC = 255")) == errc::malformed));
  BOOST_TEST((decode_error(replaced(sc, "X-SPIC = 4097", "X-SPIC = 1")) == errc::malformed));
  BOOST_TEST((decode_error(replaced(sc, "X-SPIC = 4097", "X-SPIC = 0x1001")) == errc::malformed));
  BOOST_TEST((decode_error(replaced(sc, "X-SPIC = 4097", "X-SPIC = \"\"")) == errc::malformed));
  BOOST_TEST(decode(replaced(sc, "X-SPIC = 4097", "X-SPIC = 256")).c.terminal_spi == 256u);
  // xsec parameters.
  tv.lifetime = 600;
  tv.spi = 4097;
  f.edge_spi = 8194;
  const auto ch = b.challenge(decode(sc), f);
  BOOST_TEST((decode_error(replaced(ch, "spis = 8194", "spis = 255")) == errc::malformed));
  BOOST_TEST((decode_error(replaced(ch, "spis = 8194", "spis = x")) == errc::malformed));
  const auto msg = b.reg_message(tv, decode(ch), res);
  BOOST_TEST((decode_error(replaced(msg, "spic = 4097", "spic = 12")) == errc::malformed));
  BOOST_TEST((decode_error(replaced(msg, "lt = 600", "lt = -1")) == errc::malformed));
  sf.lifetime = 300;
  const auto ok = b.success(decode(msg), sf);
  BOOST_TEST((decode_error(replaced(ok, "lt = 300", "lt = 3e2")) == errc::malformed));
  // A Notify observing neither xsec/resp nor it/ito is no dialogue step.
  BOOST_TEST((decode_error(replaced(golden::keepalive, "it/ito", "it/xyz")) == errc::unsupported));
  BOOST_TEST((decode_error(replaced(golden::keepalive, "it/ito", "xit/ito")) == errc::unsupported));
  // A keepalive whose mId and TerminationID name nobody names no one: neither identity nor
  // session (its RequestID is only the session id's first 32 bits).
  auto anon = decode(replaced(replaced(golden::keepalive, "MEGACO/1 t1@ngn.example",
                                       "MEGACO/1 [10.1.0.1]:2944"),
                              "Notify = t1@ngn.example", "Notify = sub$0123456789abcdef"));
  BOOST_TEST((anon.c.kind == step::keepalive));
  BOOST_TEST(anon.c.identity.empty());
  BOOST_TEST(anon.c.session_id.none());
  // A truncated keepalive or de-registration gets the H.248 error reply (400) to its transaction.
  for (const auto* w : {&golden::keepalive, &golden::deregistration}) {
    const std::string cut = w->substr(0, w->size() - 20);
    auto err = b.decode(cut);
    BOOST_REQUIRE(!err.ok());
    const auto answer = b.malformed_answer(cut, err.error(), ss);
    BOOST_TEST(contains(answer, "Error = 400 {"), answer);
    BOOST_TEST((decode(answer).c.kind == step::rejection));
    BOOST_TEST(decode(answer).c.tid == decode(*w).c.tid);
  }
}

BOOST_AUTO_TEST_CASE(every_prefix_and_mutation_of_the_life_is_handled) {
  std::size_t decoded = 0;
  for (const auto* w : {&golden::keepalive, &golden::keepalive_answer, &golden::deregistration,
                        &golden::deregistered, &golden::spi_reg_request}) {
    auto exercise = [&](const std::string& m) {
      if (golden_values::exercise_life(b, m, kf, af, code::forbidden, ss)) ++decoded;
    };
    for (std::size_t n = 0; n <= w->size(); ++n) exercise(w->substr(0, n));
    for (std::size_t i = 0; i < w->size(); ++i)
      for (char c : {'\0', '{', '}', '=', ',', '"', '9', 'x', '\xff'}) {
        std::string m = *w;
        m[i] = c;
        exercise(m);
      }
  }
  BOOST_TEST(decoded >= 5u);
}

BOOST_AUTO_TEST_CASE(the_life_dissects_in_tshark,
                     *boost::unit_test::precondition(h248_wire::tshark_precondition{})) {
  constexpr std::uint32_t t = 0x0a010001, s = 0x0a000001;
  tv.lifetime = 600;
  tv.spi = 4097;
  f.edge_spi = 8194;
  sf.lifetime = 300;
  sf.edge_spi = 8194;
  const auto ch = b.challenge(decode(golden::spi_reg_request), f);
  const auto msg = b.reg_message(tv, decode(ch), res);
  const auto ok = b.success(decode(msg), sf);
  const std::vector<h248_wire::datagram> ds = {
    {t, s, golden::keepalive},      {s, t, golden::keepalive_answer},
    {t, s, golden::deregistration}, {s, t, golden::deregistered},
    {t, s, golden::spi_reg_request}, {s, t, ch},
    {t, s, decode(ch).ack},         {t, s, msg},
    {s, t, ok},                     {t, s, decode(ok).ack}};
  const std::string path = std::string(NGN_BINARY_DIR) + "/h248_life_check.pcap";
  const auto v = h248_wire::dissect(ds, path);
  BOOST_TEST(v.expert.empty(), "tshark expert infos:\n" << v.expert);
  BOOST_TEST(v.frames == ds.size());
  BOOST_TEST(v.megaco == ds.size());
  BOOST_TEST(v.error_codes.empty());
  // Each Reply is paired with its request by transaction id: tshark's megaco response time
  // statistics count every request answered and none unanswered (Transaction/Reply pairs: 6).
  const auto rtd = h248_wire::response_pairs(path);
  BOOST_TEST(rtd.answered == 6u, rtd.text);
  BOOST_TEST(rtd.unanswered == 0u, rtd.text);
  // The fields as tshark reads them.
  const auto fields = h248_wire::fields(path, "-e megaco.transid -e megaco.command -e megaco.termid "
                                              "-e megaco.pkgdname");
  BOOST_TEST(contains(fields, "16\tNotify\tt1@ngn.example\tit/ito"), fields);
  BOOST_TEST(contains(fields, "18\tServiceChange\tROOT"), fields);
}

BOOST_AUTO_TEST_SUITE_END()
