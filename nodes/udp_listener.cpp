#include "nodes/udp_listener.hpp"

#include "actors/listener_id.hpp"
#include "protocols/common/clock.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace ngn::nodes {

namespace {

std::int64_t steady_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
           std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

[[noreturn]] void fail(const topology::listen_endpoint& ep, const std::string& why) {
  throw std::runtime_error("listener " + ep.to_string() + ": " + why);
}

sockaddr_in resolve(const topology::listen_endpoint& ep) {
  if (ep.transport != "udp") fail(ep, "only udp is supported");
  addrinfo hints{};
  hints.ai_family = AF_INET; // client ids carry IPv4 addresses (actors/listener_id.hpp)
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* res = nullptr;
  const int rc = getaddrinfo(ep.host.c_str(), nullptr, &hints, &res);
  if (rc != 0 || res == nullptr)
    fail(ep, std::string("cannot resolve '") + ep.host + "' to an IPv4 address (IPv6 listeners "
                                                          "are not supported): " + gai_strerror(rc));
  sockaddr_in sa{};
  std::memcpy(&sa, res->ai_addr, sizeof sa);
  freeaddrinfo(res);
  sa.sin_port = htons(ep.port);
  return sa;
}

/// max_pending ≥ 1, and one source address (a flood) may hold at most half of it, so that the
/// other clients keep a share (RFC 6357 §4: overload control should not starve the innocent).
listener_limits with_overload_bounds(listener_limits l) {
  if (l.max_pending == 0) l.max_pending = 1;
  l.transactions.max_trying_per_source =
    std::min(l.transactions.max_trying_per_source, std::max<std::size_t>(1, l.max_pending / 2));
  return l;
}

bool only_line_breaks(const char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i)
    if (data[i] != '\r' && data[i] != '\n') return false;
  return true;
}

} // namespace

udp_listener::udp_listener(std::uint32_t index, elements::element_id element,
                           const topology::listen_endpoint& ep, deliver_fn deliver,
                           listener_limits limits)
  : index_(index), element_(element), deliver_(std::move(deliver)),
    limits_(with_overload_bounds(limits)), table_(limits_.transactions),
    meter_(*progress_, limits.registrations),
    retry_(limits_.retry_after_s, limits_.retry_after_max_s) {
  if (limits_.batch == 0) limits_.batch = 1;
  if (limits_.max_datagram == 0 || limits_.max_datagram > 65535) limits_.max_datagram = 65535;
  sockaddr_in sa = resolve(ep);
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) fail(ep, std::string("socket: ") + std::strerror(errno));
  int buf = limits_.receive_buffer;
  setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &buf, sizeof buf); // best effort: the kernel caps it
  setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &buf, sizeof buf);
  if (::bind(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    fail(ep, "bind: " + why);
  }
  socklen_t len = sizeof sa;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
  port_ = ntohs(sa.sin_port);
  char host[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
  local_ = "udp:" + std::string(host) + ":" + std::to_string(port_);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    ::close(fd_);
    fail(ep, std::string("eventfd: ") + std::strerror(errno));
  }
  buffers_.assign(limits_.batch, std::vector<char>(limits_.max_datagram + 1));
  junk_tokens_ = std::max(1.0, limits_.junk_per_second);
  last_refill_ = steady_micros();
  unix_offset_ = unix_micros() - last_refill_;
  thread_ = std::thread([this] { run(); });
}

udp_listener::~udp_listener() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
  if (fd_ >= 0) ::close(fd_);
}

void udp_listener::stop() {
  stop_.store(true);
  if (wake_fd_ >= 0) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock{out_mtx_};
  stopped_ = true;
  published_.outbound_dropped += outbound_.size();
  outbound_.clear();
}

bool udp_listener::send(elements::envelope&& e) {
  bool wake = false;
  {
    std::lock_guard lock{out_mtx_};
    if (stopped_ || outbound_.size() >= limits_.max_outbound) {
      ++published_.outbound_dropped;
      return false;
    }
    wake = outbound_.empty();
    outbound_.push_back(std::move(e));
  }
  if (wake) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
  return true;
}

listener_stats udp_listener::stats() const {
  std::lock_guard lock{out_mtx_};
  return published_;
}

