// One line of a text summary, printf-style (the end-of-run summary and `ngnemu report`).
#pragma once

#include <string>

namespace ngn::nodes {

/// The formatted text (at most 511 bytes) followed by a newline.
std::string text_line(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

} // namespace ngn::nodes
