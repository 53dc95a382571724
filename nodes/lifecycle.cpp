#include "nodes/lifecycle.hpp"

#include <algorithm>

namespace ngn::nodes {

std::string_view to_string(control_type t) noexcept {
  switch (t) {
    case control_type::done: return "done";
    case control_type::quiesce: return "quiesce";
    case control_type::quiesced: return "quiesced";
    case control_type::finish: return "finish";
    case control_type::final: return "final";
    case control_type::latencies: return "latencies";
  }
  return "?";
}

namespace lifecycle {

std::string_view to_string(phase p) noexcept {
  switch (p) {
    case phase::waiting_for_peers: return "waiting_for_peers";
    case phase::running: return "running";
    case phase::collecting_done: return "collecting_done";
    case phase::awaiting_quiesce: return "awaiting_quiesce";
    case phase::draining_elements: return "draining_elements";
    case phase::awaiting_quiesced: return "awaiting_quiesced";
    case phase::draining_aucs: return "draining_aucs";
    case phase::collecting_finals: return "collecting_finals";
    case phase::awaiting_finish: return "awaiting_finish";
    case phase::reporting: return "reporting";
    case phase::flushing: return "flushing";
    case phase::stopped: return "stopped";
  }
  return "?";
}

namespace {

/// "60 s", or "250 ms" when not whole seconds.
std::string describe(milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

/// " a b c"
std::string listed(const std::vector<std::string>& nodes) {
  std::string out;
  for (const auto& n : nodes) out += " " + n;
  return out;
}

/// Appends an action, emplaced as its own type (moving a temporary variant into the vector makes
/// GCC 12 at -O3 warn about uninitialised members: -Wmaybe-uninitialized false positives).
template <class A>
void emit(actions& out, A a) {
  out.emplace_back(std::in_place_type<A>, std::move(a));
}

bool is_report_head(control_type t) {
  return t == control_type::done || t == control_type::final;
}

} // namespace

machine::machine(config c) : c_(std::move(c)) {
  // Every other node once, in the topology's order (the order of the messages naming them).
  std::vector<std::string> peers;
  for (auto& n : c_.peers)
    if (n != c_.self && std::find(peers.begin(), peers.end(), n) == peers.end())
      peers.push_back(std::move(n));
  c_.peers = std::move(peers);
}

bool machine::hosts_terminals() const noexcept {
  const auto& t = c_.terminal_nodes;
  return std::find(t.begin(), t.end(), c_.self) != t.end();
}

int machine::status() const noexcept {
  if (unreachable_) return 4; // README "Exit status": 4, the peers were not reachable
  if (interrupted_ || gave_up_) return 1;
  if (is_collector()) return all_established_ && !incomplete_ ? 0 : 1;
  return 0;
}

bool machine::is_peer(const std::string& node) const {
  return std::find(c_.peers.begin(), c_.peers.end(), node) != c_.peers.end();
}

std::vector<std::string> machine::missing(const std::vector<std::string>& among,
                                          const std::set<std::string>& have) const {
  std::vector<std::string> out;
  for (const auto& n : among)
    if (have.count(n) == 0 && gone_.count(n) == 0) out.push_back(n);
  return out;
}

void machine::give_up_on_down(const std::vector<std::string>& among,
                              const std::set<std::string>& have, std::string_view what,
                              actions& out) {
  for (const auto& n : among)
    if (have.count(n) == 0 && gone_.count(n) == 0 && down_.count(n) != 0) {
      gone_.insert(n);
      gave_up_ = true;
      emit(out, log{"node " + n + " went down before " + std::string(what)});
    }
}

void machine::enter(phase p, time_point now, std::optional<milliseconds> wait) {
  phase_ = p;
  wait_ = wait.value_or(milliseconds{0});
  deadline_ = wait ? std::optional<time_point>{now + *wait} : std::nullopt;
}

// -- entry points -----------------------------------------------------------------------------

actions machine::start(time_point now) {
  actions out;
  enter(phase::waiting_for_peers, now, c_.limits.ready);
  if (c_.peers.empty()) barrier_passed(now, out);
  return out;
}

actions machine::handle(const event& e, time_point now) {
  actions out;
  if (phase_ == phase::stopped) return out;
  std::visit([&](const auto& x) { on(x, now, out); }, e);
  if (phase_ != phase::stopped && deadline_ && now >= *deadline_) deadline_passed(now, out);
  return out;
}

// -- events -----------------------------------------------------------------------------------

void machine::on(const peer_up& e, time_point now, actions& out) {
  if (!is_peer(e.node)) return;
  up_.insert(e.node);
  const bool came_back = down_.erase(e.node) != 0;
  if (phase_ == phase::waiting_for_peers) {
    if (up_.size() == c_.peers.size()) barrier_passed(now, out);
    return;
  }
  if (came_back) resend_to(e.node, out);
}

void machine::on(const peer_down& e, time_point now, actions& out) {
  if (!is_peer(e.node)) return;
  up_.erase(e.node);
  down_.insert(e.node);
  check_quiesced(now, out);
  check_finals(now, out);
  check_finish(now, out);
}

void machine::on(const groups_finished&, time_point now, actions& out) {
  if (phase_ == phase::running) groups_done(now, out);
}

void machine::on(const received& e, time_point now, actions& out) {
  const auto& h = e.header;
  if (!is_peer(h.node) && h.node != c_.self) return;
  const bool from_collector = h.node == c_.collector && !is_collector();
  switch (h.type) {
    case control_type::quiesce:
      if (!from_collector || quiesce_received_) return; // twice: drained once
      quiesce_received_ = true;
      if (phase_ == phase::awaiting_quiesce) begin_quiesce(now, out);
      return;
    case control_type::quiesced:
      if (h.node == c_.self) return;
      quiesced_from_.insert(h.node);
      check_quiesced(now, out);
      return;
    case control_type::finish:
      if (!from_collector) return;
      finish_received_ = true;
      check_finish(now, out);
      return;
    case control_type::done:
    case control_type::final:
    case control_type::latencies:
      if (is_collector()) on_report_part(e, now, out);
      return;
  }
}

void machine::on(const elements_drained&, time_point now, actions& out) {
  if (phase_ != phase::draining_elements) return;
  send_to_reachable_peers(control_type::quiesced, out);
  sent_quiesced_ = true;
  enter(phase::awaiting_quiesced, now, c_.limits.finish);
  check_quiesced(now, out);
}

void machine::on(const aucs_drained&, time_point now, actions& out) {
  if (phase_ != phase::draining_aucs) return;
  send_report_to_collector(control_type::final, out);
  if (is_collector()) {
    enter(phase::collecting_finals, now, c_.limits.finish);
    check_finals(now, out);
  } else {
    enter(phase::awaiting_finish, now, 2 * c_.limits.finish);
    check_finish(now, out);
  }
}

void machine::on(const summary_printed& e, time_point now, actions& out) {
  if (phase_ != phase::reporting) return;
  all_established_ = e.all_established;
  enter(phase::flushing, now, c_.limits.flush);
  emit(out, flush_bridge{});
}

void machine::on(const bridge_flushed&, time_point, actions& out) {
  if (phase_ == phase::flushing) stop(status(), out);
}

void machine::on(const interrupted&, time_point now, actions& out) {
  if (interrupted_) return;
  interrupted_ = true;
  switch (phase_) {
    case phase::waiting_for_peers:
      emit(out, log{"interrupted before every peer was up"});
      stop(status(), out);
      return;
    case phase::running:
      emit(out, log{"interrupted: stopping the terminal groups; the other nodes are not "
                    "waited for"});
      emit(out, stop_groups{});
      return;
    default:
      emit(out, log{"interrupted: the other nodes are not waited for"});
      break;
  }
  switch (phase_) {
    case phase::collecting_done: check_done(now, out); break;
    case phase::awaiting_quiesce: begin_quiesce(now, out); break;
    default:
      check_quiesced(now, out);
      check_finals(now, out);
      check_finish(now, out);
      break;
  }
}

// -- reports (collector) ----------------------------------------------------------------------

void machine::on_report_part(const received& e, time_point now, actions& out) {
  const auto& h = e.header;
  if (h.parts == 0 || h.part >= h.parts) return;
  auto& s = staging_[h.node];
  if (is_report_head(h.type)) {
    if (h.part != 0) return;
    if (s.type || (s.parts != 0 && s.parts != h.parts)) s = report_slot{}; // sent again: anew
    s.type = h.type;
    s.parts = h.parts;
  } else {
    if (h.part == 0 || (s.parts != 0 && s.parts != h.parts)) return;
    s.parts = h.parts;
  }
  if (!s.got.emplace(h.part, e.body).second) return; // a part twice
  if (!s.type || s.got.size() != s.parts) return;
  const auto type = *s.type;
  merge_report m;
  for (auto& [part, body] : s.got) m.parts.push_back(std::move(body));
  staging_.erase(h.node);
  auto& merged = type == control_type::done ? done_from_ : final_from_;
  if (!merged.insert(h.node).second) return; // the same report again: merged once
  emit(out, std::move(m));
  if (type == control_type::done) check_done(now, out);
  else check_finals(now, out);
}

// -- steps ------------------------------------------------------------------------------------

void machine::barrier_passed(time_point now, actions& out) {
  enter(phase::running, now);
  emit(out, start_groups{});
  if (!hosts_terminals()) groups_done(now, out);
}

void machine::groups_done(time_point now, actions& out) {
  if (hosts_terminals()) send_report_to_collector(control_type::done, out);
  if (is_collector()) {
    enter(phase::collecting_done, now, c_.limits.run);
    check_done(now, out);
  } else {
    enter(phase::awaiting_quiesce, now, c_.limits.run + c_.limits.finish);
    if (quiesce_received_ || interrupted_) begin_quiesce(now, out);
  }
}

void machine::check_done(time_point now, actions& out) {
  if (phase_ != phase::collecting_done) return;
  if (interrupted_ || missing(c_.terminal_nodes, done_from_).empty()) begin_quiesce(now, out);
}

void machine::begin_quiesce(time_point now, actions& out) {
  if (is_collector()) {
    send_to_reachable_peers(control_type::quiesce, out);
    sent_quiesce_ = true;
  }
  enter(phase::draining_elements, now);
  emit(out, drain_elements{});
}

void machine::check_quiesced(time_point now, actions& out) {
  if (phase_ != phase::awaiting_quiesced) return;
  if (c_.hosts_aucs && !interrupted_) {
    give_up_on_down(c_.peers, quiesced_from_, "it quiesced: the AuCs drain without it", out);
    if (!missing(c_.peers, quiesced_from_).empty()) return;
  }
  enter(phase::draining_aucs, now);
  emit(out, drain_aucs{});
}

void machine::check_finals(time_point now, actions& out) {
  if (phase_ != phase::collecting_finals) return;
  if (final_from_.count(c_.self) == 0) return; // its own: handed back at once
  if (!interrupted_) {
    give_up_on_down(c_.peers, final_from_, "its final report", out);
    if (!missing(c_.peers, final_from_).empty()) return;
  }
  send_finish_and_report(now, out);
}

void machine::send_finish_and_report(time_point now, actions& out) {
  send_to_reachable_peers(control_type::finish, out);
  report(now, out);
}

void machine::check_finish(time_point now, actions& out) {
  if (phase_ != phase::awaiting_finish) return;
  if (!finish_received_ && !interrupted_) {
    if (down_.count(c_.collector) == 0) return;
    gave_up_ = true;
    emit(out, log{"the collector " + c_.collector + " went down before it sent finish"});
  }
  report(now, out);
}

void machine::report(time_point now, actions& out) {
  enter(phase::reporting, now);
  emit(out, print_summary{is_collector(), incomplete_, interrupted_});
}

void machine::stop(int status, actions& out) {
  phase_ = phase::stopped;
  deadline_.reset();
  emit(out, exit_node{status});
}

void machine::send_to_reachable_peers(control_type type, actions& out) const {
  std::vector<std::string> to;
  for (const auto& n : c_.peers)
    if (down_.count(n) == 0) to.push_back(n);
  if (!to.empty()) emit(out, send{std::move(to), type});
}

void machine::send_report_to_collector(control_type type, actions& out) {
  if (!is_collector()) (type == control_type::done ? sent_done_ : sent_final_) = true;
  // The collector hands its own back to itself; one that is down gets it if it comes back.
  if (down_.count(c_.collector) == 0) emit(out, send_report{c_.collector, type});
}

void machine::resend_to(const std::string& node, actions& out) {
  const bool to_collector = node == c_.collector;
  if (to_collector && sent_done_) emit(out, send_report{node, control_type::done});
  if (sent_quiesce_) emit(out, send{{node}, control_type::quiesce});
  if (sent_quiesced_) emit(out, send{{node}, control_type::quiesced});
  if (to_collector && sent_final_) emit(out, send_report{node, control_type::final});
}

void machine::deadline_passed(time_point now, actions& out) {
  const auto after = " after " + describe(wait_);
  switch (phase_) {
    case phase::waiting_for_peers: {
      std::vector<std::string> miss;
      for (const auto& n : c_.peers)
        if (up_.count(n) == 0) miss.push_back(n);
      emit(out, log{"peers not reachable" + after + ":" + listed(miss)});
      unreachable_ = true;
      stop(status(), out);
      return;
    }
    case phase::collecting_done: {
      const auto miss = missing(c_.terminal_nodes, done_from_);
      emit(out, log{"no done report" + after + " from" + listed(miss)
                    + ": the run counts as timed out"});
      incomplete_ = gave_up_ = true;
      begin_quiesce(now, out);
      return;
    }
    case phase::awaiting_quiesce:
      emit(out, log{"no quiesce from the collector " + c_.collector + after
                    + ": finishing without it"});
      gave_up_ = true;
      begin_quiesce(now, out);
      return;
    case phase::awaiting_quiesced: {
      const auto miss = missing(c_.peers, quiesced_from_);
      emit(out, log{"no quiesced" + after + " from" + listed(miss)
                    + ": the AuCs drain without them"});
      gone_.insert(miss.begin(), miss.end());
      gave_up_ = true;
      check_quiesced(now, out);
      return;
    }
    case phase::collecting_finals: {
      const auto miss = missing(c_.peers, final_from_);
      emit(out, log{"some nodes sent no final report" + after + ":" + listed(miss)});
      gone_.insert(miss.begin(), miss.end());
      gave_up_ = true;
      send_finish_and_report(now, out);
      return;
    }
    case phase::awaiting_finish:
      emit(out, log{"no finish from the collector " + c_.collector + after
                    + ": stopping without it"});
      gave_up_ = true;
      report(now, out);
      return;
    case phase::flushing:
      emit(out, log{"the bridge still held frames for other nodes" + after
                    + ": they are lost"});
      stop(status(), out);
      return;
    default:
      deadline_.reset();
      return;
  }
}

} // namespace lifecycle
} // namespace ngn::nodes