void udp_listener::publish() {
  st_.open_transactions = table_.size();
  st_.transactions = table_.stats();
  auto unix_time = [this](std::int64_t t) { return t == 0 ? 0 : t + unix_offset_; };
  st_.first_registration = unix_time(meter_.first_start());
  st_.last_outcome = unix_time(meter_.last_done());
  st_.registrations_untracked = meter_.untracked();
  st_.responses_unmatched = meter_.unmatched();
  std::lock_guard lock{out_mtx_};
  const auto dropped_by_senders = published_.outbound_dropped;
  published_ = st_;
  published_.outbound_dropped += dropped_by_senders;
}

void udp_listener::run() {
  // Signals are for the thread that waits for them (nodes/stop_signal.hpp), never this one.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  pthread_setname_np(pthread_self(), "ngn-listener"); // for top -H, perf and the stats below
  pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  std::vector<elements::envelope> answers;
  std::int64_t last_sweep = steady_micros();
  std::int64_t last_meter_sweep = last_sweep;
  while (!stop_.load(std::memory_order_relaxed)) {
    std::int64_t now = steady_micros();
    answers.clear();
    {
      std::lock_guard lock{out_mtx_};
      answers.swap(outbound_);
    }
    for (auto& e : answers) on_answer(e, now);
    const auto before = st_.received;
    receive_batch(now);
    const bool idle = answers.empty() && st_.received == before;
    if (now - last_sweep >= 100'000) {
      table_.sweep(now);
      if (now - last_meter_sweep >= 1'000'000) {
        meter_.sweep(now);
        last_meter_sweep = now;
      }
      publish();
      last_sweep = now;
    }
    if (idle) {
      if (::poll(fds, 2, 50) > 0 && (fds[1].revents & POLLIN) != 0) {
        std::uint64_t v = 0;
        [[maybe_unused]] auto n = ::read(wake_fd_, &v, sizeof v);
      }
    }
  }
  publish();
}

