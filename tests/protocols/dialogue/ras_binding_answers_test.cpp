// The RAS binding's answers and edits: rejections with their reasons and neutral codes, the
// proxy's relay, answers to undecodable input, binding-level decode errors, and hostile input
// (every truncation, random mutations) never crashing any operation.
#include "tests/protocols/dialogue/ras_binding_support.hpp"

#include "protocols/dialogue/ras_util.hpp"
#include "protocols/ras/codec.hpp"

#include "protocols/common/hex.hpp"
#include "tests/common/test_bindings.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <random>

using namespace ngn;
using namespace ngn::dialogue;
using namespace ngn::dialogue::ras_test;
namespace ru = ngn::dialogue::ras_util;

BOOST_AUTO_TEST_SUITE(ras_binding_answers)

BOOST_AUTO_TEST_CASE(rejections_carry_reason_and_neutral_code) {
  const auto& b = ras_b();
  auto f = make_flow();
  struct expect {
    code c;
    ras::gatekeeper_reject_code grj;
    ras::registration_reject_code rrj;
  };
  using g = ras::gatekeeper_reject_code;
  using r = ras::registration_reject_code;
  const expect cases[] = {
    {code::forbidden, g::security_denial, r::security_denial},
    {code::sec_agree_required, g::security_denial, r::security_denial},
    {code::not_found, g::terminal_excluded, r::invalid_alias},
    {code::unavailable, g::resource_unavailable, r::resource_unavailable},
    {code::timeout, g::resource_unavailable, r::resource_unavailable},
    {code::server_error, g::undefined_reason, r::undefined_reason},
    {code::bad_request, g::undefined_reason, r::undefined_reason},
  };
  for (const auto& e : cases) {
    BOOST_TEST_CONTEXT(static_cast<unsigned>(e.c)) {
      auto grj = decoded(b.rejection(f.grq, e.c, "why", address{}));
      BOOST_TEST((grj.c.kind == step::rejection));
      BOOST_TEST((grj.c.result == e.c));
      BOOST_TEST(grj.c.reason == "why");
      BOOST_TEST(grj.c.tid == f.grq.c.tid);
      BOOST_TEST(grj.c.identity == "t1@ngn.example");
      BOOST_TEST((std::get<ras::grj>(ras_binding::message_of(grj)).reject_reason
                  == ras::gatekeeper_reject_reason{e.grj}));
      auto rrj = decoded(b.rejection(f.rrq, e.c, "why", address{}));
      BOOST_TEST((rrj.c.kind == step::rejection));
      BOOST_TEST((rrj.c.result == e.c));
      BOOST_TEST(rrj.c.session_id == ngn::session_id::of_number(0x01020304));
      BOOST_TEST((std::get<ras::rrj>(ras_binding::message_of(rrj)).reject_reason
                  == ras::registration_reject_reason{e.rrj}));
    }
  }
  // A refusal (URQ) is rejected with URJ (an acknowledgement for the terminal).
  auto refusal = decoded(b.refusal(view(), f.grj, f.rcf, res, "x"));
  auto urj = decoded(b.rejection(refusal, code::forbidden, "no", address{}));
  BOOST_TEST((urj.c.kind == step::ack));
  BOOST_TEST(urj.c.tid == refusal.c.tid);
  // Responses are never answered.
  BOOST_TEST(b.rejection(f.grj, code::forbidden, "x", address{}).empty());
  BOOST_TEST(b.rejection(f.rcf, code::forbidden, "x", address{}).empty());
  // Without the result item, the reject reason alone gives the code.
  auto bare = std::get<ras::rrj>(ras_binding::message_of(decoded(
    b.rejection(f.rrq, code::unavailable, "", address{}))));
  bare.generic_data.reset();
  BOOST_TEST((decoded(ru::to_wire(bare)).c.result == code::unavailable));
}

BOOST_AUTO_TEST_CASE(relay_rewrites_sequence_numbers_and_edits) {
  const auto& b = ras_b();
  auto f = make_flow();
  relay_edit up;
  up.direction = relay_edit::toward::softswitch;
  up.tid = "4242";
  up.sec_agree_failed = true;
  auto grq = decoded(b.relay(f.grq, up));
  BOOST_TEST(grq.c.tid == "4242");
  BOOST_TEST((grq.c.offered == offered));
  auto rrq = decoded(b.relay(f.rrq, up));
  BOOST_TEST(rrq.c.tid == "4242");
  BOOST_TEST(rrq.c.sec_agree_failed);
  BOOST_TEST((rrq.c.proof == f.rrq.c.proof));
  BOOST_TEST(ngn::test::proves(b, rrq, res, fixed_rand()));

  const mechanism_list proxy_list = {{"aes-gcm", 950}};
  relay_edit down;
  down.direction = relay_edit::toward::terminal;
  down.tid = "17";
  down.edge = &proxy_list;
  down.chosen = "aes-gcm";
  auto grj = decoded(b.relay(f.grj, down));
  BOOST_TEST(grj.c.tid == "17");
  BOOST_TEST((grj.c.edge == proxy_list));
  BOOST_TEST(grj.c.chosen == "aes-gcm");
  BOOST_TEST((grj.c.rand == fixed_rand()));

  const std::vector<std::uint8_t> mac(16, 0x77);
  down.strip_wrapped_edge = true;
  down.mac = ngn::byte_view{mac.data(), mac.size()};
  auto rcf = decoded(b.relay(f.rcf, down));
  BOOST_TEST(rcf.c.tid == "17");
  BOOST_TEST(rcf.c.wrapped_edge.empty());
  BOOST_TEST((rcf.c.wrapped_t == f.rcf.c.wrapped_t));
  BOOST_TEST((rcf.c.mac == mac));  // replaced, not added
  BOOST_TEST(std::get<ras::rcf>(ras_binding::message_of(rcf)).crypto_tokens->size() == 1u);
  BOOST_TEST((*ru::mechanisms_of(std::get<ras::rcf>(ras_binding::message_of(rcf)).generic_data,
                                 ru::ids().chosen)
              == mechanism_list{{"aes-gcm", 950}}));

  // A proxy done with a message relays it as an rvalue: the model is edited in place (no copy),
  // the bytes are the same as the copying relay's, and the neutral content stays readable.
  for (const auto* in : {&f.grq, &f.rrq}) {
    inbound moved = *in;
    BOOST_TEST(b.relay(std::move(moved), up) == b.relay(*in, up));
    BOOST_TEST(moved.c.tid == in->c.tid);
  }
  for (const auto* in : {&f.grj, &f.rcf}) {
    inbound moved = *in;
    BOOST_TEST(b.relay(std::move(moved), down) == b.relay(*in, down));
    BOOST_TEST((moved.c.kind == in->c.kind));
  }

  relay_edit result;
  result.direction = relay_edit::toward::terminal;
  result.tid = "18";
  result.result = code::sec_agree_required;
  auto rrj = decoded(b.relay(decoded(b.rejection(f.rrq, code::forbidden, "because", address{})),
                             result));
  BOOST_TEST(rrj.c.tid == "18");
  BOOST_TEST((rrj.c.result == code::sec_agree_required));
  BOOST_TEST(rrj.c.reason == "because");
}

