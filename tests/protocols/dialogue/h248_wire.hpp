// Test-only: the tshark check of H.248 binding messages (DESIGN.md §6 "Wire"): a minimal classic
// pcap writer (LINKTYPE_RAW = 101, IPv4 without link layer; RFC 791 / RFC 768, UDP checksum 0 =
// none) and a runner that reports what tshark 4.0 makes of the file. Shared by
// h248_binding_test.cpp and tests/elements/h248_flow_test.cpp.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace ngn::dialogue::h248_wire {

struct datagram {
  std::uint32_t src = 0; ///< IPv4, host order
  std::uint32_t dst = 0;
  std::string payload;
};

namespace detail {

inline void put16be(std::string& o, std::uint16_t v) {
  o += char(v >> 8);
  o += char(v & 0xff);
}
inline void put32be(std::string& o, std::uint32_t v) {
  put16be(o, std::uint16_t(v >> 16));
  put16be(o, std::uint16_t(v));
}
inline void put32le(std::string& o, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) o += char((v >> (8 * i)) & 0xff);
}
inline std::uint16_t ip_checksum(const std::string& h) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    sum += (std::uint32_t(std::uint8_t(h[i])) << 8) | std::uint8_t(h[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return std::uint16_t(~sum);
}

inline std::string run(const std::string& cmd) {
  std::string out;
  if (std::FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

} // namespace detail

/// The pcap file: every datagram on UDP `port` ⇄ `port`, one second apart.
inline std::string make_pcap(const std::vector<datagram>& ds, std::uint16_t port = 2944) {
  using namespace detail;
  std::string f;
  put32le(f, 0xa1b2c3d4);
  f += std::string("\x02\x00\x04\x00", 4); // version 2.4
  put32le(f, 0);
  put32le(f, 0);
  put32le(f, 65535);
  put32le(f, 101);
  std::uint32_t t = 0;
  for (const auto& d : ds) {
    std::string udp;
    put16be(udp, port);
    put16be(udp, port);
    put16be(udp, std::uint16_t(8 + d.payload.size()));
    put16be(udp, 0);
    udp += d.payload;
    std::string ip;
    ip += char(0x45);
    ip += char(0);
    put16be(ip, std::uint16_t(20 + udp.size()));
    put32be(ip, 0);
    ip += char(64);
    ip += char(17);
    put16be(ip, 0);
    put32be(ip, d.src);
    put32be(ip, d.dst);
    const auto sum = ip_checksum(ip);
    ip[10] = char(sum >> 8);
    ip[11] = char(sum & 0xff);
    put32le(f, ++t);
    put32le(f, 0);
    put32le(f, std::uint32_t(ip.size() + udp.size()));
    put32le(f, std::uint32_t(ip.size() + udp.size()));
    f += ip;
    f += udp;
  }
  return f;
}

/// What tshark says about a pcap of `ds`.
struct verdict {
  std::string expert;      ///< `-q -z expert` output (empty = no expert info)
  std::size_t frames = 0;  ///< frames dissected
  std::size_t megaco = 0;  ///< frames whose last protocol is megaco
  std::string error_codes; ///< megaco.error_code of every frame that has one, one per line
};

inline bool tshark_available() { return std::system("tshark --version >/dev/null 2>&1") == 0; }

/// Writes `ds` to `path` and dissects it.
inline verdict dissect(const std::vector<datagram>& ds, const std::string& path) {
  verdict v;
  {
    std::ofstream f(path, std::ios::binary);
    const std::string pcap = make_pcap(ds);
    f.write(pcap.data(), std::streamsize(pcap.size()));
    if (!f.good()) return v;
  }
  const std::string q = "tshark -r '" + path + "' ";
  v.expert = detail::run(q + "-q -z expert 2>/dev/null");
  const std::string protos = detail::run(q + "-T fields -e frame.protocols 2>/dev/null");
  for (std::size_t pos = 0; pos < protos.size();) {
    auto eol = protos.find('\n', pos);
    std::string line = protos.substr(pos, eol == std::string::npos ? eol : eol - pos);
    ++v.frames;
    v.megaco += line.size() >= 6 && line.compare(line.size() - 6, 6, "megaco") == 0;
    if (eol == std::string::npos) break;
    pos = eol + 1;
  }
  v.error_codes =
    detail::run(q + "-Y megaco.error_code -T fields -e megaco.error_code 2>/dev/null");
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
  p.text = detail::run("tshark -r '" + path + "' -o megaco.ctx_info:TRUE -o h248.ctx_info:TRUE "
                       "-q -z megaco,rtd 2>/dev/null");
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
  return detail::run("tshark -r '" + path + "' -T fields " + field_args + " 2>/dev/null");
}

/// Boost.Test precondition: skip (with a message) without tshark.
struct tshark_precondition {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result r(tshark_available());
    if (!r) r.message() << "tshark not found: H.248 wire check skipped";
    return r;
  }
};

} // namespace ngn::dialogue::h248_wire
