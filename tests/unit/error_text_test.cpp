// error_text(): the one layout of an error for people, with the source line
// and a caret (retort/error_text.hpp); read_source_line() and
// attach_source_line(), the reading the top level does for it.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/error_text.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

Error with_line(Error error, std::string line) {
  error.set_source_line(std::move(line));
  return error;
}

int count(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

const std::string k_gutter = "      | ";  // the caret line's gutter for numbers up to 5 digits

struct LayoutRow {
  const char* name;
  Error error;
  std::string expected;
};

std::vector<LayoutRow> layout_rows() {
  const std::string long_line = std::string(300, 'a') + "X" + std::string(300, 'b');
  return {
      {"message only", Error(ErrorKind::usage, "unknown command 'frob'"),
       "error: unknown command 'frob'"},
      {"hint",
       Error(ErrorKind::usage, "unknown command 'frob'", std::nullopt, "run `retort --help`"),
       "error: unknown command 'frob'\nhint: run `retort --help`"},
      {"location without line", Error(ErrorKind::io, "cannot read", SourceLocation{"m/a.sql"}),
       "error: m/a.sql: cannot read"},
      {"location without line ignores a source line",
       with_line(Error(ErrorKind::io, "cannot read", SourceLocation{"m/a.sql"}), "SELECT 1;"),
       "error: m/a.sql: cannot read"},
      {"line without source line",
       Error(ErrorKind::migration_file, "bad header", SourceLocation{"m/x.sql", 7, 4}),
       "error: m/x.sql:7:4: bad header"},
      {"line without column: the line, no caret",
       with_line(Error(ErrorKind::migration, "failed", SourceLocation{"m/x.sql", 7, 0}),
                 "SELECT 1 / 0;"),
       "error: m/x.sql:7: failed\n    7 | SELECT 1 / 0;"},
      {"the README's migration failure",
       with_line(Error(ErrorKind::migration,
                       "upgrade cccc -> dddd failed: relation \"missing_table\" does not exist\n"
                       "  committed before the failure: nothing; every change of this run was "
                       "rolled back\n"
                       "  version table now: no version table",
                       SourceLocation{"migrations/004_dddd.sql", 7, 15},
                       "fix the migration and run the command again; committed steps do not run "
                       "again",
                       "42P01"),
                 "SELECT * FROM missing_table;"),
       "error: migrations/004_dddd.sql:7:15: upgrade cccc -> dddd failed: relation "
       "\"missing_table\" does not exist\n"
       "    7 | SELECT * FROM missing_table;\n" +
           k_gutter + std::string(14, ' ') + "^\n" +
           "  SQLSTATE: 42P01\n"
           "  committed before the failure: nothing; every change of this run was rolled back\n"
           "  version table now: no version table\n"
           "hint: fix the migration and run the command again; committed steps do not run again"},
      {"SQLSTATE without location",
       Error(ErrorKind::database, "cannot connect to the database: refused", std::nullopt,
             "is the server running?", "08001"),
       "error: cannot connect to the database: refused\n  SQLSTATE: 08001\n"
       "hint: is the server running?"},
      {"detail lines get exactly their two spaces",
       Error(ErrorKind::database,
             "cannot connect: connection refused\n\tIs the server running?\n\n"
             "error: not a new error\n    nested stays nested\n  DETAIL: as is"),
       "error: cannot connect: connection refused\n  Is the server running?\n"
       "  error: not a new error\n    nested stays nested\n  DETAIL: as is"},
      {"multi-line hint", Error(ErrorKind::usage, "bad", std::nullopt, "first\nsecond"),
       "error: bad\nhint: first\n  second"},
      {"control characters in every piece",
       with_line(Error(ErrorKind::migration, "boom \x1b[2J", SourceLocation{"m/\x1b[31m.sql", 2, 1},
                       "see \x07", "\x1b"),
                 "\x1b]0;title\x07"),
       "error: m/\\x1b[31m.sql:2:1: boom \\x1b[2J\n"
       "    2 | \\x1b]0;title\\x07\n" +
           k_gutter + "^\n" + "  SQLSTATE: \\x1b\nhint: see \\x07"},
      {"tabs keep the caret aligned",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 3, 9}), "\tSELECT\t*;"),
       "error: f.sql:3:9: x\n    3 |     SELECT    *;\n" + k_gutter + std::string(14, ' ') + "^"},
      {"UTF-8: columns count characters",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 1, 12}),
                 "SELECT '\xc3\xa9' FROM t;"),
       "error: f.sql:1:12: x\n    1 | SELECT '\xc3\xa9' FROM t;\n" + k_gutter +
           std::string(11, ' ') + "^"},
      {"wide characters take two columns",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 1, 13}),
                 "SELECT '\xe6\x97\xa5\xe6\x9c\xac' FROM t;"),
       "error: f.sql:1:13: x\n    1 | SELECT '\xe6\x97\xa5\xe6\x9c\xac' FROM t;\n" + k_gutter +
           std::string(14, ' ') + "^"},
      {"an escaped control character moves the caret by its width",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 1, 15}),
                 "SELECT '\x1b[2J' FROM t;"),
       "error: f.sql:1:15: x\n    1 | SELECT '\\x1b[2J' FROM t;\n" + k_gutter +
           std::string(17, ' ') + "^"},
      {"caret past the end of the line",
       with_line(Error(ErrorKind::migration_file, "x", SourceLocation{"f.sql", 2, 10}), "abc"),
       "error: f.sql:2:10: x\n    2 | abc\n" + k_gutter + "   ^"},
      {"empty source line",
       with_line(Error(ErrorKind::migration_file, "x", SourceLocation{"f.sql", 2, 1}), ""),
       "error: f.sql:2:1: x\n    2 |\n" + k_gutter + "^"},
      {"a six-digit line number widens the gutter",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 123456, 2}), "ab"),
       "error: f.sql:123456:2: x\n123456 | ab\n       |  ^"},
      {"long line: a window around the column",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 4, 301}), long_line),
       "error: f.sql:4:301: x\n    4 | ..." + std::string(50, 'a') + "X" + std::string(49, 'b') +
           "...\n" + k_gutter + std::string(53, ' ') + "^"},
      {"long line without a column: its start",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 4, 0}), long_line),
       "error: f.sql:4: x\n    4 | " + std::string(100, 'a') + "..."},
      {"long line, caret at its end",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 4, 302}),
                 std::string(301, 'a')),
       "error: f.sql:4:302: x\n    4 | ..." + std::string(100, 'a') + "\n" + k_gutter +
           std::string(103, ' ') + "^"},
      {"long line, caret near its start",
       with_line(Error(ErrorKind::migration, "x", SourceLocation{"f.sql", 4, 3}), long_line),
       "error: f.sql:4:3: x\n    4 | " + std::string(100, 'a') + "...\n" + k_gutter + "  ^"},
  };
}

