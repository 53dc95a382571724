// What the unit tests of the element state machines share (each test drives ONE state machine
// alone with crafted envelopes): subscribers with seeded keys, authentication vectors made the
// way the AuC makes them, the terminal's side of the wire built with a binding's terminal
// functions, and decoding what an outbox holds. Seeded randomness and the recording storage sink
// are harness.hpp's.
#pragma once

#include "harness.hpp"
#include "tests/common/test_bindings.hpp"

#include "crypto/aka.hpp"
#include "crypto/key_distribution.hpp"
#include "crypto/milenage.hpp"
#include "elements/mvw.hpp"
#include "elements/proof.hpp"
#include "elements/sa.hpp"
#include "elements/terminal_fsm.hpp"
#include "protocols/auc/codec.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

// Lets BOOST_TEST print what the state machines' tests compare.
namespace ngn::elements {
inline std::ostream& operator<<(std::ostream& os, terminal_state s) { return os << to_string(s); }
inline std::ostream& operator<<(std::ostream& os, proof_verdict v) { return os << to_string(v); }
} // namespace ngn::elements
namespace ngn::dialogue {
inline std::ostream& operator<<(std::ostream& os, step s) { return os << to_string(s); }
inline std::ostream& operator<<(std::ostream& os, code c) {
  return os << static_cast<unsigned>(c);
}
} // namespace ngn::dialogue
namespace ngn::auc {
inline std::ostream& operator<<(std::ostream& os, status s) { return os << to_string(s); }
} // namespace ngn::auc
namespace ngn::storage {
inline std::ostream& operator<<(std::ostream& os, session_state s) { return os << to_string(s); }
} // namespace ngn::storage

