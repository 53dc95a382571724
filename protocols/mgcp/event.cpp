// Event/signal syntax of RFC 3435 §2.1.7 and §3.2.2.16:
// [package "/"] name ["@" connection] ["(" parameters ")"].
#include "protocols/mgcp/event.hpp"

#include "protocols/mgcp/message.hpp"
#include "protocols/mgcp/syntax.hpp"

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

result<event> parse_event(std::string_view text) {
  event e;
  std::size_t paren = text.find('(');
  std::string_view head = text.substr(0, paren);
  if (paren != npos) {
    // Balanced parentheses outside quoted strings; the last character closes the first "(".
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = paren; i < text.size(); ++i) {
      char c = text[i];
      if (!is_text(c)) return bad(i, "control character in event parameters");
      if (quoted) {
        quoted = c != '"';
        continue;
      }
      if (c == '"') quoted = true;
      else if (c == '(') ++depth;
      else if (c == ')' && --depth == 0 && i + 1 != text.size())
        return bad(i + 1, "text after the event parameters");
    }
    if (depth != 0 || quoted) return bad(text.size(), "unbalanced parentheses or quotes");
    e.parameters.assign(text.substr(paren + 1, text.size() - paren - 2));
    e.has_parameters = true;
  }
  if (auto at = head.find('@'); at != npos) {
    if (!valid_connection(head.substr(at + 1))) return bad(at + 1, "bad connection id in event");
    e.connection.assign(head.substr(at + 1));
    head = head.substr(0, at);
  }
  if (auto slash = head.find('/'); slash != npos) {
    std::string_view pkg = head.substr(0, slash);
    if (pkg != "*" && !valid_package_name(pkg)) return bad(0, "bad package name in event");
    e.package.assign(pkg);
    head = head.substr(slash + 1);
  }
  if (!valid_event_name(head))
    return bad(e.package.empty() ? 0 : e.package.size() + 1, "bad event name");
  e.name.assign(head);
  return e;
}

result<std::vector<event>> parse_events(std::string_view list) {
  std::vector<event> out;
  if (trim_wsp(list).empty()) return out;
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
    if (out.size() == max_events)
      return make_error(errc::limit_exceeded, start, "too many events");
    std::string_view item = list.substr(start, i - start);
    std::size_t lead = 0;
    while (lead < item.size() && is_wsp(item[lead])) ++lead;
    auto e = parse_event(trim_wsp(item));
    if (!e) {
      codec_error err = std::move(e).error();
      err.offset += start + lead;
      return err;
    }
    out.push_back(std::move(*e));
    start = i + 1;
  }
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

std::optional<std::string> event_parameters(std::string_view list, std::string_view package,
                                            std::string_view name) {
  auto events = parse_events(list);
  if (!events) return std::nullopt;
  for (auto& e : *events)
    if (iequals(e.package, package) && iequals(e.name, name)) return std::move(e.parameters);
  return std::nullopt;
}

} // namespace ngn::mgcp
