#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/text_position.hpp"

namespace retort::sql {
namespace {

struct LineColumnRow {
  const char* name;
  std::string text;
  std::size_t offset;
  LineColumn expected;
};

TEST(TextPosition, LineColumnCountsCharactersAndLineFeeds) {
  const std::vector<LineColumnRow> rows = {
      {"start", "abc", 0, {1, 1}},
      {"inside first line", "abc", 2, {1, 3}},
      {"end of text", "abc", 3, {1, 4}},
      {"past the end is clamped", "abc", 99, {1, 4}},
      {"after LF", "ab\ncd", 4, {2, 2}},
      {"on the LF", "ab\ncd", 2, {1, 3}},
      {"CRLF is one break", "ab\r\ncd", 5, {2, 2}},
      {"on the CR of CRLF", "ab\r\ncd", 2, {1, 3}},
      {"lone CR is a character", "ab\rcd", 4, {1, 5}},
      {"two-byte character", "é=x", 3, {1, 3}},
      {"three-byte characters", "日本=x", 7, {1, 4}},
      {"four-byte emoji", "\xF0\x9F\x98\x80x", 4, {1, 2}},
      {"inside a character", "é", 1, {1, 2}},
      {"multibyte on an earlier line", "日本\nx", 7, {2, 1}},
      {"tab is one character", "\tx", 1, {1, 2}},
  };
  for (const LineColumnRow& row : rows) {
    EXPECT_EQ(line_column_at(row.text, row.offset), row.expected) << row.name;
  }
}

TEST(TextPosition, RebaseShiftsColumnOnlyOnTheFirstLine) {
  EXPECT_EQ(rebase_position({1, 1}, {10, 5}), (LineColumn{10, 5}));
  EXPECT_EQ(rebase_position({1, 4}, {10, 5}), (LineColumn{10, 8}));
  EXPECT_EQ(rebase_position({3, 4}, {10, 5}), (LineColumn{12, 4}));
}

TEST(TextPosition, CharacterColumnOfAByteColumn) {
  struct Row {
    const char* line;
    int byte_column;
    int expected;
  };
  const std::vector<Row> rows = {
      {"abc", 1, 1},
      {"abc", 3, 3},
      {"abc", 4, 4},                        // just past the end
      {"abc", 9, 9},                        // further: the distance is kept
      {"abc", 0, 0},                        // unknown stays unknown
      {"\xc3\xa9x", 3, 2},                  // 'x' after a two-byte character
      {"\xe6\x97\xa5\xe6\x9c\xacx", 7, 3},  // after two three-byte characters
      {"\xc3\xa9", 4, 3},                   // past the end of a non-ASCII line
      {"\tx", 2, 2},                        // a tab is one character
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(row.line) + " @" + std::to_string(row.byte_column));
    EXPECT_EQ(character_column(row.line, row.byte_column), row.expected);
  }
}

TEST(TextPosition, ByteOffsetOfCharacter) {
  const std::string text = "aé日\xF0\x9F\x98\x80z";
  EXPECT_EQ(byte_offset_of_character(text, 0), 0u);
  EXPECT_EQ(byte_offset_of_character(text, 1), 1u);
  EXPECT_EQ(byte_offset_of_character(text, 2), 3u);
  EXPECT_EQ(byte_offset_of_character(text, 3), 6u);
  EXPECT_EQ(byte_offset_of_character(text, 4), 10u);
  EXPECT_EQ(byte_offset_of_character(text, 5), text.size());
  EXPECT_EQ(byte_offset_of_character(text, 6), std::nullopt);
  EXPECT_EQ(byte_offset_of_character("", 0), 0u);
}

}  // namespace
}  // namespace retort::sql
