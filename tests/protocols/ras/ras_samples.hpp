// Test data for the RAS codec: the golden encodings of wire-bindings.md §5.4/§5.5 (checked with
// tshark 4.0.17), the models they stand for, and constructed models with every optional field
// present ("full") or absent ("minimal").
#pragma once

#include "protocols/ras/codec.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ngn::ras::test {

/// Bytes from hex with optional spaces/newlines ("0a 80 00").
bytes hex(std::string_view spaced);

/// Space-separated lower-case hex, for failure messages.
std::string dump(const bytes& b);

// wire-bindings.md §5.4: minimal GRQ (20 octets).
extern const std::string_view golden_grq_minimal_hex;
// wire-bindings.md §5.5: GRQ (60), GRJ (69), RRQ (173), RCF (247) octets.
extern const std::string_view golden_grq_hex;
extern const std::string_view golden_grj_hex;
extern const std::string_view golden_rrq_hex;
extern const std::string_view golden_rcf_hex;

// The unregistration messages ngnemu adds (URQ = key refusal): hand-encoded bit by bit
// (unreg_test.cpp explains them) and checked with tshark (tshark_test.cpp).
extern const std::string_view golden_urq_hex;
extern const std::string_view golden_ucf_hex;
extern const std::string_view golden_urj_hex;

/// The documented values of each golden message.
gatekeeper_request golden_grq_minimal_model();
gatekeeper_request golden_grq_model();
gatekeeper_reject golden_grj_model();
registration_request golden_rrq_model();
registration_confirm golden_rcf_model();
unregistration_request golden_urq_model();
unregistration_confirm golden_ucf_model();
unregistration_reject golden_urj_model();

/// A golden message and its name.
struct golden {
  std::string name;
  bytes encoding;
  ras_message model;
};
std::vector<golden> goldens();

// Frequently used values.
object_identifier oid(std::string_view dotted);
transport_address ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                       std::uint16_t port);
bytes challenge16();

/// A ClearToken / HASHED / ENCRYPTED with every field of the model set.
clear_token full_clear_token();
hashed full_hashed();
encrypted full_encrypted();
/// GenericData carrying mechanism priorities: id oid, parameters [{standard n, number8 prio}].
generic_data priorities_generic_data();

/// Every optional field present, including verbatim extensions (decodes to itself).
gatekeeper_request full_grq();
gatekeeper_confirm full_gcf();
gatekeeper_reject full_grj();
registration_request full_rrq();
registration_confirm full_rcf();
registration_reject full_rrj();
unregistration_request full_urq();
unregistration_confirm full_ucf();
unregistration_reject full_urj();

/// Only the mandatory fields.
gatekeeper_request minimal_grq();
gatekeeper_confirm minimal_gcf();
gatekeeper_reject minimal_grj();
registration_request minimal_rrq();
registration_confirm minimal_rcf();
registration_reject minimal_rrj();
unregistration_request minimal_urq();
unregistration_confirm minimal_ucf();
unregistration_reject minimal_urj();

/// The full models, named.
std::vector<std::pair<std::string, ras_message>> full_models();

/// All of the above, named.
std::vector<std::pair<std::string, ras_message>> constructed_models();

} // namespace ngn::ras::test
