#include "nodes/cli_checks.hpp"
#include "protocols/common/escape.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace ngn::nodes {

namespace {

std::string quoted(const std::string& text) { return "'" + escape_text(text) + "'"; }

std::string number_name(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

bool all_digits(const std::string& s, std::size_t from, std::size_t to) {
  if (from >= to) return false;
  for (std::size_t i = from; i < to; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

unsigned days_in_month(unsigned y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

/// The digits of `s` from `at`, exactly `n` of them; advances `at`.
std::optional<unsigned> fixed_digits(const std::string& s, std::size_t& at, std::size_t n) {
  if (at + n > s.size() || !all_digits(s, at, at + n)) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = 0; i < n; ++i) v = v * 10 + static_cast<unsigned>(s[at + i] - '0');
  at += n;
  return v;
}

bool expect(const std::string& s, std::size_t& at, char c) {
  if (at >= s.size() || s[at] != c) return false;
  ++at;
  return true;
}

} // namespace

std::optional<std::int64_t> parse_integer(const std::string& text, std::int64_t min,
                                          std::int64_t max, std::string& error) {
  const std::size_t from = (!text.empty() && text[0] == '-') ? 1 : 0;
  if (!all_digits(text, from, text.size()) || (from == 1 && min >= 0)) {
    error = quoted(text) + " is not a whole number from " + std::to_string(min) + " to "
            + std::to_string(max);
    return std::nullopt;
  }
  errno = 0;
  const long long v = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE || v < min || v > max) {
    error = quoted(text) + " is out of range: " + std::to_string(min) + " to "
            + std::to_string(max);
    return std::nullopt;
  }
  return v;
}

std::optional<double> parse_number(const std::string& text, double min, double max,
                                   std::string& error) {
  const std::string range = number_name(min) + " to " + number_name(max);
  char* end = nullptr;
  errno = 0;
  const double v = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || std::isspace(
        static_cast<unsigned char>(text.front())) || !std::isfinite(v) || errno == ERANGE) {
    error = quoted(text) + " is not a finite number from " + range;
    return std::nullopt;
  }
  if (v < min || v > max) {
    error = quoted(text) + " is out of range: " + range;
    return std::nullopt;
  }
  return v;
}

CLI::Validator integer_in(std::int64_t min, std::int64_t max) {
  return CLI::Validator(
    [min, max](std::string& text) {
      std::string error;
      return parse_integer(text, min, max, error) ? std::string() : error;
    },
    "INT in [" + std::to_string(min) + " - " + std::to_string(max) + "]");
}

CLI::Validator number_in(double min, double max) {
  return CLI::Validator(
    [min, max](std::string& text) {
      std::string error;
      return parse_number(text, min, max, error) ? std::string() : error;
    },
    "NUMBER in [" + number_name(min) + " - " + number_name(max) + "]");
}

std::optional<std::int64_t> parse_time_arg(const std::string& s, std::string& error) {
  constexpr std::int64_t max_seconds = 253402300799; // 9999-12-31T23:59:59Z
  const std::string hint = " (use 2026-11-28T01:00:00[.ffffff][Z] in UTC, or Unix seconds)";
  if (all_digits(s, 0, s.size())) {
    std::string why;
    auto v = parse_integer(s, 0, max_seconds, why);
    if (!v) {
      error = quoted(s) + " is out of range: Unix seconds from 0 to "
              + std::to_string(max_seconds) + " (9999-12-31T23:59:59Z)";
      return std::nullopt;
    }
    return *v * 1'000'000;
  }
  std::size_t at = 0;
  const auto bad = [&] {
    error = quoted(s) + " is not a time" + hint;
    return std::nullopt;
  };
  const auto y = fixed_digits(s, at, 4);
  if (!y || !expect(s, at, '-')) return bad();
  const auto mo = fixed_digits(s, at, 2);
  if (!mo || !expect(s, at, '-')) return bad();
  const auto d = fixed_digits(s, at, 2);
  if (!d) return bad();
  unsigned h = 0, mi = 0, sec = 0, micros = 0;
  if (at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
    ++at;
    const auto hh = fixed_digits(s, at, 2);
    if (!hh || !expect(s, at, ':')) return bad();
    const auto mm = fixed_digits(s, at, 2);
    if (!mm) return bad();
    h = *hh;
    mi = *mm;
    if (at < s.size() && s[at] == ':') {
      ++at;
      const auto ss = fixed_digits(s, at, 2);
      if (!ss) return bad();
      sec = *ss;
      if (at < s.size() && s[at] == '.') {
        ++at;
        std::size_t n = 0;
        while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
          if (n == 6) return bad(); // finer than a microsecond: not what the rows hold
          micros = micros * 10 + static_cast<unsigned>(s[at] - '0');
          ++at;
          ++n;
        }
        if (n == 0) return bad();
        for (; n < 6; ++n) micros *= 10;
      }
    }
  }
  if (at < s.size() && s[at] == 'Z') ++at;
  if (at != s.size()) return bad();
  if (*y < 1970) {
    error = quoted(s) + ": the year must be 1970 or later";
    return std::nullopt;
  }
  if (*mo < 1 || *mo > 12 || *d < 1 || *d > days_in_month(*y, *mo)) {
    error = quoted(s) + " is not a date in the calendar";
    return std::nullopt;
  }
  if (h > 23 || mi > 59 || sec > 59) {
    error = quoted(s) + " is not a time of day (00:00:00 to 23:59:59)";
    return std::nullopt;
  }
  const std::int64_t seconds = days_from_civil(*y, *mo, *d) * 86400 + h * 3600 + mi * 60 + sec;
  return seconds * 1'000'000 + micros;
}

} // namespace ngn::nodes
