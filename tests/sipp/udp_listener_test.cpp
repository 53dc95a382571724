// nodes/udp_listener on a loopback socket, with a recording "element": delivery with the client
// id of the sender, answers back to the sender, retransmissions absorbed and answered again,
// the bounds (oversize, undecodable, responses, full table → 503), and the client id layout.
#include "actors/listener_id.hpp"
#include "nodes/udp_listener.hpp"
#include "protocols/sip/message.hpp"

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace ngn;

namespace {

constexpr elements::element_id element = 2;

/// Collects what the listener delivers.
struct inbox {
  std::mutex mtx;
  std::vector<elements::envelope> got;
  nodes::udp_listener::deliver_fn fn() {
    return [this](elements::envelope&& e) {
      std::lock_guard lock{mtx};
      got.push_back(std::move(e));
      return true;
    };
  }
  std::size_t size() {
    std::lock_guard lock{mtx};
    return got.size();
  }
  elements::envelope at(std::size_t i) {
    std::lock_guard lock{mtx};
    return got.at(i);
  }
};

/// A UDP client on 127.0.0.1.
struct udp_client {
  int fd = -1;
  std::uint16_t port = 0;
  udp_client() {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~udp_client() { ::close(fd); }
  void send(std::uint16_t to_port, std::string_view bytes) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(to_port);
    BOOST_REQUIRE(::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a),
                           sizeof a) == static_cast<ssize_t>(bytes.size()));
  }
  /// The next datagram within `ms`, or "".
  std::string receive(int ms = 2000) const {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return {};
    std::string buf(70000, '\0');
    auto n = ::recv(fd, buf.data(), buf.size(), 0);
    buf.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return buf;
  }
};

topology::listen_endpoint loopback_any_port() {
  topology::listen_endpoint ep;
  ep.host = "127.0.0.1";
  ep.port = 0;
  return ep;
}

std::string register_request(std::string_view branch, std::string_view call_id = "c1") {
  return "REGISTER sip:127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:5071;branch=" + std::string(branch) + "\r\n"
         "From: <sip:t1@ngn.example>;tag=1\r\nTo: <sip:t1@ngn.example>\r\n"
         "Call-ID: " + std::string(call_id) + "\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
}

std::string answer_to(const std::string& request, int status) {
  auto m = sip::parse(request);
  BOOST_REQUIRE(m);
  auto r = sip::make_response(*m, status, sip::default_reason(status));
  sip::set_tag(r.to, "x");
  return sip::encode(r);
}

