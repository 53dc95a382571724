// RFC 3261 §17.2 server transactions (protocols/sip/transaction.hpp): key extraction per §17.2.3
// (and the RFC 2543 fallback), the non-INVITE state machine of §17.2.2 under a fake clock
// (retransmissions absorbed, the last response re-sent, Timer J), the bounds (eviction, 503),
// stateless responses, and robustness of the extractor on every prefix and mutation.
#include "protocols/sip/message.hpp"
#include "protocols/sip/transaction.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

BOOST_TEST_DONT_PRINT_LOG_VALUE(ngn::errc)
BOOST_TEST_DONT_PRINT_LOG_VALUE(ngn::sip::name_addr)
BOOST_TEST_DONT_PRINT_LOG_VALUE(ngn::sip::cseq)
BOOST_TEST_DONT_PRINT_LOG_VALUE(ngn::sip::via)
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::vector<ngn::sip::via>)
BOOST_TEST_DONT_PRINT_LOG_VALUE(ngn::sip::server_transactions::verdict)
BOOST_TEST_DONT_PRINT_LOG_VALUE(ngn::sip::server_transactions::response_result)

using namespace ngn;
using sip::server_transactions;
using verdict = server_transactions::verdict;
using response_result = server_transactions::response_result;

namespace {

/// At time 0, transactions "a" and "b" are created and "c" is refused, each from its source in
/// `sources`: a bound of `t` is reached.
void two_in_then_refused(server_transactions& t, const std::uint64_t (&sources)[3]) {
  BOOST_TEST(t.on_request("a", sources[0], 0).v == verdict::created);
  BOOST_TEST(t.on_request("b", sources[1], 0).v == verdict::created);
  BOOST_TEST(t.on_request("c", sources[2], 0).v == verdict::refused);
}

std::string register_request(std::string_view branch = "z9hG4bK-524287-1---9f1c",
                             std::string_view cseq = "1 REGISTER",
                             std::string_view via_host = "127.0.0.1:5071") {
  return "REGISTER sip:127.0.0.1:5060 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP " + std::string(via_host) + ";branch=" + std::string(branch) + "\r\n"
         "From: <sip:t000001@ngn.example>;tag=1\r\n"
         "To: <sip:t000001@ngn.example>\r\n"
         "Call-ID: 1-4242@127.0.0.1\r\n"
         "CSeq: " + std::string(cseq) + "\r\n"
         "Contact: <sip:t000001@127.0.0.1:5071>\r\n"
         "Max-Forwards: 70\r\n"
         "Content-Length: 0\r\n\r\n";
}

std::string response_to(const std::string& request, int status) {
  auto m = sip::parse(request);
  BOOST_REQUIRE(m);
  auto r = sip::make_response(*m, status, sip::default_reason(status));
  sip::set_tag(r.to, "ss1");
  return sip::encode(r);
}

std::string key_of(std::string_view datagram) {
  auto t = sip::inspect_transaction(datagram);
  BOOST_REQUIRE(t);
  return t->key;
}

constexpr std::int64_t s = 1'000'000;

} // namespace

BOOST_AUTO_TEST_SUITE(transaction_keys)

BOOST_AUTO_TEST_CASE(request_and_response_have_the_same_key) {
  const auto req = register_request();
  auto t = sip::inspect_transaction(req);
  BOOST_REQUIRE(t);
  BOOST_TEST(t->is_request);
  BOOST_TEST(t->method == "REGISTER");
  BOOST_TEST(t->answerable);
  // RFC 3261 §17.2.3: branch, sent-by, method.
  BOOST_TEST(t->key == "z9hG4bK-524287-1---9f1c\n127.0.0.1:5071\nREGISTER");
  const auto resp = response_to(req, 401);
  auto r = sip::inspect_transaction(resp);
  BOOST_REQUIRE(r);
  BOOST_TEST(!r->is_request);
  BOOST_TEST(r->status == 401);
  BOOST_TEST(r->key == t->key);
}