TEST(ErrorText, Layout) {
  for (const auto& row : layout_rows()) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(error_text(row.error), row.expected);
  }
}

TEST(ErrorText, SqlstateOnceAndBeforeTheDetails) {
  const Error error =
      with_line(Error(ErrorKind::migration, "upgrade a -> b failed: division by zero\n  DETAIL: d",
                      SourceLocation{"m/b.sql", 2, 8}, "fix it", "22012"),
                "SELECT 1 / 0;");
  const std::string text = error_text(error);
  EXPECT_EQ(count(text, "SQLSTATE"), 1) << text;
  EXPECT_EQ(count(text, "22012"), 1) << text;
  EXPECT_LT(text.find("^"), text.find("  SQLSTATE: 22012")) << text;
  EXPECT_LT(text.find("  SQLSTATE: 22012"), text.find("  DETAIL: d")) << text;
  EXPECT_LT(text.find("  DETAIL: d"), text.find("hint: fix it")) << text;
}

TEST(ErrorText, ColorsOnlyTheWords) {
  const Error error(ErrorKind::usage, "bad \x1b[2J", std::nullopt, "do this");
  EXPECT_EQ(error_text(error, ErrorTextOptions{.color = true}),
            "\x1b[1;31merror:\x1b[0m bad \\x1b[2J\n\x1b[1;36mhint:\x1b[0m do this");
}

TEST(ErrorText, NoRawControlCharactersBesidesLineBreaks) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  const Error error = with_line(Error(ErrorKind::migration, every_byte + "\n" + every_byte,
                                      SourceLocation{every_byte, 1, 40}, every_byte, every_byte),
                                every_byte);
  const std::string text = error_text(error);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_TRUE(byte >= 0x20 || byte == '\n') << static_cast<int>(byte);
    EXPECT_NE(byte, 0x7F);
  }
}

