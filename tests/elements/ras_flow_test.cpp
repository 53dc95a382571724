// What only H.323 RAS (H.225.0 aligned PER; DESIGN.md §1.1) shows of the registration: the 3- and
// 4-element flows on the wire, priorities in genericData, the URQ key refusal, GRJ / RRJ to
// undecodable requests, fresh requestSeqNums per attempt, AUTS in an RRQ. Every case every
// protocol shares (keys, attacks, refusals, records): scenario_test.cpp.
#include "harness.hpp"

#include "protocols/dialogue/ras_util.hpp"
#include "protocols/ras/codec.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using storage::session_state;
namespace ru = ngn::dialogue::ras_util;

namespace {

constexpr auto ras_proto = ngn::protocol::h323;
constexpr auto t1 = scenario::first_terminal;

std::optional<ras::ras_message> parse(const std::string& bytes) {
  auto m = ras::decode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  if (!m) return std::nullopt;
  return std::move(*m);
}

/// Edits the RAS messages on the hop from → to that `edit` changes.
template <class Edit>
void tamper(scenario& s, elements::element_id from, elements::element_id to, Edit edit) {
  s.intercept = [=](elements::element_id f, elements::element_id t, std::string& bytes) {
    if (f != from || t != to) return true;
    auto m = parse(bytes);
    if (!m || !edit(*m)) return true;
    bytes = ru::to_wire(*m);
    return true;
  };
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

/// The decoded messages of type M sent from → to.
template <class M>
std::vector<M> sent_as(const scenario& s, elements::element_id from, elements::element_id to) {
  std::vector<M> out;
  for (const auto& r : s.trace)
    if (r.from == from && r.to == to)
      if (auto m = parse(r.bytes); m && std::holds_alternative<M>(*m))
        out.push_back(std::get<M>(*m));
  return out;
}

/// True if the reject carries `reason` and the neutral code `c` (genericData).
template <class M, class R>
bool rejects_with(const M& m, R reason, unsigned c) {
  auto r = ru::result_of(m.generic_data);
  return m.reject_reason == decltype(m.reject_reason){reason} && r
         && static_cast<unsigned>(r->first) == c;
}

/// An RRQ whose resynchronisation token carries 9 octets where AUTS has 14: undecodable for
/// the binding (errc::malformed), though valid PER.
std::string rrq_with_bad_auts(std::uint16_t seq) {
  ras::rrq m;
  m.request_seq_num = seq;
  m.protocol_identifier = ru::ids().protocol;
  m.terminal_alias = ru::alias_of("t1@ngn.example");
  ras::clear_token auts;
  auts.token_oid = ru::ids().resync_token;
  auts.challenge = std::vector<std::uint8_t>(9, 0xAA);
  m.tokens = std::vector<ras::clear_token>{auts};
  return ru::to_wire(m);
}

std::vector<std::string> names(const scenario& s) {
  std::vector<std::string> out;
  for (const auto& r : s.trace)
    out.emplace_back(parse(r.bytes) ? ras::message_name(*parse(r.bytes)) : "?");
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ras_flow)

BOOST_AUTO_TEST_CASE(three_elements_flow_on_the_wire) {
  scenario s{ras_proto, false};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_TEST(names(s) == (std::vector<std::string>{"GRQ", "GRJ", "RRQ", "RCF"}),
             boost::test_tools::per_element());
  auto grq = std::get<ras::grq>(*parse(s.trace[0].bytes));
  auto grj = std::get<ras::grj>(*parse(s.trace[1].bytes));
  auto rrq = std::get<ras::rrq>(*parse(s.trace[2].bytes));
  auto rcf = std::get<ras::rcf>(*parse(s.trace[3].bytes));
  // Responses echo their request's requestSeqNum; the RRQ takes the next one.
  BOOST_TEST(grj.request_seq_num == grq.request_seq_num);
  BOOST_TEST(rrq.request_seq_num == grq.request_seq_num + 1);
  BOOST_TEST(rcf.request_seq_num == rrq.request_seq_num);
  BOOST_TEST((grj.reject_reason == decltype(grj.reject_reason){
                                    ras::gatekeeper_reject_code::security_denial}));
  const auto* ch = ru::find_token(grj.tokens, ru::ids().session_token);
  BOOST_REQUIRE(ch != nullptr);
  BOOST_TEST(ch->challenge->size() == 32u);
  BOOST_TEST(ru::from_bmp(*ch->general_id) == "t1@ngn.example");
  const auto* echo = ru::find_token(rrq.tokens, ru::ids().session_token);
  BOOST_REQUIRE(echo != nullptr);
  BOOST_TEST(*echo->random == *ch->random);  // the session id comes back
  BOOST_TEST(ru::verification_word_of(rrq.crypto_tokens)->bit_length == 64u);
  // 3 elements: the SS is the edge — its list in the challenge, the MAC in the RCF.
  BOOST_TEST(ru::mechanisms_of(grj.generic_data, ru::ids().edge)->size() == 2u);
  BOOST_TEST(*ru::mechanisms_of(rrq.generic_data, ru::ids().mirror)
             == *ru::mechanisms_of(grj.generic_data, ru::ids().edge));
  BOOST_TEST(ru::wrapped_of(ru::find_token(rcf.tokens, ru::ids().session_token)).size() == 24u);
  BOOST_TEST(ru::find_token(rcf.tokens, ru::ids().edge_key_token) == nullptr);
  BOOST_TEST(ru::mac_of(rcf.crypto_tokens).size() == 16u);
  BOOST_TEST((*ru::mechanisms_of(rcf.generic_data, ru::ids().chosen)
              == ngn::mechanism_list{{"aes-gcm", 900}}));
}

BOOST_AUTO_TEST_CASE(four_elements_flow_on_the_wire) {
  scenario s{ras_proto, true};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_TEST(names(s) == (std::vector<std::string>{"GRQ", "GRQ", "GRJ", "GRJ", "RRQ", "RRQ",
                                                   "RCF", "RCF"}),
             boost::test_tools::per_element());
  // The SS's RCF carries the proxy's copy and no MAC; the proxy's the MAC and no copy.
  auto ss_rcf = sent_as<ras::rcf>(s, scenario::ss_id, scenario::sp_id).at(0);
  auto sp_rcf = sent_as<ras::rcf>(s, scenario::sp_id, t1).at(0);
  BOOST_TEST(ru::wrapped_of(ru::find_token(ss_rcf.tokens, ru::ids().edge_key_token)).size() == 24u);
  BOOST_TEST(ru::mac_of(ss_rcf.crypto_tokens).empty());
  BOOST_TEST(ru::find_token(sp_rcf.tokens, ru::ids().edge_key_token) == nullptr);
  BOOST_TEST(ru::mac_of(sp_rcf.crypto_tokens).size() == 16u);
  BOOST_TEST((*ru::mechanisms_of(sp_rcf.generic_data, ru::ids().chosen)
              == ngn::mechanism_list{{"aes-gcm", 900}}));
  // Behind a proxy the SS offers no list; the proxy adds its own and chooses.
  auto ss_grj = sent_as<ras::grj>(s, scenario::ss_id, scenario::sp_id).at(0);
  auto sp_grj = sent_as<ras::grj>(s, scenario::sp_id, t1).at(0);
  BOOST_TEST(!ss_grj.generic_data.has_value());
  BOOST_TEST(ru::mechanisms_of(sp_grj.generic_data, ru::ids().edge)->size() == 2u);
  BOOST_TEST(ru::mechanisms_of(sp_grj.generic_data, ru::ids().chosen)->at(0).name == "aes-gcm");
  // Each hop has its own requestSeqNum; the terminal gets its own back.
  auto t_grq = sent_as<ras::grq>(s, t1, scenario::sp_id).at(0);
  auto sp_grq = sent_as<ras::grq>(s, scenario::sp_id, scenario::ss_id).at(0);
  BOOST_TEST(ss_grj.request_seq_num == sp_grq.request_seq_num);
  BOOST_TEST(sp_grj.request_seq_num == t_grq.request_seq_num);
  auto t_rrq = sent_as<ras::rrq>(s, t1, scenario::sp_id).at(0);
  BOOST_TEST(sp_rcf.request_seq_num == t_rrq.request_seq_num);
}

BOOST_AUTO_TEST_CASE(terminal_priorities_are_on_the_wire) {
  for (bool proxy : {false, true}) {
    scenario s{ras_proto, proxy};
    s.profile.offered = {{"hmac-sha256", 800}, {"aes-gcm", 300}};
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    auto grq = sent_as<ras::grq>(s, t1, proxy ? scenario::sp_id : scenario::ss_id).at(0);
    // algorithmOIDs in preference order; the exact priorities in genericData.
    BOOST_TEST((*grq.algorithm_oids
                == std::vector<ras::object_identifier>{ru::ids().hmac_sha256,
                                                       ru::ids().aes128_gcm}));
    BOOST_TEST((*ru::mechanisms_of(grq.generic_data, ru::ids().offered) == s.profile.offered));
  }
}





BOOST_AUTO_TEST_CASE(tampered_or_stripped_wrapped_key_is_refused_by_the_terminal_with_urq) {
  for (int variant = 0; variant < 3; ++variant) {
    const bool proxy = variant != 0;
    const bool strip = variant == 2;  // the key token removed instead of altered
    BOOST_TEST_CONTEXT("proxy " << proxy << ", strip " << strip) {
      scenario s{ras_proto, proxy};
      const auto hop = proxy ? scenario::sp_id : scenario::ss_id;
      tamper(s, hop, t1, [strip](ras::ras_message& m) {
        auto* rcf = std::get_if<ras::rcf>(&m);
        if (rcf == nullptr) return false;
        auto* t = ru::find_token(rcf->tokens, ru::ids().session_token);
        if (strip) ru::erase_tokens(rcf->tokens, ru::ids().session_token);
        else std::get<ras::encrypted>(*t->h235_key).encrypted_data[5] ^= 0x01;
        return true;
      });
      s.start_all();
      s.run();
      BOOST_REQUIRE(s.outcome(0));
      BOOST_TEST(!s.outcome(0)->established);
      BOOST_TEST(s.outcome(0)->attempts == 1);
      BOOST_TEST(contains(s.outcome(0)->reason, "E_Kc(SK) rejected"));
      // The refusal: a URQ (securityDenial) proving RES, reaching the SS through the proxy.
      auto urq = sent_as<ras::urq>(s, t1, hop);
      BOOST_REQUIRE_EQUAL(urq.size(), 1u);
      BOOST_TEST((*urq[0].reason
                  == ras::unreg_request_reason{ras::unreg_request_code::security_denial}));
      BOOST_TEST(ru::verification_word_of(urq[0].crypto_tokens)->bit_length == 64u);
      BOOST_TEST(sent_as<ras::urq>(s, hop, scenario::ss_id).size() == (proxy ? 1u : 0u));
      BOOST_TEST(s.ss.stats().refusals == 1u);
      BOOST_TEST(s.ss.session_key(s.subscriber(0).identity) == nullptr);
      if (proxy) BOOST_TEST(s.sp->session_key(s.subscriber(0).identity) == nullptr);
      auto failed = s.sink.sessions_in(session_state::failed);
      BOOST_REQUIRE_EQUAL(failed.size(), 1u);
      BOOST_TEST(contains(s.sink.reason_of(failed[0]), "terminal refused the key: E_Kc(SK)"));
      BOOST_TEST(s.sink.sessions_in(session_state::established).empty());
    }
  }
}




BOOST_AUTO_TEST_CASE(malformed_ras_gets_a_reject_and_a_recorded_failure) {
  scenario s{ras_proto, false};
  // A GRQ without an identity, a truncated GRQ, an RRQ with a bad AUTS token, bytes that are no
  // RAS request at all (a GCF preamble), and an empty datagram.
  ras::grq no_alias;
  no_alias.request_seq_num = 501;
  no_alias.protocol_identifier = ru::ids().protocol;
  scenario probe{ras_proto, false};
  probe.start_all();
  probe.deliver();
  const std::string truncated = probe.trace.at(0).bytes.substr(0, 30);
  const auto truncated_seq = std::get<ras::grq>(*parse(probe.trace.at(0).bytes)).request_seq_num;
  s.inject(t1, scenario::ss_id, ras_proto, ru::to_wire(no_alias));
  s.inject(t1, scenario::ss_id, ras_proto, truncated);
  s.inject(t1, scenario::ss_id, ras_proto, rrq_with_bad_auts(502));
  s.inject(t1, scenario::ss_id, ras_proto, std::string("\x04\x00\x00\x07", 4));
  s.inject(t1, scenario::ss_id, ras_proto, std::string());
  s.deliver();
  BOOST_TEST(s.ss.stats().malformed == 5u);
  auto grj = sent_as<ras::grj>(s, scenario::ss_id, t1);
  auto rrj = sent_as<ras::rrj>(s, scenario::ss_id, t1);
  BOOST_REQUIRE_EQUAL(grj.size(), 2u);
  BOOST_REQUIRE_EQUAL(rrj.size(), 1u);
  BOOST_TEST(grj[0].request_seq_num == 501u);
  BOOST_TEST(grj[1].request_seq_num == truncated_seq);
  BOOST_TEST(rrj[0].request_seq_num == 502u);
  for (const auto& g : grj)
    BOOST_TEST(rejects_with(g, ras::gatekeeper_reject_code::undefined_reason, 400));
  BOOST_TEST(rejects_with(rrj[0], ras::registration_reject_code::undefined_reason, 400));
  BOOST_TEST(s.trace.size() == 8u);  // five in, three answers: nothing for the last two
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 5u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "malformed h323 message"));
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
}

