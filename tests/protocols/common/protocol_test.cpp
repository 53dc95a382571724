// The protocol table (protocols/common/protocol.hpp): one name per protocol, default ports.
#include "protocols/common/protocol.hpp"

#include <boost/test/unit_test.hpp>

#include <set>

using namespace ngn;

BOOST_AUTO_TEST_SUITE(common_protocols)

BOOST_AUTO_TEST_CASE(every_protocol_has_one_name_that_parses_back) {
  std::set<std::string_view> names;
  for (auto p : all_protocols) {
    BOOST_TEST(names.insert(to_string(p)).second);
    BOOST_TEST((parse_protocol(to_string(p)) == p));
    BOOST_TEST((info(p).id == p));
  }
  BOOST_TEST(names.size() == protocol_count);
  for (const char* other : {"", "ras", "megaco", "SIP", "h.323", "any", "mixed"})
    BOOST_TEST(!parse_protocol(other), other);
  BOOST_TEST(protocol_names() == "sip|mgcp|h248|h323");
  BOOST_TEST(protocol_names(", ") == "sip, mgcp, h248, h323");
}

BOOST_AUTO_TEST_CASE(default_ports) {
  BOOST_TEST(info(protocol::sip).terminal_port == 5060);   // RFC 3261 §18.1.1
  BOOST_TEST(info(protocol::mgcp).terminal_port == 2427);  // RFC 3435 §3.5 gateway
  BOOST_TEST(info(protocol::mgcp).server_port == 2727);    // call agent
  BOOST_TEST(info(protocol::h248).server_port == 2944);    // H.248.1 Annex B text
  BOOST_TEST(info(protocol::h323).server_port == 1719);    // H.225.0 RAS
}

BOOST_AUTO_TEST_SUITE_END()
