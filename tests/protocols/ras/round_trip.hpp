// Round trips shared by the RAS tests: encode → decode → the same model → the same octets again,
// and sweeps that take a model with every field set and clear each OPTIONAL component, flag and
// verbatim addition in turn (the fields are found through the model's tie()).
#pragma once

#include "tests/protocols/ras/ras_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace ngn::ras::test {

/// encode → decode → compare, then encode again → same octets.
inline void check_round_trip(const ras_message& m, const std::string& name) {
  BOOST_TEST_CONTEXT(name) {
    auto e = encode(m);
    BOOST_TEST_REQUIRE(e.ok(), (e.ok() ? "" : e.error().describe()));
    auto d = decode(*e);
    BOOST_TEST_REQUIRE(d.ok(), (d.ok() ? "" : d.error().describe()));
    BOOST_TEST((*d == m));
    auto e2 = encode(*d);
    BOOST_TEST_REQUIRE(e2.ok());
    BOOST_TEST(dump(*e2) == dump(*e));
  }
}

// What clearing a field means: an OPTIONAL one is reset, a flag (NULL or BOOLEAN) set false, the
// verbatim additions dropped; the other fields are mandatory and left alone (false).
template <class T>
bool clear(std::optional<T>& field) {
  field.reset();
  return true;
}
inline bool clear(bool& field) {
  field = false;
  return true;
}
inline bool clear(unknown_extensions& field) {
  field.clear();
  return true;
}
template <class T>
bool clear(T&) {
  return false;
}

/// Calls `check(copy, I)` with a copy of `full` whose field I (in tie() order) is cleared, if it
/// clears.
template <std::size_t I, class T, class F>
void check_field_cleared(const T& full, F& check) {
  T copy = full;
  const auto& field = std::get<I>(copy.tie());  // a member of `copy`, which is not const
  using field_type = std::remove_const_t<std::remove_reference_t<decltype(field)>>;
  if (clear(const_cast<field_type&>(field))) check(std::as_const(copy), I);
}

template <class T, class F, std::size_t... I>
void for_each_field_cleared(const T& full, F& check, std::index_sequence<I...>) {
  (check_field_cleared<I>(full, check), ...);
}

/// Calls `check(copy, i)` for every field i of `full` that clears, `copy` being `full` with it
/// cleared.
template <class T, class F>
void for_each_field_cleared(const T& full, F check) {
  constexpr std::size_t n = std::tuple_size_v<decltype(full.tie())>;
  for_each_field_cleared(full, check, std::make_index_sequence<n>{});
}

/// Round-trips `full` without each of its OPTIONAL components, flags and verbatim additions.
template <class M>
void sweep_fields(const M& full, const std::string& name) {
  for_each_field_cleared(full, [&](const M& m, std::size_t i) {
    const std::string what = name + " field " + std::to_string(i);
    BOOST_TEST((!(m == full)), "clearing " << what << " must change the model");
    check_round_trip(m, "without " + what);
  });
}

/// Round-trips `base` with each value of the enum of a CHOICE's NULL alternatives, 0 to `last`,
/// put in place by `set(model, value)`.
template <class Code, class M, class Set>
void check_each_code(const M& base, Code last, const std::string& name, Set set) {
  for (int c = 0; c <= static_cast<int>(last); ++c) {
    M m = base;
    set(m, static_cast<Code>(c));
    check_round_trip(m, name + " " + std::string(to_string(static_cast<Code>(c))));
  }
}

template <class M>
using mutator = std::function<void(M&)>;

/// Applies each named change that the field sweep cannot make to `full` in turn, and round-trips
/// the result.
template <class M>
void sweep(const M& full, const std::vector<std::pair<std::string, mutator<M>>>& changes) {
  for (const auto& [name, change] : changes) {
    M m = full;
    change(m);
    BOOST_TEST((!(m == full)), "changing " << name << " must change the model");
    check_round_trip(m, "with " + name);
  }
}

} // namespace ngn::ras::test
