// sip_flood HOST PORT COUNT: sends COUNT datagrams to a SIP UDP listener as fast as sendmmsg
// allows, without reading answers (tests/sipp/flood_test.sh). A mix, in turn:
//   random bytes; a REGISTER for an identity nobody provisioned (a new transaction each: the
//   soft switch asks the AuC, answers 404 and records a failed session); a header block cut
//   short; one REGISTER retransmitted over and over; a SUBSCRIBE (405: OPTIONS is the
//   registration's keepalive now, DESIGN.md §1.2, answered by the edge); a SIP response.
#include "udp_batch.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

std::string request(const std::string& method, const std::string& branch, unsigned n) {
  const std::string aor = "flood" + std::to_string(n) + "@ngn.example";
  return method + " sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK" + branch
         + "\r\nFrom: <sip:" + aor + ">;tag=f\r\nTo: <sip:" + aor + ">\r\nCall-ID: flood-"
         + std::to_string(n) + "\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: sip_flood HOST PORT COUNT\n");
    return 2;
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[2])));
  if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
    std::fprintf(stderr, "sip_flood: bad IPv4 address %s\n", argv[1]);
    return 2;
  }
  const unsigned long count = std::strtoul(argv[3], nullptr, 10);
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return 1;
  std::mt19937 gen{12345};
  const std::string retransmitted = request("REGISTER", "-same", 0);
  const std::string response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKr\r\n"
                               "From: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: r\r\n"
                               "CSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";
  constexpr std::size_t batch = 64;
  std::vector<std::string> payloads(batch);
  unsigned long sent = 0, n = 0;
  while (sent < count) {
    const std::size_t k = std::min<unsigned long>(batch, count - sent);
    for (std::size_t i = 0; i < k; ++i, ++n) {
      auto& p = payloads[i];
      switch (n % 6) {
        case 0:
          p.assign(1 + gen() % 1400, '\0');
          for (auto& c : p) c = static_cast<char>(gen());
          break;
        case 1: p = request("REGISTER", "-u" + std::to_string(n), static_cast<unsigned>(n)); break;
        case 2: p = request("REGISTER", "-t" + std::to_string(n), static_cast<unsigned>(n)).substr(0, 90); break;
        case 3: p = retransmitted; break;
        case 4: p = request("SUBSCRIBE", "-o" + std::to_string(n), static_cast<unsigned>(n)); break;
        default: p = response; break;
      }
    }
    sent += ngn::test::send_batch(fd, to, payloads, k);
  }
  ::close(fd);
  std::printf("%lu datagrams sent\n", sent);
  return 0;
}
