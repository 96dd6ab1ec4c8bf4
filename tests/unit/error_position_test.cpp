#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/error_position.hpp"

namespace retort::sql {
namespace {

// A query laid out as the migrator sends it: prefix, section, bookkeeping.
struct SentQuery {
  std::string text;
  std::size_t section_offset;
  std::size_t section_length;
};

SentQuery sent(const std::string& prefix, const std::string& section, const std::string& suffix) {
  return {prefix + section + suffix, prefix.size(), section.size()};
}

// The 1-based character position PostgreSQL would report for the first
// occurrence of `needle` (an ASCII marker) in `query`.
int server_position_of(const std::string& query, const std::string& needle) {
  const std::size_t byte = query.find(needle);
  int characters = 0;
  for (std::size_t i = 0; i < byte; ++i) {
    if ((static_cast<unsigned char>(query[i]) & 0xC0) != 0x80) ++characters;
  }
  return characters + 1;
}

struct MapRow {
  const char* name;
  SentQuery query;
  std::string needle;  // where the server points
  int first_line;      // of the section in the file
  int first_column;
  SourceLocation expected;
};

TEST(ErrorPosition, MapsServerCharacterPositionToFileLineAndColumn) {
  const std::string prefix = "SELECT now();\n";
  const std::string suffix = "\n;\nUPDATE alembic_version SET version_num = 'x';";
  const std::vector<MapRow> rows = {
      {"ascii first line",
       sent("", "CREATE TABLE t (id BOGUS);", ""),
       "BOGUS",
       1,
       1,
       {"m.sql", 1, 20}},
      {"after a prefix",
       sent(prefix, "CREATE TABLE t (id BOGUS);", suffix),
       "BOGUS",
       9,
       1,
       {"m.sql", 9, 20}},
      {"two-byte characters before",
       sent(prefix, "SELECT 'é' || 'é', BOGUS;", suffix),
       "BOGUS",
       9,
       1,
       {"m.sql", 9, 20}},
      {"three-byte characters before",
       sent(prefix, "SELECT '日本';\nSELECT '日本', BOGUS;", suffix),
       "BOGUS",
       9,
       1,
       {"m.sql", 10, 14}},
      {"emoji before",
       sent(prefix, "SELECT '\xF0\x9F\x98\x80\xF0\x9F\x98\x80' BOGUS;", suffix),
       "BOGUS",
       9,
       1,
       {"m.sql", 9, 13}},
      {"CRLF lines",
       sent(prefix, "SELECT 1;\r\nSELECT 2;\r\n  BOGUS;", suffix),
       "BOGUS",
       9,
       1,
       {"m.sql", 11, 3}},
      {"CRLF and multibyte",
       sent(prefix, "-- é\r\nSELECT '日', BOGUS;", suffix),
       "BOGUS",
       4,
       1,
       {"m.sql", 5, 13}},
      {"section starting mid-line keeps its column on the first line",
       sent(prefix, "SELECT BOGUS;", suffix),
       "BOGUS",
       7,
       5,
       {"m.sql", 7, 12}},
      {"section starting mid-line, error on a later line",
       sent(prefix, "SELECT 1;\nSELECT BOGUS;", suffix),
       "BOGUS",
       7,
       5,
       {"m.sql", 8, 8}},
      {"first character of the section",
       sent(prefix, "BOGUS;", suffix),
       "BOGUS",
       3,
       1,
       {"m.sql", 3, 1}},
      {"position in the prefix",
       sent("SELECT BOGUS_PREFIX;\n", "SELECT 1;", suffix),
       "BOGUS_PREFIX",
       12,
       1,
       {"m.sql", 12, 0}},
      {"position in the bookkeeping after the section",
       sent(prefix, "SELECT 1;", suffix),
       "alembic_version",
       12,
       1,
       {"m.sql", 12, 0}},
  };
  for (const MapRow& row : rows) {
    const int position = server_position_of(row.query.text, row.needle);
    EXPECT_EQ(
        map_server_position(row.query.text, position, row.query.section_offset,
                            row.query.section_length, "m.sql", row.first_line, row.first_column),
        row.expected)
        << row.name;
  }
}

TEST(ErrorPosition, EndOfInputMapsToTheEndOfTheSection) {
  // "syntax error at end of input": the position just past the last character.
  const std::string section = "SELECT (1,\n  'é'";
  const int end_position = 1 + 16;  // 16 characters in the section
  EXPECT_EQ(map_server_position(section, end_position, 0, section.size(), "m.sql", 4, 1),
            (SourceLocation{"m.sql", 5, 6}));
}

TEST(ErrorPosition, OutOfRangePositionsGiveTheSectionLine) {
  const std::string query = "SELECT 1;";
  for (int position : {0, -3, 11, 1000}) {
    EXPECT_EQ(map_server_position(query, position, 0, query.size(), "m.sql", 6, 1),
              (SourceLocation{"m.sql", 6, 0}))
        << position;
  }
  // A section offset past the end of the query, or a length past it.
  EXPECT_EQ(map_server_position(query, 1, 50, 3, "m.sql", 6, 1), (SourceLocation{"m.sql", 6, 0}));
  EXPECT_EQ(map_server_position(query, 8, 0, std::string::npos, "m.sql", 6, 1),
            (SourceLocation{"m.sql", 6, 8}));
}

}  // namespace
}  // namespace retort::sql
