// Every migration-file error, with its exact location and message: a table run
// over LF, CRLF and BOM+CRLF variants of each input, plus the golden files in
// tests/testdata/files/ (<case>.sql and the expected error in <case>.expected).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/migration_files.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

struct ErrorRow {
  const char* name;
  std::string text;
  int line;
  int column;
  std::string message;
};

const std::string k_head = "-- revision: abc123\n-- down_revision:\n";
const std::string k_upgrade = "\n-- migrate:upgrade\nSELECT 1;\n";
const std::string k_known =
    " (known keys: revision, down_revision, message, create_date, branch_labels, depends_on)";

std::vector<ErrorRow> error_rows() {
  return {
      // Header keys.
      {"UnknownKeyTypo", k_head + "-- mesage: hi\n" + k_upgrade, 3, 4,
       "unknown header key 'mesage'" + k_known},
      {"UnknownKeyOther", k_head + "-- author: me\n" + k_upgrade, 3, 4,
       "unknown header key 'author'" + k_known},
      {"DuplicateKey", k_head + "-- message: a\n-- message: b\n" + k_upgrade, 4, 4,
       "duplicate header key 'message' (first set on line 3)"},
      {"DuplicateKeyQuoted", k_head + "-- message: a\n-- 'message': b\n" + k_upgrade, 4, 4,
       "duplicate header key 'message' (first set on line 3)"},
      {"MissingRevision", "-- down_revision:\n" + k_upgrade, 1, 1,
       "missing required header key 'revision'"},
      {"MissingDownRevision", "\n-- revision: abc123\n-- message: x\n" + k_upgrade, 2, 1,
       "missing required header key 'down_revision'"},
      {"RevisionBadCharacters", "-- revision: ab-c+d\n-- down_revision:\n" + k_upgrade, 1, 14,
       "character(s) '+, -' not allowed in revision identifier 'ab-c+d' (use letters, digits and "
       "'_')"},
      {"RevisionTooLong",
       "-- revision: " + std::string(33, 'a') + "\n-- down_revision:\n" + k_upgrade, 1, 14,
       "revision identifier '" + std::string(33, 'a') + "' is 33 characters long; the limit is 32"},
      {"RevisionEmpty", "-- revision:\n-- down_revision:\n" + k_upgrade, 1, 4,
       "header key 'revision' is empty"},
      {"RevisionNull", "-- revision: ~\n-- down_revision:\n" + k_upgrade, 1, 4,
       "header key 'revision' is empty"},
      {"RevisionList", "-- revision: [a, b]\n-- down_revision:\n" + k_upgrade, 1, 14,
       "header key 'revision' must be a single id"},
      {"DownRevisionDuplicate",
       "-- revision: abc123\n-- down_revision: [aaa, bbb, aaa]\n" + k_upgrade, 2, 30,
       "'down_revision' lists 'aaa' twice"},
      {"DownRevisionBadItem", "-- revision: abc123\n-- down_revision: [aaa, b-b]\n" + k_upgrade, 2,
       25,
       "'down_revision': character(s) '-' not allowed in revision identifier 'b-b' (use letters, "
       "digits and '_')"},
      {"DownRevisionMap", "-- revision: abc123\n-- down_revision: {a: b}\n" + k_upgrade, 2, 19,
       "header key 'down_revision' must be a revision id, a list of ids, or empty"},
      {"DownRevisionNestedList", "-- revision: abc123\n-- down_revision: [aaa, [b]]\n" + k_upgrade,
       2, 25, "header key 'down_revision' must be a revision id, a list of ids, or empty"},
      {"BranchLabelInvalid", k_head + "-- branch_labels: [ok, rel-1]\n" + k_upgrade, 3, 24,
       "'branch_labels': character '-' not allowed in branch label 'rel-1' (it clashes with the "
       "target syntax)"},
      // Columns count characters: "é" is one column, two bytes.
      {"BranchLabelInvalidAfterNonAscii",
       k_head + "-- branch_labels: [\xc3\xa9, rel-1]\n" + k_upgrade, 3, 23,
       "'branch_labels': character '-' not allowed in branch label 'rel-1' (it clashes with the "
       "target syntax)"},
      {"BranchLabelDuplicate", k_head + "-- branch_labels: [x, x]\n" + k_upgrade, 3, 23,
       "'branch_labels' lists 'x' twice"},
      {"DependsOnInvalid", k_head + "-- depends_on: base@head\n" + k_upgrade, 3, 16,
       "'depends_on': character '@' not allowed in branch label 'base@head' (it clashes with the "
       "target syntax)"},
      {"MessageList", k_head + "-- message: [a]\n" + k_upgrade, 3, 13,
       "header key 'message' must be text"},
      {"CreateDateMap", k_head + "-- create_date: {y: 1}\n" + k_upgrade, 3, 17,
       "header key 'create_date' must be text"},
      // YAML syntax.
      {"UnclosedFlowList",
       "-- revision: abc123\n-- down_revision: [a, b\n-- message: x\n" + k_upgrade, 3, 11,
       "malformed header: end of sequence flow not found"},
      {"UnterminatedQuote", k_head + "-- message: 'oops\n" + k_upgrade, 3, 18,
       "malformed header: illegal EOF in scalar"},
      {"UnterminatedQuoteNonAscii", k_head + "-- message: 'caf\xc3\xa9\n" + k_upgrade, 3, 18,
       "malformed header: illegal EOF in scalar"},
      {"ColonInPlainValue", k_head + "-- message: fix: orders\n" + k_upgrade, 3, 16,
       "malformed header: illegal map value"},
      {"DocumentMarker", k_head + "-- ---\n-- message: x\n" + k_upgrade, 3, 4,
       "YAML document marker in the header"},
      {"IndentedHeader", "--   revision: abc123\n-- down_revision:\n" + k_upgrade, 1, 4,
       "unexpected indentation in the header"},
      {"HeaderNotMapping", "-- Copyright 2026 Example Ltd\n" + k_upgrade, 1, 4,
       "the header is not a list of `key: value` lines"},
      {"MissingHeader", "SELECT 1;\n", 1, 1,
       "missing header: a migration file starts with `-- revision: <id>`"},
      {"MissingHeaderAfterBlankLines", "\n\nSELECT 1;\n", 3, 1,
       "missing header: a migration file starts with `-- revision: <id>`"},
      {"EmptyFile", "", 1, 1, "missing header: a migration file starts with `-- revision: <id>`"},
      // Between the header and the first section.
      {"HeaderKeyAfterBlankLine", "-- revision: abc123\n\n-- down_revision:\n" + k_upgrade, 3, 4,
       "header key 'down_revision' after the end of the header (line 1)"},
      {"SqlBeforeFirstSection", k_head + "\n  CREATE TABLE t ();\n-- migrate:upgrade\n", 4, 3,
       "SQL before the first `-- migrate:` section would never run"},
      // Sections.
      {"SqlWithoutAnySection", k_head + "\nSELECT 1;\n", 4, 1,
       "SQL before the first `-- migrate:` section would never run"},
      {"MissingUpgradeAtEnd", k_head, 2, 1, "missing `-- migrate:upgrade` section"},
      {"MissingUpgradeOnlyDowngrade", k_head + "\n-- migrate:downgrade\nDROP TABLE t;\n", 4, 1,
       "missing `-- migrate:upgrade` section"},
      {"DuplicateUpgrade", k_head + k_upgrade + "-- migrate:upgrade\nSELECT 2;\n", 6, 1,
       "duplicate `-- migrate:upgrade` section (the first is on line 4)"},
      {"DuplicateDowngrade",
       k_head + k_upgrade + "-- migrate:downgrade\n\n-- migrate:downgrade transaction:false\n", 8,
       1, "duplicate `-- migrate:downgrade` section (the first is on line 6)"},
      {"UnknownSection", k_head + "\n-- migrate:up\nSELECT 1;\n", 4, 12,
       "unknown section 'migrate:up'"},
      {"SpaceAfterColon", k_head + "\n-- migrate: upgrade\nSELECT 1;\n", 4, 12,
       "malformed section marker"},
      {"SpaceBeforeColon", k_head + "\n-- migrate :upgrade\nSELECT 1;\n", 4, 11,
       "malformed section marker"},
      {"UnknownOption", k_head + "\n-- migrate:upgrade transactional:false\n", 4, 20,
       "unknown section option 'transactional:false'"},
      {"OptionWithoutValue", k_head + "\n-- migrate:upgrade  notransaction\n", 4, 21,
       "unknown section option 'notransaction'"},
      {"BadTransactionValue", k_head + "\n-- migrate:upgrade transaction:no\n", 4, 32,
       "invalid value 'no' for section option 'transaction'"},
      {"DuplicateOption", k_head + "\n-- migrate:upgrade transaction:false transaction:true\n", 4,
       38, "duplicate section option 'transaction'"},
  };
}

