// subscriber_store CSV import/export and the SIPp injection file.
#include "crypto/milenage.hpp"
#include "storage/subscriber_store.hpp"
#include "tests/storage/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <stdexcept>
#include <string>

using namespace ngn;
using namespace ngn::storage;

namespace {

// TS 35.208 test sets 1 and 2 (aka-and-vectors.md §2.3).
const char* set1_k = "465b5ce8b199b49faa5f0a2ee238a6bc";
const char* set1_op = "cdc202d5123e20f62b6d676ac72cb318";
const char* set1_opc = "cd63cb71954a9f4e48a5994e37a02baf";
const char* set2_k = "0396eb317b6d1c36f19c1c84cd6ffd16";
const char* set2_op = "ff53bade17df5d4e793073ce9d7579fa";
const char* set2_opc = "53c15671c60a4b731c55b4a441c0bde2";

std::size_t import(subscriber_store& store, const std::string& csv) {
  std::istringstream in(csv);
  return store.import_csv(in, "subs.csv");
}

/// The message of the runtime_error import throws (fails the test if none).
std::string import_error(subscriber_store& store, const std::string& csv) {
  try {
    import(store, csv);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  BOOST_ERROR("import succeeded unexpectedly");
  return {};
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

const std::string header = "identity,protocol,k,op,opc,amf,sqn,flags\n";

} // namespace

BOOST_AUTO_TEST_SUITE(storage_csv)

BOOST_AUTO_TEST_CASE(csv_round_trip) {
  test::temp_dir dir;
  subscriber_store a(dir.file("a.db"));
  provision_options o;
  o.count = 50;
  o.protocol = "sip";
  a.provision(o);
  subscriber only_opc; // provisioned from OPc only: op stays empty
  only_opc.identity = "opc-only@x";
  only_opc.protocol = "h323";
  only_opc.k = crypto::key128(block<16>{0xaa, 0xbb});
  only_opc.opc = crypto::key128(block<16>{0x11, 0x22});
  only_opc.amf = {0x12, 0x34};
  only_opc.sqn = 281474976710655u; // 2^48 - 1
  only_opc.flags = 3;
  a.upsert(only_opc);

  std::ostringstream out;
  BOOST_TEST(a.export_csv(out) == 51u);
  const std::string csv = out.str();
  BOOST_TEST(starts_with(csv, header));
  BOOST_TEST(csv.find("opc-only@x,h323,aabb0000000000000000000000000000,,"
                      "11220000000000000000000000000000,1234,281474976710655,3\n") !=
             std::string::npos);

  subscriber_store b(dir.file("b.db"));
  BOOST_TEST(import(b, csv) == 51u);
  auto xs = a.load_all();
  auto ys = b.load_all();
  BOOST_REQUIRE(xs.size() == ys.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    BOOST_TEST(xs[i].identity == ys[i].identity);
    BOOST_TEST(xs[i].protocol == ys[i].protocol);
    BOOST_TEST((xs[i].k == ys[i].k));
    BOOST_TEST((xs[i].op == ys[i].op));
    BOOST_TEST((xs[i].opc == ys[i].opc));
    BOOST_TEST((xs[i].amf == ys[i].amf));
    BOOST_TEST(xs[i].sqn == ys[i].sqn);
    BOOST_TEST(xs[i].flags == ys[i].flags);
  }
  std::ostringstream again;
  b.export_csv(again);
  BOOST_TEST(again.str() == csv);
}

BOOST_AUTO_TEST_CASE(import_computes_opc_from_op) {
  test::temp_dir dir;
  subscriber_store store(dir.file("ngn.db"));
  // Columns in another order, optional ones left out, upper-case hex, comments, CRLF.
  BOOST_TEST(import(store, "# TS 35.208 set 1\r\n"
                           "k,identity,op\r\n"
                           "\r\n" +
                             std::string(set1_k) + ",set1@x," + "CDC202D5123E20F62B6D676AC72CB318" +
                             "\r\n") == 1u);
  auto s = store.load("set1@x");
  BOOST_REQUIRE(s);
  block<16> expected;
  for (int i = 0; i < 16; ++i)
    expected[i] =
      static_cast<std::uint8_t>(std::stoi(std::string(set1_opc + 2 * i, 2), nullptr, 16));
  BOOST_TEST((s->opc.raw() == expected)); // TS 35.206 §4.1 via crypto::milenage_opc
  BOOST_TEST(s->protocol == "any");
  BOOST_TEST((s->amf == block<2>{0x80, 0x00}));
  BOOST_TEST(s->sqn == 0u);

  // op and opc both given and consistent; opc only.
  BOOST_TEST(import(store, header + "set2@x,sip," + set2_k + "," + set2_op + "," + set2_opc +
                             ",af17,5,1\n" + "opc@x,," + set2_k + ",," + set2_opc + ",,,\n") == 2u);
  BOOST_TEST(store.load("set2@x")->sqn == 5u);
  BOOST_TEST(!store.load("opc@x")->op.has_value());
}

BOOST_AUTO_TEST_CASE(import_updates_existing_without_lowering_sqn) {
  test::temp_dir dir;
  subscriber_store store(dir.file("ngn.db"));
  import(store, header + "a@x,sip," + set2_k + "," + set2_op + ",,,900,0\n");
  import(store, header + "a@x,mgcp," + set2_k + "," + set2_op + ",,,10,0\n");
  auto s = store.load("a@x");
  BOOST_TEST(s->protocol == "mgcp");
  BOOST_TEST(s->sqn == 900u);
}

BOOST_AUTO_TEST_CASE(import_errors_name_line_and_field) {
  test::temp_dir dir;
  subscriber_store store(dir.file("ngn.db"));
  const std::string ok_row = std::string("ok@x,sip,") + set2_k + "," + set2_op + ",,,,\n";
  struct case_t {
    std::string csv;
    std::string prefix;
  };
  const case_t cases[] = {
    {header + ok_row + "b@x,sip,zz96eb317b6d1c36f19c1c84cd6ffd16," + set2_op + ",,,,\n",
     "subs.csv:3: field 'k': not a hex string"},
    {header + "b@x,sip," + set2_k + ",ff53bade,,,,\n",
     "subs.csv:2: field 'op': expected 32 hex digits, got 8 characters"},
    {header + "b@x,sip," + set2_k + "," + set2_op + ",,80,,\n",
     "subs.csv:2: field 'amf': expected 4 hex digits, got 2 characters"},
    {header + "b@x,sip," + set2_k + "," + set2_op + "," + set1_opc + ",,,\n",
     "subs.csv:2: field 'opc': does not match"},
    {header + "b@x,sip," + set2_k + ",,,,,\n", "subs.csv:2: field 'opc': op or opc is required"},
    {header + "b@x,sip," + set2_k + "," + set2_op + ",,,281474976710656,\n",
     "subs.csv:2: field 'sqn': larger than 281474976710655"},
    {header + "b@x,sip," + set2_k + "," + set2_op + ",,,-1,\n",
     "subs.csv:2: field 'sqn': expected a decimal number"},
    {header + "b@x,smtp," + set2_k + "," + set2_op + ",,,,\n",
     "subs.csv:2: field 'protocol': unknown protocol 'smtp'"},
    {header + "b x,sip," + set2_k + "," + set2_op + ",,,,\n",
     "subs.csv:2: field 'identity': invalid identity 'b x'"},
    {header + ok_row + "# comment\n" + ok_row, "subs.csv:4: field 'identity': 'ok@x' already "
                                               "given on line 2"},
    {header + "b@x,sip," + set2_k + "," + set2_op + ",,,\n",
     "subs.csv:2: expected 8 fields as in the header, got 7"},
    {"identity,protocol,op,opc\n", "subs.csv:1: header: missing column 'k'"},
    {"identity,k,amf\n", "subs.csv:1: header: missing column 'op' or 'opc'"},
    {"identity,k,op,colour\n", "subs.csv:1: header: unknown column 'colour'"},
    {"identity,k,op,k\n", "subs.csv:1: header: duplicate column 'k'"},
    {"# only a comment\n", "subs.csv: no header line"},
  };
  for (const case_t& c : cases) {
    std::string msg = import_error(store, c.csv);
    BOOST_TEST(starts_with(msg, c.prefix), "got: " << msg << "\nwant: " << c.prefix);
    BOOST_TEST(msg.find(set2_op) == std::string::npos); // key material is never echoed
  }
  BOOST_TEST(store.count() == 0u); // all or nothing: the good rows before an error are not kept
}

BOOST_AUTO_TEST_CASE(export_sipp_writes_the_injection_file_exactly) {
  test::temp_dir dir;
  subscriber_store store(dir.file("ngn.db"));
  import(store, header +
                  // SIPp-usable: TS 35.208 set 2 (SIPp 3.6.1 registers with it)
                  "set2@test.net,sip," + set2_k + "," + set2_op + ",,af17,0,1\n" +
                  "any@test.net,any," + set2_k + "," + set2_op + ",,,0,1\n" +
                  // set 1: K byte 1 is 0x5b '[' (SIPp exits)
                  "set1@test.net,sip," + set1_k + "," + set1_op + ",,b9b9,0,0\n" +
                  // OPc only: SIPp has no OPc parameter
                  "opc@test.net,sip," + set2_k + ",," + set2_opc + ",,0,0\n" +
                  // not a SIP subscriber
                  "gw@test.net,mgcp," + set2_k + "," + set2_op + ",,,0,0\n");
  std::ostringstream out;
  sipp_export_stats st = store.export_sipp(out);
  BOOST_TEST(out.str() ==
             "SEQUENTIAL\n"
             "any@test.net;[authentication username=any@test.net "
             "aka_K=0x0396EB317B6D1C36F19C1C84CD6FFD1600 aka_OP=0xFF53BADE17DF5D4E793073CE9D7579FA00 "
             "aka_AMF=0x800000]\n"
             "set2@test.net;[authentication username=set2@test.net "
             "aka_K=0x0396EB317B6D1C36F19C1C84CD6FFD1600 aka_OP=0xFF53BADE17DF5D4E793073CE9D7579FA00 "
             "aka_AMF=0xAF1700]\n");
  BOOST_TEST(st.written == 2u);
  BOOST_TEST(st.skipped_unsafe == 1u);
  BOOST_TEST(st.skipped_no_op == 1u);
  BOOST_TEST(st.skipped_protocol == 1u);
}

BOOST_AUTO_TEST_CASE(export_sipp_of_sipp_safe_provisioning_keeps_everyone) {
  test::temp_dir dir;
  subscriber_store store(dir.file("ngn.db"));
  provision_options o;
  o.count = 300;
  o.sipp_safe = true;
  store.provision(o);
  std::ostringstream out;
  sipp_export_stats st = store.export_sipp(out);
  BOOST_TEST(st.written == 300u);
  std::istringstream in(out.str());
  std::string line;
  std::getline(in, line);
  BOOST_TEST(line == "SEQUENTIAL");
  std::getline(in, line);
  BOOST_TEST(starts_with(line, "t000001@ngn.example;[authentication username=t000001@ngn.example "
                               "aka_K=0x"));
  BOOST_TEST(line.size() == std::string("t000001@ngn.example;[authentication username="
                                        "t000001@ngn.example aka_K=0x aka_OP=0x aka_AMF=0x]")
                                  .size() + 34 + 34 + 6);
}

BOOST_AUTO_TEST_SUITE_END()
