#include "nodes/event_tap.hpp"

#include "nodes/plan.hpp"
#include "protocols/auc/codec.hpp"
#include "protocols/common/mechanism.hpp"
#include "protocols/dialogue/registry.hpp"
#include "protocols/dialogue/wire_ids.hpp"
#include "topology/identity.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace ngn::nodes {

namespace {

using elements::envelope;
using elements::envelope_kind;
using storage::event_insert;

// -- one message → one row ----------------------------------------------------------------------

/// The H.248 message's kind: its commands ("ServiceChange", "Modify", "Notify") or "Reply",
/// joined by '+'; the response code of a reply (200, or its error descriptor's code).
void h248_kind(const h248::message& m, event_insert& r) {
  auto add = [&r](std::string_view k) {
    if (!r.kind.empty()) r.kind += '+';
    r.kind += k;
  };
  if (m.error) {
    add("Error");
    r.response_code = m.error->error_code;
  }
  for (const auto& t : m.transactions) {
    if (const auto* q = std::get_if<h248::transaction_request>(&t)) {
      for (const auto& a : q->actions)
        for (const auto& c : a.commands) {
          if (std::holds_alternative<h248::service_change_request>(c)) add("ServiceChange");
          else if (std::holds_alternative<h248::notify_request>(c)) add("Notify");
          else if (std::holds_alternative<h248::subtract_request>(c)) add("Subtract");
          else add("Modify");
        }
    } else if (const auto* p = std::get_if<h248::transaction_reply>(&t)) {
      add("Reply");
      std::uint16_t code = p->error ? p->error->error_code : 0;
      for (const auto& a : p->action_replies) {
        if (a.error && code == 0) code = a.error->error_code;
        for (const auto& cr : a.command_replies)
          std::visit([&code](const auto& x) { if (x.error && code == 0) code = x.error->error_code; },
                     cr);
      }
      r.response_code = code != 0 ? code : 200;
    } else {
      add("Pending");
    }
  }
}

/// Kind, correlation ids and response code from the decoded protocol message.
void from_original(const dialogue::wire_message& w, event_insert& r) {
  if (const auto* s = std::get_if<sip::message>(&w)) {
    r.kind = s->is_request ? s->method : std::to_string(s->status);
    if (!s->is_request) r.response_code = static_cast<std::uint32_t>(s->status);
    r.call_id = s->call_id;
  } else if (const auto* m = std::get_if<mgcp::message>(&w)) {
    if (const auto* c = std::get_if<mgcp::command>(m)) {
      r.kind = c->verb;
    } else {
      const auto& resp = std::get<mgcp::response>(*m);
      r.kind = std::to_string(resp.code);
      r.response_code = resp.code;
    }
  } else if (const auto* h = std::get_if<h248::message>(&w)) {
    h248_kind(*h, r);
  } else if (const auto* q = std::get_if<ras::ras_message>(&w)) {
    r.kind = std::string(ras::message_name(*q));
  }
}

/// The first line of a text message, at most 40 characters: what is known of one that does not
/// decode.
std::string first_line(std::string_view payload) {
  auto end = payload.find_first_of("\r\n");
  auto line = payload.substr(0, std::min<std::size_t>(end, 40));
  std::string out;
  for (char ch : line) out += (ch >= 0x20 && ch < 0x7f) ? ch : '?';
  return out;
}

void describe_protocol(const envelope& e, const dialogue::registry& bindings, event_insert& r) {
  const auto proto = elements::protocol_of(e.kind);
  r.protocol = std::string(to_string(proto));
  auto in = bindings[proto].decode(e.payload);
  if (!in) {
    // Recorded all the same (never a crash): the error and, for the text protocols, the line.
    if (proto != protocol::h323) r.kind = first_line(e.payload);
    if (r.kind.empty()) r.kind = "?";
    r.detail = "does not decode: " + in.error().describe();
    return;
  }
  const auto& c = in->c;
  from_original(in->original, r);
  r.direction = c.is_response ? "response" : "request";
  r.identity = c.identity;
  r.transaction = c.tid;
  r.wire_session = dialogue::wire_session(proto, c.session_id);
  if ((c.kind == dialogue::step::rejection || c.kind == dialogue::step::refusal)
      && r.response_code == 0)
    r.response_code = dialogue::wire_code(proto, c.result); // MGCP RQNT X-RSLT, RAS result
  if (c.kind == dialogue::step::challenge && r.response_code == 0 && proto != protocol::h248)
    r.response_code = dialogue::wire_code(proto, dialogue::code::unauthorized);
  // A confirm without a code of its own (RAS GCF/RCF/UCF): the binding's neutral result.
  if (c.is_response && r.response_code == 0) r.response_code = dialogue::wire_code(proto, c.result);
  // What the timeline shows: the dialogue step and the mechanism lists the message carries.
  r.detail = "step=" + std::string(dialogue::to_string(c.kind));
  if (!c.offered.empty()) r.detail += "; offered=" + format_mechanisms(c.offered);
  if (!c.edge.empty()) r.detail += "; edge=" + format_mechanisms(c.edge);
  if (!c.chosen.empty()) r.detail += "; chosen=" + c.chosen;
  if (!c.reason.empty()) r.detail += "; reason=" + c.reason;
}

void describe_auc(const envelope& e, event_insert& r) {
  r.protocol = "auc";
  auto m = auc::decode(e.payload);
  if (!m) {
    r.kind = "?";
    r.detail = "does not decode: " + m.error().describe();
    return;
  }
  std::visit(
    [&r](const auto& x) {
      using T = std::decay_t<decltype(x)>;
      if constexpr (std::is_same_v<T, auc::auth_request>) {
        r.kind = "auth_request";
        r.direction = "request";
        r.identity = x.identity;
        r.wire_session = x.wire_session;
        r.transaction = x.session_id.hex();
      } else if constexpr (std::is_same_v<T, auc::auth_vector>) {
        r.kind = "auth_vector";
        r.direction = "response";
        r.session_id = x.db_id;
        r.transaction = x.session_id.hex();
        r.detail = "status=" + std::string(auc::to_string(x.result));
      } else if constexpr (std::is_same_v<T, auc::resync_request>) {
        r.kind = "resync_request";
        r.direction = "request";
        r.identity = x.identity;
        r.session_id = x.db_id;
        r.transaction = x.session_id.hex();
      } else if constexpr (std::is_same_v<T, auc::auth_report>) {
        r.kind = "auth_report";
        r.direction = "request";
        r.identity = x.identity;
        r.session_id = x.db_id;
        r.transaction = x.session_id.hex();
        r.wire_session = x.wire_session;
        r.response_code = x.response_code;
        r.detail = x.success ? "success; mechanism=" + x.mechanism
                             : "failure; detected_by=" + x.detected_by + "; reason=" + x.reason;
      } else if constexpr (std::is_same_v<T, auc::report_ack>) {
        r.kind = "report_ack";
        r.direction = "response";
        r.session_id = x.db_id;
      } else {
        r.kind = "registration_end";
        r.direction = "request";
        r.identity = x.identity;
        r.session_id = x.db_id;
        r.transaction = x.session_id.hex();
        r.detail = "cause=" + std::string(auc::to_string(x.cause));
      }
    },
    *m);
}

} // namespace

