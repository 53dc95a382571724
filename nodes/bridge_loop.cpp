// The bridge thread: the only thread that touches the ZeroMQ sockets (reference/caf-0.17.md §6.1,
// pitfall 14). zmq_poll over {PULL, eventfd} plus POLLOUT on every PUSH with unsent frames.
#include "nodes/bridge_impl.hpp"

#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace ngn::nodes {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

/// Unix µs (the wall clock the heartbeats' clock records carry).
std::int64_t wall_micros() noexcept {
  return std::chrono::duration_cast<std::chrono::microseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

long millis_until(bridge_clock::time_point t, bridge_clock::time_point now) {
  if (t <= now)
    return 0;
  // Round up so we never spin on a deadline a fraction of a millisecond away.
  return static_cast<long>(std::chrono::ceil<std::chrono::milliseconds>(t - now).count());
}

} // namespace

void bridge::impl::run() {
  try {
    for (auto& p : peers)
      send_control(*p, wire::kind_hello);
    auto next_beat = bridge_clock::now() + opt.heartbeat;
    std::vector<zmq_pollitem_t> items;
    zmq::message_t msg;
    while (!stopping.load(std::memory_order_acquire))
      poll_once(items, msg, next_beat);
  } catch (const std::exception& e) {
    c.errors.fetch_add(1, relaxed);
    std::lock_guard<std::mutex> lk(info_mtx);
    error = std::string("bridge thread of node '") + opt.node + "' ended: " + e.what();
  }
}

void bridge::impl::poll_once(std::vector<zmq_pollitem_t>& items, zmq::message_t& msg,
                             bridge_clock::time_point& next_beat) {
  items.clear();
  items.push_back({pull->handle(), 0, ZMQ_POLLIN, 0});
  items.push_back({nullptr, efd, ZMQ_POLLIN, 0});
  items.push_back({nullptr, tfd, ZMQ_POLLIN, 0}); // items[2]: a held frame's interval ended
  if (zap) // items[3]: the ZAP handler (CURVE handshakes of our PULL wait for it)
    items.push_back({zap->handle(), 0, ZMQ_POLLIN, 0});
  for (auto& p : peers)
    if (!p->backlog.empty())
      items.push_back({p->push->handle(), 0, ZMQ_POLLOUT, 0});

  // Sleep until the next heartbeat or the earliest moment a peer could be declared down.
  auto now = bridge_clock::now();
  auto deadline = next_beat;
  for (auto& p : peers)
    if (p->state.load(relaxed) == peer_state::up)
      deadline = std::min(deadline, p->last_heard + dead_after() + std::chrono::milliseconds(1));
  const int rc = zmq_poll(items.data(), static_cast<int>(items.size()), millis_until(deadline, now));
  if (rc < 0) {
    if (zmq_errno() == EINTR)
      return;
    throw zmq::error_t();
  }
  if (items[1].revents & ZMQ_POLLIN)
    drain_eventfd();
  if (items[2].revents & ZMQ_POLLIN) {
    std::uint64_t expirations = 0;
    [[maybe_unused]] auto r = ::read(tfd, &expirations, sizeof expirations);
    timer_at = bridge_clock::time_point::max();
  }
  if (zap && (items[3].revents & ZMQ_POLLIN))
    serve_zap();
  if (items[0].revents & ZMQ_POLLIN)
    receive(msg);
  // Always: a callback may have sent, a POLLOUT may have freed a pipe, a sender may have added to
  // a peer whose shared buffer was already non-empty (no eventfd write then).
  now = bridge_clock::now();
  arm_timer(flush(now), now);
  if (now >= next_beat) {
    for (auto& p : peers)
      send_control(*p, wire::kind_heartbeat);
    next_beat = now + opt.heartbeat;
  }
  check_liveness(now);
}

void bridge::impl::drain_eventfd() noexcept {
  std::uint64_t n = 0;
  [[maybe_unused]] auto r = ::read(efd, &n, sizeof n);
}

// -- inbound ---------------------------------------------------------------------------------

