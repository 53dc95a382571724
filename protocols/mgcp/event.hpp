// Event and signal names inside RequestedEvents (R), SignalRequests (S) and ObservedEvents (O)
// (RFC 3435 §2.1.7, §3.2.2.12, §3.2.2.16, §3.2.2.21), e.g. "X-SEC/chal(8f3c...)", "L/hd(N)".
// The codec keeps R/S/O values as plain strings; these helpers read and write their events.
#pragma once

#include "protocols/common/result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::mgcp {

/// Events of one R/S/O value (errc::limit_exceeded beyond).
inline constexpr std::size_t max_events = 32;

/// `[package "/"] name ["@" connection] ["(" parameters ")"]`.
struct event {
  std::string package;     ///< "X-SEC", "L"; empty = none (the endpoint's default package)
  std::string name;        ///< "chal", "hd", "*" (all events of the package)
  std::string connection;  ///< after "@" ("$", "*" or a connection id); empty = none
  std::string parameters;  ///< between the outer parentheses, verbatim (may nest: "E(S(dl))")
  bool has_parameters = false; ///< "(...)" present, possibly empty "()"

  friend bool operator==(const event& a, const event& b) {
    return a.package == b.package && a.name == b.name && a.connection == b.connection &&
           a.parameters == b.parameters && a.has_parameters == b.has_parameters;
  }
  friend bool operator!=(const event& a, const event& b) { return !(a == b); }
};

/// Builds an event with parameters: make_event("X-SEC", "chal", hex) -> X-SEC/chal(hex).
event make_event(std::string_view package, std::string_view name, std::string_view parameters);

/// Parses one event. errc::malformed on a bad package name (valid_package_name or "*"), an
/// empty or bad name, unbalanced parentheses or quotes, or text after the closing ")".
result<event> parse_event(std::string_view text);

/// Parses a comma-separated list (WSP around the commas allowed; commas inside parentheses or
/// quoted strings do not split). An empty value gives an empty list.
result<std::vector<event>> parse_events(std::string_view list);

/// "X-SEC/chal(8f3c...)"; an invalid event (empty name, bad package) still formats as given.
std::string format_event(const event& e);

/// Events joined by ", " (RFC 3435 §3.2.2.16 examples).
std::string format_events(const std::vector<event>& events);

/// The parameters of the first event `package/name` (case-insensitive) of an R/S/O value, or
/// nullopt if the list is malformed or holds no such event.
std::optional<std::string> event_parameters(std::string_view list, std::string_view package,
                                            std::string_view name);
/// As event_parameters(), as a view into `list` (no copy).
std::optional<std::string_view> find_event_parameters(std::string_view list,
                                                      std::string_view package,
                                                      std::string_view name);

} // namespace ngn::mgcp