name_fn event_names(const plan& p) {
  return [&p](elements::element_id id) -> std::string {
    if (elements::is_terminal(id)) {
      const auto g = static_cast<std::size_t>((id >> 32) - 1);
      if (g < p.groups().size()) {
        auto identity = topology::identity_for(*p.groups()[g].group, id & 0xffffffffu);
        if (!identity.empty()) return identity;
      }
    }
    return p.name_of(id);
  };
}

storage::event_insert describe_event(const envelope& e, std::int64_t t,
                                     const dialogue::registry& bindings, const name_fn& names) {
  event_insert r;
  r.t = t;
  r.element = names(e.from);
  r.peer = names(e.to);
  if (elements::carries_protocol(e.kind)) {
    describe_protocol(e, bindings, r);
  } else if (e.kind == envelope_kind::auc) {
    describe_auc(e, r);
  } else if (e.kind == envelope_kind::esp) {
    // RFC 4303 §2: SPI and sequence number in clear; the protocol message inside is not opened.
    r.protocol = "esp";
    r.kind = "ESP";
    if (e.payload.size() >= 8) {
      auto u32 = [&e](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<std::uint8_t>(e.payload[at + i]);
        return v;
      };
      r.transaction = std::to_string(u32(4));
      r.detail = "spi=" + std::to_string(u32(0)) + "; seq=" + std::to_string(u32(4));
    } else {
      r.detail = "shorter than an ESP header";
    }
  } else {
    r.protocol = "control";
    r.kind = "control";
  }
  // A message between a terminal and the network names the terminal even where its protocol
  // does not (ESP, a reply without the identity).
  if (r.identity.empty()) {
    if (elements::is_terminal(e.from)) r.identity = r.element;
    else if (elements::is_terminal(e.to)) r.identity = r.peer;
  }
  return r;
}