TEST(ErrorText, LongLinesAreCut) {
  const Error error(ErrorKind::target, "no such revision " + std::string(100000, 'x'), std::nullopt,
                    std::string(50000, 'h'));
  const std::string text = error_text(error);
  EXPECT_LT(text.size(), 2 * k_max_error_line_bytes + 100);
  EXPECT_NE(text.find("(100017 bytes)"), std::string::npos);
  EXPECT_NE(text.find("(50000 bytes)"), std::string::npos);
}

// ---------------------------------------------------------------------------
// read_source_line / attach_source_line

TEST(ReadSourceLine, LinesAsTheParsersNumberThem) {
  testing::TempDir dir;
  struct Row {
    const char* name;
    std::string text;
    int line;
    std::optional<std::string> expected;
  };
  const std::string big(200000, 'x');
  const std::vector<Row> rows = {
      {"first", "a\nb\nc\n", 1, "a"},
      {"middle", "a\nb\nc\n", 2, "b"},
      {"last with newline", "a\nb\nc\n", 3, "c"},
      {"after the final newline", "a\nb\nc\n", 4, std::nullopt},
      {"last without newline", "a\nb\nc", 3, "c"},
      {"past the end", "a\n", 9, std::nullopt},
      {"line 0", "a\n", 0, std::nullopt},
      {"negative", "a\n", -1, std::nullopt},
      {"empty file", "", 1, std::nullopt},
      {"empty line", "a\n\nc\n", 2, ""},
      {"CRLF", "a\r\nb\r\n", 2, "b"},
      {"BOM on line 1", "\xef\xbb\xbf-- revision: a\n", 1, "-- revision: a"},
      {"tabs and bytes kept", "x\n\tSELECT '\x1b';\n", 2, "\tSELECT '\x1b';"},
      {"after a line longer than a read block", big + "\nafter\n", 2, "after"},
      {"a line longer than a read block", "a\n" + big + "\n", 2, big},
  };
  int n = 0;
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const auto path = dir.write("f" + std::to_string(n++) + ".sql", row.text);
    EXPECT_EQ(read_source_line(path, row.line), row.expected);
  }
}

TEST(ReadSourceLine, NothingForWhatCannotBeRead) {
  testing::TempDir dir;
  EXPECT_EQ(read_source_line(dir.path() / "missing.sql", 1), std::nullopt);
  EXPECT_EQ(read_source_line(dir.path(), 1), std::nullopt) << "a directory";
  EXPECT_EQ(read_source_line("/dev/null", 1), std::nullopt) << "not a regular file";
  const auto huge = dir.write("huge.sql", "a\n" + std::string(k_max_source_line_bytes + 1, 'x'));
  EXPECT_EQ(read_source_line(huge, 2), std::nullopt) << "a line over the limit";
  EXPECT_EQ(read_source_line(huge, 1), "a");
}

TEST(AttachSourceLine, ReadsTheLineOfTheLocation) {
  testing::TempDir dir;
  dir.write("m/a.sql", "-- revision: a\nSELECT * FROM nowhere;\n");

  Error relative(ErrorKind::migration, "x", SourceLocation{"m/a.sql", 2, 15});
  attach_source_line(relative, dir.path());
  EXPECT_EQ(relative.source_line(), "SELECT * FROM nowhere;");

  Error absolute(ErrorKind::migration, "x",
                 SourceLocation{(dir.path() / "m/a.sql").string(), 1, 4});
  attach_source_line(absolute, "/nonexistent-working-dir");
  EXPECT_EQ(absolute.source_line(), "-- revision: a");

  Error no_line(ErrorKind::io, "x", SourceLocation{"m/a.sql"});
  attach_source_line(no_line, dir.path());
  EXPECT_FALSE(no_line.source_line());

  Error no_location(ErrorKind::usage, "x");
  attach_source_line(no_location, dir.path());
  EXPECT_FALSE(no_location.source_line());

  dir.write("retort.yaml", "url: postgresql://app:hunter2@db/shop\n");
  Error config(ErrorKind::config, "x", SourceLocation{"retort.yaml", 1, 6});
  attach_source_line(config, dir.path());
  EXPECT_EQ(config.source_line(), "url: postgresql://app:***@db/shop") << "passwords stay masked";

  Error out_of_range(ErrorKind::migration, "x", SourceLocation{"m/a.sql", 30, 1});
  attach_source_line(out_of_range, dir.path());
  EXPECT_FALSE(out_of_range.source_line());
  EXPECT_EQ(error_text(out_of_range), "error: m/a.sql:30:1: x");
}

}  // namespace
}  // namespace retort
