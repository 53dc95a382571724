// Bench support (not a test): the wire messages of one registration through a signaling proxy,
// produced and consumed by a binding exactly as the elements do it (elements/terminal_fsm.cpp,
// proxy_fsm.cpp, softswitch_fsm.cpp): T → SP → SS and back, every hop decoded by its receiver,
// the proxy relaying with its edits (transaction ids, its mechanism list, its SPI, the MAC), the
// acknowledgements (MGCP 200s, H.248 Replies) included. Only the binding interface is used, so
// the same flow serves every protocol's benchmark (bench_h248, bench_mgcp).
#pragma once

#include "protocols/dialogue/binding.hpp"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace ngn::bench {

/// One datagram of the flow: who sent it to whom and what it is, and its bytes.
struct wire_message {
  const char* name;
  std::string bytes;
};

/// The fixed inputs of the registration (what the AuC and the key distribution would produce).
struct registration_inputs {
  ngn::mechanism_list offered{{"aes-gcm", 900}, {"hmac-sha256", 500}};
  ngn::mechanism_list proxy_list{{"aes-gcm", 900}, {"hmac-sha256", 500}}; /// ngnemu's default
  ngn::session_id session_id; ///< 128 random-looking bits, as the soft switch draws them
  dialogue::rand_t rand{};
  dialogue::autn_t autn{};
  dialogue::res_t res{};
  std::vector<std::uint8_t> wrapped_t, wrapped_edge, mac;
  dialogue::address terminal{0x0a01002a, 0}, proxy{0x0a000002, 0}, softswitch{0x0a000001, 0};

  explicit registration_inputs(std::uint16_t terminal_port, std::uint16_t network_port) {
    terminal.port = terminal_port;
    proxy.port = softswitch.port = network_port;
    for (int i = 0; i < 16; ++i) {
      session_id.bytes[i] = std::uint8_t(0x9b ^ (29 * i + 11));
      rand[i] = std::uint8_t(0x11 * i + 3);
      autn[i] = std::uint8_t(0x95 ^ (7 * i));
    }
    for (int i = 0; i < 8; ++i) res[i] = std::uint8_t(0xa0 + i);
    for (int i = 0; i < 24; ++i) { // RFC 3394 wrap of a 128-bit key: 24 octets
      wrapped_t.push_back(std::uint8_t(0x30 + 5 * i));
      wrapped_edge.push_back(std::uint8_t(0x50 + 3 * i));
    }
    for (int i = 0; i < 16; ++i) mac.push_back(std::uint8_t(0xc7 ^ i));
  }
};

/// Stops the benchmark: the flow did not go as a registration goes.
[[noreturn]] inline void flow_broken(const char* what) {
  std::fprintf(stderr, "registration flow broken: %s\n", what);
  std::exit(1);
}

/// Called before each of the proxy's relays with the name of the datagram it produces, what
/// the proxy decoded and its edit (to time binding::relay on its own).
using relay_probe = std::function<void(const char* name, const dialogue::inbound& decoded,
                                       const dialogue::relay_edit& edit)>;

