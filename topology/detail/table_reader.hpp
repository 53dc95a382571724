// Internal: typed access to one TOML table that records field positions, reports missing
// fields and wrong types, and finally reports every key nobody asked for.
#pragma once

#include "topology/detail/diagnostics.hpp"
#include "topology/syntax.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::topology::detail {

/// toml++ position -> ours.
source_position position_of(const toml::source_region& r) noexcept;

/// "string", "integer", "table", ... for messages.
std::string_view type_name(toml::node_type t) noexcept;

/// Reads the fields of one table. Every getter declares its key as known; finish() reports the
/// others. Keys are kept as views: pass string literals. A getter returns true only if the key
/// is present and well-formed (then `out` is set); on a wrong type or syntax it reports the
/// error and marks the field as reported.
class table_reader {
public:
  /// `path` names the table in messages: "terminals[1]", "emulation".
  table_reader(const toml::table& table, std::string path, element_positions& pos,
               error_sink& errors);

  bool get_string(std::string_view key, std::string& out, bool required);
  bool get_integer(std::string_view key, std::int64_t& out, bool required);
  /// An integer or a float (finite).
  bool get_number(std::string_view key, double& out, bool required);
  bool get_bool(std::string_view key, bool& out, bool required);
  /// A duration string (parse_duration); an integer gets a hint to add a unit.
  bool get_duration(std::string_view key, duration& out, bool required);
  /// A string or an array of strings; positions recorded as "key[i]".
  bool get_string_list(std::string_view key, std::vector<std::string>& out, bool required);

  /// A string converted with `parse` (a value_or_error<T>(std::string_view) function).
  template <class T, class Parse>
  bool get_parsed(std::string_view key, T& out, bool required, Parse&& parse) {
    std::string text;
    if (!get_string(key, text, required))
      return false;
    auto v = parse(text);
    if (!v) {
      fail(key, std::move(v.error));
      return false;
    }
    out = std::move(*v.value);
    return true;
  }

  /// If the key is present, reports `message` at it (a key that is known but wrong here).
  void reject(std::string_view key, std::string message);

  /// Reports `message` at the key's value (or the table) and marks the field as reported.
  void fail(std::string_view key, std::string message);

  /// "terminals[1].via"
  std::string field(std::string_view key) const;

  /// Reports every key of the table that no getter asked for, then every missing required key
  /// that no misspelt key already points to.
  void finish();

private:
  /// A value of TOML type T (std::string, std::int64_t, bool) into `out`.
  template <class T, class Out>
  bool get_value(std::string_view key, Out& out, bool required, std::string_view expected);
  const toml::node* lookup(std::string_view key, bool required);
  void wrong_type(std::string_view key, const toml::node& n, std::string_view expected);

  const toml::table& table_;
  std::string path_;
  element_positions& pos_;
  error_sink& errors_;
  std::vector<std::string_view> known_;
  std::vector<std::string_view> missing_;  ///< required keys not present
};

} // namespace ngn::topology::detail
