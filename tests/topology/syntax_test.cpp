// Value syntax of topology files: names, durations, endpoints, listeners, shards, hex.
#include "topology/syntax.hpp"
#include "protocols/common/hex.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn::topology;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(topology_syntax)

BOOST_AUTO_TEST_CASE(names) {
  BOOST_TEST(check_name("sp1").empty());
  BOOST_TEST(check_name("n-core_2.a").empty());
  BOOST_TEST(check_name(std::string(64, 'a')).empty());
  BOOST_TEST(!check_name("").empty());
  BOOST_TEST(!check_name(std::string(65, 'a')).empty());
  BOOST_TEST(!check_name("-sp1").empty());
  BOOST_TEST(!check_name("sp 1").empty());
  BOOST_TEST(!check_name("sp1@x").empty());
}

BOOST_AUTO_TEST_CASE(hosts_and_ssh_targets) {
  BOOST_TEST(valid_host("10.200.0.1"));
  BOOST_TEST(valid_host("::1"));
  BOOST_TEST(valid_host("fe80::1:2"));
  BOOST_TEST(valid_host("host-a.example"));
  BOOST_TEST(valid_host("localhost"));
  BOOST_TEST(!valid_host("10.0.0.256"));
  BOOST_TEST(!valid_host("10.0.0"));
  BOOST_TEST(!valid_host("-bad.example"));
  BOOST_TEST(!valid_host("bad-.example"));
  BOOST_TEST(!valid_host("a..b"));
  BOOST_TEST(!valid_host(""));
  BOOST_TEST(!valid_host("a b"));
  BOOST_TEST(check_ssh_target("10.0.0.2").empty());
  BOOST_TEST(check_ssh_target("ngn@host2.lab").empty());
  BOOST_TEST(!check_ssh_target("-oProxyCommand=x").empty());
  BOOST_TEST(!check_ssh_target("@host").empty());
  BOOST_TEST(!check_ssh_target("a b").empty());
  BOOST_TEST(!check_ssh_target("").empty());
  BOOST_TEST(check_domain("ngn.example").empty());
  BOOST_TEST(!check_domain("ngn example").empty());
  BOOST_TEST(check_database_path("/var/lib/ngnemu/auc1.db").empty());
  BOOST_TEST(!check_database_path("").empty());
  BOOST_TEST(!check_database_path("a\nb").empty());
}

BOOST_AUTO_TEST_CASE(durations) {
  auto ms = [](std::string_view s) { return parse_duration(s).value.value(); };
  BOOST_TEST(ms("0").count() == 0);
  BOOST_TEST(ms("0s").count() == 0);
  BOOST_TEST(ms("250ms").count() == 250);
  BOOST_TEST(ms("2s").count() == 2000);
  BOOST_TEST(ms("1m30s").count() == 90000);
  BOOST_TEST(ms("1h").count() == 3600000);
  BOOST_TEST(ms("1h2m3s4ms").count() == 3723004);
  BOOST_TEST(ms("720h").count() == 720LL * 3600000);
  for (auto bad : {"", "5", "s", "1.5s", "1x", "2s1m", "1s1s", "1ms1s", "-1s", "721h", " 1s",
                   "1s ", "1d", "9999999999999s"}) {
    auto r = parse_duration(bad);
    BOOST_TEST(!r, bad);
    BOOST_TEST(!r.error.empty());
  }
  for (auto d : {0LL, 1LL, 999LL, 1000LL, 1500LL, 60000LL, 90000LL, 3723004LL}) {
    auto text = format_duration(duration{d});
    BOOST_TEST(ms(text).count() == d, text);
  }
  BOOST_TEST(format_duration(90s) == "1m30s");
  BOOST_TEST(format_duration(0s) == "0s");
}

