// The lexical tables against the Annex B rules written out the plain way: every octet's
// character classes (syntax.hpp, char_class.hpp) and every token spelling's lookup (tokens.hpp).
#include "protocols/h248/syntax.hpp"
#include "protocols/h248/tokens.hpp"

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <cstring>
#include <string>

using namespace ngn::h248;

namespace {

bool ascii_alpha(int u) { return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z'); }
bool ascii_digit(int u) { return u >= '0' && u <= '9'; }
bool one_of(int u, const char* set) { return u != 0 && std::strchr(set, u) != nullptr; }

/// The word with every letter's case flipped.
std::string flipped(std::string_view w) {
  std::string out(w);
  for (char& c : out)
    if (ascii_alpha(static_cast<unsigned char>(c))) c = static_cast<char>(c ^ 0x20);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_lexical)

BOOST_AUTO_TEST_CASE(character_classes_of_every_octet) {
  for (int u = 0; u < 256; ++u) {
    const char c = static_cast<char>(u);
    const bool alpha = ascii_alpha(u), digit = ascii_digit(u);
    // SafeChar = DIGIT / ALPHA / "+" / "-" / "&" / "!" / "_" / "/" / "'" / "?" / "@" / "^" /
    //            "`" / "~" / "*" / "$" / "\" / "(" / ")" / "%" / "|" / "."
    const bool safe = alpha || digit || one_of(u, "+-&!_/'?@^`~*$\\()%|.");
    BOOST_TEST(is_alpha(c) == alpha, "octet " << u);
    BOOST_TEST(is_digit(c) == digit, "octet " << u);
    BOOST_TEST(is_hexdig(c) == (digit || one_of(u, "abcdefABCDEF")), "octet " << u);
    BOOST_TEST(is_safe_char(c) == safe, "octet " << u);
    BOOST_TEST(is_value_char(c) == (safe || u >= 0x80), "octet " << u);
    BOOST_TEST(is_quoted_char(c) == (u >= 0x80 || (u >= 0x20 && u != '"' && u != 0x7f)
                                     || u == '\t' || u == '\r' || u == '\n'),
               "octet " << u);
    // The parser's runs: token words, TerminationIDs, mIds, pkgdNames.
    const bool name = alpha || digit || u == '_';
    const bool tid = name || one_of(u, "/*$@-.");
    BOOST_TEST(detail::in_class(c, detail::cc_word) == (name || one_of(u, "-+")), "octet " << u);
    BOOST_TEST(detail::in_class(c, detail::cc_name) == name, "octet " << u);
    BOOST_TEST(detail::in_class(c, detail::cc_path) == (name || one_of(u, "/*$")), "octet " << u);
    BOOST_TEST(detail::in_class(c, detail::cc_tid) == tid, "octet " << u);
    BOOST_TEST(detail::in_class(c, detail::cc_mid) == (tid || one_of(u, ":[]<>")), "octet " << u);
    BOOST_TEST(detail::in_class(c, detail::cc_pkgd) == (name || one_of(u, "/*")), "octet " << u);
    BOOST_TEST(detail::in_class(c, detail::cc_lwsp) == one_of(u, " \t\r\n"), "octet " << u);
    BOOST_TEST(detail::in_class(c, detail::cc_domain) == (alpha || digit || one_of(u, "-*.")),
               "octet " << u);
  }
}

BOOST_AUTO_TEST_CASE(iequals_folds_ascii_letters_only) {
  BOOST_TEST(iequals("ServiceChange", "SERVICECHANGE"));
  BOOST_TEST(iequals("", ""));
  BOOST_TEST(!iequals("SC", "SCX"));
  BOOST_TEST(!iequals("@", "`")); // 0x40 and 0x60 differ only in the case bit, but are no letters
  BOOST_TEST(!iequals("[", "{"));
}

BOOST_AUTO_TEST_CASE(every_spelling_finds_its_own_token) {
  // Both spellings of every token, in any case, find that token and no other: the parser's
  // dispatch on find_token() is the same as asking is_token() of each candidate in turn.
  for (std::size_t i = 0; i < static_cast<std::size_t>(token::count_); ++i) {
    const auto t = static_cast<token>(i);
    for (std::string_view w : {long_form(t), short_form(t)}) {
      BOOST_TEST((find_token(w) == t), w);
      BOOST_TEST((find_token(flipped(w)) == t), w);
      BOOST_TEST(is_token(flipped(w), t), w);
      for (std::size_t j = 0; j < static_cast<std::size_t>(token::count_); ++j)
        if (j != i) BOOST_TEST(!is_token(w, static_cast<token>(j)), w << " also spells " << j);
    }
  }
}

BOOST_AUTO_TEST_CASE(other_words_find_no_token) {
  for (std::string_view w : {"", "xsec", "result", "uid", "ServiceChanges", "Servicechang",
                             "MEGAC0", "TT", "X-SECM", "Mo", "Events1", "!!", "Ä"})
    BOOST_TEST((find_token(w) == token::count_), w);
  // The words of the parameter-name check.
  BOOST_TEST(is_special_parameter_name("EM"));
  BOOST_TEST(is_special_parameter_name("keepactive"));
  BOOST_TEST(is_special_parameter_name("NBRN"));
  BOOST_TEST(is_special_parameter_name("ResetEventsDescriptor"));
  BOOST_TEST(!is_special_parameter_name("Events"));
  BOOST_TEST(!is_special_parameter_name("rand"));
}

BOOST_AUTO_TEST_SUITE_END()
