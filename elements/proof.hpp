// DESIGN.md §1 step 6, once: does a registration message (or a key refusal) prove that the
// terminal knows RES for this very challenge? The binding extracts the proof and the RAND the
// message answers (content::proof, content::rand) and says what the proof must be given XRES
// (binding::expected_proof); the comparison itself is constant time (crypto::equal_ct).
#pragma once

#include "protocols/dialogue/binding.hpp"

#include <cstdint>
#include <string_view>

namespace ngn::elements {

enum class proof_verdict : std::uint8_t {
  match,
  none,             ///< no verification word: the terminal could not verify AUTN
  other_challenge,  ///< it answers another challenge (RAND differs)
  mismatch,         ///< the verification words differ
};

proof_verdict check_proof(const dialogue::binding& b, const dialogue::inbound& msg,
                          const dialogue::res_t& xres, const dialogue::rand_t& rand);

std::string_view to_string(proof_verdict v) noexcept;

} // namespace ngn::elements
