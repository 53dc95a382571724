// nodes/event_tap (`--events`, issue 10 item 5): one envelope → one events row for every
// protocol (kind, direction, identity, correlation ids, wire session id, response code, the
// mechanism lists), messages that do not decode recorded with what is known, and the recorder
// thread writing every tapped message through the AuC's writer.
#include "nodes/event_tap.hpp"

#include "actors/spawn.hpp"
#include "protocols/auc/codec.hpp"
#include "protocols/dialogue/registry.hpp"
#include "storage/schema.hpp"
#include "tests/storage/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <map>

using namespace ngn;
using namespace ngn::nodes;

namespace {

constexpr elements::element_id terminal = elements::terminal_id(0, 0), ss = 2;

std::string name_of(elements::element_id id) { return id == terminal ? "t1@ngn.example" : "ss1"; }

struct fixture {
  dialogue::registry bindings{actors::crypto_binding_deps()};
  name_fn names = name_of;
  mechanism_list offered{{"aes-gcm", 900}, {"hmac-sha256", 500}};

  dialogue::terminal_view view() const {
    dialogue::terminal_view t;
    t.identity = "t1@ngn.example";
    t.domain = "ngn.example";
    t.local = {0x0a800001, 5060};
    t.remote = {0x0a000001, 5060};
    t.number = 1;
    t.serial = 1;
    t.sequence = 1;
    t.offered = &offered;
    return t;
  }
  storage::event_insert describe(elements::element_id from, elements::element_id to,
                                 elements::envelope_kind kind, std::string payload) const {
    return describe_event({to, from, kind, std::move(payload)}, 1700000000000000, bindings, names);
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(event_tap)

BOOST_FIXTURE_TEST_CASE(the_registration_request_and_its_challenge_of_every_protocol, fixture) {
  const std::map<protocol, std::pair<std::string, std::string>> kinds{
    {protocol::sip, {"REGISTER", "401"}},
    {protocol::mgcp, {"RSIP", "RQNT"}},
    {protocol::h248, {"ServiceChange", "Reply+Modify"}},
    {protocol::h323, {"GRQ", "GRJ"}}};
  // The 128-bit session id as every binding writes it (issue 12 item 3): 32 hex digits, upper
  // case in MGCP's X:.
  const std::string sid42 = "0000000000000000000000000000002a";
  const std::map<protocol, std::string> wire{{protocol::sip, sid42},
                                             {protocol::mgcp, "0000000000000000000000000000002A"},
                                             {protocol::h248, sid42},
                                             {protocol::h323, sid42}};
  for (const auto p : all_protocols) {
    BOOST_TEST_CONTEXT(to_string(p)) {
      const auto& b = bindings[p];
      const auto request = b.reg_request(view());
      const auto r = describe(terminal, ss, elements::kind_of(p), request);
      BOOST_TEST(r.kind == kinds.at(p).first);
      BOOST_TEST(r.protocol == std::string(to_string(p)));
      BOOST_TEST(r.direction == "request");
      BOOST_TEST(r.element == "t1@ngn.example");
      BOOST_TEST(r.peer == "ss1");
      BOOST_TEST(r.identity == "t1@ngn.example");
      BOOST_TEST(!r.transaction.empty());
      BOOST_TEST(r.wire_session.empty()); // no session before the challenge
      BOOST_TEST(r.detail.find("offered=aes-gcm;q=0.9,hmac-sha256;q=0.5") != std::string::npos);
      if (p == protocol::sip) BOOST_TEST(!r.call_id.empty());

      auto in = b.decode(request);
      BOOST_REQUIRE(in);
      dialogue::challenge_fields f;
      f.session_id = ngn::session_id::of_number(42);
      f.rand[0] = 1;
      f.edge = &offered;
      f.chosen = "aes-gcm";
      f.realm = "ngn.example";
      f.local = {0x0a000001, 5060};
      const auto c = describe(ss, terminal, elements::kind_of(p), b.challenge(*in, f));
      BOOST_TEST(c.kind == kinds.at(p).second);
      BOOST_TEST(c.wire_session == wire.at(p));
      BOOST_TEST(c.identity == "t1@ngn.example");
      BOOST_TEST(c.detail.find("step=registration failure response (challenge)") != std::string::npos);
      if (p == protocol::sip) {
        BOOST_TEST(c.response_code == 401u);
        BOOST_TEST(c.transaction == r.transaction); // the Via branch pairs them
        BOOST_TEST(c.call_id == r.call_id);
      }
    }
  }
}

BOOST_FIXTURE_TEST_CASE(a_refusal_carries_the_bindings_code, fixture) {
  const std::map<protocol, std::uint32_t> code{
    {protocol::sip, 403}, {protocol::mgcp, 403}, {protocol::h248, 402}, {protocol::h323, 403}};
  for (const auto p : all_protocols) {
    BOOST_TEST_CONTEXT(to_string(p)) {
      const auto& b = bindings[p];
      auto in = b.decode(b.reg_request(view()));
      BOOST_REQUIRE(in);
      const auto bytes =
        b.rejection(*in, dialogue::code::forbidden, "verification words differ", {0x0a000001, 5060});
      BOOST_REQUIRE(!bytes.empty());
      const auto r = describe(ss, terminal, elements::kind_of(p), bytes);
      BOOST_TEST(r.response_code == code.at(p));
    }
  }
}

BOOST_FIXTURE_TEST_CASE(the_auc_leg_names_rows_and_sessions, fixture) {
  auc::auth_report rep;
  rep.session_id = ngn::session_id::of_number(42);
  rep.db_id = 7;
  rep.identity = "t1@ngn.example";
  rep.wire_session = "0000000000000000000000000000002a";
  rep.response_code = 403;
  rep.detected_by = "ss1";
  rep.reason = "verification words differ";
  const auto r = describe(ss, 1, elements::envelope_kind::auc, auc::encode(auc::message{rep}));
  BOOST_TEST(r.protocol == "auc");
  BOOST_TEST(r.kind == "auth_report");
  BOOST_TEST(r.session_id == 7);
  BOOST_TEST(r.transaction == "0000000000000000000000000000002a");
  BOOST_TEST(r.wire_session == "0000000000000000000000000000002a");
  BOOST_TEST(r.response_code == 403u);
  BOOST_TEST(r.detail.find("detected_by=ss1") != std::string::npos);
  auc::auth_vector v;
  v.session_id = ngn::session_id::of_number(42);
  v.db_id = 7;
  const auto a = describe(1, ss, elements::envelope_kind::auc, auc::encode(auc::message{v}));
  BOOST_TEST(a.kind == "auth_vector");
  BOOST_TEST(a.direction == "response");
  BOOST_TEST(a.session_id == 7);
}

// DESIGN.md §5 on the tap too: what does not decode is recorded with what is known.
BOOST_FIXTURE_TEST_CASE(what_does_not_decode_is_still_recorded, fixture) {
  for (const auto p : all_protocols) {
    const auto r = describe(terminal, ss, elements::kind_of(p), "GARBAGE \x01\x02 line\r\nmore");
    BOOST_TEST(!r.kind.empty());
    BOOST_TEST(r.detail.rfind("does not decode", 0) == 0u);
    BOOST_TEST(r.element == "t1@ngn.example");
    BOOST_TEST(r.identity == "t1@ngn.example"); // from the terminal end
  }
  const auto bytes = auc::encode(auc::message{auc::auth_report{}});
  const auto cut = describe(ss, 1, elements::envelope_kind::auc, bytes.substr(0, 5));
  BOOST_TEST(cut.kind == "?");
  BOOST_TEST(cut.detail.rfind("does not decode", 0) == 0u);
  const std::string esp_header{"\x00\x00\x01\x00\x00\x00\x00\x05", 8};
  const auto esp = describe(terminal, ss, elements::envelope_kind::esp, esp_header + "payload");
  BOOST_TEST(esp.kind == "ESP");
  BOOST_TEST(esp.detail == "spi=256; seq=5");
  BOOST_TEST(esp.identity == "t1@ngn.example");
  BOOST_TEST(describe(terminal, ss, elements::envelope_kind::esp, "abc").detail
             == "shorter than an ESP header");
}

BOOST_FIXTURE_TEST_CASE(the_recorder_writes_every_tapped_message, fixture) {
  storage::test::temp_dir dir;
  const auto path = dir.file("ev.db");
  std::uint64_t recorded = 0, dropped = 0;
  {
    storage::writer w(path);
    event_recorder rec(names, bindings, w);
    auto tap = rec.tap();
    for (int i = 0; i < 100; ++i)
      tap({ss, terminal, elements::kind_of(protocol::sip), bindings[protocol::sip].reg_request(view())});
    tap({ss, terminal, elements::envelope_kind::control, "not a hop"});
    rec.close();
    tap({ss, terminal, elements::kind_of(protocol::sip), "after close"});
    recorded = rec.recorded();
    dropped = rec.dropped();
    BOOST_TEST(w.flush());
  }
  BOOST_TEST(recorded == 100u);
  BOOST_TEST(dropped == 1u);
  auto conn = storage::open_database(path, storage::db::open_mode::read_only);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events WHERE kind = 'REGISTER' AND protocol = "
                            "'sip' AND identity = 't1@ngn.example' AND t > 0") == 100);
}

BOOST_AUTO_TEST_SUITE_END()