namespace ngn::test::unit {

using elements::element_id;
using elements::envelope;
using elements::outbox;
using dialogue::code;
using dialogue::step;
namespace data = boost::unit_test::data;

/// The elements the unit tests play: the AuC, the soft switch, the proxy, two terminals.
constexpr element_id auc_id = 1, ss_id = 2, sp_id = 3;
constexpr element_id t1 = elements::terminal_id(0, 1), t2 = elements::terminal_id(0, 2);
constexpr micros t0 = 1'700'000'000'000'000;

/// Boost.Test data: every protocol of the emulation.
inline const auto every_protocol = data::make(ngn::all_protocols);

inline bool contains(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

// -- keys and vectors -----------------------------------------------------------------------

struct subscriber {
  std::string identity;
  crypto::key128 k;
  crypto::key128 opc;
};

/// A subscriber whose K and OPc are drawn from `seed`.
inline subscriber make_subscriber(std::string identity, std::uint64_t seed) {
  subscriber s;
  s.identity = std::move(identity);
  seeded_random r{seed};
  r.fill(s.k.data(), s.k.size());
  r.fill(s.opc.data(), s.opc.size());
  return s;
}

inline crypto::key128 make_key(std::uint64_t seed) {
  crypto::key128 k;
  seeded_random r{seed};
  r.fill(k.data(), k.size());
  return k;
}

/// One authentication vector for `sub` as the AuC makes it (DESIGN.md §2): RAND from `seed`,
/// AUTN for `sqn`, XRES, and a fresh SK wrapped for the terminal and for the edge.
struct vector_for {
  dialogue::rand_t rand{};
  dialogue::autn_t autn{};
  dialogue::res_t res{};
  crypto::key128 sk;
  block<crypto::wrapped_key_size> wrapped_t{};
  block<crypto::wrapped_key_size> wrapped_edge{};
};

inline vector_for make_vector(const subscriber& sub, std::uint64_t sqn, std::uint64_t seed,
                              const crypto::key128& edge_key = crypto::key128{},
                              crypto::kek_role edge_role = crypto::kek_role::softswitch) {
  vector_for v;
  seeded_random r{seed};
  r.fill(v.rand.data(), v.rand.size());
  r.fill(v.sk.data(), v.sk.size());
  crypto::milenage m{sub.k, sub.opc.raw()};
  auto av = crypto::make_auth_vector(m, v.rand, sqn, block<2>{0x80, 0x00});
  v.autn = av.autn;
  v.res = av.xres;
  v.wrapped_t =
    crypto::wrap_session_key(sub.k, v.rand, crypto::kek_role::terminal, sub.identity, v.sk);
  v.wrapped_edge = crypto::wrap_session_key(edge_key, v.rand, edge_role, sub.identity, v.sk);
  return v;
}

/// The AuC's answer carrying `v`.
inline auc::auth_vector to_auc(const vector_for& v, const ngn::session_id& session_id,
                               std::int64_t db_id) {
  auc::auth_vector a;
  a.session_id = session_id;
  a.db_id = db_id;
  a.rand = v.rand;
  a.autn = v.autn;
  a.xres = v.res;
  a.wrapped_t = v.wrapped_t;
  a.wrapped_edge = v.wrapped_edge;
  return a;
}

// -- the terminal's side of the wire ----------------------------------------------------------

/// What a terminal sends, built with the binding's terminal functions (no terminal_fsm).
struct terminal_wire {
  const dialogue::binding* b = nullptr;
  std::string identity;
  std::string domain = "ngn.example";
  mechanism_list offered{{"aes-gcm", 900}, {"hmac-sha256", 500}};
  dialogue::address local{0x0a010001u, 5060};
  dialogue::address remote{0x0a000001u, 5060};
  std::uint32_t serial = 17;
  /// The terminal's inbound SPI it announces (DESIGN.md §1.2); none without sec-agree.
  std::uint32_t spi = 0x00c0ffee;
  std::uint32_t sequence = 0;

  dialogue::terminal_view view() const {
    dialogue::terminal_view v;
    v.identity = identity;
    v.domain = domain;
    v.local = local;
    v.remote = remote;
    v.serial = serial;
    v.offered = &offered;
    v.spi = offered.empty() ? 0 : spi;
    v.sequence = sequence;
    v.now = 1'700'000'000'000'000;
    return v;
  }
  std::string request() const { return b->reg_request(view()); }
  std::string message(const dialogue::inbound& challenge, const dialogue::res_t& res) const {
    return b->reg_message(view(), challenge, res);
  }
  std::string resync(const dialogue::inbound& challenge, const dialogue::auts_t& auts) const {
    return b->resync_message(view(), challenge, auts);
  }
  std::string auth_failure(const dialogue::inbound& challenge) const {
    return b->auth_failure(view(), challenge);
  }
  std::string refusal(const dialogue::inbound& challenge, const dialogue::inbound& success,
                      const dialogue::res_t& res, std::string_view reason) const {
    return b->refusal(view(), challenge, success, res, reason);
  }
};

// -- envelopes and outboxes -------------------------------------------------------------------

inline envelope wire(element_id to, element_id from, protocol p, std::string bytes,
                     element_id origin = elements::no_element) {
  return envelope{to, from, elements::kind_of(p), std::move(bytes), origin};
}

inline envelope auc_envelope(element_id to, element_id from, const auc::message& m) {
  return envelope{to, from, elements::envelope_kind::auc, auc::encode(m)};
}

/// Decodes `bytes`, failing the test if the binding cannot.
inline dialogue::inbound decode_ok(const dialogue::binding& b, std::string_view bytes) {
  auto in = b.decode(bytes);
  BOOST_REQUIRE_MESSAGE(in, "the binding cannot decode its own message: "
                              << (in ? std::string{} : in.error().describe()));
  return std::move(*in);
}

/// The ESP packets of `out` addressed to `to`, in order.
inline std::vector<envelope> esp_to(const outbox& out, element_id to) {
  std::vector<envelope> r;
  for (const auto& e : out.messages)
    if (e.to == to && e.kind == elements::envelope_kind::esp) r.push_back(e);
  return r;
}

/// The SAs of the other end of a registration (DESIGN.md §1.2): `side`'s pair for SK `sk`,
/// session `session_id`, `mechanism` (aes-gcm or hmac-sha256), its own inbound SPI and the
/// peer's.
inline elements::sa_pair sa_pair_of(elements::sa_side side, const crypto::key128& sk,
                                    const ngn::session_id& session_id, std::string_view mechanism,
                                    std::uint32_t inbound_spi, std::uint32_t outbound_spi) {
  auto t = esp::transform_for(mechanism);
  BOOST_REQUIRE(t.has_value());
  return elements::make_sa_pair(side, sk, session_id, *t, inbound_spi, outbound_spi);
}

/// Opens `packet` under `in`, failing the test if it is dropped; the datagram.
inline elements::sa_datagram open_ok(elements::sa_inbound& in, std::string_view packet) {
  elements::esp_drop why{};
  auto d = elements::open(in, packet, why);
  BOOST_REQUIRE_MESSAGE(d, "ESP packet dropped: " << elements::to_string(why));
  return std::move(*d);
}

/// The protocol messages of `out` addressed to `to`, in order.
inline std::vector<envelope> sent_to(const outbox& out, element_id to) {
  std::vector<envelope> r;
  for (const auto& e : out.messages)
    if (e.to == to && elements::carries_protocol(e.kind)) r.push_back(e);
  return r;
}

/// The dialogue steps (decoded; transport acknowledgements left out) of `out` addressed to `to`.
inline std::vector<dialogue::inbound> steps_to(const dialogue::binding& b, const outbox& out,
                                               element_id to) {
  std::vector<dialogue::inbound> r;
  for (const auto& e : sent_to(out, to)) {
    BOOST_REQUIRE(e.kind == elements::kind_of(b.proto()));
    auto in = decode_ok(b, e.payload);
    if (in.c.kind != dialogue::step::ack) r.push_back(std::move(in));
  }
  return r;
}

/// The one dialogue step of `out` addressed to `to`.
inline dialogue::inbound only_step_to(const dialogue::binding& b, const outbox& out,
                                      element_id to) {
  auto steps = steps_to(b, out, to);
  BOOST_REQUIRE_EQUAL(steps.size(), 1u);
  return std::move(steps.front());
}

/// The messages of the AuC protocol in `out` (any destination), decoded, in order.
inline std::vector<auc::message> auc_sent(const outbox& out) {
  std::vector<auc::message> r;
  for (const auto& e : out.messages) {
    if (e.kind != elements::envelope_kind::auc) continue;
    auto m = auc::decode(e.payload);
    BOOST_REQUIRE(m);
    r.push_back(std::move(*m));
  }
  return r;
}

/// The one AuC-protocol message of `out`, as a T.
template <class T>
T only_auc(const outbox& out) {
  auto ms = auc_sent(out);
  BOOST_REQUIRE_EQUAL(ms.size(), 1u);
  const T* m = std::get_if<T>(&ms.front());
  BOOST_REQUIRE_MESSAGE(m != nullptr, "unexpected AuC message, tag "
                                        << static_cast<int>(auc::tag_of(ms.front())));
  return *m;
}

} // namespace ngn::test::unit