/// Runs one registration of terminal t000042@ngn.example through the proxy; appends every
/// datagram to `out` (when not null) in the order they travel.
inline void run_registration(const dialogue::binding& b, const registration_inputs& in,
                             std::vector<wire_message>* out, const relay_probe& probe = {}) {
  using dialogue::relay_edit;
  using dialogue::step;
  auto record = [out](const char* name, const std::string& bytes) {
    if (out != nullptr) out->push_back(wire_message{name, bytes});
  };
  auto decoded = [&b](const std::string& bytes, const char* what) {
    auto r = b.decode(bytes);
    if (!r) flow_broken(what);
    return std::move(*r);
  };
  // The proxy's relay of what it decoded, recorded as datagram `name`.
  auto relayed = [&](const char* name, const dialogue::inbound& at_sp, const relay_edit& e) {
    if (probe) probe(name, at_sp, e);
    std::string bytes = b.relay(at_sp, e);
    record(name, bytes);
    return bytes;
  };
  // The receiver of a command answers it at once (MGCP 200, the terminal's H.248 Reply); the
  // proxy relays that answer on, with the original transaction id when it goes down.
  auto ack_up = [&](const dialogue::inbound& at_t) {
    if (at_t.ack.empty()) return;
    record("T>SP ack", at_t.ack);
    auto at_sp = decoded(at_t.ack, "ack at SP");
    relay_edit e;
    e.self = in.proxy;
    std::string up = relayed("SP>SS ack", at_sp, e);
    decoded(up, "ack at SS");
  };
  auto ack_down = [&](const dialogue::inbound& at_ss, const std::string& original_tid) {
    if (at_ss.ack.empty()) return;
    record("SS>SP ack", at_ss.ack);
    auto at_sp = decoded(at_ss.ack, "ack at SP");
    relay_edit e;
    e.direction = relay_edit::toward::terminal;
    e.self = in.proxy;
    e.tid = original_tid;
    std::string down = relayed("SP>T ack", at_sp, e);
    decoded(down, "ack at T");
  };

  dialogue::terminal_view tv;
  tv.identity = "t000042@ngn.example";
  tv.domain = "ngn.example";
  tv.local = in.terminal;
  tv.remote = in.proxy;
  tv.number = 42;
  tv.serial = 1;
  tv.sequence = 1;
  tv.offered = &in.offered;
  tv.lifetime = 3600;
  tv.spi = 0x7a3c0142;
  const std::uint32_t edge_spi = 0x5d00e117;

  // 1. registration request
  std::string w = b.reg_request(tv);
  record("T>SP reg_request", w);
  const auto req_sp = decoded(w, "reg_request at SP");
  if (req_sp.c.kind != step::reg_request) flow_broken("reg_request kind");
  relay_edit up;
  up.self = in.proxy;
  const std::string hop1 = b.hop_tid("sp", 1);
  up.tid = hop1;
  w = relayed("SP>SS reg_request", req_sp, up);
  const auto req_ss = decoded(w, "reg_request at SS");
  ack_down(req_ss, req_sp.c.tid);

  // 4. challenge (the soft switch sits behind the proxy: no edge list, nothing chosen)
  dialogue::challenge_fields f;
  f.session_id = in.session_id;
  f.rand = in.rand;
  f.autn = in.autn;
  f.local = in.softswitch;
  w = b.challenge(req_ss, f);
  record("SS>SP challenge", w);
  const auto ch_sp = decoded(w, "challenge at SP");
  if (ch_sp.c.kind != step::challenge) flow_broken("challenge kind");
  relay_edit down;
  down.direction = relay_edit::toward::terminal;
  down.self = in.proxy;
  down.edge = &in.proxy_list;
  down.chosen = "aes-gcm";
  down.edge_spi = edge_spi;
  if (ch_sp.c.is_response) down.tid = req_sp.c.tid;
  w = relayed("SP>T challenge", ch_sp, down);
  const auto ch_t = decoded(w, "challenge at T");
  if (ch_t.c.kind != step::challenge) flow_broken("challenge kind at T");
  ack_up(ch_t);

  // 5. registration message
  tv.sequence = 2;
  w = b.reg_message(tv, ch_t, in.res);
  record("T>SP reg_message", w);
  const auto msg_sp = decoded(w, "reg_message at SP");
  if (msg_sp.c.kind != step::reg_message) flow_broken("reg_message kind");
  relay_edit up2;
  up2.self = in.proxy;
  up2.chosen = "aes-gcm";
  const std::string hop2 = b.hop_tid("sp", 2);
  up2.tid = hop2;
  w = relayed("SP>SS reg_message", msg_sp, up2);
  const auto msg_ss = decoded(w, "reg_message at SS");
  ack_down(msg_ss, msg_sp.c.tid);

  // 6. success (E_Ksp(SK) for the proxy, which strips it and adds the MAC)
  dialogue::success_fields sf;
  sf.session_id = in.session_id;
  sf.wrapped_t = ngn::byte_view{in.wrapped_t.data(), in.wrapped_t.size()};
  sf.wrapped_edge = ngn::byte_view{in.wrapped_edge.data(), in.wrapped_edge.size()};
  sf.local = in.softswitch;
  sf.lifetime = 3600;
  w = b.success(msg_ss, sf);
  record("SS>SP success", w);
  const auto ok_sp = decoded(w, "success at SP");
  if (ok_sp.c.kind != step::success) flow_broken("success kind");
  relay_edit down2;
  down2.direction = relay_edit::toward::terminal;
  down2.self = in.proxy;
  down2.edge = &in.proxy_list;
  down2.chosen = "aes-gcm";
  down2.edge_spi = edge_spi;
  down2.strip_wrapped_edge = true;
  down2.mac = ngn::byte_view{in.mac.data(), in.mac.size()};
  if (ok_sp.c.is_response) down2.tid = msg_sp.c.tid;
  w = relayed("SP>T success", ok_sp, down2);
  const auto ok_t = decoded(w, "success at T");
  if (ok_t.c.kind != step::success || ok_t.c.mac != in.mac) flow_broken("success at T");
  ack_up(ok_t);
}

} // namespace ngn::bench
