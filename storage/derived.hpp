// Provisioning with derived keys: subscribers' K and elements' keys from the topology's master
// secret (crypto/derivation.hpp), so every node of an emulation computes the keys the AuC holds.
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"
#include "storage/subscriber_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ngn::storage {

/// The K of `identity` under `secret`; with `sipp_safe` the first derivation variant whose K
/// SIPp 3.6 can use (storage::sipp_safe). Terminals and the AuC both call this.
crypto::key128 derived_k(byte_view secret, std::string_view identity, bool sipp_safe = false);

struct derived_options {
  std::vector<std::uint8_t> secret;
  crypto::key128 op;               ///< operator OP (OPc computed per subscriber)
  block<2> amf{0x80, 0x00};
  std::string protocol = "any";
  bool sipp_safe = false;          ///< K via derived_k(..., true); flags |= sipp_compat
};

/// Creates every subscriber of `identities` that does not exist yet (existing ones are left
/// alone), in one transaction. Returns the number created. Throws std::runtime_error.
std::size_t provision_derived(subscriber_store& store, const std::vector<std::string>& identities,
                              const derived_options& o);

/// Inserts or replaces an element's key (`kind` "proxy" or "softswitch").
void set_element_key(subscriber_store& store, std::string_view name, std::string_view kind,
                     const crypto::key128& key);

} // namespace ngn::storage
