#include "protocols/sip/lexer.hpp"

namespace ngn::sip::detail {

namespace {

constexpr bool in(char c, std::string_view set) {
  for (char s : set)
    if (s == c) return true;
  return false;
}

constexpr std::array<std::uint8_t, 256> make_table() {
  std::array<std::uint8_t, 256> t{};
  for (int i = 0; i < 256; ++i) {
    char c = static_cast<char>(i);
    bool alnum = (i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z') || (i >= '0' && i <= '9');
    std::uint8_t v = 0;
    // RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    if (alnum || in(c, "-.!%*_+`'~")) v |= cc_token;
    if ((i < 0x20 && i != '\t') || i == 0x7f) v |= cc_ctl;
    if (i == ' ' || i == '\t') v |= cc_wsp;
    if (i >= '0' && i <= '9') v |= cc_digit;
    if (i > 0x20 && i != 0x7f && !in(c, ";,\"<>")) v |= cc_pvalue;
    if (alnum || in(c, "-._")) v |= cc_host;
    t[static_cast<std::size_t>(i)] = v;
  }
  return t;
}

} // namespace

const std::array<std::uint8_t, 256> char_table = make_table();

} // namespace ngn::sip::detail
