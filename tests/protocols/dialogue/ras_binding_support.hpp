// Shared fixtures of the RAS binding tests: a terminal view, fixed challenge values, and one
// 3-element exchange run through the binding alone.
#pragma once

#include "protocols/dialogue/ras_binding.hpp"
#include "protocols/ras/message.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::dialogue::ras_test {

/// The RAS binding, with the crypto hooks installed.
const ras_binding& ras_b();

extern const mechanism_list offered;    ///< with an unknown name and q = 0
extern const mechanism_list edge_list;  ///< a different order and different q values
extern const res_t res;                 ///< deadbeef01020304

terminal_view view(std::uint32_t serial = 17);
rand_t fixed_rand();  ///< 00..0f
autn_t fixed_autn();  ///< 10..1f

std::string hex_of(const std::string& wire);
/// The RAS model of `wire` (the test fails if it does not decode).
ras::ras_message ras_of(const std::string& wire);
/// `wire` with every cryptoEPPwdHash time stamp (the only clock-dependent field) set to
/// 1700000000, for golden comparison.
std::string normalised(const std::string& wire);
/// The binding's decode of `wire` (the test fails if it does not decode).
inbound decoded(const std::string& wire);
/// The message name of the binding's answer to undecodable `wire` ("" when none).
std::string name_of_answer(const std::string& wire);

struct flow {
  inbound grq, grj, rrq, rcf;
};
/// A 3-element exchange (session 0x01020304, edge_list, chosen aes-gcm, MAC and both keys).
flow make_flow();

/// Calls `exercise` on every proper prefix of each of `wires`, then on 400 random mutations of
/// each (1 to 3 octets replaced, from std::mt19937 seeded with `seed`), each handed over as an
/// exact-size heap copy, so ASan sees any read past the end.
void every_prefix_and_mutation(const std::vector<std::string>& wires, unsigned seed,
                               const std::function<void(std::string_view)>& exercise);

} // namespace ngn::dialogue::ras_test