BOOST_AUTO_TEST_CASE(branch_sent_by_and_method_each_tell_transactions_apart) {
  const auto base = key_of(register_request());
  BOOST_TEST(key_of(register_request("z9hG4bK-524287-2---9f1c")) != base);
  BOOST_TEST(key_of(register_request("z9hG4bK-524287-1---9f1c", "1 REGISTER", "127.0.0.1:5072"))
             != base);
  // Default port (RFC 3261 §18.2.1) and host case do not matter.
  BOOST_TEST(key_of(register_request("z9hG4bKx", "1 REGISTER", "Client.Example"))
             == key_of(register_request("z9hG4bKx", "1 REGISTER", "client.example:5060")));
  std::string options = register_request();
  options.replace(0, 8, "OPTIONS");
  options.replace(options.find("CSeq: 1 REGISTER"), 16, "CSeq: 1 OPTIONS");
  BOOST_TEST(key_of(options) != base);
}

BOOST_AUTO_TEST_CASE(rfc2543_peers_are_matched_without_the_magic_cookie) {
  const auto a = register_request("old1");
  const auto b = register_request("old1", "2 REGISTER");
  BOOST_TEST(key_of(a).rfind("2543\n", 0) == 0);
  BOOST_TEST(key_of(a) != key_of(b)); // CSeq differs
  BOOST_TEST(key_of(response_to(a, 200)) == key_of(a));
}

BOOST_AUTO_TEST_CASE(compact_and_folded_headers_are_read) {
  const std::string m = "REGISTER sip:ngn.example SIP/2.0\r\n"
                        "v: SIP/2.0/UDP 10.0.0.9:5060\r\n ;branch=z9hG4bKfold\r\n"
                        "f: <sip:a@ngn.example>;tag=9\r\nt: <sip:a@ngn.example>\r\n"
                        "i: abc\r\nCSeq: 7 REGISTER\r\nl: 0\r\n\r\n";
  auto t = sip::inspect_transaction(m);
  BOOST_REQUIRE(t);
  BOOST_TEST(t->key == "z9hG4bKfold\n10.0.0.9:5060\nREGISTER");
  BOOST_TEST(t->answerable);
}

// What a listener needs to follow a registration (nodes/listener_meter.hpp): the Call-ID of
// requests and responses, and the lifetime a REGISTER asks for (RFC 3261 §10.2.1.1, §10.2.2).
BOOST_AUTO_TEST_CASE(call_id_and_the_lifetime_asked_for_are_read) {
  auto lifetime = [](std::string extra, std::string contact = "<sip:t000001@127.0.0.1:5071>") {
    auto m = register_request();
    m.replace(m.find("Contact: "), m.find("\r\n", m.find("Contact: ")) - m.find("Contact: "),
              "Contact: " + contact);
    m.insert(m.find("Content-Length"), extra);
    auto t = sip::inspect_transaction(m);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->call_id == "1-4242@127.0.0.1");
    return t->expires;
  };
  BOOST_TEST(lifetime("") == -1);
  BOOST_TEST(lifetime("Expires: 3600\r\n") == 3600);
  BOOST_TEST(lifetime("Expires: 0\r\n") == 0);
  // The Contact's expires parameter takes precedence over the header (§10.2.1.1).
  BOOST_TEST(lifetime("Expires: 3600\r\n", "<sip:t000001@127.0.0.1:5071>;expires=0") == 0);
  BOOST_TEST(lifetime("", "<sip:t000001@127.0.0.1:5071>;expires=60") == 60);
  BOOST_TEST(lifetime("Expires: 0\r\n", "*") == 0);
  auto r = sip::inspect_transaction(response_to(register_request(), 200));
  BOOST_REQUIRE(r);
  BOOST_TEST(r->call_id == "1-4242@127.0.0.1");
  BOOST_TEST(r->expires == -1); // responses: not read
}

