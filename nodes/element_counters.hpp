// The proxies' and soft switches' statistics as named counters, for the run report's per-element
// section (README "Run report"): the names are the report's keys; refusals are named refused_*.
#pragma once

#include "elements/proxy_fsm.hpp"
#include "elements/softswitch_fsm.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace ngn::nodes {

std::map<std::string, std::uint64_t> counters_of(const elements::proxy_stats& s);
std::map<std::string, std::uint64_t> counters_of(const elements::softswitch_stats& s);

} // namespace ngn::nodes
