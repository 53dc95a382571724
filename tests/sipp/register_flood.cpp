// register_flood HOST PORT SECONDS known|unknown IDENTITIES [SOURCE_ADDR]: REGISTERs (each a new
// transaction: its own branch and Call-ID) sent to a SIP UDP listener as fast as sendmmsg allows
// for SECONDS, answers never read (tests/sipp/flood_bounds_test.sh, scripts/bench "flood").
//   known    identities t000001@ngn.example … t{IDENTITIES}@ngn.example in turn (what
//            `ngnemu subscribers provision` makes), never answering a challenge;
//   unknown  identities nobody provisioned (flood<n>@ngn.example, n always new).
// SOURCE_ADDR binds the socket (e.g. 127.0.0.2: a source other than the legitimate clients').
// Prints the datagrams sent.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::string reg(const std::string& aor, const char* tag, unsigned long n) {
  const std::string id = std::to_string(n);
  return "REGISTER sip:ngn.example SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:9;branch=z9hG4bK-" + std::string(tag) + id
         + "\r\nFrom: <sip:" + aor + ">;tag=f" + id + "\r\nTo: <sip:" + aor + ">\r\nCall-ID: " + tag + "-" + id
         + "\r\nCSeq: 1 REGISTER\r\nContact: <sip:" + aor + ">\r\nExpires: 3600\r\n"
           "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 6 || argc > 7 || (std::strcmp(argv[4], "known") != 0 && std::strcmp(argv[4], "unknown") != 0)) {
    std::fprintf(stderr, "usage: register_flood HOST PORT SECONDS known|unknown IDENTITIES [SOURCE_ADDR]\n");
    return 2;
  }
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(std::atoi(argv[2])));
  if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) {
    std::fprintf(stderr, "register_flood: bad IPv4 address %s\n", argv[1]);
    return 2;
  }
  const double seconds = std::atof(argv[3]);
  const bool known = std::strcmp(argv[4], "known") == 0;
  const unsigned long identities = std::strtoul(argv[5], nullptr, 10);
  if (seconds <= 0 || identities == 0) {
    std::fprintf(stderr, "register_flood: SECONDS and IDENTITIES must be > 0\n");
    return 2;
  }
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return 1;
  if (argc == 7) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    if (inet_pton(AF_INET, argv[6], &from.sin_addr) != 1
        || ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
      std::fprintf(stderr, "register_flood: cannot bind %s\n", argv[6]);
      return 2;
    }
  }
  constexpr std::size_t batch = 64;
  std::vector<std::string> payloads(batch);
  std::vector<iovec> iov(batch);
  std::vector<mmsghdr> msgs(batch);
  unsigned long sent = 0, n = 0;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  char aor[64];
  while (std::chrono::steady_clock::now() < end) {
    for (std::size_t i = 0; i < batch; ++i, ++n) {
      if (known) std::snprintf(aor, sizeof aor, "t%06lu@ngn.example", 1 + n % identities);
      else std::snprintf(aor, sizeof aor, "flood%lu@ngn.example", n);
      payloads[i] = reg(aor, known ? "fk" : "fu", n);
      iov[i].iov_base = payloads[i].data();
      iov[i].iov_len = payloads[i].size();
      msgs[i] = mmsghdr{};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &to;
      msgs[i].msg_hdr.msg_namelen = sizeof to;
    }
    const int r = ::sendmmsg(fd, msgs.data(), static_cast<unsigned>(batch), 0);
    if (r <= 0) {
      usleep(100); // ENOBUFS and the like: the point is volume, not every datagram
      continue;
    }
    sent += static_cast<unsigned long>(r);
  }
  ::close(fd);
  std::printf("%lu datagrams sent\n", sent);
  return 0;
}