template <class Pred>
bool eventually(Pred p, int ms = 2000) {
  for (int i = 0; i < ms / 5; ++i) {
    if (p()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return p();
}

} // namespace

BOOST_AUTO_TEST_SUITE(udp_listener)

BOOST_AUTO_TEST_CASE(client_ids_encode_the_listener_and_the_address) {
  const auto id = actors::listener_client_id(7, 0x7f000001u, 5071);
  BOOST_TEST(actors::is_listener_client(id));
  BOOST_TEST(actors::listener_of(id) == 7u);
  BOOST_TEST(actors::client_ipv4(id) == 0x7f000001u);
  BOOST_TEST(actors::client_port(id) == 5071u);
  BOOST_TEST(!actors::is_listener_client(elements::terminal_id(0, 0)));
  BOOST_TEST(!actors::is_listener_client(elements::terminal_id(1'000'000, 0xffffffffu)));
  BOOST_TEST(!actors::is_listener_client(element));
}

BOOST_AUTO_TEST_CASE(requests_reach_the_element_and_answers_the_client) {
  inbox in;
  nodes::udp_listener l{3, element, loopback_any_port(), in.fn()};
  BOOST_TEST(l.port() != 0u);
  BOOST_TEST(l.local() == "udp:127.0.0.1:" + std::to_string(l.port()));
  udp_client c;
  const auto req = register_request("z9hG4bK-1");
  c.send(l.port(), req);
  BOOST_REQUIRE(eventually([&] { return in.size() == 1; }));
  const auto e = in.at(0);
  BOOST_TEST(e.to == element);
  BOOST_TEST(e.from == actors::listener_client_id(3, 0x7f000001u, c.port));
  BOOST_TEST(e.payload == req);
  // Retransmitted before the element answered: absorbed, nothing sent (RFC 3261 §17.2.2).
  c.send(l.port(), req);
  BOOST_TEST(c.receive(200).empty());
  // The element answers: the client gets it.
  const auto answer = answer_to(req, 401);
  BOOST_TEST(l.send(elements::envelope{e.from, element, elements::kind_of(ngn::protocol::sip), answer}));
  BOOST_TEST(c.receive() == answer);
  // Retransmitted after: the same answer again, the element sees nothing new.
  c.send(l.port(), req);
  BOOST_TEST(c.receive() == answer);
  BOOST_TEST(in.size() == 1u);
  // A new transaction (another branch) is delivered.
  c.send(l.port(), register_request("z9hG4bK-2"));
  BOOST_REQUIRE(eventually([&] { return in.size() == 2; }));
  // Counters are published by the listener thread every 100 ms.
  BOOST_REQUIRE(eventually([&] { return l.stats().delivered == 2; }));
  const auto st = l.stats();
  BOOST_TEST(st.received == 4u);
  BOOST_TEST(st.delivered == 2u);
  BOOST_TEST(st.transactions.resent == 1u);
  BOOST_TEST(st.sent == 2u);
}

BOOST_AUTO_TEST_CASE(bounds_oversize_junk_responses_and_a_full_table) {
  inbox in;
  nodes::listener_limits lim;
  lim.max_datagram = 2000;
  lim.junk_per_second = 1; // one undecodable datagram passed on, the rest dropped
  lim.transactions.max_transactions = 1;
  nodes::udp_listener l{0, element, loopback_any_port(), in.fn(), lim};
  udp_client c;
  c.send(l.port(), std::string(3000, 'x'));
  c.send(l.port(), "junk 1");
  c.send(l.port(), "junk 2");
  c.send(l.port(), "\r\n\r\n"); // keep-alive (RFC 5626): ignored
  c.send(l.port(), answer_to(register_request("z9hG4bK-r"), 200));
  const auto first = register_request("z9hG4bK-a");
  c.send(l.port(), first);
  BOOST_REQUIRE(eventually([&] { return in.size() == 2; }));
  BOOST_TEST(in.at(0).payload == "junk 1");
  BOOST_TEST(in.at(1).payload == first);
  // The table (1 transaction) is full of an unanswered one: 503 with Retry-After.
  c.send(l.port(), register_request("z9hG4bK-b"));
  auto refused = sip::parse(c.receive());
  BOOST_REQUIRE(refused);
  BOOST_TEST(refused->status == 503);
  BOOST_TEST(refused->find_other("Retry-After") != nullptr);
  BOOST_REQUIRE(eventually([&] { return l.stats().overload_503 == 1; }));
  const auto st = l.stats();
  BOOST_TEST(st.too_large == 1u);
  BOOST_TEST(st.junk_delivered == 1u);
  BOOST_TEST(st.junk_dropped == 1u);
  BOOST_TEST(st.responses_dropped == 1u);
  BOOST_TEST(in.size() == 2u);
}

BOOST_AUTO_TEST_CASE(under_sustained_overload_retry_after_grows_with_the_backlog) {
  inbox in;
  nodes::listener_limits lim;
  lim.max_pending = 1;
  lim.retry_after_max_s = 30;
  nodes::udp_listener l{0, element, loopback_any_port(), in.fn(), lim};
  udp_client c;
  // The element takes (and answers) 20 new requests in its first second: the rate refusals are
  // booked at.
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    const auto req = register_request("z9hG4bK-s" + std::to_string(i));
    c.send(l.port(), req);
    BOOST_REQUIRE(eventually([&] { return in.size() == static_cast<std::size_t>(i + 1); }));
    BOOST_REQUIRE(l.send(elements::envelope{in.at(i).from, element,
                                            elements::kind_of(ngn::protocol::sip), answer_to(req, 200)}));
    BOOST_TEST(sip::parse(c.receive())->status == 200);
  }
  std::this_thread::sleep_for(std::chrono::seconds(1) + std::chrono::milliseconds(100)
                              - (std::chrono::steady_clock::now() - started));
  c.send(l.port(), register_request("z9hG4bK-hold")); // waits for the element: pending is full
  BOOST_REQUIRE(eventually([&] { return in.size() == 21; }));
  // 60 new registrations refused at once: about 20 per Retry-After second, in order.
  std::vector<int> after;
  for (int i = 0; i < 60; ++i) {
    c.send(l.port(), register_request("z9hG4bK-r" + std::to_string(i), "r" + std::to_string(i)));
    auto m = sip::parse(c.receive());
    BOOST_REQUIRE(m);
    BOOST_REQUIRE(m->status == 503);
    const auto* h = m->find_other("Retry-After");
    BOOST_REQUIRE(h != nullptr);
    after.push_back(std::stoi(std::string(h->value)));
  }
  BOOST_TEST(after.front() == 1);
  for (std::size_t i = 1; i < after.size(); ++i) BOOST_TEST(after[i] >= after[i - 1]);
  BOOST_TEST(after.back() >= 3); // 60 at ~20/s: three seconds booked at least
  BOOST_TEST(after.back() <= 8);
  // A refused registration that comes back (same Call-ID, new transaction) is admitted before new
  // ones: beyond max_pending (and the source's share), up to twice them.
  c.send(l.port(), register_request("z9hG4bK-r0-again", "r0"));
  BOOST_REQUIRE(eventually([&] { return in.size() == 22; }));
  BOOST_TEST(in.at(21).payload == register_request("z9hG4bK-r0-again", "r0"));
  // A new one is still refused.
  c.send(l.port(), register_request("z9hG4bK-new", "new"));
  BOOST_TEST(sip::parse(c.receive())->status == 503);
  // An answer to a challenge refused (pending is at twice max_pending now) gets the floor however
  // far the schedule is booked: its challenge expires.
  auto answer = register_request("z9hG4bK-cred");
  answer.insert(answer.find("Content-Length"), "Authorization: Digest username=\"t1\"\r\n");
  c.send(l.port(), answer);
  auto m = sip::parse(c.receive());
  BOOST_REQUIRE(m);
  BOOST_TEST(m->status == 503);
  BOOST_TEST(m->find_other("Retry-After")->value == "1");
  BOOST_REQUIRE(eventually([&] { return l.stats().retry_after_max == static_cast<std::uint32_t>(after.back()); }));
}

BOOST_AUTO_TEST_CASE(answers_after_stop_are_dropped_and_counted) {
  inbox in;
  nodes::udp_listener l{0, element, loopback_any_port(), in.fn()};
  l.stop();
  l.stop(); // idempotent
  BOOST_TEST(!l.send(elements::envelope{actors::listener_client_id(0, 0x7f000001u, 9), element,
                                      elements::kind_of(ngn::protocol::sip), "x"}));
  BOOST_TEST(l.stats().outbound_dropped == 1u);
}

BOOST_AUTO_TEST_CASE(an_unusable_endpoint_is_refused_with_its_name) {
  inbox in;
  topology::listen_endpoint ep;
  ep.host = "::1";
  ep.port = 5060;
  BOOST_CHECK_EXCEPTION(nodes::udp_listener(0, element, ep, in.fn()), std::runtime_error,
                        [](const std::runtime_error& e) {
                          return std::string(e.what()).find("udp:[::1]:5060") != std::string::npos;
                        });
  nodes::udp_listener taken{0, element, loopback_any_port(), in.fn()};
  topology::listen_endpoint same = loopback_any_port();
  same.port = taken.port();
  BOOST_CHECK_THROW(nodes::udp_listener(1, element, same, in.fn()), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
