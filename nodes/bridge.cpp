// nodes::bridge: construction, start/stop, send() and the queries (any thread). The bridge
// thread's loop is in bridge_loop.cpp. Design: bridge.hpp; reference/caf-0.17.md §6.1.
#include "nodes/bridge.hpp"
#include "nodes/bridge_impl.hpp"

#include "crypto/secret.hpp"

#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <random>

namespace ngn::nodes {

std::string_view to_string(send_status s) noexcept {
  switch (s) {
    case send_status::ok: return "ok";
    case send_status::backlog_full: return "backlog_full";
    case send_status::peer_down: return "peer_down";
    case send_status::unknown_element: return "unknown_element";
    case send_status::invalid: return "invalid";
    case send_status::stopped: return "stopped";
  }
  return "?";
}

std::string_view to_string(peer_state s) noexcept {
  switch (s) {
    case peer_state::pending: return "pending";
    case peer_state::up: return "up";
    case peer_state::down: return "down";
  }
  return "?";
}

// -- impl ------------------------------------------------------------------------------------

bridge::impl::impl(zmq::context_t& c, bridge_options o, bridge_hooks h)
  : ctx(c), opt(std::move(o)), hooks(std::move(h)) {
  lim.max_frame = opt.max_inbound_frame;
  lim.max_payload = opt.max_payload;
  std::random_device rd;
  while (incarnation == 0)
    incarnation = (std::uint64_t{rd()} << 32) ^ rd()
                  ^ static_cast<std::uint64_t>(bridge_clock::now().time_since_epoch().count());
  wire::append_header(header, opt.node);
  for (auto& bp : opt.peers) {
    auto p = std::make_unique<peer_slot>();
    p->name = bp.name;
    p->endpoint = bp.endpoint;
    p->public_key = bp.public_key;
    peers.push_back(std::move(p));
  }
  efd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  tfd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
}

bridge::impl::~impl() {
  if (efd >= 0)
    ::close(efd);
  if (tfd >= 0)
    ::close(tfd);
  auto& sk = opt.curve.secret_key;
  if (!sk.empty())
    crypto::secure_zero(sk.data(), sk.size());
}

int bridge::impl::index_of(const peer_slot& p) const noexcept {
  for (std::size_t i = 0; i < peers.size(); ++i)
    if (peers[i].get() == &p)
      return static_cast<int>(i);
  return -1;
}

void bridge::impl::wake() noexcept {
  if (efd < 0)
    return;
  const std::uint64_t one = 1;
  // EAGAIN only if the counter is saturated, i.e. a wake-up is pending anyway.
  [[maybe_unused]] auto n = ::write(efd, &one, sizeof one);
}

peer_slot* bridge::impl::find(std::string_view name) const noexcept {
  for (auto& p : peers)
    if (p->name == name)
      return p.get();
  return nullptr;
}

std::string bridge::impl::check_curve() const {
  if (!opt.curve.enabled)
    return {};
  if (zmq_has("curve") != 1)
    return "this libzmq has no CURVE (zmq_has(\"curve\") is false)";
  auto bad_key = [](const std::string& k) {
    std::uint8_t bin[32];
    return k.size() != 40 || zmq_z85_decode(bin, k.c_str()) == nullptr;
  };
  if (bad_key(opt.curve.public_key) || bad_key(opt.curve.secret_key))
    return "this node's CURVE keys are not two 40-character Z85 keys";
  for (std::size_t i = 0; i < peers.size(); ++i) {
    const auto& p = *peers[i];
    if (bad_key(p.public_key))
      return "peer '" + p.name + "' has no valid CURVE public key (40 Z85 characters)";
    if (p.public_key == opt.curve.public_key)
      return "peer '" + p.name + "' has this node's own public key";
    for (std::size_t j = 0; j < i; ++j)
      if (peers[j]->public_key == p.public_key)
        return "peers '" + peers[j]->name + "' and '" + p.name + "' have the same public key";
  }
  return {};
}

std::string bridge::impl::check_options() const {
  auto bad_name = [](const std::string& n) { return n.empty() || n.size() > wire::max_name; };
  if (bad_name(opt.node))
    return "node name must be 1.." + std::to_string(wire::max_name) + " bytes";
  if (opt.heartbeat < std::chrono::milliseconds(10))
    return "heartbeat interval below 10 ms";
  if (opt.dead_after == 0)
    return "dead_after must be at least 1 interval";
  if (opt.frame_cap < header.size() + wire::record_overhead + opt.max_payload)
    return "frame_cap cannot hold one envelope of max_payload bytes";
  if (opt.max_inbound_frame < opt.frame_cap)
    return "max_inbound_frame below frame_cap";
  if (opt.max_backlog < opt.frame_cap)
    return "max_backlog below frame_cap";
  if (opt.sndhwm < 0 || opt.rcvhwm < 0 || opt.frames_per_wakeup == 0)
    return "bad HWM or frames_per_wakeup";
  if (efd < 0)
    return "eventfd() failed";
  if (tfd < 0)
    return "timerfd_create() failed";
  if (opt.coalesce < std::chrono::microseconds(0) || opt.coalesce > std::chrono::milliseconds(100))
    return "coalescing interval outside 0..100 ms";
  if (auto why = check_curve(); !why.empty())
    return why;
  for (std::size_t i = 0; i < peers.size(); ++i) {
    const auto& p = *peers[i];
    if (bad_name(p.name) || p.name == opt.node)
      return "bad peer name '" + p.name + "'";
    if (p.endpoint.empty())
      return "peer '" + p.name + "' has no endpoint";
    for (std::size_t j = 0; j < i; ++j)
      if (peers[j]->name == p.name)
        return "peer '" + p.name + "' listed twice";
  }
  return {};
}

std::unique_ptr<zmq::socket_t> bridge::impl::make_push(const peer_slot& p) {
  auto s = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::push);
  s->set(zmq::sockopt::linger, 0);
  s->set(zmq::sockopt::sndhwm, opt.sndhwm);
  if (opt.curve.enabled) { // CURVE client: proves our key pair, expects the peer's public key
    s->set(zmq::sockopt::curve_serverkey, p.public_key);
    s->set(zmq::sockopt::curve_publickey, opt.curve.public_key);
    s->set(zmq::sockopt::curve_secretkey, opt.curve.secret_key);
  }
  s->connect(p.endpoint);
  return s;
}

