#include "nodes/listeners.hpp"

#include "actors/listener_id.hpp"

#include <cstdio>
#include <thread>

namespace ngn::nodes {

namespace {

std::string line(const std::string& name, const udp_listener& l) {
  const auto s = l.stats();
  const auto& t = s.transactions;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "  listener %s (%s): %llu datagrams in, %llu requests to the element, "
                "%llu retransmissions absorbed (%llu answered again), %llu answers sent, "
                "%llu refused (503), %llu too large, %llu undecodable passed on / %llu dropped, "
                "%llu responses/ACKs ignored, %zu transactions open\n",
                l.local().c_str(), name.c_str(), static_cast<unsigned long long>(s.received),
                static_cast<unsigned long long>(s.delivered),
                static_cast<unsigned long long>(t.absorbed),
                static_cast<unsigned long long>(t.resent), static_cast<unsigned long long>(s.sent),
                static_cast<unsigned long long>(s.overload_503),
                static_cast<unsigned long long>(s.too_large),
                static_cast<unsigned long long>(s.junk_delivered),
                static_cast<unsigned long long>(s.junk_dropped),
                static_cast<unsigned long long>(s.responses_dropped), s.open_transactions);
  return buf;
}

} // namespace

listeners::listeners(const plan& p, actors::router& r,
                     const std::function<bool(const std::string&)>& hosts, listener_limits limits) {
  // Indexed by listener number (the client ids' middle byte); null for those hosted elsewhere.
  auto table = std::make_shared<std::vector<std::shared_ptr<udp_listener>>>();
  for (const auto& lp : p.listeners()) {
    if (!hosts(lp.node)) continue;
    auto deliver = [&r](elements::envelope&& e) { return r.send_from_outside(std::move(e)); };
    auto l = std::make_shared<udp_listener>(lp.index, lp.element, lp.endpoint, deliver, limits);
    if (table->size() <= lp.index) table->resize(lp.index + 1);
    (*table)[lp.index] = l;
    open_.push_back(std::move(l));
    names_.push_back(lp.element_name);
  }
  if (open_.empty()) return;
  // The sink holds the listeners (shared): an element answering late, even after this object is
  // gone, only meets a stopped listener that drops and counts the answer.
  r.set_listener_sink([table](elements::envelope&& e) {
    const auto i = actors::listener_of(e.to);
    if (i >= table->size() || !(*table)[i]) return false;
    return (*table)[i]->send(std::move(e));
  });
}

listeners::~listeners() { stop(); }

void listeners::stop() {
  for (auto& l : open_) l->stop();
}

void listeners::serve(const std::function<bool()>& stop, bool progress) const {
  if (open_.empty()) return;
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  std::vector<std::uint64_t> last_delivered(open_.size(), 0);
  while (!(stop && stop())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto now = std::chrono::steady_clock::now();
    if (!progress || now - last < std::chrono::seconds(1)) continue;
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    for (std::size_t i = 0; i < open_.size(); ++i) {
      const auto s = open_[i]->stats();
      std::fprintf(stderr, "  %6.1f s  %s (%s): %llu requests (%.0f/s), %llu answers, %llu "
                           "retransmissions absorbed, %zu transactions open\n",
                   std::chrono::duration<double>(now - t0).count(), open_[i]->local().c_str(),
                   names_[i].c_str(), static_cast<unsigned long long>(s.delivered),
                   double(s.delivered - last_delivered[i]) / dt,
                   static_cast<unsigned long long>(s.sent),
                   static_cast<unsigned long long>(s.transactions.absorbed), s.open_transactions);
      last_delivered[i] = s.delivered;
    }
  }
}

std::string listeners::describe() const {
  std::string out;
  for (std::size_t i = 0; i < open_.size(); ++i)
    out += "listening on " + open_[i]->local() + " (" + names_[i] + ")\n";
  return out;
}

std::string listeners::summary() const {
  std::string out;
  for (std::size_t i = 0; i < open_.size(); ++i) out += line(names_[i], *open_[i]);
  return out;
}

std::function<bool()> stop_after(std::function<bool()> stop, std::chrono::milliseconds run_time) {
  const auto deadline = std::chrono::steady_clock::now() + run_time;
  const bool timed = run_time.count() > 0;
  return [stop = std::move(stop), deadline, timed] {
    return (stop && stop()) || (timed && std::chrono::steady_clock::now() >= deadline);
  };
}

} // namespace ngn::nodes