void udp_listener::receive_batch(std::int64_t now) {
  const std::size_t n = buffers_.size();
  if (msgs_.size() != n) {
    msgs_.assign(n, mmsghdr{});
    iov_.assign(n, iovec{});
    from_.assign(n, sockaddr_in{});
    for (std::size_t i = 0; i < n; ++i) {
      iov_[i].iov_base = buffers_[i].data();
      iov_[i].iov_len = buffers_[i].size();
      msgs_[i].msg_hdr.msg_iov = &iov_[i];
      msgs_[i].msg_hdr.msg_iovlen = 1;
      msgs_[i].msg_hdr.msg_name = &from_[i];
    }
  }
  for (auto& m : msgs_) {
    m.msg_hdr.msg_namelen = sizeof(sockaddr_in);
    m.msg_hdr.msg_flags = 0;
  }
  const int got = ::recvmmsg(fd_, msgs_.data(), static_cast<unsigned>(n), MSG_DONTWAIT, nullptr);
  for (int k = 0; k < got; ++k) {
    const auto i = static_cast<std::size_t>(k);
    const bool truncated = (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
    on_datagram(buffers_[i].data(), msgs_[i].msg_len, truncated, ntohl(from_[i].sin_addr.s_addr),
                ntohs(from_[i].sin_port), now);
  }
}

void udp_listener::on_datagram(const char* data, std::size_t size, bool truncated,
                               std::uint32_t ipv4, std::uint16_t port, std::int64_t now) {
  ++st_.received;
  if (truncated || size > limits_.max_datagram) {
    ++st_.too_large;
    return;
  }
  const std::string_view bytes{data, size};
  const auto client = actors::listener_client_id(index_, ipv4, port);
  auto info = sip::inspect_transaction(bytes);
  if (!info) {
    // No transaction can be matched, so nothing can be answered statelessly: the element gets
    // it (to answer what it can and record the failure) at a bounded rate. CRLF keep-alives
    // (RFC 5626 §3.5.1) are not failures.
    if (only_line_breaks(data, size)) return;
    const double elapsed = double(now - last_refill_) / 1e6;
    last_refill_ = now;
    junk_tokens_ = std::min(std::max(1.0, limits_.junk_per_second),
                            junk_tokens_ + elapsed * limits_.junk_per_second);
    if (junk_tokens_ < 1.0) {
      ++st_.junk_dropped;
      return;
    }
    junk_tokens_ -= 1.0;
    ++st_.junk_delivered;
    if (!deliver_(elements::envelope{element_, client, elements::kind_of(ngn::protocol::sip), std::string(bytes)}))
      ++st_.undeliverable;
    return;
  }
  // No client transactions and no INVITE here: responses and ACKs have nothing to match.
  if (!info->is_request || info->method == "ACK") {
    ++st_.responses_dropped;
    return;
  }
  // Overload control (see the header): the bound on requests queued at the element.
  // Answers to a challenge and registrations coming back after a 503 are admitted before new
  // ones: work already invested, and a client refused once is not refused again in favour of
  // later arrivals (RFC 6357 §4).
  const bool returning = info->has_credentials
                         || (info->method == "REGISTER" && meter_.deferred(client, info->call_id));
  const std::size_t limit = returning ? 2 * limits_.max_pending : limits_.max_pending;
  const std::size_t share = limits_.transactions.max_trying_per_source;
  auto r = table_.on_request(info->key, ipv4, now, limit, returning ? 2 * share : share);
  switch (r.v) {
    case sip::server_transactions::verdict::created:
      if (info->method == "REGISTER") meter_.on_register(client, info->call_id, info->expires, now);
      if (!info->has_credentials) retry_.on_taken(now);
      if (deliver_(elements::envelope{element_, client, elements::kind_of(ngn::protocol::sip), std::string(bytes)}))
        ++st_.delivered;
      else
        ++st_.undeliverable;
      break;
    case sip::server_transactions::verdict::retransmission:
      if (!r.resend.empty()) send_to(r.resend, ipv4, port);
      break;
    case sip::server_transactions::verdict::refused: {
      // RFC 3261 §21.5.4: overloaded; Retry-After (§20.33) tells the client when to come back.
      ++st_.overload_503;
      if (r.refused_by != sip::server_transactions::bound::table) ++st_.pending_503;
      // An answer to a challenge comes back at the floor: its challenge expires. A registration
      // refused again books a later slot like a new one (it keeps its priority when it comes
      // back): the floor would bring every refused client back at once.
      const std::uint32_t after = info->has_credentials ? retry_.floor_s() : retry_.next(now);
      if (info->method == "REGISTER") {
        // Back-pressure: the registration stays under way until the client comes back
        // (listener_meter: a 503 is not an outcome).
        meter_.on_register(client, info->call_id, info->expires, now);
        meter_.on_final(client, info->call_id, 503, now, after);
      }
      st_.retry_after_max = std::max(st_.retry_after_max, after);
      const std::string retry = "Retry-After: " + std::to_string(after) + "\r\n";
      auto answer = sip::stateless_response(bytes, *info, 503, "Service Unavailable", retry);
      if (!answer.empty()) send_to(answer, ipv4, port);
      break;
    }
  }
}

void udp_listener::on_answer(elements::envelope& e, std::int64_t now) {
  if (!actors::is_listener_client(e.to) || actors::listener_of(e.to) != index_) {
    ++st_.outbound_dropped;
    return;
  }
  auto info = sip::inspect_transaction(e.payload);
  if (info && !info->is_request) {
    // RFC 3261 §17.2.2: a second final response in Completed is discarded.
    if (table_.on_response(info->key, info->status, e.payload, now)
        == sip::server_transactions::response_result::late)
      return;
    if (info->method == "REGISTER" && info->status >= 200)
      meter_.on_final(e.to, info->call_id, info->status, now);
  }
  send_to(e.payload, actors::client_ipv4(e.to), actors::client_port(e.to));
}

void udp_listener::send_to(std::string_view bytes, std::uint32_t ipv4, std::uint16_t port) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(ipv4);
  to.sin_port = htons(port);
  const auto n = ::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT,
                          reinterpret_cast<const sockaddr*>(&to), sizeof to);
  if (n < 0) ++st_.send_errors;
  else ++st_.sent;
}

} // namespace ngn::nodes
