#include "tests/protocols/dialogue/ras_binding_support.hpp"

#include "tests/common/test_bindings.hpp"
#include "protocols/common/hex.hpp"
#include "protocols/dialogue/ras_util.hpp"
#include "protocols/ras/codec.hpp"
#include "tests/protocols/dialogue/terminal.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <memory>
#include <random>

namespace ngn::dialogue::ras_test {

namespace ru = ngn::dialogue::ras_util;

const ras_binding& ras_b() {
  return static_cast<const ras_binding&>(ngn::test::binding_for(protocol::h323));
}

const mechanism_list offered = {{"aes-gcm", 900}, {"hmac-sha256", 500}, {"x-test", 0}};
const mechanism_list edge_list = {{"hmac-sha256", 700}, {"aes-gcm", 600}};

terminal_view view(std::uint32_t serial) {
  auto t = test::test_terminal(5060, 5060, &offered, serial);
  t.lifetime = 3600;
  return t;
}

rand_t fixed_rand() {
  rand_t r{};
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = static_cast<std::uint8_t>(i);
  return r;
}

autn_t fixed_autn() {
  autn_t a{};
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint8_t>(0x10 + i);
  return a;
}

const res_t res = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};

std::string hex_of(const std::string& wire) {
  return to_hex(reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size());
}

ras::ras_message ras_of(const std::string& wire) {
  auto m = ras::decode(reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size());
  BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
  return *m;
}

std::string normalised(const std::string& wire) {
  auto m = ras_of(wire);
  auto fix = [](std::optional<std::vector<ras::crypto_h323_token>>& tokens) {
    if (!tokens) return;
    for (auto& t : *tokens)
      if (auto* ep = std::get_if<ras::crypto_ep_pwd_hash>(&t)) ep->time_stamp = 1700000000;
  };
  if (auto* r = std::get_if<ras::rrq>(&m)) fix(r->crypto_tokens);
  if (auto* u = std::get_if<ras::urq>(&m)) fix(u->crypto_tokens);
  return ru::to_wire(m);
}

inbound decoded(const std::string& wire) {
  auto in = ras_b().decode(wire);
  BOOST_TEST_REQUIRE(in.ok(), (in.ok() ? "" : in.error().describe()));
  return *in;
}

std::string name_of_answer(const std::string& wire) {
  const auto& b = ras_b();
  auto in = b.decode(wire);
  if (in) return "decoded";
  auto a = b.malformed_answer(wire, in.error(), address{});
  if (a.empty()) return "";
  return std::string(ras::message_name(ras_of(a)));
}

flow make_flow() {
  const auto& b = ras_b();
  flow f;
  f.grq = decoded(b.reg_request(view()));
  challenge_fields cf;
  cf.session_id = ngn::session_id::of_number(0x01020304);
  cf.rand = fixed_rand();
  cf.autn = fixed_autn();
  cf.edge = &edge_list;
  cf.chosen = "aes-gcm";
  cf.realm = "ngn.example";
  cf.local = address{0x0a000001, 5060};
  f.grj = decoded(b.challenge(f.grq, cf));
  f.rrq = decoded(b.reg_message(view(), f.grj, res));
  const std::vector<std::uint8_t> wrapped(24, 0xA5), wrapped_edge(24, 0x5A), mac(16, 0x3C);
  success_fields sf;
  sf.session_id = ngn::session_id::of_number(0x01020304);
  sf.chosen = "aes-gcm";
  sf.wrapped_t = ngn::byte_view{wrapped.data(), wrapped.size()};
  sf.wrapped_edge = ngn::byte_view{wrapped_edge.data(), wrapped_edge.size()};
  sf.mac = ngn::byte_view{mac.data(), mac.size()};
  sf.edge = &edge_list;
  sf.realm = "ngn.example";
  sf.local = address{0x0a000001, 5060};
  f.rcf = decoded(b.success(f.rrq, sf));
  return f;
}

void every_prefix_and_mutation(const std::vector<std::string>& wires, unsigned seed,
                               const std::function<void(std::string_view)>& exercise) {
  std::mt19937 rng(seed);
  auto on_heap = [&](const std::string& w) {
    // An exact-size heap copy, so ASan sees any read past the end.
    std::unique_ptr<char[]> copy(new char[w.size() + 1]);
    std::copy(w.begin(), w.end(), copy.get());
    exercise(std::string_view(copy.get(), w.size()));
  };
  for (const auto& w : wires) {
    for (std::size_t n = 0; n < w.size(); ++n) on_heap(w.substr(0, n));
    for (int k = 0; k < 400; ++k) {
      std::string m = w;
      for (int j = 0; j < 1 + static_cast<int>(rng() % 3); ++j)
        m[rng() % m.size()] = static_cast<char>(rng());
      on_heap(m);
    }
  }
}

} // namespace ngn::dialogue::ras_test
