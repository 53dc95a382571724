// Test-only: the tshark check of H.248 binding messages (DESIGN.md §6 "Wire"): the datagrams
// written as Ethernet/IPv4/UDP (tests/protocols/udp_pcap.hpp) and what tshark 4.0 makes of the
// file (tests/protocols/tshark.hpp). Shared by h248_binding_test.cpp and
// tests/elements/h248_flow_test.cpp.
#pragma once

#include "tests/protocols/tshark.hpp"
#include "tests/protocols/udp_pcap.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ngn::dialogue::h248_wire {

struct datagram {
  std::uint32_t src = 0; ///< IPv4, host order
  std::uint32_t dst = 0;
  std::string payload;
};

/// The pcap file: every datagram on UDP `port` ⇄ `port`, one second apart.
inline std::string make_pcap(const std::vector<datagram>& ds, std::uint16_t port = 2944) {
  const auto ip = [](std::uint32_t a) -> pcap_test::ipv4_address {
    return {static_cast<std::uint8_t>(a >> 24), static_cast<std::uint8_t>(a >> 16),
            static_cast<std::uint8_t>(a >> 8), static_cast<std::uint8_t>(a)};
  };
  std::vector<pcap_test::datagram> udp;
  for (const auto& d : ds) udp.push_back({ip(d.src), ip(d.dst), port, port, d.payload});
  return pcap_test::make_pcap(udp, {});
}

/// What tshark says about a pcap of `ds`.
struct verdict {
  std::string expert;      ///< `-q -z expert` output (empty = no expert info)
  std::size_t frames = 0;  ///< frames dissected
  std::size_t megaco = 0;  ///< frames whose last protocol is megaco
  std::string error_codes; ///< megaco.error_code of every frame that has one, one per line
};

/// Writes `ds` to `path` and dissects it.
inline verdict dissect(const std::vector<datagram>& ds, const std::string& path) {
  verdict v;
  if (!pcap_test::write_file(path, make_pcap(ds))) return v;
  const std::string q = "tshark -r '" + path + "' ";
  v.expert = pcap_test::run(q + "-q -z expert 2>/dev/null").out;
  const auto protocols = pcap_test::run(q + "-T fields -e frame.protocols 2>/dev/null").out;
  for (const auto& line : pcap_test::lines(protocols)) {
    ++v.frames;
    v.megaco += line.size() >= 6 && line.compare(line.size() - 6, 6, "megaco") == 0;
  }
  v.error_codes =
    pcap_test::run(q + "-Y megaco.error_code -T fields -e megaco.error_code 2>/dev/null").out;
  return v;
}

/// How tshark pairs Replies with their Transactions (`-z megaco,rtd`, which needs the context
/// tracking preferences megaco.ctx_info / h248.ctx_info): requests answered (the ALL row's
/// Messages) and open requests, with the whole statistics text.
struct pairs {
  std::size_t answered = 0;
  std::size_t unanswered = 0;
  std::string text;
};

inline pairs response_pairs(const std::string& path) {
  pairs p;
  p.text = pcap_test::run("tshark -r '" + path + "' -o megaco.ctx_info:TRUE -o h248.ctx_info:TRUE "
                         "-q -z megaco,rtd 2>/dev/null").out;
  auto number_after = [&](const std::string& label) -> std::size_t {
    const auto at = p.text.find(label);
    if (at == std::string::npos) return 0;
    std::size_t i = at + label.size();
    while (i < p.text.size() && (p.text[i] == ' ' || p.text[i] == '|' || p.text[i] == ':')) ++i;
    std::size_t v = 0;
    while (i < p.text.size() && p.text[i] >= '0' && p.text[i] <= '9')
      v = v * 10 + std::size_t(p.text[i++] - '0');
    return v;
  };
  p.answered = number_after("\nALL");
  p.unanswered = number_after("Open requests");
  return p;
}

/// `tshark -T fields <field args>` of the file at `path`.
inline std::string fields(const std::string& path, const std::string& field_args) {
  return pcap_test::run("tshark -r '" + path + "' -T fields " + field_args + " 2>/dev/null").out;
}

/// Boost.Test precondition: skip (with a message) without tshark.
struct tshark_precondition : pcap_test::tshark_present {
  tshark_precondition() : tshark_present{"the H.248 wire check"} {}
};

} // namespace ngn::dialogue::h248_wire