std::string to_crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

void expect_error_row(const ErrorRow& row, const std::string& text, const char* variant) {
  SCOPED_TRACE(std::string(row.name) + " (" + variant + ")");
  try {
    parse_migration_file(text, "m.sql");
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::migration_file);
    ASSERT_TRUE(error.location().has_value());
    EXPECT_EQ(error.location()->to_string(),
              SourceLocation({"m.sql", row.line, row.column}).to_string());
    EXPECT_EQ(error.message(), row.message);
    EXPECT_FALSE(error.hint().empty()) << "every error says what to do next";
  }
}

TEST(MigrationFileErrors, EachErrorHasItsLocationAndMessage) {
  for (const ErrorRow& row : error_rows()) expect_error_row(row, row.text, "LF");
}

TEST(MigrationFileErrors, CrlfAndBomKeepTheSameLocations) {
  for (const ErrorRow& row : error_rows()) {
    expect_error_row(row, to_crlf(row.text), "CRLF");
    expect_error_row(row, "\xEF\xBB\xBF" + to_crlf(row.text), "BOM+CRLF");
  }
}

TEST(MigrationFileErrors, HintsSuggestTheClosestKey) {
  auto hint_for = [](const std::string& key) {
    try {
      parse_migration_file(k_head + "-- " + key + ": x\n" + k_upgrade, "m.sql");
    } catch (const Error& error) {
      return error.hint();
    }
    return std::string("no error");
  };
  EXPECT_EQ(hint_for("revison"), "did you mean 'revision'?");
  EXPECT_EQ(hint_for("down-revision"), "did you mean 'down_revision'?");
  EXPECT_EQ(hint_for("branch_label"), "did you mean 'branch_labels'?");
  EXPECT_EQ(hint_for("Message"), "did you mean 'message'?");
  EXPECT_EQ(hint_for("dependson"), "did you mean 'depends_on'?");
  EXPECT_EQ(hint_for("author"), "remove the line or correct the key");
}

// Golden files: tests/testdata/files/<case>.sql must fail with exactly the
// text in <case>.expected: "<what()>\nhint: <hint>\n", the file labelled by
// its name only.
TEST(MigrationFileErrors, GoldenFiles) {
  std::filesystem::path dir = std::filesystem::path(RETORT_TESTDATA_DIR) / "files";
  std::vector<std::filesystem::path> cases;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".sql") cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  ASSERT_GE(cases.size(), 10u);
  for (const auto& sql : cases) {
    SCOPED_TRACE(sql.filename().string());
    auto expected_path = std::filesystem::path(sql).replace_extension(".expected");
    ASSERT_TRUE(std::filesystem::exists(expected_path));
    std::string actual = "no error\n";
    try {
      parse_migration_file(testing::read_file(sql), sql.filename().string());
    } catch (const Error& error) {
      actual = std::string(error.what()) + "\nhint: " + error.hint() + "\n";
    }
    EXPECT_EQ(actual, testing::read_file(expected_path));
  }
}

}  // namespace
}  // namespace retort
