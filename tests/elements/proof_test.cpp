// elements/proof.hpp alone: does a registration message (or a key refusal) prove knowledge of
// RES for this very challenge? Every verdict, with the proof as each binding carries it (RES
// itself, or SIP's RFC 3310 Digest response).
#include "unit_support.hpp"

#include "elements/proof.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using elements::check_proof;
using elements::proof_verdict;

namespace {

/// A terminal's registration message answering a challenge carrying `v`, and the vector.
struct answered {
  explicit answered(protocol p) : b(binding_for(p)) {
    t.b = &b;
    t.identity = sub.identity;
    auto request = decode_ok(b, t.request());
    dialogue::challenge_fields f;
    f.session_id = ngn::session_id::of_number(12);
    f.rand = v.rand;
    f.autn = v.autn;
    f.realm = "ngn.example";
    challenge = decode_ok(b, b.challenge(request, f));
  }
  dialogue::inbound message(const dialogue::res_t& res) const {
    return decode_ok(b, t.message(challenge, res));
  }

  const dialogue::binding& b;
  subscriber sub = make_subscriber("alice@ngn.example", 41);
  vector_for v = make_vector(sub, 32, 1);
  terminal_wire t;
  dialogue::inbound challenge;
};

} // namespace

BOOST_AUTO_TEST_SUITE(proof_unit)

BOOST_DATA_TEST_CASE(res_for_this_rand_matches, every_protocol, proto) {
  answered a{proto};
  BOOST_TEST(check_proof(a.b, a.message(a.v.res), a.v.res, a.v.rand) == proof_verdict::match);
}

BOOST_DATA_TEST_CASE(another_res_is_a_mismatch, every_protocol, proto) {
  answered a{proto};
  auto wrong = a.v.res;
  wrong[7] ^= 0x80;
  BOOST_TEST(check_proof(a.b, a.message(wrong), a.v.res, a.v.rand) == proof_verdict::mismatch);
  // Compared the other way round too: the expected word is derived from XRES.
  BOOST_TEST(check_proof(a.b, a.message(a.v.res), wrong, a.v.rand) == proof_verdict::mismatch);
}

BOOST_DATA_TEST_CASE(no_word_is_none, every_protocol, proto) {
  answered a{proto};
  auto failure = decode_ok(a.b, a.t.auth_failure(a.challenge));
  BOOST_TEST(!failure.c.proof);
  BOOST_TEST(check_proof(a.b, failure, a.v.res, a.v.rand) == proof_verdict::none);
  // "None" is decided before the RAND: it answers no challenge at all.
  auto other = a.v.rand;
  other[0] ^= 1;
  BOOST_TEST(check_proof(a.b, failure, a.v.res, other) == proof_verdict::none);
}

BOOST_DATA_TEST_CASE(an_answer_to_another_rand_is_other_challenge, every_protocol, proto) {
  answered a{proto};
  auto other = a.v.rand;
  other[15] ^= 1;
  // Even with the right RES: it is not this challenge's answer.
  BOOST_TEST(check_proof(a.b, a.message(a.v.res), a.v.res, other)
             == proof_verdict::other_challenge);
}

BOOST_DATA_TEST_CASE(a_word_that_is_not_well_formed_is_a_mismatch, every_protocol, proto) {
  answered a{proto};
  auto in = a.message(a.v.res);
  in.c.proof = bytes{}; // what proof_from_hex gives for bad hex
  BOOST_TEST(check_proof(a.b, in, a.v.res, a.v.rand) == proof_verdict::mismatch);
  in.c.proof = bytes(in.c.proof->size() + 20, 0);
  BOOST_TEST(check_proof(a.b, in, a.v.res, a.v.rand) == proof_verdict::mismatch);
}

BOOST_AUTO_TEST_CASE(sip_credentials_of_another_algorithm_can_prove_nothing) {
  answered a{protocol::sip};
  auto wire = a.t.message(a.challenge, a.v.res);
  const auto at = wire.find("algorithm=AKAv1-MD5");
  BOOST_REQUIRE(at != std::string::npos);
  wire.replace(at, 19, "algorithm=MD5");
  auto in = decode_ok(a.b, wire);
  BOOST_REQUIRE(in.c.proof);
  BOOST_TEST(!a.b.expected_proof(in, a.v.res));
  BOOST_TEST(check_proof(a.b, in, a.v.res, a.v.rand) == proof_verdict::mismatch);
}

BOOST_AUTO_TEST_CASE(sip_proves_with_the_digest_not_with_res_itself) {
  answered a{protocol::sip};
  auto in = a.message(a.v.res);
  BOOST_REQUIRE(in.c.proof);
  BOOST_TEST(in.c.proof->size() == 16u); // an MD5 digest
  BOOST_TEST((*in.c.proof != bytes(a.v.res.begin(), a.v.res.end())));
  // A message carrying RES in clear where the digest belongs proves nothing.
  in.c.proof = bytes(a.v.res.begin(), a.v.res.end());
  BOOST_TEST(check_proof(a.b, in, a.v.res, a.v.rand) == proof_verdict::mismatch);
}

BOOST_AUTO_TEST_CASE(verdict_names) {
  BOOST_TEST(elements::to_string(proof_verdict::match) == "match");
  BOOST_TEST(elements::to_string(proof_verdict::none) == "no verification word");
  BOOST_TEST(elements::to_string(proof_verdict::other_challenge) == "answers another challenge");
  BOOST_TEST(elements::to_string(proof_verdict::mismatch) == "verification words differ");
}

BOOST_AUTO_TEST_SUITE_END()
