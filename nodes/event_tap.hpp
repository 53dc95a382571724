// `--events` (issue 10 item 5): the router's tap records every message of every hop as one row
// of the AuC database's `events` table — who sent it to whom, protocol, message kind, identity,
// the protocol's correlation ids (SIP Call-ID and Via branch, MGCP / H.248 transaction id, RAS
// requestSeqNum, AuC session ids), the session id as the wire shows it and the response code.
//
// Off the hot path: the tap (on the sending actor's thread) only copies the envelope and the
// time into a queue; one recorder thread decodes each message with the protocol's own binding
// (protocols/dialogue) or codec (protocols/auc) and submits the rows in batches to the AuC's
// group-commit writer (storage/writer.hpp). A message that does not decode is still recorded
// with what is known (ends, protocol, time) and the decoder's error in `detail`. No CAF here.
#pragma once

#include "elements/common.hpp"
#include "nodes/trace_tap.hpp"
#include "storage/writer.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ngn::dialogue {
class registry;
}

namespace ngn::nodes {

class plan;

/// An element's name in events: terminals by their identity, other elements by topology name.
using name_fn = std::function<std::string(elements::element_id)>;
name_fn event_names(const plan& p);

/// One envelope as an events row (pure; what the recorder thread runs for each message).
storage::event_insert describe_event(const elements::envelope& e, std::int64_t t,
                                     const dialogue::registry& bindings, const name_fn& names);

class event_recorder {
public:
  /// `writer` (the AuC's) and `bindings` must outlive the recorder. Starts the thread.
  event_recorder(name_fn names, const dialogue::registry& bindings, storage::writer& writer,
                 clock_fn clock = {});
  /// close().
  ~event_recorder();
  event_recorder(const event_recorder&) = delete;
  event_recorder& operator=(const event_recorder&) = delete;

  /// The router's tap: copies `e` with the time; thread-safe, never blocks on the database.
  std::function<void(const elements::envelope&)> tap();

  /// Records what is queued, submits it to the writer and stops the thread (idempotent). Taps
  /// called afterwards are counted as dropped.
  void close();

  std::uint64_t recorded() const noexcept; ///< rows submitted to the writer
  std::uint64_t dropped() const noexcept;  ///< envelopes tapped after close()

private:
  struct state;
  std::shared_ptr<state> s_;
};

} // namespace ngn::nodes