// -- bridge ----------------------------------------------------------------------------------

bridge::bridge(zmq::context_t& ctx, bridge_options options, bridge_hooks hooks)
  : impl_(std::make_unique<impl>(ctx, std::move(options), std::move(hooks))) {}

bridge::~bridge() { stop(); }

bool bridge::bind(std::string* error) {
  impl& d = *impl_;
  if (d.pull)
    return true;
  if (d.opt.curve.enabled) {
    if (auto why = d.check_curve(); !why.empty()) {
      if (error)
        *error = "node '" + d.opt.node + "': " + why;
      return false;
    }
    if (!d.zap) {
      // Before the PULL exists: without a handler bound, libzmq would let any CURVE client in.
      try {
        auto z = std::make_unique<zmq::socket_t>(d.ctx, zmq::socket_type::rep);
        z->set(zmq::sockopt::linger, 0);
        z->bind("inproc://zeromq.zap.01");
        d.zap = std::move(z);
      } catch (const zmq::error_t& e) {
        if (error)
          *error = "node '" + d.opt.node + "': cannot bind the ZAP handler: " + e.what()
                   + (e.num() == EADDRINUSE ? " (one CURVE bridge per ZeroMQ context)" : "");
        return false;
      }
    }
    d.peer_key_bin.clear();
    for (const auto& p : d.peers) {
      std::string bin(32, '\0');
      zmq_z85_decode(reinterpret_cast<std::uint8_t*>(bin.data()), p->public_key.c_str());
      d.peer_key_bin.push_back(std::move(bin));
    }
  }
  try {
    auto s = std::make_unique<zmq::socket_t>(d.ctx, zmq::socket_type::pull);
    s->set(zmq::sockopt::linger, 0);
    s->set(zmq::sockopt::rcvhwm, d.opt.rcvhwm);
    if (d.opt.curve.enabled) { // CURVE server; every client is checked by our ZAP handler
      s->set(zmq::sockopt::curve_server, true);
      s->set(zmq::sockopt::curve_secretkey, d.opt.curve.secret_key);
      s->set(zmq::sockopt::zap_domain, "ngnemu");
    }
    // Hard memory cap: libzmq resets a connection that announces a larger message; frames between
    // max_inbound_frame and this are received, dropped and counted as malformed.
    s->set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(d.opt.max_inbound_frame) * 2);
    // A predecessor on the same endpoint (a restarted node) may still hold it for a moment:
    // ZeroMQ closes listeners asynchronously, a dying process takes a while.
    const auto give_up = bridge_clock::now() + d.opt.bind_retry;
    for (;;) {
      try {
        s->bind(d.opt.endpoint);
        break;
      } catch (const zmq::error_t& e) {
        if (e.num() != EADDRINUSE || bridge_clock::now() >= give_up)
          throw;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    d.bound = s->get(zmq::sockopt::last_endpoint);
    d.pull = std::move(s);
    return true;
  } catch (const zmq::error_t& e) {
    if (error)
      *error = "node '" + d.opt.node + "': cannot bind " + d.opt.endpoint + ": " + e.what();
    return false;
  }
}

const std::string& bridge::endpoint() const noexcept { return impl_->bound; }

bool bridge::set_peer_endpoint(std::string_view node, std::string endpoint) {
  if (impl_->started.load())
    return false;
  peer_slot* p = impl_->find(node);
  if (!p)
    return false;
  p->endpoint = std::move(endpoint);
  return true;
}

bool bridge::start(std::string* error) {
  impl& d = *impl_;
  auto fail = [&](std::string why) {
    if (error)
      *error = std::move(why);
    return false;
  };
  if (d.started.load())
    return fail("node '" + d.opt.node + "': bridge already started");
  if (d.stopped.load())
    return fail("node '" + d.opt.node + "': bridge stopped");
  if (auto why = d.check_options(); !why.empty())
    return fail("node '" + d.opt.node + "': " + why);
  if (!bind(error))
    return false;
  try {
    for (auto& p : d.peers)
      p->push = d.make_push(*p);
  } catch (const zmq::error_t& e) {
    for (auto& p : d.peers)
      p->push.reset();
    return fail("node '" + d.opt.node + "': cannot connect a peer: " + e.what());
  }
  d.started.store(true);
  d.thread = std::thread([&d] { d.run(); });
  return true;
}

void bridge::stop() {
  impl& d = *impl_;
  d.stopped.store(true);
  if (d.thread.joinable() && d.thread.get_id() == std::this_thread::get_id()) {
    // Called from a callback: the loop ends after it returns; the owner's stop() joins.
    d.stopping.store(true, std::memory_order_release);
    return;
  }
  if (d.thread.joinable()) {
    d.stopping.store(true, std::memory_order_release);
    d.wake();
    d.thread.join();
  }
  // The thread has ended (join is the memory barrier ZeroMQ asks for when a socket changes
  // threads): close every socket here, linger 0.
  for (auto& p : d.peers)
    p->push.reset();
  d.pull.reset();
  d.zap.reset(); // after the PULL: no handshake may find the handler gone
}

bool bridge::running() const noexcept {
  return impl_->started.load() && !impl_->stopped.load();
}

send_status bridge::send(const elements::envelope& e) {
  return send(e.to, e.from, e.kind, e.payload, e.origin);
}

send_status bridge::send(elements::element_id to, elements::element_id from,
                         elements::envelope_kind kind, std::string_view payload,
                         elements::element_id origin) {
  impl& d = *impl_;
  if (d.stopped.load(std::memory_order_relaxed))
    return send_status::stopped;
  const int idx = d.hooks.resolve ? d.hooks.resolve(to) : -1;
  if (idx < 0 || static_cast<std::size_t>(idx) >= d.peers.size()) {
    d.c.refused_unknown.fetch_add(1, std::memory_order_relaxed);
    return send_status::unknown_element;
  }
  const auto k = static_cast<std::uint8_t>(kind);
  if (k >= wire::first_control_kind || payload.size() > d.opt.max_payload) {
    d.c.refused_invalid.fetch_add(1, std::memory_order_relaxed);
    return send_status::invalid;
  }
  peer_slot& p = *d.peers[static_cast<std::size_t>(idx)];
  const std::size_t rec = wire::record_overhead + payload.size();
  bool was_empty = false;
  {
    std::lock_guard<std::mutex> lk(p.mtx);
    if (p.state.load(std::memory_order_relaxed) == peer_state::down) {
      d.c.refused_down.fetch_add(1, std::memory_order_relaxed);
      return send_status::peer_down;
    }
    const bool new_frame = p.open.records == 0 || p.open.bytes.size() + rec > d.opt.frame_cap;
    const std::size_t need = rec + (new_frame ? d.header.size() : 0);
    if (p.queued.load(std::memory_order_relaxed) + need > d.opt.max_backlog) {
      d.c.refused_backlog.fetch_add(1, std::memory_order_relaxed);
      return send_status::backlog_full;
    }
    was_empty = p.open.records == 0 && p.ready.empty();
    if (new_frame) {
      if (p.open.records != 0) {
        p.ready.push_back(std::move(p.open));
        p.open = out_frame{};
      }
      if (!p.pool.empty()) { // a sent frame's buffer: no allocation, no page faults
        p.open.bytes = std::move(p.pool.back());
        p.pool.pop_back();
      } else {
        p.open.bytes.reserve(d.opt.frame_cap); // never grows (no copies): a frame stays below
      }
      p.open.bytes.clear();
      p.open.bytes.append(d.header);
    }
    wire::append_record(p.open.bytes, to, from, origin, k, payload);
    ++p.open.records;
    const std::size_t now_held = p.queued.fetch_add(need, std::memory_order_relaxed) + need;
    if (now_held > p.queued_hwm.load(std::memory_order_relaxed))
      p.queued_hwm.store(now_held, std::memory_order_relaxed);
  }
  if (was_empty)
    d.wake(); // only on the empty -> non-empty transition (caf-0.17.md §6.1)
  return send_status::ok;
}

std::string bridge::explain(send_status s, elements::element_id to) const {
  const impl& d = *impl_;
  const std::string elem = "element " + std::to_string(to);
  const int idx = d.hooks.resolve ? d.hooks.resolve(to) : -1;
  const peer_slot* p = idx >= 0 && static_cast<std::size_t>(idx) < d.peers.size()
                         ? d.peers[static_cast<std::size_t>(idx)].get()
                         : nullptr;
  const std::string where =
    p ? elem + " is on node '" + p->name + "' (" + p->endpoint + ")" : elem;
  switch (s) {
    case send_status::ok: return where + ": queued";
    case send_status::backlog_full:
      return where + ": backlog full (" + std::to_string(p ? p->queued.load() : 0)
             + " bytes held, bound " + std::to_string(d.opt.max_backlog) + ")";
    case send_status::peer_down:
      return where + ", which is down: silent for more than "
             + std::to_string(d.dead_after().count()) + " ms";
    case send_status::unknown_element:
      return elem + " is on no peer node of node '" + d.opt.node + "'";
    case send_status::invalid:
      return where + ": payload over " + std::to_string(d.opt.max_payload)
             + " bytes or a reserved kind";
    case send_status::stopped: return "the bridge of node '" + d.opt.node + "' is stopped";
  }
  return where;
}

bool bridge::wait_ready(const std::vector<std::string>& nodes, std::chrono::milliseconds timeout) {
  impl& d = *impl_;
  auto is_up = [&d](const std::string& n) {
    if (n == d.opt.node)
      return true;
    const peer_slot* p = d.find(n);
    return p && p->state.load() == peer_state::up;
  };
  auto all_up = [&] {
    for (const auto& n : nodes)
      if (!is_up(n))
        return false;
    return true;
  };
  bool ok = false;
  {
    std::unique_lock<std::mutex> lk(d.ready_mtx);
    ok = d.ready_cv.wait_for(lk, timeout, all_up);
  }
  std::vector<std::string> miss;
  for (const auto& n : nodes)
    if (!is_up(n))
      miss.push_back(n);
  std::lock_guard<std::mutex> lk(d.info_mtx);
  d.missing = std::move(miss);
  return ok && d.missing.empty();
}

std::vector<std::string> bridge::missing() const {
  std::lock_guard<std::mutex> lk(impl_->info_mtx);
  return impl_->missing;
}

const std::string& bridge::node() const noexcept { return impl_->opt.node; }

int bridge::peer_index(std::string_view node) const noexcept {
  for (std::size_t i = 0; i < impl_->peers.size(); ++i)
    if (impl_->peers[i]->name == node)
      return static_cast<int>(i);
  return -1;
}

peer_state bridge::state(std::string_view node) const noexcept {
  const peer_slot* p = impl_->find(node);
  return p ? p->state.load() : peer_state::down;
}

std::vector<peer_info> bridge::peers() const {
  std::vector<peer_info> out;
  for (const auto& p : impl_->peers)
  {
    peer_info i{p->name, p->endpoint, p->state.load(), p->queued.load(), p->queued_hwm.load()};
    std::lock_guard<std::mutex> lk(p->clock_mtx);
    if (const auto e = p->clock.best()) {
      i.clock_offset_ms = static_cast<double>(e->offset_us) / 1000.0;
      i.rtt_ms = static_cast<double>(e->rtt_us) / 1000.0;
    }
    i.clock_samples = p->clock.samples();
    out.push_back(std::move(i));
  }
  return out;
}

bridge_stats bridge::stats() const {
  const bridge_counters& c = impl_->c;
  auto get = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  bridge_stats s;
  s.frames_out = get(c.frames_out);
  s.records_out = get(c.records_out);
  s.bytes_out = get(c.bytes_out);
  s.max_records_per_frame = get(c.max_records);
  s.control_out = get(c.control_out);
  s.frames_in = get(c.frames_in);
  s.records_in = get(c.records_in);
  s.bytes_in = get(c.bytes_in);
  s.control_in = get(c.control_in);
  s.malformed_frames = get(c.malformed);
  s.unknown_node_frames = get(c.unknown_node);
  s.refused_backlog_full = get(c.refused_backlog);
  s.refused_peer_down = get(c.refused_down);
  s.refused_unknown_element = get(c.refused_unknown);
  s.refused_invalid = get(c.refused_invalid);
  s.dropped_frames = get(c.dropped_frames);
  s.dropped_records = get(c.dropped_records);
  s.peer_downs = get(c.peer_downs);
  s.errors = get(c.errors);
  s.zap_accepted = get(c.zap_accepted);
  s.zap_refused = get(c.zap_refused);
  s.forged_frames = get(c.forged_frames);
  s.forged_records = get(c.forged_records);
  for (const auto& p : impl_->peers)
    s.backlog_hwm = std::max<std::uint64_t>(s.backlog_hwm, p->queued_hwm.load());
  return s;
}

std::string bridge::error() const {
  std::lock_guard<std::mutex> lk(impl_->info_mtx);
  return impl_->error;
}

} // namespace ngn::nodes
