// Member-wise equality of the H.248 model (C++17 has no defaulted operator==).
#include "protocols/h248/message.hpp"

namespace ngn::h248 {

bool operator==(const parameter& a, const parameter& b) noexcept {
  return a.name == b.name && a.value == b.value && a.quoted == b.quoted;
}

bool operator==(const time_notation& a, const time_notation& b) noexcept {
  return a.date == b.date && a.time == b.time;
}

bool operator==(const error_descriptor& a, const error_descriptor& b) noexcept {
  return a.error_code == b.error_code && a.error_text == b.error_text;
}

bool operator==(const requested_event& a, const requested_event& b) noexcept {
  return a.pkgd_name == b.pkgd_name && a.params == b.params;
}

bool operator==(const events_descriptor& a, const events_descriptor& b) noexcept {
  return a.request_id == b.request_id && a.events == b.events;
}

bool operator==(const signal_request& a, const signal_request& b) noexcept {
  return a.signal_name == b.signal_name && a.params == b.params;
}

bool operator==(const signals_descriptor& a, const signals_descriptor& b) noexcept {
  return a.signals == b.signals;
}

bool operator==(const observed_event& a, const observed_event& b) noexcept {
  return a.pkgd_name == b.pkgd_name && a.params == b.params && a.timestamp == b.timestamp;
}

bool operator==(const observed_events_descriptor& a, const observed_events_descriptor& b) noexcept {
  return a.request_id == b.request_id && a.events == b.events;
}

bool operator==(const service_change_profile& a, const service_change_profile& b) noexcept {
  return a.name == b.name && a.version == b.version;
}

bool operator==(const service_change_parm& a, const service_change_parm& b) noexcept {
  return a.method == b.method && a.method_extension == b.method_extension && a.reason == b.reason
         && a.delay == b.delay && a.address == b.address && a.profile == b.profile
         && a.version == b.version && a.mgc_id == b.mgc_id && a.timestamp == b.timestamp
         && a.extensions == b.extensions;
}

bool operator==(const service_change_res_parm& a, const service_change_res_parm& b) noexcept {
  return a.mgc_id == b.mgc_id && a.address == b.address && a.version == b.version
         && a.profile == b.profile && a.timestamp == b.timestamp;
}

bool operator==(const service_change_request& a, const service_change_request& b) noexcept {
  return a.termination_id == b.termination_id && a.service_change_parms == b.service_change_parms;
}

bool operator==(const amm_request& a, const amm_request& b) noexcept {
  return a.kind == b.kind && a.termination_id == b.termination_id && a.events == b.events
         && a.signals == b.signals;
}

bool operator==(const subtract_request& a, const subtract_request& b) noexcept {
  return a.termination_id == b.termination_id;
}

bool operator==(const notify_request& a, const notify_request& b) noexcept {
  return a.termination_id == b.termination_id && a.observed_events == b.observed_events
         && a.error == b.error;
}

bool operator==(const service_change_reply& a, const service_change_reply& b) noexcept {
  return a.termination_id == b.termination_id && a.error == b.error && a.res_parms == b.res_parms;
}

bool operator==(const amms_reply& a, const amms_reply& b) noexcept {
  return a.kind == b.kind && a.termination_id == b.termination_id && a.error == b.error
         && a.observed_events == b.observed_events;
}

bool operator==(const notify_reply& a, const notify_reply& b) noexcept {
  return a.termination_id == b.termination_id && a.error == b.error;
}

bool operator==(const action_request& a, const action_request& b) noexcept {
  return a.context_id == b.context_id && a.commands == b.commands;
}

bool operator==(const action_reply& a, const action_reply& b) noexcept {
  return a.context_id == b.context_id && a.command_replies == b.command_replies
         && a.error == b.error;
}

bool operator==(const transaction_request& a, const transaction_request& b) noexcept {
  return a.transaction_id == b.transaction_id && a.actions == b.actions;
}

bool operator==(const transaction_reply& a, const transaction_reply& b) noexcept {
  return a.transaction_id == b.transaction_id && a.imm_ack_required == b.imm_ack_required
         && a.error == b.error && a.action_replies == b.action_replies;
}

bool operator==(const transaction_pending& a, const transaction_pending& b) noexcept {
  return a.transaction_id == b.transaction_id;
}

bool operator==(const message& a, const message& b) noexcept {
  return a.version == b.version && a.mid == b.mid && a.transactions == b.transactions
         && a.error == b.error;
}

} // namespace ngn::h248
