// parse_migration_file(): what a valid file reads as, line numbers of its
// sections, CRLF/BOM input, and agreement of the header fast path with yaml-cpp.
// Error cases are in migration_file_errors_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "files/header_entries.hpp"
#include "files/text_lines.hpp"
#include "retort/error.hpp"
#include "retort/migration_files.hpp"

namespace retort {
namespace {

std::vector<std::string> ids(const std::vector<RevisionId>& list) {
  std::vector<std::string> out;
  for (const RevisionId& id : list) out.push_back(id.str());
  return out;
}

using Strings = std::vector<std::string>;

const char* const k_example =
    "-- revision: 3f2a9c1b7d4e\n"
    "-- down_revision: 1a2b3c4d5e6f\n"
    "-- message: add orders table\n"
    "-- create_date: 2026-11-21T12:00:00Z\n"
    "\n"
    "-- migrate:upgrade\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n"
    "\n"
    "-- migrate:downgrade\n"
    "DROP TABLE orders;\n";

TEST(MigrationFileParser, ReadsTheArchitectureExample) {
  Revision r = parse_migration_file(k_example, "migrations/3f2a9c1b7d4e_add_orders.sql");
  EXPECT_EQ(r.id.str(), "3f2a9c1b7d4e");
  EXPECT_EQ(ids(r.down_revisions), Strings{"1a2b3c4d5e6f"});
  EXPECT_EQ(r.message, "add orders table");
  EXPECT_EQ(r.create_date, "2026-11-21T12:00:00Z");
  EXPECT_TRUE(r.branch_labels.empty());
  EXPECT_TRUE(r.depends_on.empty());
  EXPECT_EQ(r.path, "migrations/3f2a9c1b7d4e_add_orders.sql");
  EXPECT_EQ(r.header_line, 1);
  EXPECT_EQ(r.upgrade.marker_line, 6);
  EXPECT_EQ(r.upgrade.first_line, 7);
  EXPECT_TRUE(r.upgrade.transactional);
  EXPECT_EQ(r.upgrade.sql,
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n\n");
  ASSERT_TRUE(r.downgrade.has_value());
  EXPECT_EQ(r.downgrade->marker_line, 9);
  EXPECT_EQ(r.downgrade->first_line, 10);
  EXPECT_EQ(r.downgrade->sql, "DROP TABLE orders;\n");
}

TEST(MigrationFileParser, DownRevisionForms) {
  struct Row {
    const char* value;
    Strings expected;
  };
  const std::vector<Row> rows = {
      {"", {}},
      {" ~", {}},
      {" null", {}},
      {" []", {}},
      {" [ ]", {}},
      {" abc", {"abc"}},
      {" 'abc'", {"abc"}},
      {" \"abc\"", {"abc"}},
      {" [abc]", {"abc"}},
      {" [b2, a1]", {"b2", "a1"}},  // order is kept: it decides execution order
      {" [b2,a1]   # merge", {"b2", "a1"}},
      {" 000123", {"000123"}},
      {" [1e5, 0x1F, 'true']", {"1e5", "0x1F", "true"}},
  };
  for (const Row& row : rows) {
    std::string text =
        std::string("-- revision: r1\n-- down_revision:") + row.value + "\n-- migrate:upgrade\n";
    Revision r = parse_migration_file(text, "m.sql");
    EXPECT_EQ(ids(r.down_revisions), row.expected) << row.value;
  }
}

TEST(MigrationFileParser, MultiLineFlowListInTheHeader) {
  Revision r = parse_migration_file(
      "-- revision: r1\n-- down_revision: [aaa,\n--   bbb]\n-- migrate:upgrade\n", "m.sql");
  EXPECT_EQ(ids(r.down_revisions), (Strings{"aaa", "bbb"}));
}

TEST(MigrationFileParser, BranchLabelsAndDependsOnTakeAScalarOrAList) {
  Revision r = parse_migration_file(
      "-- revision: r1\n-- down_revision:\n-- branch_labels: billing\n"
      "-- depends_on: [7d1e2f3a4b5c, shared.v2]\n\n-- migrate:upgrade\n",
      "m.sql");
  EXPECT_EQ(r.branch_labels, Strings{"billing"});
  EXPECT_EQ(r.depends_on, (Strings{"7d1e2f3a4b5c", "shared.v2"}));
  r = parse_migration_file(
      "-- revision: r1\n-- down_revision:\n-- branch_labels: [a, b]\n-- depends_on:\n"
      "-- migrate:upgrade\n",
      "m.sql");
  EXPECT_EQ(r.branch_labels, (Strings{"a", "b"}));
  EXPECT_TRUE(r.depends_on.empty());
}

TEST(MigrationFileParser, MessageForms) {
  struct Row {
    std::string header;
    std::string expected;
  };
  const std::vector<Row> rows = {
      {"-- message: add orders", "add orders"},
      {"-- message:    spaced   words   ", "spaced   words"},
      {"-- message: 'fix: orders'", "fix: orders"},
      {"-- message: 'it''s # fine'", "it's # fine"},
      {"-- message: \"quoted\"", "quoted"},
      {"-- message: \"tab\\there\"", "tab\there"},
      {"-- message: 'null'", "null"},
      {"-- message: null", ""},
      {"-- message: caf\xC3\xA9 \xE2\x80\x94 ok", "caf\xC3\xA9 \xE2\x80\x94 ok"},
      {"-- message: |-\n--   first line\n--   goes on\n--\n--   second paragraph",
       "first line\ngoes on\n\nsecond paragraph"},
      {"-- message: >-\n--   folded\n--   text", "folded text"},
      {"-- message: keep # this is a YAML comment", "keep"},
  };
  for (const Row& row : rows) {
    Revision r = parse_migration_file(
        "-- revision: r1\n-- down_revision:\n" + row.header + "\n-- migrate:upgrade\n", "m.sql");
    EXPECT_EQ(r.message, row.expected) << row.header;
  }
}

TEST(MigrationFileParser, DocIsTheFirstParagraph) {
  Revision r = parse_migration_file(
      "-- revision: r1\n-- down_revision:\n-- message: |-\n--   add orders\n--   table\n--\n"
      "--   details\n-- migrate:upgrade\n",
      "m.sql");
  EXPECT_EQ(r.doc(), "add orders table");
}

TEST(MigrationFileParser, HeaderMayHaveYamlCommentsAndFollowBlankLines) {
  Revision r = parse_migration_file(
      "\n\n-- revision: r1\n-- # generated by hand\n-- down_revision:  # a base\n"
      "\n-- This note is after the header.\n-- migrate:upgrade\nSELECT 1;\n",
      "m.sql");
  EXPECT_EQ(r.id.str(), "r1");
  EXPECT_EQ(r.header_line, 3);
}

TEST(MigrationFileParser, CommentsBetweenHeaderAndFirstSectionAreAllowed) {
  Revision r = parse_migration_file(
      "-- revision: r1\n-- down_revision:\n\n-- Note: slow on big tables.\n--\n\n"
      "-- migrate:upgrade\nSELECT 1;\n",
      "m.sql");
  EXPECT_EQ(r.upgrade.marker_line, 7);
}

TEST(MigrationFileParser, TransactionOptions) {
  Revision r = parse_migration_file(
      "-- revision: r1\n-- down_revision:\n"
      "-- migrate:upgrade transaction:false\nCREATE INDEX CONCURRENTLY i ON t (c);\n"
      "-- migrate:downgrade \t transaction:true  \nDROP INDEX i;\n",
      "m.sql");
  EXPECT_FALSE(r.upgrade.transactional);
  ASSERT_TRUE(r.downgrade.has_value());
  EXPECT_TRUE(r.downgrade->transactional);
}

TEST(MigrationFileParser, SectionsMayComeInAnyOrderAndKeepExactText) {
  Revision r = parse_migration_file(
      "-- revision: r1\n-- down_revision:\n"
      "--migrate:downgrade\n"
      "DROP TABLE t;\n"
      "  -- migrate:upgrade (indented: an ordinary comment)\n"
      "-- Migrate:upgrade (capital M: an ordinary comment)\n"
      "-- migrate:upgrade\n"
      "CREATE TABLE t ();\n"
      "\n"
      "INSERT INTO t DEFAULT VALUES;",
      "m.sql");
  ASSERT_TRUE(r.downgrade.has_value());
  EXPECT_EQ(r.downgrade->marker_line, 3);
  EXPECT_EQ(r.downgrade->first_line, 4);
  EXPECT_EQ(r.downgrade->sql,
            "DROP TABLE t;\n  -- migrate:upgrade (indented: an ordinary comment)\n"
            "-- Migrate:upgrade (capital M: an ordinary comment)\n");
  EXPECT_EQ(r.upgrade.marker_line, 7);
  EXPECT_EQ(r.upgrade.first_line, 8);
  EXPECT_EQ(r.upgrade.sql, "CREATE TABLE t ();\n\nINSERT INTO t DEFAULT VALUES;");
}

TEST(MigrationFileParser, MarkerOnTheLastLineGivesAnEmptySection) {
  Revision r = parse_migration_file("-- revision: r1\n-- down_revision:\n-- migrate:upgrade", "m");
  EXPECT_EQ(r.upgrade.sql, "");
  EXPECT_EQ(r.upgrade.marker_line, 3);
  EXPECT_EQ(r.upgrade.first_line, 4);
  EXPECT_FALSE(r.downgrade.has_value()) << "no downgrade section: irreversible";
}

std::string to_crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(MigrationFileParser, CrlfAndBomReadAsTheSameRevision) {
  Revision lf = parse_migration_file(k_example, "m.sql");
  for (const std::string& text : {to_crlf(k_example), "\xEF\xBB\xBF" + to_crlf(k_example),
                                  "\xEF\xBB\xBF" + std::string(k_example)}) {
    Revision r = parse_migration_file(text, "m.sql");
    EXPECT_EQ(r.id, lf.id);
    EXPECT_EQ(r.down_revisions, lf.down_revisions);
    EXPECT_EQ(r.message, lf.message) << "no '\\r' left in header values";
    EXPECT_EQ(r.create_date, lf.create_date);
    EXPECT_EQ(r.header_line, lf.header_line);
    EXPECT_EQ(r.upgrade.marker_line, lf.upgrade.marker_line);
    EXPECT_EQ(r.upgrade.first_line, lf.upgrade.first_line);
    ASSERT_TRUE(r.downgrade.has_value());
    EXPECT_EQ(r.downgrade->first_line, lf.downgrade->first_line);
  }
  Revision crlf = parse_migration_file(to_crlf(k_example), "m.sql");
  EXPECT_EQ(crlf.downgrade->sql, "DROP TABLE orders;\r\n") << "section text is kept as written";
}

TEST(MigrationFileParser, CrlfMultiLineMessage) {
  Revision r = parse_migration_file(
      to_crlf("-- revision: r1\n-- down_revision:\n-- message: |-\n--   one\n--   two\n"
              "-- migrate:upgrade\n"),
      "m.sql");
  EXPECT_EQ(r.message, "one\ntwo");
}

// --- The fast header path must read exactly what yaml-cpp reads. ---

std::vector<files::HeaderLine> header_lines(const std::string& text) {
  std::vector<files::HeaderLine> lines;
  for (const files::Line& line : files::split_lines(text)) {
    lines.push_back(files::make_header_line(line.text, line.number));
  }
  return lines;
}

std::string describe(const files::HeaderValue& value) {
  std::string out;
  switch (value.kind) {
    case files::HeaderValue::Kind::null:
      out = "null";
      break;
    case files::HeaderValue::Kind::scalar:
      out = "'" + value.text + "'";
      break;
    case files::HeaderValue::Kind::map:
      out = "map";
      break;
    case files::HeaderValue::Kind::list:
      out = "[";
      for (const auto& item : value.items) out += describe(item) + " ";
      out += "]";
      break;
  }
  return out + "@" + std::to_string(value.line) + ":" + std::to_string(value.column);
}

std::string describe(const std::vector<files::HeaderEntry>& entries) {
  std::string out;
  for (const auto& entry : entries) {
    out += entry.key + "@" + std::to_string(entry.line) + ":" + std::to_string(entry.column) + "=" +
           describe(entry.value) + "\n";
  }
  return out;
}

TEST(MigrationFileParser, FastPathAgreesWithYamlCpp) {
  const std::vector<std::string> headers = {
      "-- revision: 3f2a9c1b7d4e\n-- down_revision: 1a2b3c4d5e6f\n-- message: add orders table\n"
      "-- create_date: 2026-11-21T12:00:00Z",
      "-- revision: r1\n-- down_revision:\n-- branch_labels: [billing]\n-- depends_on: [a, b.c]",
      "-- revision:    r1   \n-- down_revision: [  a ,b,   c  ]\n-- message: ~",
      "-- revision: r1\n-- down_revision: []\n-- message: ''\n-- create_date: null",
      "-- revision: 'r1'\n-- down_revision: \"r0\"\n-- message: 'it''s: fine # really'",
      "--revision: r1\n--down_revision: NULL\n--\n-- # comment\n-- message: a-b c'd e:f g#h",
      "-- revision: r1\n-- down_revision: Null\n-- message: caf\xC3\xA9 [x] {y}",
      "-- revision: r1\n-- down-revision: x\n-- revision: r2\n-- Message: 12:30",
  };
  for (const std::string& header : headers) {
    auto lines = header_lines(header);
    auto fast = files::parse_header_fast(lines);
    ASSERT_TRUE(fast.has_value()) << "fast path should take:\n" << header;
    EXPECT_EQ(describe(*fast), describe(files::parse_header_yaml(lines, "m.sql"))) << header;
  }
}

TEST(MigrationFileParser, FastPathDefersComplexFormsToYamlCpp) {
  const std::vector<std::string> headers = {
      "-- message: |-\n--   text",
      "-- message: keep # comment",
      "-- down_revision: [a, [b]]",
      "-- message: \"a\\nb\"",
      "-- message:\ttab",
      "-- ? message\n-- : x",
      "--   revision: r1",
      "-- message: [a,\n--  b]",
      "-- down_revision: [a,, b]",
      "-- message: 'a' b'",
      "-- x: {a: b}",
      "-- - a",
      "-- message: &anchor text",
  };
  for (const std::string& header : headers) {
    EXPECT_FALSE(files::parse_header_fast(header_lines(header)).has_value()) << header;
  }
}

}  // namespace
}  // namespace retort
