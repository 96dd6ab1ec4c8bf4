// Escaping control characters and cutting long values for display
// (retort/display_text.hpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "retort/display_text.hpp"

namespace retort::text {
namespace {

// True when `text` holds a byte a terminal would act on: C0, DEL or a C1
// control's UTF-8 lead pair.
bool has_raw_control(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0)
      return true;
  }
  return false;
}

TEST(EscapeControls, EscapesEverythingATerminalWouldActOn) {
  struct Row {
    const char* name;
    std::string text;
    std::string expected;
  };
  const std::vector<Row> rows = {
      {"plain ASCII", "SELECT 1; -- ok", "SELECT 1; -- ok"},
      {"empty", "", ""},
      {"ESC of a colour", "\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"},
      {"clear screen", "boom \x1b[2J", "boom \\x1b[2J"},
      {"NUL", std::string("a\0b", 3), "a\\x00b"},
      {"BEL and backspace", "a\a\bb", "a\\x07\\x08b"},
      {"tab", "a\tb", "a\\tb"},
      {"line feed starts no fake line", "ok\nerror: fake", "ok\\nerror: fake"},
      {"carriage return", "100%\rdone", "100%\\rdone"},
      {"DEL", "a\x7f", "a\\x7f"},
      {"C1 CSI",
       "a\xc2\x9b"
       "2J",
       "a\\u009b2J"},
      {"C1 NEL", "a\xc2\x85z", "a\\u0085z"},
      {"line separator", "a\xe2\x80\xa8z", "a\\u2028z"},
      {"paragraph separator", "a\xe2\x80\xa9z", "a\\u2029z"},
      {"right-to-left override", "abc\xe2\x80\xaetxt.exe", "abc\\u202etxt.exe"},
      {"right-to-left isolate", "\xe2\x81\xa7x", "\\u2067x"},
      {"invalid byte", "caf\xe9", "caf\\xe9"},
      {"stray continuation byte", "a\x80z", "a\\x80z"},
      {"overlong NUL", "\xc0\x80", "\\xc0\\x80"},
      {"surrogate", "\xed\xa0\x80", "\\xed\\xa0\\x80"},
      {"past U+10FFFF", "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},
      {"truncated sequence", "euro \xe2\x82", "euro \\xe2\\x82"},
      {"valid UTF-8 is kept", "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
       "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"},
      {"U+00A0 is not C1", "a\xc2\xa0z", "a\xc2\xa0z"},
      {"backslash is kept", "C:\\x1b", "C:\\x1b"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const std::string escaped = escape_controls(row.text);
    EXPECT_EQ(escaped, row.expected);
    EXPECT_FALSE(has_raw_control(escaped));
    EXPECT_EQ(needs_escaping(row.text), escaped != row.text);
    // Escaping is idempotent: the output holds nothing left to escape.
    EXPECT_EQ(escape_controls(escaped), escaped);
    EXPECT_FALSE(needs_escaping(escaped));
  }
}

TEST(EscapeControls, KeepTabsKeepsOnlyTabs) {
  EXPECT_EQ(escape_controls("\tSELECT\t1;", /*keep_tabs=*/true), "\tSELECT\t1;");
  EXPECT_EQ(escape_controls("\t\x1b[2J\n", /*keep_tabs=*/true), "\t\\x1b[2J\\n");
  EXPECT_FALSE(needs_escaping("a\tb", /*keep_tabs=*/true));
  EXPECT_TRUE(needs_escaping("a\tb"));
}

TEST(QuoteValue, ShortValuesAreQuotedAsTheyAre) {
  EXPECT_EQ(quote("head"), "'head'");
  EXPECT_EQ(quote(""), "''");
  EXPECT_EQ(shortened("head"), "head");
  const std::string exactly(k_shown_value_bytes, 'a');
  EXPECT_EQ(quote(exactly), "'" + exactly + "'");
  EXPECT_EQ(shortened(exactly), exactly);
}

TEST(QuoteValue, LongValuesAreCutAndTheirSizeNoted) {
  const std::string huge(102400, 'a');
  const std::string kept(k_shown_value_bytes, 'a');
  EXPECT_EQ(quote(huge), "'" + kept + "...' (102400 bytes)");
  EXPECT_EQ(shortened(huge), kept + "... (102400 bytes)");
  EXPECT_EQ(quote(huge, 4), "'aaaa...' (102400 bytes)");
  EXPECT_EQ(shortened(std::string(5, 'b'), 4), "bbbb... (5 bytes)");
}

TEST(QuoteValue, CutsOnACharacterBoundary) {
  // "é" is two bytes: a cut at an odd byte count backs up to before it.
  std::string text;
  for (int i = 0; i < 10; ++i) text += "\xc3\xa9";
  EXPECT_EQ(quote(text, 5), "'\xc3\xa9\xc3\xa9...' (20 bytes)");
  EXPECT_EQ(utf8_prefix(text, 5), "\xc3\xa9\xc3\xa9");
  EXPECT_EQ(utf8_prefix(text, 4), "\xc3\xa9\xc3\xa9");
  EXPECT_EQ(utf8_prefix(text, 1), "");
  EXPECT_EQ(utf8_prefix("abc", 10), "abc");
}

}  // namespace
}  // namespace retort::text