BOOST_AUTO_TEST_CASE(datagrams_without_a_transaction_are_errors) {
  BOOST_TEST(!sip::inspect_transaction(""));
  BOOST_TEST(!sip::inspect_transaction("hello world"));
  BOOST_TEST(!sip::inspect_transaction("REGISTER sip:x SIP/2.0\r\nCSeq: 1 REGISTER\r\n\r\n"));
  auto no_cseq = register_request();
  no_cseq.erase(no_cseq.find("CSeq:"), 18);
  BOOST_TEST(!sip::inspect_transaction(no_cseq));
  auto wrong_method = register_request("z9hG4bKa", "1 INVITE");
  BOOST_TEST(!sip::inspect_transaction(wrong_method));
  auto v3 = register_request();
  v3.replace(v3.find("SIP/2.0\r\n"), 7, "SIP/3.0");
  auto e = sip::inspect_transaction(v3);
  BOOST_REQUIRE(!e);
  BOOST_TEST(e.error().kind == errc::unsupported);
  std::string big(sip::max_message_size + 1, 'x');
  BOOST_TEST(sip::inspect_transaction(big).error().kind == errc::limit_exceeded);
}

BOOST_AUTO_TEST_CASE(a_request_without_to_is_not_answerable) {
  auto m = register_request();
  m.erase(m.find("To:"), m.find("Call-ID:") - m.find("To:"));
  auto t = sip::inspect_transaction(m);
  BOOST_REQUIRE(t);
  BOOST_TEST(!t->answerable);
  BOOST_TEST(sip::stateless_response(m, 503, "Service Unavailable").empty());
}

