// Test-only: reads back what nodes/pcap_writer wrote — the libpcap file format, Ethernet II,
// IPv4 (RFC 791) and UDP (RFC 768) — and checks both checksums independently of the writer
// (a plain 16-bit RFC 1071 loop), plus a temporary directory and a shell runner for tshark.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

namespace ngn::nodes::test {

struct frame {
  std::int64_t ts = 0; ///< unix µs
  std::uint32_t src_ip = 0, dst_ip = 0;
  std::uint16_t src_port = 0, dst_port = 0;
  std::uint16_t ip_id = 0;
  std::uint8_t ttl = 0;
  bool dont_fragment = false;
  bool ip_checksum_ok = false;
  bool udp_checksum_ok = false;
  std::uint16_t udp_checksum = 0; ///< as in the file
  bool macs_from_ips = false; ///< 02:00:<ip> both ways
  std::string payload;
};

struct pcap_file {
  std::uint32_t magic = 0;
  std::uint32_t linktype = 0;
  std::vector<frame> frames;
  bool truncated = false; ///< bytes after the last whole record
};

inline std::string read_all(const std::string& path) {
  std::string s;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
    std::fclose(f);
  }
  return s;
}

namespace detail {
inline std::uint32_t le32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}
inline std::uint32_t be(const std::string& s, std::size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}
inline std::uint32_t sum16(const std::string& s, std::size_t at, std::size_t n) {
  std::uint32_t acc = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2) acc += be(s, at + i, 2);
  if (n % 2) acc += static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + n - 1])) << 8;
  return acc;
}
inline bool folds_to_ffff(std::uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return acc == 0xffff;
}
} // namespace detail

/// Parses a whole file; nullopt if the global header is wrong or a frame is not Eth/IPv4/UDP.
inline std::optional<pcap_file> parse_pcap(const std::string& s) {
  using namespace detail;
  pcap_file f;
  if (s.size() < 24) return std::nullopt;
  f.magic = le32(s, 0);
  f.linktype = le32(s, 20);
  std::size_t at = 24;
  while (at < s.size()) {
    if (s.size() - at < 16) { f.truncated = true; break; }
    const std::uint32_t sec = le32(s, at), usec = le32(s, at + 4);
    const std::uint32_t incl = le32(s, at + 8), orig = le32(s, at + 12);
    at += 16;
    if (incl != orig || s.size() - at < incl) { f.truncated = true; break; }
    if (incl < 42 || be(s, at + 12, 2) != 0x0800) return std::nullopt;
    frame fr;
    fr.ts = std::int64_t{sec} * 1000000 + usec;
    const std::size_t ip = at + 14;
    const std::size_t ip_len = be(s, ip + 2, 2);
    if ((static_cast<unsigned char>(s[ip]) != 0x45) || ip_len + 14 != incl
        || static_cast<unsigned char>(s[ip + 9]) != 17)
      return std::nullopt;
    fr.ip_id = static_cast<std::uint16_t>(be(s, ip + 4, 2));
    fr.dont_fragment = be(s, ip + 6, 2) == 0x4000;
    fr.ttl = static_cast<std::uint8_t>(s[ip + 8]);
    fr.ip_checksum_ok = folds_to_ffff(sum16(s, ip, 20));
    fr.src_ip = be(s, ip + 12, 4);
    fr.dst_ip = be(s, ip + 16, 4);
    const std::size_t udp = ip + 20;
    const std::uint32_t udp_len = be(s, udp + 4, 2);
    if (udp_len != ip_len - 20) return std::nullopt;
    fr.src_port = static_cast<std::uint16_t>(be(s, udp, 2));
    fr.dst_port = static_cast<std::uint16_t>(be(s, udp + 2, 2));
    const std::uint32_t pseudo = (fr.src_ip >> 16) + (fr.src_ip & 0xffff) + (fr.dst_ip >> 16)
                                 + (fr.dst_ip & 0xffff) + 17 + udp_len;
    fr.udp_checksum = static_cast<std::uint16_t>(be(s, udp + 6, 2));
    fr.udp_checksum_ok = fr.udp_checksum != 0 && folds_to_ffff(pseudo + sum16(s, udp, udp_len));
    fr.macs_from_ips = be(s, at, 2) == 0x0200 && be(s, at + 2, 4) == fr.dst_ip
                       && be(s, at + 6, 2) == 0x0200 && be(s, at + 8, 4) == fr.src_ip;
    fr.payload = s.substr(udp + 8, udp_len - 8);
    f.frames.push_back(std::move(fr));
    at += incl;
  }
  return f;
}

/// A fresh directory under $TMPDIR (or /tmp), removed with its files at the end.
struct temp_dir {
  std::string path;
  temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base != nullptr ? base : "/tmp") + "/ngn_pcap_XXXXXX";
    if (char* p = ::mkdtemp(tmpl.data())) path = p;
  }
  ~temp_dir() {
    if (!path.empty()) {
      const std::string cmd = "rm -rf '" + path + "'";
      if (std::system(cmd.c_str()) != 0) {
        // leftovers in /tmp are harmless
      }
    }
  }
  std::string file(const std::string& name) const { return path + "/" + name; }
};

/// Runs a shell command and returns its standard output.
inline std::string run(const std::string& cmd) {
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

inline bool tshark_available() { return std::system("tshark --version >/dev/null 2>&1") == 0; }

/// The lines of `text`, without their terminators.
inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> v;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    v.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return v;
}

} // namespace ngn::nodes::test
