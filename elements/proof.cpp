#include "elements/proof.hpp"

#include "crypto/secret.hpp"

namespace ngn::elements {

proof_verdict check_proof(const dialogue::binding& b, const dialogue::inbound& msg,
                          const dialogue::res_t& xres, const dialogue::rand_t& rand) {
  if (!msg.c.proof) return proof_verdict::none;
  if (msg.c.rand != rand) return proof_verdict::other_challenge;
  auto expected = b.expected_proof(msg, xres);
  if (!expected || !crypto::equal_ct(byte_view{*expected}, byte_view{*msg.c.proof}))
    return proof_verdict::mismatch;
  return proof_verdict::match;
}

std::string_view to_string(proof_verdict v) noexcept {
  switch (v) {
    case proof_verdict::match: return "match";
    case proof_verdict::none: return "no verification word";
    case proof_verdict::other_challenge: return "answers another challenge";
    case proof_verdict::mismatch: return "verification words differ";
  }
  return "?";
}

} // namespace ngn::elements
