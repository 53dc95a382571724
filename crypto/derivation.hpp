// Deterministic key material for emulations: every subscriber's K and every proxy's / soft
// switch's key derive from one master secret of the topology, so a terminal node on another host
// computes the same K as the AuC provisions — no key file has to be shipped. (Like a SIM
// factory deriving Ki from a batch secret; for emulation only.)
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"

#include <cstdint>
#include <string_view>

namespace ngn::crypto {

/// K = HKDF-SHA256(ikm = secret, salt = "ngnemu", info = "subscriber k " ‖ identity ‖ variant),
/// 128 bits; `variant` (4 bytes big endian, omitted when 0) lets a caller draw another K for the
/// same identity (e.g. until it suits SIPp).
key128 derive_subscriber_key(byte_view secret, std::string_view identity,
                             std::uint32_t variant = 0);

/// Ksp / Kss = HKDF-SHA256(ikm = secret, salt = "ngnemu", info = "element key " ‖ name), 128 bits.
key128 derive_element_key(byte_view secret, std::string_view name);

} // namespace ngn::crypto