// -- the recorder ---------------------------------------------------------------------------------

struct event_recorder::state {
  name_fn names;
  const dialogue::registry* bindings = nullptr;
  storage::writer* writer = nullptr;
  clock_fn clock;
  struct raw {
    envelope e;
    std::int64_t t;
  };
  std::mutex mtx;
  std::condition_variable cv;
  std::vector<raw> queue;
  bool closing = false;
  std::atomic<std::uint64_t> recorded{0}, dropped{0};
  std::thread worker;

  void run() {
    std::vector<raw> batch;
    std::vector<storage::write_op> ops;
    for (;;) {
      {
        std::unique_lock lock{mtx};
        // Up to 20 ms of messages per batch: one writer submission (one transaction) each.
        cv.wait_for(lock, std::chrono::milliseconds(20), [this] { return closing; });
        batch.swap(queue);
        if (batch.empty() && closing) return;
      }
      ops.clear();
      ops.reserve(batch.size());
      for (const auto& r : batch) ops.emplace_back(describe_event(r.e, r.t, *bindings, names));
      if (!ops.empty()) {
        recorded.fetch_add(ops.size(), std::memory_order_relaxed);
        writer->submit(std::move(ops));
        ops = {};
      }
      batch.clear();
    }
  }
};

event_recorder::event_recorder(name_fn names, const dialogue::registry& bindings,
                               storage::writer& writer, clock_fn clock)
    : s_(std::make_shared<state>()) {
  s_->names = std::move(names);
  s_->bindings = &bindings;
  s_->writer = &writer;
  s_->clock = clock ? std::move(clock) : monotonic_unix_clock();
  s_->worker = std::thread([s = s_.get()] { s->run(); });
}

event_recorder::~event_recorder() { close(); }

std::function<void(const envelope&)> event_recorder::tap() {
  return [s = s_](const envelope& e) {
    if (e.kind == envelope_kind::control) return; // between node processes, not a hop
    const auto t = s->clock();
    std::lock_guard lock{s->mtx};
    if (s->closing) {
      s->dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    s->queue.push_back(state::raw{e, t});
  };
}

void event_recorder::close() {
  {
    std::lock_guard lock{s_->mtx};
    if (s_->closing && !s_->worker.joinable()) return;
    s_->closing = true;
  }
  s_->cv.notify_all();
  if (s_->worker.joinable()) s_->worker.join();
}

std::uint64_t event_recorder::recorded() const noexcept {
  return s_->recorded.load(std::memory_order_relaxed);
}

std::uint64_t event_recorder::dropped() const noexcept {
  return s_->dropped.load(std::memory_order_relaxed);
}

} // namespace ngn::nodes
