// The `reasons` table (issue 10 item 5): the catalogue of failure reasons (elements/reasons.hpp)
// written into a database, so that sessions.reason_code can be read as text with a join.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ngn::storage {

/// Inserts or replaces every (code, text) in the `reasons` table of `path` (schema applied if
/// needed). Throws std::runtime_error (start-up path).
void write_reasons(const std::string& path,
                   const std::vector<std::pair<std::uint32_t, std::string_view>>& reasons);

} // namespace ngn::storage
