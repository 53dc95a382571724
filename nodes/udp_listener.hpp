// A SIP UDP listener of a proxy or soft switch (topology `listen`, `ngnemu run --listen`): real
// SIP user agents (SIPp, softphones) register through it with the same element state machines
// as the emulated terminals. One thread owns the socket; no CAF here.
//
//  - Each datagram from a.b.c.d:p becomes an envelope from the client id
//    actors::listener_client_id(index, a.b.c.d, p) to the listening element; the element's
//    answers (envelopes to that id, handed over by the router's listener sink) go back to
//    a.b.c.d:p from the same socket.
//  - The RFC 3261 §17.2 server transaction layer (protocols/sip/transaction.hpp) runs in this
//    thread: a retransmitted request never reaches the element (the last response is sent again),
//    and responses are matched by top Via branch + sent-by + CSeq method.
//  - Bounded: datagrams larger than max_datagram are dropped and counted; the transaction table
//    (whose requests are the only ones waiting in the element's mailbox) is bounded, a full one
//    or a source with too many requests in progress is answered 503 (RFC 3261 §21.5.4); datagrams
//    without a transaction (no Via/CSeq: nothing can be answered) reach the element only at
//    junk_per_second — it records them as failed sessions — the rest are dropped and counted;
//    SIP responses and ACKs from clients (no client transactions here, no INVITE) are dropped;
//    the queue of answers waiting to be sent is bounded.
//  - Overload control (RFC 3261 §21.5.4, RFC 6357 §4): at most max_pending requests wait for
//    the element (transactions in Trying); a new request beyond that is answered 503 with
//    Retry-After at once, without reaching the element, so the element's queue (and the latency
//    of what it admits) stays bounded and the clients come back later instead of timing out.
//    Answers to a challenge (an Authorization header) and registrations coming back after a 503
//    (same client and Call-ID) are admitted up to twice that bound (and twice the source's
//    share): they finish work already invested, and a client refused once is served before
//    later arrivals. Under sustained overload the Retry-After of a refused new
//    request grows (elements/retry_schedule.hpp): the refused clients come back at the rate the
//    element takes new requests instead of all after the same second. One source address may hold at most half of max_pending (a
//    flood does not starve the other clients). Retransmissions never count (absorbed above).
//  - Measured: each REGISTER transaction passed on and its final response (or the listener's own
//    503) feed a listener_meter (nodes/listener_meter.hpp), which fills progress(): the real
//    clients' registrations begun, established, failed, timed out, in flight, and their latency.
#pragma once

#include "elements/common.hpp"
#include "nodes/group_progress.hpp"
#include "nodes/listener_meter.hpp"
#include "elements/retry_schedule.hpp"
#include "protocols/sip/transaction.hpp"
#include "topology/model.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ngn::nodes {

struct listener_limits {
  std::size_t max_datagram = 65535;       ///< larger datagrams are dropped (RFC 3261 §18.1.1)
  sip::transaction_config transactions;
  double junk_per_second = 200;           ///< datagrams without a transaction passed on per second
  std::size_t max_outbound = 65536;       ///< answers waiting to be sent
  std::size_t batch = 32;                 ///< datagrams per recvmmsg
  /// Requests waiting for the element at most (`--max-pending`); new registrations beyond it
  /// are answered 503 + Retry-After, answers to challenges beyond twice it.
  std::size_t max_pending = 2048;
  /// The 503's Retry-After (RFC 3261 §20.33), s: an answer to a challenge always gets the floor
  /// (its challenge expires); a new request the next slot of a retry_schedule booked at the rate
  /// the element takes new requests (elements/retry_schedule.hpp), between floor and ceiling.
  std::uint32_t retry_after_s = 1;
  std::uint32_t retry_after_max_s = 30;
  int receive_buffer = 4 << 20;           ///< SO_RCVBUF asked for (the kernel may cap it)
  listener_meter_config registrations;    ///< how the clients' registrations are counted
};

