#include "nodes/trace_tap.hpp"

#include <chrono>
#include <stdexcept>

namespace ngn::nodes {

clock_fn monotonic_unix_clock() {
  using namespace std::chrono;
  const std::int64_t wall =
    duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
  const auto base = steady_clock::now();
  return [wall, base] {
    return wall + duration_cast<microseconds>(steady_clock::now() - base).count();
  };
}

trace_tap::trace_tap(address_fn addresses, std::shared_ptr<pcap_writer> writer, tap_options opt)
    : s_(std::make_shared<state>()) {
  if (!addresses || !writer) throw std::invalid_argument("trace_tap: no address function or writer");
  if (!opt.clock) opt.clock = monotonic_unix_clock();
  s_->addresses = std::move(addresses);
  s_->writer = std::move(writer);
  s_->opt = std::move(opt);
}

void trace_tap::operator()(const elements::envelope& e) const {
  state& s = *s_;
  if (s.opt.traced && !s.opt.traced(e)) {
    s.others.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::optional<endpoint> from, to;
  if (elements::carries_protocol(e.kind)) { // a protocol message: the protocol's own ports
    const auto proto = elements::protocol_of(e.kind);
    from = s.addresses(e.from, proto);
    to = s.addresses(e.to, proto);
  } else if (e.kind == elements::envelope_kind::auc) {
    if (!s.opt.include_auc) return;
    from = s.addresses(e.from, ngn::protocol::sip);
    to = s.addresses(e.to, ngn::protocol::sip);
    if (from) from->port = s.opt.auc_port;
    if (to) to->port = s.opt.auc_port;
  } else if (e.kind == elements::envelope_kind::esp) {
    // DESIGN.md §1.2: ESP between a terminal and its edge, IP protocol 50 (no ports).
    from = s.addresses(e.from, ngn::protocol::sip);
    to = s.addresses(e.to, ngn::protocol::sip);
    if (!from || !to) {
      s.untraced.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    s.writer->write_esp(s.opt.clock(), from->ipv4, to->ipv4, e.payload);
    return;
  }
  if (!from || !to) {
    s.untraced.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const std::string_view head =
    elements::carries_protocol(e.kind) ? std::string_view{} : auc_trace_tag;
  s.writer->write(s.opt.clock(), from->ipv4, from->port, to->ipv4, to->port, head, e.payload);
}

std::uint64_t trace_tap::untraced() const noexcept {
  return s_->untraced.load(std::memory_order_relaxed);
}

std::uint64_t trace_tap::left_to_others() const noexcept {
  return s_->others.load(std::memory_order_relaxed);
}

} // namespace ngn::nodes