BOOST_AUTO_TEST_CASE(malformed_ras_at_the_proxy_is_answered_by_the_proxy) {
  scenario s{ras_proto, true};
  s.inject(t1, scenario::sp_id, ras_proto, rrq_with_bad_auts(77));
  s.deliver();
  BOOST_TEST(s.sp->stats().malformed == 1u);
  auto rrj = sent_as<ras::rrj>(s, scenario::sp_id, t1);
  BOOST_REQUIRE_EQUAL(rrj.size(), 1u);
  BOOST_TEST(rrj[0].request_seq_num == 77u);
  BOOST_TEST(rejects_with(rrj[0], ras::registration_reject_code::undefined_reason, 400));
}

BOOST_AUTO_TEST_CASE(silent_auc_gives_resource_unavailable_and_fresh_seq_nums) {
  scenario s{ras_proto, true};
  s.drop_auc = true;
  s.start_all();
  s.run(300 * ngn::seconds);
  BOOST_REQUIRE(s.outcome(0));
  auto grj = sent_as<ras::grj>(s, scenario::sp_id, t1);
  BOOST_REQUIRE(!grj.empty());
  BOOST_TEST(rejects_with(grj[0], ras::gatekeeper_reject_code::resource_unavailable, 504));
  // Each attempt used fresh requestSeqNums.
  auto grq = sent_as<ras::grq>(s, t1, scenario::sp_id);
  BOOST_REQUIRE(grq.size() >= 2u);
  BOOST_TEST(grq[0].request_seq_num != grq[1].request_seq_num);
}

