// CURVE key material of the node links (topology/README.md "Secured node links"): derived key
// pairs, generated key pairs, key files, and the keys one node's bridge uses. CAF-free; ZeroMQ only
// in the .cpp (zmq_curve_public, zmq_curve_keypair, zmq_z85_*).
//
// Two modes, chosen by the topology:
//  - listed: every [[node]] has `public_key`; a node's secret key comes from its key file
//    (`ngnemu node --key-file F`, else the node's `secret_key_file`). Only the key file's holder
//    can be that node.
//  - derived: no node lists a key; each node's secret key is HKDF-SHA256(ikm = the subscriber
//    secret, salt = "ngnemu", info = "ngnemu curve " ‖ node name), its public key follows
//    (Curve25519). The topology file alone keys every node — and anyone holding it and the secret
//    can impersonate any node (fine for a lab, not for a shared network).
#pragma once

#include "protocols/common/bytes.hpp"
#include "topology/model.hpp"
#include "topology/syntax.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ngn::nodes {

/// A CURVE key pair in Z85 (40 characters each). The secret is wiped when destroyed.
struct curve_key_pair {
  std::string public_key;
  std::string secret_key;

  curve_key_pair() = default;
  curve_key_pair(const curve_key_pair&) = default;
  curve_key_pair& operator=(const curve_key_pair&) = default;
  ~curve_key_pair();
};

/// A value or why not (one sentence naming the file or node).
template <class T>
struct keys_or_error {
  T value{};
  std::string error; ///< empty on success
  explicit operator bool() const noexcept { return error.empty(); }
};

/// True if this libzmq was built with CURVE (zmq_has("curve")).
bool curve_available() noexcept;

/// The derived key pair of node `node` (see above). Needs curve_available().
keys_or_error<curve_key_pair> derive_curve_keys(byte_view master_secret, std::string_view node);

/// A fresh random key pair (zmq_curve_keypair).
keys_or_error<curve_key_pair> generate_curve_keys();

/// The public key of a Z85 secret key; error if `secret_z85` is not one.
keys_or_error<std::string> curve_public_of(std::string_view secret_z85);

/// Reads a secret key file: the Z85 secret key (40 characters), optionally followed by one
/// newline; readable and writable by its owner only (no group/other permission bits). Returns the
/// key pair (public key computed from the secret).
keys_or_error<curve_key_pair> read_secret_key_file(const std::string& path);

/// Writes DIR/NAME.key (the secret, mode 0600, created exclusively: an existing file is an error)
/// and DIR/NAME.pub (the public key). Empty string on success, else why not.
std::string write_key_files(const std::string& dir, const std::string& name,
                            const curve_key_pair& keys);

/// The keys of node `self`'s bridge: nothing with `security = "none"`; with CURVE its own pair
/// (from `key_file` if given, else the node's secret_key_file, else derived) and every other
/// node's public key, in topology order (`peer_keys[i]` belongs to the i-th other node). Errors:
/// CURVE missing from libzmq, a key file with listed keys missing / unreadable / of a wrong mode
/// or size / not matching the node's public_key, a key file given while keys are derived or the
/// links are unsecured.
struct node_link_keys {
  bool curve = false;
  bool derived = false;
  curve_key_pair self;
  std::vector<std::string> peer_keys;
};
keys_or_error<node_link_keys> resolve_link_keys(const topology::topology& t,
                                                std::string_view self,
                                                const std::string& key_file);

} // namespace ngn::nodes
