// Milenage against 3GPP TS 35.208 test sets 1-6, every output (tests/crypto/ts35208.hpp).
#include "crypto/milenage.hpp"

#include "tests/crypto/test_hex.hpp"
#include "tests/crypto/ts35208.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <utility>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

BOOST_AUTO_TEST_SUITE(milenage_ts35208)

BOOST_DATA_TEST_CASE(opc_from_op, boost::unit_test::data::make(ts35208_sets), s) {
  BOOST_TEST(hex(milenage_opc(key(s.k), blk<16>(s.op))) == s.opc);
}

BOOST_DATA_TEST_CASE(f1_and_f1star, boost::unit_test::data::make(ts35208_sets), s) {
  const milenage m(key(s.k), blk<16>(s.opc));
  const milenage::f1_out out = m.f1(blk<16>(s.rand), blk<6>(s.sqn), blk<2>(s.amf));
  BOOST_TEST(hex(out.mac_a) == s.f1);
  BOOST_TEST(hex(out.mac_s) == s.f1star);
}

BOOST_DATA_TEST_CASE(f2_f3_f4_f5, boost::unit_test::data::make(ts35208_sets), s) {
  const milenage m(key(s.k), blk<16>(s.opc));
  const milenage::f2345_out out = m.f2345(blk<16>(s.rand));
  BOOST_TEST(hex(out.res) == s.f2);
  BOOST_TEST(hex(out.ck) == s.f3);
  BOOST_TEST(hex(out.ik) == s.f4);
  BOOST_TEST(hex(out.ak) == s.f5);
}

BOOST_DATA_TEST_CASE(f5star, boost::unit_test::data::make(ts35208_sets), s) {
  const milenage m(key(s.k), blk<16>(s.opc));
  BOOST_TEST(hex(m.f5star(blk<16>(s.rand))) == s.f5star);
}

BOOST_DATA_TEST_CASE(opc_derived_instance_agrees, boost::unit_test::data::make(ts35208_sets), s) {
  // The same functions with OPc computed from OP rather than taken from the table.
  const milenage m(key(s.k), milenage_opc(key(s.k), blk<16>(s.op)));
  BOOST_TEST(hex(m.f2345(blk<16>(s.rand)).res) == s.f2);
  BOOST_TEST(hex(m.f1(blk<16>(s.rand), blk<6>(s.sqn), blk<2>(s.amf)).mac_a) == s.f1);
}

BOOST_AUTO_TEST_CASE(functions_are_repeatable_on_one_context) {
  // The ECB context is reused for every block; results must not depend on call order.
  const ts35208_set& s = ts35208_sets[2];
  const milenage m(key(s.k), blk<16>(s.opc));
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(hex(m.f5star(blk<16>(s.rand))) == s.f5star);
    BOOST_TEST(hex(m.f2345(blk<16>(s.rand)).ck) == s.f3);
    BOOST_TEST(hex(m.f1(blk<16>(s.rand), blk<6>(s.sqn), blk<2>(s.amf)).mac_s) == s.f1star);
  }
}

BOOST_AUTO_TEST_CASE(move_transfers_the_key) {
  const ts35208_set& s = ts35208_sets[0];
  milenage a(key(s.k), blk<16>(s.opc));
  milenage b(std::move(a));
  BOOST_TEST(hex(b.f2345(blk<16>(s.rand)).res) == s.f2);
  milenage c(key(ts35208_sets[1].k), blk<16>(ts35208_sets[1].opc));
  c = std::move(b);
  BOOST_TEST(hex(c.f2345(blk<16>(s.rand)).res) == s.f2);
  c = milenage(key(ts35208_sets[1].k), blk<16>(ts35208_sets[1].opc));
  BOOST_TEST(hex(c.f2345(blk<16>(ts35208_sets[1].rand)).res) == ts35208_sets[1].f2);
}

BOOST_AUTO_TEST_SUITE_END()