BOOST_AUTO_TEST_CASE(malformed_input_gets_a_reject_when_the_request_is_recognisable) {
  const auto& b = ras_b();
  const auto grq = b.reg_request(view());
  const auto truncated = grq.substr(0, 20);
  auto err = b.decode(truncated);
  BOOST_REQUIRE(!err.ok());
  BOOST_TEST((err.error().kind == errc::incomplete));
  auto answer = decoded(b.malformed_answer(truncated, err.error(), address{}));
  BOOST_TEST((answer.c.kind == step::rejection));
  BOOST_TEST((answer.c.result == code::bad_request));
  BOOST_TEST(answer.c.tid == std::to_string(ru::first_seq(17)));
  BOOST_TEST(answer.c.reason.find("malformed RAS message: incomplete") == 0u, answer.c.reason);
  // RRQ and URQ preambles are answered with RRJ / URJ; responses and too-short input are not.
  auto f = make_flow();
  const auto rrq = ru::to_wire(ras_binding::message_of(f.rrq)).substr(0, 6);
  BOOST_TEST(name_of_answer(rrq) == "RRJ");
  BOOST_TEST(b.malformed_answer(ru::to_wire(ras_binding::message_of(f.grj)).substr(0, 9),
                                err.error(), address{})
               .empty());
  BOOST_TEST(b.malformed_answer(std::string("\x00\x00", 2), err.error(), address{}).empty());
  BOOST_TEST(b.malformed_answer({}, err.error(), address{}).empty());
}

BOOST_AUTO_TEST_CASE(binding_level_decode_errors) {
  const auto& b = ras_b();
  auto f = make_flow();
  ras::grq no_alias = std::get<ras::grq>(ras_binding::message_of(f.grq));
  no_alias.endpoint_alias.reset();
  BOOST_TEST((b.decode(ru::to_wire(no_alias)).error().kind == errc::malformed));
  ras::grj short_challenge = std::get<ras::grj>(ras_binding::message_of(f.grj));
  short_challenge.tokens->at(0).challenge->resize(16);
  BOOST_TEST((b.decode(ru::to_wire(short_challenge)).error().kind == errc::malformed));
  ras::grq nameless = std::get<ras::grq>(ras_binding::message_of(f.grq));
  auto& name = *nameless.generic_data->at(0).parameters->at(0).content;
  std::get<ras::content_text>(name).value.clear();
  BOOST_TEST((b.decode(ru::to_wire(nameless)).error().kind == errc::malformed));
  // A GCF is no dialogue step: an acknowledgement.
  ras::gcf gcf;
  gcf.protocol_identifier = ru::ids().protocol;
  gcf.ras_address = ru::transport(address{0x0a000001, 0}, 1719);
  BOOST_TEST((decoded(ru::to_wire(gcf)).c.kind == step::ack));
}

BOOST_AUTO_TEST_CASE(hostile_input_never_crashes) {
  const auto& b = ras_b();
  auto f = make_flow();
  std::vector<std::string> wires = {ru::to_wire(ras_binding::message_of(f.grq)),
                                    ru::to_wire(ras_binding::message_of(f.grj)),
                                    ru::to_wire(ras_binding::message_of(f.rrq)),
                                    ru::to_wire(ras_binding::message_of(f.rcf)),
                                    b.refusal(view(), f.grj, f.rcf, res, "r")};
  std::size_t accepted = 0;
  // every prefix and 400 mutations of each, from std::mt19937(7), on exact-size heap copies
  every_prefix_and_mutation(wires, 7, [&](std::string_view v) {
    auto in = b.decode(v);
    if (!in) {
      (void)b.malformed_answer(v, in.error(), address{});
      return;
    }
    ++accepted;
    (void)ngn::test::proves(b, *in, res, fixed_rand());
    (void)b.rejection(*in, code::forbidden, "x", address{});
    relay_edit e;
    e.tid = "9";
    (void)b.relay(*in, e);
    e.direction = relay_edit::toward::terminal;
    e.strip_wrapped_edge = true;
    e.result = code::forbidden;
    (void)b.relay(*in, e);
  });
  BOOST_TEST(accepted > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
