// Wire format of the node-to-node bridge (DESIGN.md §3 "Distribution"; reference/caf-0.17.md §6.1:
// several records packed into one ZeroMQ frame). Pure code: no ZeroMQ, no CAF, no I/O.
//
// One ZeroMQ frame (message part), all integers big-endian:
//
//   u8   version          0xB2 (magic and version in one byte)
//   u8   name_len         1..64
//   name                  the sending node's name (every frame names its sender, so any frame,
//                         not only a heartbeat, proves the sender alive: a peer flooding us with
//                         data is never declared down because its heartbeats queue behind data)
//   record*               until the end of the frame (a frame may hold no record), each:
//     u32  len            bytes after this field: 25 + payload size
//     u64  to             destination element
//     u64  from           source element
//     u64  origin         the terminal a proxy relays for (elements::envelope), else 0
//     u8   kind           0x00..0xEF: an envelope (ngn::elements::envelope_kind)
//                         0xF0 hello, 0xF1 heartbeat, 0xF2 clock (control, never delivered);
//                         0xF3..0xFF reserved
//     payload             envelope bytes; for hello/heartbeat exactly a u64 incarnation (random per
//                         bridge instance: a restarted peer announces a new one), to = from =
//                         origin = 0; for clock (at most one per frame, next to a hello or a
//                         heartbeat) three i64 Unix µs: `sent` (the sender's wall clock as the
//                         frame leaves), `echo_sent` (the `sent` of the last clock record the
//                         sender received from the addressee, 0 = none) and `echo_received`
//                         (when that one arrived, the sender's clock): nodes/clock_offset.hpp
//
// A frame is accepted whole or not at all: any violation drops the frame (DESIGN.md §5).
#pragma once

#include "elements/common.hpp"
#include "protocols/common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::nodes::wire {

constexpr std::uint8_t version = 0xB2;
constexpr std::uint8_t kind_hello = 0xF0;
constexpr std::uint8_t kind_heartbeat = 0xF1;
constexpr std::uint8_t kind_clock = 0xF2;
/// Kinds from here up are control records (reserved for the bridge).
constexpr std::uint8_t first_control_kind = 0xF0;
/// u32 len + u64 to + u64 from + u64 origin + u8 kind.
constexpr std::size_t record_overhead = 4 + 8 + 8 + 8 + 1;
/// Bytes counted by `len` besides the payload.
constexpr std::size_t record_fixed = 8 + 8 + 8 + 1;
constexpr std::size_t max_name = 64;

/// Receive-side limits (a peer may not make us parse or allocate more than this).
struct limits {
  std::size_t max_frame = std::size_t{1} << 20;   ///< bytes of one frame
  std::size_t max_payload = std::size_t{64} << 10; ///< bytes of one record's payload
};

/// Bytes of the frame header for `node` (2 + name length).
inline std::size_t header_size(std::string_view node) noexcept { return 2 + node.size(); }

/// Starts a frame: version, name length, name. The name must be 1..max_name bytes (checked by the
/// bridge at construction; truncated here otherwise).
void append_header(std::string& frame, std::string_view node);

/// Appends one envelope record. The caller checks kind < first_control_kind and the payload size.
void append_record(std::string& frame, elements::element_id to, elements::element_id from,
                   elements::element_id origin, std::uint8_t kind, std::string_view payload);

/// Appends a hello or heartbeat record carrying the sender's incarnation.
void append_control(std::string& frame, std::uint8_t kind, std::uint64_t incarnation);

/// A clock record's times (see above), Unix µs.
struct clock_stamp {
  std::int64_t sent = 0, echo_sent = 0, echo_received = 0;
};

/// Appends a clock record.
void append_clock(std::string& frame, const clock_stamp& c);

/// A validated frame. `sender` points into the parsed bytes.
struct parsed_frame {
  std::string_view sender;
  std::vector<elements::envelope> envelopes;
  std::uint32_t control_records = 0;
  bool hello = false;
  std::uint64_t incarnation = 0; ///< from the hello/heartbeat records, 0 if none
  bool has_clock = false;        ///< a clock record came with it
  clock_stamp clock;
};

/// Validates the whole frame first (no allocation for a bad one), then extracts the envelopes.
/// Errors: limit_exceeded (frame, payload), malformed (version, name, record length, control
/// record shape, conflicting incarnations, two clock records, reserved kind), incomplete (truncated header/record).
result<parsed_frame> parse_frame(std::string_view frame, const limits& lim);

} // namespace ngn::nodes::wire
