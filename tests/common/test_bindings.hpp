// The protocol bindings for tests: one registry per test process, with crypto/'s MD5.
#pragma once

#include "crypto/hash.hpp"
#include "elements/proof.hpp"
#include "protocols/dialogue/registry.hpp"

namespace ngn::test {

/// crypto/'s MD5 as the bindings take it.
inline dialogue::md5_function bindings_md5() {
  return [](std::string_view data) { return crypto::md5(byte_view{data}); };
}

inline const dialogue::registry& bindings() {
  static const dialogue::registry r{dialogue::binding_deps{bindings_md5()}};
  return r;
}

inline const dialogue::binding& binding_for(protocol p) { return bindings()[p]; }

/// What the soft switch asks of a registration message or key refusal (elements/proof.hpp).
inline bool proves(const dialogue::binding& b, const dialogue::inbound& in,
                   const dialogue::res_t& res, const dialogue::rand_t& rand) {
  return elements::check_proof(b, in, res, rand) == elements::proof_verdict::match;
}

} // namespace ngn::test
