// New migration files: ids, slugs, file names, rendering (which must read back
// unchanged) and the no-overwrite write.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/migration_files.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

RevisionId id(const char* text) {
  return *RevisionId::parse(text);
}

// 2026-03-04T05:06:07Z
std::chrono::system_clock::time_point k_created{std::chrono::seconds(1772600767)};

NewRevision sample() {
  return NewRevision{id("3f2a9c1b7d4e"), {id("1a2b3c4d5e6f")}, {}, {}, "add orders table",
                     k_created};
}

TEST(MigrationWriter, RandomIdsAreTwelveLowercaseHexDigits) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string value = random_revision_id().str();
    ASSERT_EQ(value.size(), 12u);
    EXPECT_EQ(value.find_first_not_of("0123456789abcdef"), std::string::npos) << value;
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(MigrationWriter, SlugFollowsAlembic) {
  struct Row {
    std::string message;
    std::size_t limit;
    std::string slug;
  };
  const std::vector<Row> rows = {
      // docs/alembic-semantics.md §7.3
      {"Add a column, with punctuation & stuff! \xC3\x9Cn\xC3\xAF"
       "code ok?  And   a   very long "
       "tail text here",
       40, "add_a_column_with_punctuation_stuff_"},
      {"hello world again and again", 10, "hello_"},
      {"superlongwordwithoutunderscores", 10, "superlongw_"},
      {"!!!", 10, ""},
      {"", 40, ""},
      // More of the same rule.
      {"Add orders table", 40, "add_orders_table"},
      {"exactly ten", 11, "exactly_ten"},
      {"  leading and trailing  ", 40, "leading_and_trailing"},
      {"snake_case__kept", 40, "snake_case__kept"},
      {"limit zero means forty characters like alembic does", 0,
       "limit_zero_means_forty_characters_like_"},
      {"line one\nline two", 40, "line_one_line_two"},
      // Non-ASCII: letters are word characters, punctuation blocks are not.
      {"\xC3\x9Cn\xC3\xAF"
       "code Stra\xC3\x9F"
       "e",
       40,
       "\xC3\xBCn\xC3\xAF"
       "code_stra\xC3\x9F"
       "e"},
      {"\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\x9C\xD0\xB8\xD1\x80", 40,
       "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82_\xD0\xBC\xD0\xB8\xD1\x80"},
      {"a\xE2\x80\x94"
       "b \xC2\xAB"
       "c\xC2\xBB d\xE2\x82\xAC"
       "e",
       40, "a_b_c_d_e"},
      {"x\xC2\xB2y \xC2\xBD \xC2\xB5", 40, "x\xC2\xB2y_\xC2\xBD_\xC2\xB5"},
      // Lengths count code points, and a cut never splits one.
      {"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 8,
       "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9_"},
      // Bytes that are not UTF-8 separate words.
      {"bad\xFF"
       "byte \xC3",
       40, "bad_byte"},
  };
  for (const Row& row : rows) EXPECT_EQ(slugify(row.message, row.limit), row.slug) << row.message;
}

TEST(MigrationWriter, FileTemplateTokens) {
  NewRevision r = sample();
  EXPECT_EQ(expand_file_template("{rev}_{slug}", r), "3f2a9c1b7d4e_add_orders_table.sql");
  EXPECT_EQ(expand_file_template("{year}{month}{day}_{hour}{minute}{second}_{rev}", r),
            "20260304_050607_3f2a9c1b7d4e.sql");
  EXPECT_EQ(expand_file_template("{epoch}-{rev}", r), "1772600767-3f2a9c1b7d4e.sql");
  EXPECT_EQ(expand_file_template("V1__{slug}", r), "V1__add_orders_table.sql");
  r.message = "";
  EXPECT_EQ(expand_file_template("{rev}_{slug}", r), "3f2a9c1b7d4e_.sql");
}

TEST(MigrationWriter, FileTemplateErrors) {
  struct Row {
    const char* file_template;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"{rev}_{name}", "file_template '{rev}_{name}': unknown token '{name}'"},
      {"{rev", "file_template '{rev': unclosed '{'"},
      {"sub/{rev}", "file_template 'sub/{rev}': the file name 'sub/3f2a9c1b7d4e' contains '/'"},
      {".{rev}", "file_template '.{rev}': the file name '.3f2a9c1b7d4e' starts with '.'"},
      {"", "file_template '': the file name is empty"},
  };
  for (const Row& row : rows) {
    try {
      expand_file_template(row.file_template, sample());
      ADD_FAILURE() << "no error for " << row.file_template;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::config) << row.file_template;
      EXPECT_EQ(error.message(), row.message);
      EXPECT_FALSE(error.hint().empty());
    }
  }
}

TEST(MigrationWriter, RendersTheDocumentedFormat) {
  NewRevision r = sample();
  r.branch_labels = {"billing"};
  r.depends_on = {"7d1e2f3a4b5c"};
  EXPECT_EQ(render_migration_file(r),
            "-- revision: 3f2a9c1b7d4e\n"
            "-- down_revision: 1a2b3c4d5e6f\n"
            "-- message: add orders table\n"
            "-- create_date: 2026-03-04T05:06:07Z\n"
            "-- branch_labels: [billing]\n"
            "-- depends_on: [7d1e2f3a4b5c]\n"
            "\n"
            "-- migrate:upgrade\n"
            "-- Write the upgrade SQL below this line.\n"
            "\n"
            "-- migrate:downgrade\n"
            "-- Write the SQL that undoes the upgrade below this line; delete this section if the\n"
            "-- revision cannot be undone.\n");
}

