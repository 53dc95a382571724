// Validation of the command line's numbers and times (issue 12 item 7): every numeric option is
// range-checked with a message that names the range, before CLI11 converts it (so "-1" for an
// unsigned option or "nan" for a rate never reaches a conversion or SQLite).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class Validator;
}

namespace ngn::nodes {

/// The most terminals one `run --terminals` may ask for (the default topology's identities
/// have room for them; more would exhaust memory rather than say so).
constexpr std::int64_t max_terminals = 10'000'000;
/// The longest --timeout: a year of seconds.
constexpr std::int64_t max_timeout_s = 31'536'000;

/// A decimal integer in [min, max] (no sign unless min < 0, no spaces, no exponent).
CLI::Validator integer_in(std::int64_t min, std::int64_t max);
/// A finite decimal number in [min, max] (not nan, not inf).
CLI::Validator number_in(double min, double max);

/// `text` strictly as a decimal integer in [min, max]: the number, or nullopt with `error` set
/// to a sentence naming the range ("is not a whole number", "must be at least 1", ...).
std::optional<std::int64_t> parse_integer(const std::string& text, std::int64_t min,
                                          std::int64_t max, std::string& error);
/// The same for a finite number.
std::optional<double> parse_number(const std::string& text, double min, double max,
                                   std::string& error);

/// A time of --since/--until: Unix seconds (0 … 253402300799) or a UTC date and time
/// YYYY-MM-DD[THH:MM[:SS[.ffffff]]][Z] (year 1970–9999, a real calendar date, 00:00:00 …
/// 23:59:59). The time in Unix µs, or nullopt with `error` saying what is wrong.
std::optional<std::int64_t> parse_time_arg(const std::string& text, std::string& error);

} // namespace ngn::nodes