BOOST_AUTO_TEST_CASE(endpoints) {
  auto ok = [](std::string_view s) { return normalize_endpoint(s).value.value(); };
  BOOST_TEST(ok("tcp://10.200.0.1:7000") == "tcp://10.200.0.1:7000");
  BOOST_TEST(ok("tcp://Host-A.example:07000") == "tcp://host-a.example:7000");
  BOOST_TEST(ok("tcp://[::1]:7000") == "tcp://[::1]:7000");
  BOOST_TEST(ok("ipc:///tmp/ngnemu.ipc") == "ipc:///tmp/ngnemu.ipc");
  for (auto bad : {"", "10.0.0.1:7000", "udp://10.0.0.1:7000", "tcp://10.0.0.1", "tcp://10.0.0.1:",
                   "tcp://10.0.0.1:0", "tcp://10.0.0.1:65536", "tcp://10.0.0.1:70x",
                   "tcp://:7000", "tcp://*:7000", "tcp://::1:7000", "tcp://[::1:7000",
                   "tcp://[zz]:7000", "tcp://10.0.0.999:7000", "ipc://", "ipc://a b"}) {
    auto r = normalize_endpoint(bad);
    BOOST_TEST(!r, bad);
    BOOST_TEST(!r.error.empty());
  }
  BOOST_TEST(!normalize_endpoint("ipc://" + std::string(108, 'a')));
  BOOST_TEST(normalize_endpoint("ipc://" + std::string(107, 'a')).value.has_value());
  BOOST_TEST(normalize_endpoint("udp://h:1").error.find("unsupported transport 'udp'")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(listeners) {
  auto l = parse_listen("udp:127.0.0.1:5060").value.value();
  BOOST_TEST(l.transport == "udp");
  BOOST_TEST(l.host == "127.0.0.1");
  BOOST_TEST(l.port == 5060);
  BOOST_TEST(l.to_string() == "udp:127.0.0.1:5060");
  auto v6 = parse_listen("udp:[::1]:5062").value.value();
  BOOST_TEST(v6.host == "::1");
  BOOST_TEST(v6.to_string() == "udp:[::1]:5062");
  BOOST_TEST(parse_listen("udp:0.0.0.0:5060").value.has_value());
  // Port 0: any free port, chosen when the listener opens.
  BOOST_TEST(parse_listen("udp:127.0.0.1:0").value.value().port == 0);
  for (auto bad : {"", "udp", "tcp:127.0.0.1:5060", "udp://127.0.0.1:5060", "udp:127.0.0.1",
                   "udp:127.0.0.1:00", "udp:127.0.0.1:65536", "udp:host name:5060",
                   "127.0.0.1:5060"}) {
    auto r = parse_listen(bad);
    BOOST_TEST(!r, bad);
    BOOST_TEST(!r.error.empty());
  }
  BOOST_TEST(parse_listen("tcp:1.2.3.4:5").error.find("only udp") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(shards) {
  auto s = parse_shard("1/2").value.value();
  BOOST_TEST(s.first == 1u);
  BOOST_TEST(s.second == 2u);
  BOOST_TEST(parse_shard("255/256").value.has_value());
  for (auto bad : {"", "1", "2/2", "0/0", "0/257", "a/2", "1/", "/2", "-1/2", "1/2/3"})
    BOOST_TEST(!parse_shard(bad), bad);
}

BOOST_AUTO_TEST_CASE(hex) {
  auto h = parse_hex("0x00ffA5").value.value();
  BOOST_TEST(h.size() == 3u);
  BOOST_TEST(h[1] == 0xff);
  BOOST_TEST(h[2] == 0xa5);
  BOOST_TEST(ngn::to_hex(h.data(), h.size()) == "00ffa5");
  BOOST_TEST(parse_hex("").value.value().empty());
  BOOST_TEST(!parse_hex("abc"));
  BOOST_TEST(!parse_hex("zz"));
  BOOST_TEST(!parse_hex(std::string(258, 'a')));
}

BOOST_AUTO_TEST_SUITE_END()
