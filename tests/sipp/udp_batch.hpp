// The flood senders' one way out: the first `k` payloads to `to` in one sendmmsg(2) call.
// Test tools only (Linux).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace ngn::test {

/// Sends payloads[0..k) to `to` on `fd` in one system call; returns the datagrams the kernel
/// took. ENOBUFS and the like (0 taken) wait 100 µs: the point is volume, not every datagram.
inline unsigned long send_batch(int fd, sockaddr_in& to, std::vector<std::string>& payloads,
                                std::size_t k) {
  std::vector<iovec> iov(k);
  std::vector<mmsghdr> msgs(k);
  for (std::size_t i = 0; i < k; ++i) {
    iov[i].iov_base = payloads[i].data();
    iov[i].iov_len = payloads[i].size();
    msgs[i] = mmsghdr{};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &to;
    msgs[i].msg_hdr.msg_namelen = sizeof to;
  }
  const int r = ::sendmmsg(fd, msgs.data(), static_cast<unsigned>(k), 0);
  if (r <= 0) {
    ::usleep(100);
    return 0;
  }
  return static_cast<unsigned long>(r);
}

} // namespace ngn::test