struct listener_stats {
  std::uint64_t received = 0;        ///< datagrams read
  std::uint64_t delivered = 0;       ///< passed on to the element
  std::uint64_t too_large = 0;       ///< dropped: larger than max_datagram
  std::uint64_t junk_delivered = 0;  ///< without a transaction, passed on (rate-limited)
  std::uint64_t junk_dropped = 0;    ///< without a transaction, over the rate: dropped
  std::uint64_t responses_dropped = 0; ///< SIP responses and ACKs sent to us
  std::uint64_t overload_503 = 0;    ///< requests refused with 503 (table, source or pending limit)
  std::uint64_t pending_503 = 0;     ///< of those, for max_pending or its per-source share
  std::uint32_t retry_after_max = 0; ///< the longest Retry-After given, s (0: none given)
  std::uint64_t sent = 0;            ///< datagrams sent (answers, resent answers, 503s)
  std::uint64_t send_errors = 0;
  std::uint64_t outbound_dropped = 0; ///< answers dropped: queue full or listener stopped
  std::uint64_t undeliverable = 0;   ///< the element could not be reached
  std::size_t open_transactions = 0;
  sip::transaction_stats transactions;
  /// The clients' registrations (listener_meter): the first one's beginning and the last one's
  /// outcome, Unix µs (0: none); REGISTERs not counted (table full); final responses matching
  /// no registration under way.
  std::int64_t first_registration = 0, last_outcome = 0;
  std::uint64_t registrations_untracked = 0, responses_unmatched = 0;
};

class udp_listener {
public:
  /// Hands an envelope to the element (router::send_from_outside); false if it cannot.
  using deliver_fn = std::function<bool(elements::envelope&&)>;

  /// Binds `ep` (IPv4 address or host name; port 0 picks a free one) and starts the thread.
  /// Throws std::runtime_error naming the endpoint.
  udp_listener(std::uint32_t index, elements::element_id element, const topology::listen_endpoint& ep,
               deliver_fn deliver, listener_limits limits = {});
  ~udp_listener();
  udp_listener(const udp_listener&) = delete;
  udp_listener& operator=(const udp_listener&) = delete;

  /// An answer of the element for one of this listener's clients; any thread. False when it was
  /// dropped (queue full, stopped, not one of our clients).
  bool send(elements::envelope&& e);
  /// Stops the thread (idempotent); answers handed over afterwards are dropped.
  void stop();

  std::uint32_t index() const noexcept { return index_; }
  elements::element_id element() const noexcept { return element_; }
  /// "udp:127.0.0.1:5060", with the port actually bound.
  const std::string& local() const noexcept { return local_; }
  std::uint16_t port() const noexcept { return port_; }
  /// The overload bound in force (listener_limits::max_pending).
  std::size_t max_pending() const noexcept { return limits_.max_pending; }
  /// A snapshot (refreshed by the thread at least every 100 ms, and when it stops).
  listener_stats stats() const;
  /// The clients' registrations, live (the counters a terminal group has).
  std::shared_ptr<const group_progress> progress() const noexcept { return progress_; }

private:
  void run();
  void receive_batch(std::int64_t now);
  void on_datagram(const char* data, std::size_t size, bool truncated, std::uint32_t ipv4,
                   std::uint16_t port, std::int64_t now);
  void on_answer(elements::envelope& e, std::int64_t now);
  void send_to(std::string_view bytes, std::uint32_t ipv4, std::uint16_t port);
  void publish();

  std::uint32_t index_;
  elements::element_id element_;
  deliver_fn deliver_;
  listener_limits limits_;
  std::string local_;
  std::uint16_t port_ = 0;
  int fd_ = -1;
  int wake_fd_ = -1;
  sip::server_transactions table_;
  std::shared_ptr<group_progress> progress_ = std::make_shared<group_progress>();
  listener_meter meter_;
  elements::retry_schedule retry_;
  std::int64_t unix_offset_ = 0;      ///< Unix µs - steady µs (the meter runs on steady time)
  listener_stats st_;                 ///< the thread's own counters
  double junk_tokens_ = 0;
  std::int64_t last_refill_ = 0;
  std::vector<std::vector<char>> buffers_;
  std::vector<mmsghdr> msgs_;          ///< recvmmsg descriptors of buffers_
  std::vector<iovec> iov_;
  std::vector<sockaddr_in> from_;

  mutable std::mutex out_mtx_;        ///< guards outbound_, stopped_ and published_
  std::vector<elements::envelope> outbound_;
  bool stopped_ = false;
  listener_stats published_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

} // namespace ngn::nodes