void bridge::impl::receive(zmq::message_t& msg) {
  for (std::size_t n = 0; n < opt.frames_per_wakeup; ++n) {
    if (!pull->recv(msg, zmq::recv_flags::dontwait))
      return;
    // With CURVE, every message carries the ZAP user id of its connection: the peer's node name
    // (serve_zap), or nothing if it could not be authenticated (never accepted then).
    const char* peer = nullptr;
    if (opt.curve.enabled) {
      peer = zmq_msg_gets(msg.handle(), "User-Id");
      if (peer == nullptr)
        peer = "";
    }
    handle_frame(std::string_view(static_cast<const char*>(msg.data()), msg.size()), peer,
                 wall_micros());
  }
}

void bridge::impl::serve_zap() {
  // ZAP (ZeroMQ RFC 27) request: version "1.0", request id, domain, address, routing id,
  // mechanism, credentials (CURVE: the client's 32-byte public key). The REP socket keeps the
  // envelope; each request gets exactly one reply: "1.0", request id, status, text, user id,
  // metadata.
  for (int budget = 64; budget > 0; --budget) {
    std::vector<zmq::message_t> parts;
    zmq::message_t part;
    if (!zap->recv(part, zmq::recv_flags::dontwait))
      return;
    parts.push_back(std::move(part));
    while (parts.back().more() && parts.size() < 16) {
      zmq::message_t next;
      if (!zap->recv(next, zmq::recv_flags::none))
        break;
      parts.push_back(std::move(next));
    }
    while (parts.back().more()) { // an oversized request: drain it, then refuse
      zmq::message_t rest;
      if (!zap->recv(rest, zmq::recv_flags::none))
        break;
    }
    auto text = [&](std::size_t i) {
      return i < parts.size() ? parts[i].to_string() : std::string();
    };
    std::string user;
    if (parts.size() == 7 && text(0) == "1.0" && text(5) == "CURVE" && parts[6].size() == 32) {
      const std::string key = text(6);
      for (std::size_t i = 0; i < peer_key_bin.size(); ++i)
        if (peer_key_bin[i] == key) {
          user = peers[i]->name;
          break;
        }
    }
    const bool ok = !user.empty();
    (ok ? c.zap_accepted : c.zap_refused).fetch_add(1, relaxed);
    const std::string reply[] = {"1.0", text(1), ok ? "200" : "400",
                                 ok ? "OK" : "key of no node of the topology", user, ""};
    for (std::size_t i = 0; i < 6; ++i)
      zap->send(zmq::buffer(reply[i]), i + 1 < 6 ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

void bridge::impl::handle_frame(std::string_view bytes, const char* peer, std::int64_t received) {
  auto parsed = wire::parse_frame(bytes, lim);
  if (!parsed) {
    c.malformed.fetch_add(1, relaxed);
    return;
  }
  wire::parsed_frame& f = parsed.value();
  if (peer != nullptr && f.sender != peer) {
    // A listed node speaking for another one (or an unauthenticated connection): DESIGN.md §5,
    // issue 11 item 1. Not even a heartbeat of it counts.
    c.forged_frames.fetch_add(1, relaxed);
    return;
  }
  peer_slot* p = find(f.sender);
  if (!p) {
    c.unknown_node.fetch_add(1, relaxed);
    return;
  }
  if (peer != nullptr && !f.envelopes.empty() && hooks.resolve) {
    // Each envelope's source element must be on the authenticated node.
    const int self = index_of(*p);
    const auto before = f.envelopes.size();
    f.envelopes.erase(std::remove_if(f.envelopes.begin(), f.envelopes.end(),
                                     [&](const elements::envelope& e) {
                                       return hooks.resolve(e.from) != self;
                                     }),
                      f.envelopes.end());
    if (const auto forged = before - f.envelopes.size(); forged != 0) {
      c.forged_records.fetch_add(forged, relaxed);
      if (f.envelopes.empty()) {
        c.forged_frames.fetch_add(1, relaxed);
        return;
      }
    }
  }
  if (f.incarnation != 0) {
    // A new incarnation while UP: the peer restarted faster than dead_after; what we hold for the
    // old process is stale (DOWN, then UP below).
    if (p->incarnation != 0 && p->incarnation != f.incarnation
        && p->state.load(relaxed) == peer_state::up)
      go_down(*p);
    if (p->incarnation != f.incarnation) { // another process: another clock, maybe another host
      std::lock_guard<std::mutex> lk(p->clock_mtx);
      p->clock.reset();
      p->echo_sent = 0;
    }
    p->incarnation = f.incarnation;
  }
  if (f.has_clock) {
    // The peer's heartbeat (t2 = its `sent`, t3 = now) echoes ours (t0, and t1 when it arrived).
    if (f.clock.echo_sent != 0) {
      std::lock_guard<std::mutex> lk(p->clock_mtx);
      p->clock.add({f.clock.echo_sent, f.clock.echo_received, f.clock.sent, received});
    }
    p->echo_sent = f.clock.sent; // echoed by our next hello or heartbeat to it
    p->echo_received = received;
  }
  p->last_heard = bridge_clock::now();
  if (p->state.load(relaxed) != peer_state::up)
    go_up(*p);
  if (f.hello)
    send_control(*p, wire::kind_heartbeat); // let a newcomer see us UP without waiting an interval
  if (f.envelopes.empty()) {
    c.control_in.fetch_add(1, relaxed);
    return;
  }
  c.frames_in.fetch_add(1, relaxed);
  c.records_in.fetch_add(f.envelopes.size(), relaxed);
  c.bytes_in.fetch_add(bytes.size(), relaxed);
  if (hooks.deliver)
    hooks.deliver(std::move(f.envelopes));
}

// -- outbound --------------------------------------------------------------------------------

bridge_clock::time_point bridge::impl::flush(bridge_clock::time_point now) {
  auto earliest = bridge_clock::time_point::max();
  for (auto& p : peers)
    earliest = std::min(earliest, flush_peer(*p, now));
  return earliest;
}

bool bridge::impl::take(peer_slot& p, bool open_too) {
  std::lock_guard<std::mutex> lk(p.mtx);
  for (auto& f : p.ready)
    p.backlog.push_back(std::move(f));
  p.ready.clear();
  if (p.open.records != 0 && open_too) {
    p.backlog.push_back(std::move(p.open));
    p.open = out_frame{};
  }
  for (auto& b : p.recycled)
    if (p.pool.size() < max_pooled_buffers)
      p.pool.push_back(std::move(b));
  p.recycled.clear();
  return p.open.records != 0;
}

void bridge::impl::arm_timer(bridge_clock::time_point at, bridge_clock::time_point now) noexcept {
  if (at == timer_at)
    return;
  itimerspec spec{};
  if (at != bridge_clock::time_point::max()) {
    // Relative, at least 1 ns (an all-zero it_value would disarm the timer).
    const auto ns = std::max<std::int64_t>(
      1, std::chrono::duration_cast<std::chrono::nanoseconds>(at - now).count());
    spec.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
  }
  if (::timerfd_settime(tfd, 0, &spec, nullptr) == 0)
    timer_at = at;
}

bridge_clock::time_point bridge::impl::flush_peer(peer_slot& p, bridge_clock::time_point now) {
  // Take the shared frames only when everything taken before is with ZeroMQ: while a peer is
  // slow, its records keep piling into one open frame (bigger batches, one eventfd write).
  // A busy link (its last frame carried more than one record: they gathered while this thread
  // was busy) keeps the open frame open for more records until `coalesce` after the last frame
  // sent; a quiet one sends at once.
  const auto may_send_open = p.last_sent + opt.coalesce;
  const bool open_too = now >= may_send_open || p.last_records < 2;
  bool held = false;
  if (p.backlog.empty())
    held = take(p, open_too);
  for (std::size_t n = 0; n < opt.frames_per_wakeup && !p.backlog.empty(); ++n) {
    out_frame& f = p.backlog.front();
    zmq::message_t m(f.bytes.data(), f.bytes.size());
    if (!p.push->send(m, zmq::send_flags::dontwait))
      return bridge_clock::time_point::max(); // HWM reached: keep it, retry on POLLOUT
    p.last_sent = now;
    p.last_records = f.records;
    c.frames_out.fetch_add(1, relaxed);
    c.records_out.fetch_add(f.records, relaxed);
    c.bytes_out.fetch_add(f.bytes.size(), relaxed);
    if (f.records > c.max_records.load(relaxed))
      c.max_records.store(f.records, relaxed);
    p.queued.fetch_sub(f.bytes.size(), relaxed);
    if (p.recycled.size() < max_pooled_buffers) {
      f.bytes.clear();
      p.recycled.push_back(std::move(f.bytes));
    }
    p.backlog.pop_front();
    if (p.backlog.empty())
      held = take(p, open_too);
  }
  return held && !open_too ? may_send_open : bridge_clock::time_point::max();
}

void bridge::impl::send_control(peer_slot& p, std::uint8_t kind) {
  std::string frame = header;
  wire::append_control(frame, kind, incarnation);
  // Our time as late as possible before the send, each echo once (clock_offset.hpp).
  wire::append_clock(frame, {wall_micros(), p.echo_sent, p.echo_sent != 0 ? p.echo_received : 0});
  p.echo_sent = 0;
  zmq::message_t m(frame.data(), frame.size());
  // Dropped when the pipe is full: then data is queued ahead of it, which proves us alive as well.
  if (p.push->send(m, zmq::send_flags::dontwait))
    c.control_out.fetch_add(1, relaxed);
}

// -- liveness --------------------------------------------------------------------------------

void bridge::impl::check_liveness(bridge_clock::time_point now) {
  auto silent = [&](const peer_slot& p) {
    return p.state.load(relaxed) == peer_state::up && now - p.last_heard > dead_after();
  };
  if (std::none_of(peers.begin(), peers.end(), [&](const auto& p) { return silent(*p); })) {
    liveness_deferrals = 0;
    return;
  }
  // Unread input may be the very frames that prove a peer alive (after a slow callback stalled
  // this thread, say): read on first. Bounded, so that steady traffic from one peer cannot hide
  // another one's death; ZeroMQ fair-queues the peers' pipes, each round reads up to
  // frames_per_wakeup frames.
  if (liveness_deferrals < max_liveness_deferrals && (pull->get(zmq::sockopt::events) & ZMQ_POLLIN)) {
    ++liveness_deferrals;
    return;
  }
  liveness_deferrals = 0;
  for (auto& p : peers)
    if (silent(*p))
      go_down(*p);
}

void bridge::impl::go_up(peer_slot& p) {
  {
    std::lock_guard<std::mutex> lk(p.mtx);
    p.state.store(peer_state::up);
  }
  {
    std::lock_guard<std::mutex> lk(ready_mtx); // no lost wake-up for wait_ready()
  }
  ready_cv.notify_all();
  if (hooks.peer_event)
    hooks.peer_event(p.name, true);
}

void bridge::impl::go_down(peer_slot& p) {
  std::uint64_t frames = 0;
  std::uint64_t records = 0;
  auto drop = [&](out_frame& f) {
    ++frames;
    records += f.records;
  };
  {
    // Under the lock, with state DOWN, no sender can add: everything held is dropped here.
    std::lock_guard<std::mutex> lk(p.mtx);
    p.state.store(peer_state::down);
    for (auto& f : p.ready)
      drop(f);
    p.ready.clear();
    if (p.open.records != 0)
      drop(p.open);
    p.open = out_frame{};
    for (auto& f : p.backlog)
      drop(f);
    p.backlog.clear();
    p.queued.store(0);
  }
  c.dropped_frames.fetch_add(frames, relaxed);
  c.dropped_records.fetch_add(records, relaxed);
  c.peer_downs.fetch_add(1, relaxed);
  // A fresh PUSH: ZeroMQ's own queue for the old process goes too; it connects (and reconnects)
  // to the same endpoint, where a restarted peer will bind.
  p.push = make_push(p);
  send_control(p, wire::kind_hello);
  if (hooks.peer_event)
    hooks.peer_event(p.name, false);
}

} // namespace ngn::nodes