TEST(MigrationWriter, RendersBaseAndMergeParents) {
  NewRevision r = sample();
  r.down_revisions = {};
  EXPECT_NE(render_migration_file(r).find("\n-- down_revision:\n"), std::string::npos);
  r.down_revisions = {id("bbb"), id("aaa")};
  EXPECT_NE(render_migration_file(r).find("\n-- down_revision: [bbb, aaa]\n"), std::string::npos);
}

TEST(MigrationWriter, MultiLineMessageIsALiteralBlock) {
  NewRevision r = sample();
  r.message = "add orders\n\nWith a longer explanation.";
  std::string text = render_migration_file(r);
  EXPECT_NE(text.find("-- message: |-\n--   add orders\n--\n--   With a longer explanation.\n"),
            std::string::npos)
      << text;
}

void expect_round_trip(const NewRevision& r) {
  std::string text = render_migration_file(r);
  Revision back = parse_migration_file(text, "new.sql");
  EXPECT_EQ(back.id, r.id) << text;
  EXPECT_EQ(back.down_revisions, r.down_revisions) << text;
  EXPECT_EQ(back.branch_labels, r.branch_labels) << text;
  EXPECT_EQ(back.depends_on, r.depends_on) << text;
  EXPECT_EQ(back.message, r.message) << text;
  EXPECT_EQ(back.create_date, "2026-03-04T05:06:07Z");
  EXPECT_EQ(back.header_line, 1);
  EXPECT_TRUE(back.upgrade.transactional);
  EXPECT_TRUE(back.downgrade.has_value()) << "a new revision has a downgrade section";
}

TEST(MigrationWriter, EveryMessageReadsBackUnchanged) {
  const Strings messages = {
      "",
      "add orders table",
      "fix: orders",
      "issue #12",
      "  leading and trailing spaces  ",
      "it's \"quoted\"",
      "null",
      "~",
      "- looks like a list",
      "[x, y]",
      "{a: b}",
      "@mention",
      "100",
      "true",
      "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x9A\x80",
      "tab\there",
      "line one\nline two",
      "first paragraph\n\nsecond paragraph\n  indented line",
      "trailing newline\n",
      "\nleading newline",
      "trailing space \nnext",
      "windows\r\nline ends",
      "contains\n-- migrate:upgrade\nmarker",
      "contains\nmigrate:downgrade\nmarker",
      "  indented first line\nsecond",
      "next line\xC2\x85separator",
      "line\xE2\x80\xA8separator and \xEF\xBB\xBF byte order mark",
      "bell\x07 and del\x7f",
      "--- not a document marker\n...",
      "back\\slash",
  };
  for (const std::string& message : messages) {
    SCOPED_TRACE(message);
    NewRevision r = sample();
    r.message = message;
    expect_round_trip(r);
  }
}

TEST(MigrationWriter, LabelsAndDependenciesReadBackUnchanged) {
  NewRevision r = sample();
  r.down_revisions = {id("bbb"), id("aaa"), id("ccc")};
  r.branch_labels = {"billing", "v2.1", "a#b", "[x]", "x,y", "*star", "!bang", "%pct", "a/b"};
  r.depends_on = {"7d1e2f3a4b5c", "shared.core", "{brace}", "~", "null"};
  expect_round_trip(r);
}

TEST(MigrationWriter, RefusesWhatCannotBeWritten) {
  NewRevision r = sample();
  r.branch_labels = {"rel-1"};
  EXPECT_THROW(render_migration_file(r), Error);
  r = sample();
  r.branch_labels = {"a", "a"};
  EXPECT_THROW(render_migration_file(r), Error);
  r = sample();
  r.depends_on = {"x@head"};
  EXPECT_THROW(render_migration_file(r), Error);
  r = sample();
  r.down_revisions = {id("aaa"), id("aaa")};
  EXPECT_THROW(render_migration_file(r), Error);
  r = sample();
  r.message = "invalid \xFF utf-8";
  try {
    expect_round_trip(r);  // either it reads back unchanged ...
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::usage);  // ... or it is refused up front
  }
}

TEST(MigrationWriter, WritesANewFile) {
  TempDir dir;
  NewRevision r = sample();
  fs::path path = write_migration_file(dir.path(), "{rev}_{slug}", r);
  EXPECT_EQ(path, dir.path() / "3f2a9c1b7d4e_add_orders_table.sql");
  EXPECT_EQ(testing::read_file(path), render_migration_file(r));
  auto loaded = load_migrations(dir.path());
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].id, r.id);
}

TEST(MigrationWriter, NeverOverwrites) {
  TempDir dir;
  auto existing = dir.write("3f2a9c1b7d4e_add_orders_table.sql", "precious");
  try {
    write_migration_file(dir.path(), "{rev}_{slug}", sample());
    ADD_FAILURE() << "overwrote";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::io);
    EXPECT_EQ(error.message(), "migration file already exists");
    EXPECT_EQ(*error.location(), SourceLocation{existing.string()});
  }
  EXPECT_EQ(testing::read_file(existing), "precious");
}

TEST(MigrationWriter, CreatesNothingOnError) {
  TempDir dir;
  NewRevision r = sample();
  EXPECT_THROW(write_migration_file(dir.path(), "{rev}_{oops}", r), Error);
  r.branch_labels = {"bad label"};
  EXPECT_THROW(write_migration_file(dir.path(), "{rev}", r), Error);
  EXPECT_TRUE(fs::is_empty(dir.path()));

  try {
    write_migration_file(dir.path() / "missing", "{rev}", sample());
    ADD_FAILURE() << "wrote into a missing directory";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::io);
    EXPECT_EQ(error.message(), "cannot create migration file: No such file or directory");
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

}  // namespace
}  // namespace retort
