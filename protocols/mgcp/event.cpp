// Event/signal syntax of RFC 3435 §2.1.7 and §3.2.2.16:
// [package "/"] name ["@" connection] ["(" parameters ")"].
#include "protocols/mgcp/event.hpp"

#include "protocols/mgcp/message.hpp"
#include "protocols/mgcp/syntax.hpp"

#include <optional>
#include <utility>

namespace ngn::mgcp {

using namespace detail;

namespace {

constexpr std::size_t npos = std::string_view::npos;

/// Characters of an event name: VCHAR except the delimiters of the event syntax. Lenient on
/// purpose (digit-map events such as "D/[0-9#T]" use brackets and "#").
constexpr bool is_event_char(char c) noexcept {
  return is_vchar(c) && c != '/' && c != '(' && c != ')' && c != ',' && c != '@' && c != '"';
}

bool valid_event_name(std::string_view s) noexcept {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!is_event_char(c)) return false;
  return true;
}

bool valid_connection(std::string_view s) noexcept {
  if (s == "$" || s == "*") return true;
  if (s.empty() || s.size() > 32) return false;
  for (char c : s)
    if (!is_alnum(c)) return false;
  return true;
}

std::string_view trim_wsp(std::string_view s) noexcept {
  while (!s.empty() && is_wsp(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_wsp(s.back())) s.remove_suffix(1);
  return s;
}

codec_error bad(std::size_t offset, const char* detail) {
  return make_error(errc::malformed, offset, detail);
}

} // namespace

event make_event(std::string_view package, std::string_view name, std::string_view parameters) {
  return event{std::string(package), std::string(name), {}, std::string(parameters), true};
}

namespace {

/// An event's parts as views into the text it was read from (no allocation).
struct event_parts {
  std::string_view package;
  std::string_view name;
  std::string_view connection;
  std::string_view parameters;
  bool has_parameters = false;
};

/// Where and why an event is malformed (offset into the event's text).
struct event_fault {
  std::size_t offset;
  const char* detail;
};

/// `[package "/"] name ["@" connection] ["(" parameters ")"]` into `out`, or the fault.
std::optional<event_fault> split_event(std::string_view text, event_parts& out) noexcept {
  std::size_t paren = text.find('(');
  std::string_view head = text.substr(0, paren);
  if (paren != npos) {
    // Balanced parentheses outside quoted strings; the last character closes the first "(".
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = paren; i < text.size(); ++i) {
      char c = text[i];
      if (!is_text(c)) return event_fault{i, "control character in event parameters"};
      if (quoted) {
        quoted = c != '"';
        continue;
      }
      if (c == '"') quoted = true;
      else if (c == '(') ++depth;
      else if (c == ')' && --depth == 0 && i + 1 != text.size())
        return event_fault{i + 1, "text after the event parameters"};
    }
    if (depth != 0 || quoted) return event_fault{text.size(), "unbalanced parentheses or quotes"};
    out.parameters = text.substr(paren + 1, text.size() - paren - 2);
    out.has_parameters = true;
  }
  if (auto at = head.find('@'); at != npos) {
    if (!valid_connection(head.substr(at + 1)))
      return event_fault{at + 1, "bad connection id in event"};
    out.connection = head.substr(at + 1);
    head = head.substr(0, at);
  }
  if (auto slash = head.find('/'); slash != npos) {
    std::string_view pkg = head.substr(0, slash);
    if (pkg != "*" && !valid_package_name(pkg)) return event_fault{0, "bad package name in event"};
    out.package = pkg;
    head = head.substr(slash + 1);
  }
  if (!valid_event_name(head))
    return event_fault{out.package.empty() ? 0 : out.package.size() + 1, "bad event name"};
  out.name = head;
  return std::nullopt;
}

event to_event(const event_parts& p) {
  return event{std::string(p.package), std::string(p.name), std::string(p.connection),
               std::string(p.parameters), p.has_parameters};
}

/// Splits a comma-separated R/S/O value (WSP around the commas allowed; commas inside
/// parentheses or quoted strings do not split) and calls `f(parts)` for each event, in order;
/// the first error, its offset into `list`. An empty value holds no event.
template <class F>
std::optional<codec_error> scan_events(std::string_view list, F f) {
  if (trim_wsp(list).empty()) return std::nullopt;
  std::size_t count = 0;
  int depth = 0;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    bool end = i == list.size();
    if (!end) {
      char c = list[i];
      if (quoted) {
        quoted = c != '"';
        continue;
      }
      if (c == '"') quoted = true;
      else if (c == '(') ++depth;
      else if (c == ')') --depth;
      if (c != ',' || depth != 0) continue;
    }
    if (count == max_events) return make_error(errc::limit_exceeded, start, "too many events");
    std::string_view item = list.substr(start, i - start);
    std::size_t lead = 0;
    while (lead < item.size() && is_wsp(item[lead])) ++lead;
    event_parts parts;
    if (auto fault = split_event(trim_wsp(item), parts))
      return bad(fault->offset + start + lead, fault->detail);
    f(parts);
    ++count;
    start = i + 1;
  }
  return std::nullopt;
}

} // namespace

result<event> parse_event(std::string_view text) {
  event_parts parts;
  if (auto fault = split_event(text, parts)) return bad(fault->offset, fault->detail);
  return to_event(parts);
}

result<std::vector<event>> parse_events(std::string_view list) {
  std::vector<event> out;
  if (auto err = scan_events(list, [&out](const event_parts& p) { out.push_back(to_event(p)); }))
    return std::move(*err);
  return out;
}

std::string format_event(const event& e) {
  std::string out;
  out.reserve(e.package.size() + e.name.size() + e.connection.size() + e.parameters.size() + 4);
  if (!e.package.empty()) {
    out += e.package;
    out += '/';
  }
  out += e.name;
  if (!e.connection.empty()) {
    out += '@';
    out += e.connection;
  }
  if (e.has_parameters) {
    out += '(';
    out += e.parameters;
    out += ')';
  }
  return out;
}

std::string format_events(const std::vector<event>& events) {
  std::string out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) out += ", ";
    out += format_event(events[i]);
  }
  return out;
}

std::optional<std::string_view> find_event_parameters(std::string_view list,
                                                      std::string_view package,
                                                      std::string_view name) {
  // Every event is checked (a malformed list answers nothing), none is copied.
  std::optional<std::string_view> found;
  auto err = scan_events(list, [&](const event_parts& p) {
    if (!found && iequals(p.package, package) && iequals(p.name, name)) found = p.parameters;
  });
  if (err) return std::nullopt;
  return found;
}

std::optional<std::string> event_parameters(std::string_view list, std::string_view package,
                                            std::string_view name) {
  auto found = find_event_parameters(list, package, name);
  if (!found) return std::nullopt;
  return std::string(*found);
}

} // namespace ngn::mgcp
