// The binary encoding of the SS ↔ AuC leg (DESIGN.md §3 "a compact binary encoding of its own"),
// the same in-process and across nodes; pure, never throws (DESIGN.md §5).
//
//   message = tag (1 byte, the table below) ‖ fields in declaration order
//   integers big-endian (u8/u16/u32/i64); strings: u16 length ‖ bytes, at most 1024 bytes (longer ones
//   are cut when encoding, refused when decoding); fixed-size arrays raw; protocol, status,
//   end_cause and acked as u8 (their enumerations), bool as u8 0/1; the soft switch's session
//   ids 16 raw bytes (protocols/common/session_id.hpp; layout 2 of the trace tag, issue 12 item 3:
//   layout 1 carried them as u32).
//
//   tag  message          DESIGN.md §1
//   0x01 auth_request     step 2, SS → AuC
//   0x02 auth_vector      step 3, AuC → SS
//   0x03 resync_request   TS 33.102 §6.3.5, SS → AuC
//   0x04 auth_report      step 6, SS → AuC (success / failure message)
//   0x05 report_ack       AuC → SS, the report (or registration end) is committed
//   0x06 registration_end DESIGN.md §1.2, edge → SS → AuC (expired, deregistered, superseded)
#pragma once

#include "protocols/auc/messages.hpp"
#include "protocols/common/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ngn::auc {

enum class tag : std::uint8_t {
  auth_request = 0x01,
  auth_vector = 0x02,
  resync_request = 0x03,
  auth_report = 0x04,
  report_ack = 0x05,
  registration_end = 0x06,
};

/// Strings longer than this are cut when encoding and refused when decoding.
inline constexpr std::size_t max_string = 1024;

tag tag_of(const message& m) noexcept;

std::string encode(const message& m);
/// A whole message: errc::incomplete when truncated, errc::unsupported for an unknown tag,
/// errc::malformed for a bad enumeration value or trailing bytes.
result<message> decode(std::string_view bytes);

} // namespace ngn::auc
