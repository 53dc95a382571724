// Escaping text taken from input (files, arguments) before it is echoed in a message (issue 12
// item 7): control characters and the Unicode bidirectional controls could otherwise rewrite the
// terminal or reorder what the operator reads ("Trojan Source", CVE-2021-42574).
#pragma once

#include <string>
#include <string_view>

namespace ngn {

/// `text` with every C0 control (U+0000–U+001F), DEL (U+007F), C1 control (U+0080–U+009F) and
/// bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) written as
/// \xNN (C0, DEL) or \u{XXXX}, a backslash as "\\", and each byte that is not part of valid
/// UTF-8 as \xNN. Other UTF-8 is kept, so names in any script stay readable.
std::string escape_text(std::string_view text);

} // namespace ngn