BOOST_AUTO_TEST_CASE(sqn_out_of_range_sends_auts_and_gets_a_fresh_challenge) {
  for (bool proxy : {false, true}) {
    BOOST_TEST_CONTEXT("proxy " << proxy) {
      scenario s{ras_proto, proxy};
      s.terminal(0).set_sqn_ms(1'000'000);
      s.start_all();
      s.run();
      BOOST_REQUIRE(s.outcome(0));
      const auto hop = proxy ? scenario::sp_id : scenario::ss_id;
      // The resynchronising RRQ carries AUTS; the fresh challenge answers it as an RRJ.
      auto rrq = sent_as<ras::rrq>(s, t1, hop);
      BOOST_REQUIRE_EQUAL(rrq.size(), 2u);
      const auto* auts = ru::find_token(rrq[0].tokens, ru::ids().resync_token);
      BOOST_REQUIRE(auts != nullptr);
      BOOST_TEST(auts->challenge->size() == 14u);
      auto rrj = sent_as<ras::rrj>(s, hop, t1);
      BOOST_REQUIRE_EQUAL(rrj.size(), 1u);
      BOOST_TEST(rrj[0].request_seq_num == rrq[0].request_seq_num);
      BOOST_TEST(ru::find_token(rrj[0].tokens, ru::ids().session_token)->challenge->size() == 32u);
      BOOST_TEST(rrq[1].request_seq_num == rrq[0].request_seq_num + 1);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