BOOST_AUTO_TEST_CASE(every_prefix_and_byte_mutation_is_handled) {
  const auto req = register_request();
  std::size_t ok = 0;
  for (std::size_t n = 0; n <= req.size(); ++n)
    if (sip::inspect_transaction(std::string_view(req).substr(0, n))) ++ok;
  BOOST_TEST(ok >= 1u); // the whole message (and the prefixes ending after the blank line)
  BOOST_TEST(!sip::inspect_transaction(std::string_view(req).substr(0, req.size() / 2)));
  for (std::size_t i = 0; i < req.size(); ++i)
    for (unsigned char c : {0x00, 0x0a, 0x20, 0x3b, 0x7f, 0xff}) {
      std::string m = req;
      m[i] = static_cast<char>(c);
      auto t = sip::inspect_transaction(m);
      if (t) BOOST_TEST(!t->key.empty());
      (void)sip::stateless_response(m, 503, "Service Unavailable");
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(stateless_answers)

BOOST_AUTO_TEST_CASE(copies_via_from_to_call_id_cseq_and_adds_a_to_tag) {
  const auto req = register_request();
  auto out = sip::stateless_response(req, 503, "Service Unavailable", "Retry-After: 1\r\n");
  auto m = sip::parse(out);
  BOOST_REQUIRE(m);
  auto q = sip::parse(req);
  BOOST_REQUIRE(q);
  BOOST_TEST(m->status == 503);
  BOOST_TEST(m->vias == q->vias);
  BOOST_TEST(m->from == q->from);
  BOOST_TEST(m->call_id == q->call_id);
  BOOST_TEST(m->cseq == q->cseq);
  BOOST_TEST(m->to.uri == q->to.uri);
  BOOST_TEST(!m->to.tag().empty()); // RFC 3261 §8.2.6.2
  BOOST_REQUIRE(m->find_other("Retry-After") != nullptr);
  BOOST_TEST(key_of(out) == key_of(req));
  BOOST_TEST(sip::stateless_response(response_to(req, 200), 503, "x").empty()); // not a request
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(server_transaction_table)

BOOST_AUTO_TEST_CASE(retransmissions_are_absorbed_then_answered_with_the_last_response) {
  server_transactions t;
  const std::string k = "z9hG4bK1\nh:5060\nREGISTER";
  BOOST_TEST(t.on_request(k, 1, 0).v == verdict::created);
  // Trying: absorbed, nothing to send yet (RFC 3261 §17.2.2).
  auto r = t.on_request(k, 1, 500'000);
  BOOST_TEST(r.v == verdict::retransmission);
  BOOST_TEST(r.resend.empty());
  BOOST_TEST(t.trying() == 1u);
  // A provisional response: Proceeding, re-sent on retransmission.
  BOOST_TEST(t.on_response(k, 100, "SIP/2.0 100 Trying", 600'000) == response_result::recorded);
  BOOST_TEST(t.on_request(k, 1, 700'000).resend == "SIP/2.0 100 Trying");
  // The final response: Completed.
  BOOST_TEST(t.on_response(k, 401, "SIP/2.0 401 Unauthorized", 800'000) == response_result::recorded);
  BOOST_TEST(t.trying() == 0u);
  r = t.on_request(k, 1, 1 * s);
  BOOST_TEST(r.v == verdict::retransmission);
  BOOST_TEST(r.resend == "SIP/2.0 401 Unauthorized");
  // Another final response in Completed is discarded.
  BOOST_TEST(t.on_response(k, 500, "SIP/2.0 500 x", 1 * s) == response_result::late);
  BOOST_TEST(t.stats().absorbed == 3u);
  BOOST_TEST(t.stats().resent == 2u);
}

BOOST_AUTO_TEST_CASE(timer_j_is_64_t1_after_the_final_response) {
  server_transactions t;
  const std::string k = "z9hG4bK2\nh:5060\nREGISTER";
  t.on_request(k, 1, 0);
  t.on_response(k, 200, "SIP/2.0 200 OK", 1 * s);
  t.sweep(1 * s + 32 * s - 1);
  BOOST_TEST(t.size() == 1u);
  BOOST_TEST(t.on_request(k, 1, 20 * s).resend == "SIP/2.0 200 OK");
  t.sweep(1 * s + 32 * s);
  BOOST_TEST(t.size() == 0u);
  BOOST_TEST(t.stats().expired == 1u);
  // Forgotten: the same request is new again.
  BOOST_TEST(t.on_request(k, 1, 40 * s).v == verdict::created);
}

BOOST_AUTO_TEST_CASE(a_transaction_its_user_never_answers_is_forgotten) {
  server_transactions t;
  t.on_request("k", 7, 0);
  t.sweep(31 * s);
  BOOST_TEST(t.trying() == 1u);
  t.sweep(32 * s);
  BOOST_TEST(t.size() == 0u);
  BOOST_TEST(t.trying() == 0u);
  BOOST_TEST(t.stats().unanswered == 1u);
  BOOST_TEST(t.on_response("k", 200, "late", 33 * s) == response_result::no_transaction);
  BOOST_TEST(t.stats().stray_responses == 1u);
}

BOOST_AUTO_TEST_CASE(a_full_table_forgets_completed_transactions_oldest_first) {
  sip::transaction_config c;
  c.max_transactions = 3;
  server_transactions t{c};
  for (int i = 0; i < 3; ++i) {
    const auto k = "k" + std::to_string(i);
    t.on_request(k, 1, i);
    t.on_response(k, 200, "ok" + std::to_string(i), i);
  }
  BOOST_TEST(t.on_request("k3", 1, 10).v == verdict::created);
  BOOST_TEST(t.stats().evicted == 1u);
  BOOST_TEST(t.size() == 3u);
  BOOST_TEST(t.on_request("k0", 1, 11).v == verdict::created); // k0 was the oldest: forgotten
  BOOST_TEST(t.on_request("k2", 1, 12).resend == "ok2");       // k2 still there
}

// A transaction answered 401 or 503 is forgotten before an older one answered 200: passed on
// again, a retransmitted REGISTER that was challenged is challenged again, one whose answer was
// accepted would be refused as a replay.
BOOST_AUTO_TEST_CASE(a_full_table_forgets_challenged_and_refused_transactions_first) {
  sip::transaction_config c;
  c.max_transactions = 3;
  server_transactions t{c};
  const int status[] = {200, 401, 503};
  for (int i = 0; i < 3; ++i) {
    const auto k = "k" + std::to_string(i);
    t.on_request(k, 1, i);
    t.on_response(k, status[i], "r" + std::to_string(i), i);
  }
  BOOST_TEST(t.on_request("k3", 1, 10).v == verdict::created); // forgets k1 (401), not k0
  BOOST_TEST(t.on_request("k4", 1, 11).v == verdict::created); // forgets k2 (503)
  BOOST_TEST(t.stats().evicted == 2u);
  BOOST_TEST(t.on_request("k0", 1, 12).resend == "r0");        // the 200 is still there
  t.on_response("k3", 200, "r3", 13);
  t.on_response("k4", 200, "r4", 14);
  BOOST_TEST(t.on_request("k5", 1, 15).v == verdict::created); // then the oldest 200: k0
  BOOST_TEST(t.on_request("k0", 1, 16).v == verdict::created);  // k0 forgotten: new again
  // Timer J ends retryable ones as the others.
  server_transactions u{sip::transaction_config{}};
  u.on_request("a", 1, 0);
  u.on_response("a", 401, "x", 0);
  u.sweep(c.timer_j + 1);
  BOOST_TEST(u.size() == 0u);
  BOOST_TEST(u.stats().expired == 1u);
}

BOOST_AUTO_TEST_CASE(a_table_full_of_open_transactions_refuses) {
  sip::transaction_config c;
  c.max_transactions = 2;
  server_transactions t{c};
  two_in_then_refused(t, {1, 2, 3});
  BOOST_TEST(t.stats().refused == 1u);
  t.on_response("a", 200, "ok", 1);
  BOOST_TEST(t.on_request("c", 3, 2).v == verdict::created); // "a" completed: evicted
}

BOOST_AUTO_TEST_CASE(one_source_cannot_take_the_whole_table) {
  sip::transaction_config c;
  c.max_trying_per_source = 2;
  server_transactions t{c};
  two_in_then_refused(t, {9, 9, 9});
  BOOST_TEST(t.on_request("d", 8, 0).v == verdict::created); // another source
  t.on_response("a", 401, "x", 1);
  BOOST_TEST(t.on_request("c", 9, 2).v == verdict::created);
}

// Overload control (nodes/udp_listener.hpp --max-pending): a bound on transactions waiting for
// their user, given per request; retransmissions are absorbed whatever the bound.
BOOST_AUTO_TEST_CASE(the_trying_limit_refuses_new_requests_only) {
  server_transactions t;
  BOOST_TEST(t.on_request("a", 1, 0, 2).v == verdict::created);
  BOOST_TEST(t.on_request("b", 2, 0, 2).v == verdict::created);
  BOOST_TEST(t.on_request("c", 3, 0, 2).v == verdict::refused);
  BOOST_TEST(t.on_request("a", 1, 0, 2).v == verdict::retransmission);
  BOOST_TEST(t.on_request("c", 3, 0, 4).v == verdict::created); // a higher limit (credentials)
  t.on_response("a", 401, "x", 1);                              // "a" no longer waits
  BOOST_TEST(t.on_request("d", 3, 2, 3).v == verdict::created);
  BOOST_TEST(t.stats().refused == 1u);
}

BOOST_AUTO_TEST_CASE(credentials_are_noticed) {
  auto plain = sip::inspect_transaction(register_request());
  BOOST_REQUIRE(plain);
  BOOST_TEST(!plain->has_credentials);
  std::string with = register_request();
  with.insert(with.find("Max-Forwards"), "Authorization: Digest username=\"t000001@ngn.example\", "
                                          "realm=\"ngn.example\", nonce=\"x\", uri=\"sip:a\", "
                                          "response=\"00\", algorithm=AKAv1-MD5\r\n");
  auto cred = sip::inspect_transaction(with);
  BOOST_REQUIRE(cred);
  BOOST_TEST(cred->has_credentials);
}

BOOST_AUTO_TEST_CASE(many_thousands_of_transactions_stay_bounded) {
  sip::transaction_config c;
  c.max_transactions = 20'000;
  c.max_trying_per_source = 20'000;
  server_transactions t{c};
  std::int64_t now = 0;
  // 40 s at 5,000 requests/s; a tenth never answered (at most 16,000 open within 32 s).
  for (int i = 0; i < 200'000; ++i, now += 200) {
    const auto k = "z9hG4bK" + std::to_string(i) + "\n1.2.3.4:5060\nREGISTER";
    BOOST_REQUIRE(t.on_request(k, 1, now).v == verdict::created);
    if (i % 10 != 0) t.on_response(k, 200, "SIP/2.0 200 OK", now); // 10 % never answered
    if (i % 1000 == 0) t.sweep(now);
  }
  BOOST_TEST(t.size() <= 20'000u);
  BOOST_TEST(t.stats().evicted > 0u);
  BOOST_TEST(t.stats().created == 200'000u);
  t.sweep(now + 64 * s);
  BOOST_TEST(t.size() == 0u);
  BOOST_TEST(t.trying() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
