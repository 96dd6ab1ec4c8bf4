// What a failing migration prints against a real server: the file position
// mapped from the server's error position, the line with a caret, the
// SQLSTATE on its own line, and the server's text with its control
// characters escaped (retort/error_text.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/project.hpp"

namespace retort::testing {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

bool has_raw_control(const std::string& text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && byte != '\n') || byte == 0x7F) return true;
  }
  return false;
}

class ErrorOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(pg);
    project = std::make_unique<MigrationProject>(pg->create_database());
    project->add(table_revision("aaaa"));
  }
  std::unique_ptr<MigrationProject> project;
};

TEST_F(ErrorOutput, SqlErrorShowsItsLineWithACaret) {
  MigrationSpec broken = table_revision("bbbb", {"aaaa"});
  // Lines 1-3 are the header, 5 the marker: the SELECT is on line 7.
  broken.upgrade_sql = "CREATE TABLE t_bbbb (id int);\nSELECT * FROM missing_table;";
  project->add(broken);
  auto result = project->retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 1);
  const auto lines = lines_of(result.err);
  auto error = std::find_if(lines.begin(), lines.end(),
                            [](const std::string& line) { return line.starts_with("error: "); });
  ASSERT_NE(error, lines.end()) << result.err;
  ASSERT_GE(lines.end() - error, 5) << result.err;
  EXPECT_TRUE(error->ends_with(
      "002_bbbb.sql:7:15: upgrade aaaa -> bbbb failed: relation \"missing_table\" does not exist"))
      << *error;
  EXPECT_EQ(error[1], "    7 | SELECT * FROM missing_table;");
  EXPECT_EQ(error[2], "      |               ^");
  EXPECT_EQ(error[3], "  SQLSTATE: 42P01");
  EXPECT_EQ(result.err.find("(SQLSTATE"), std::string::npos) << result.err;
  EXPECT_TRUE(lines.back().starts_with("hint: ")) << result.err;
  EXPECT_EQ(project->rows(), std::vector<std::string>{}) << "one transaction: nothing stays";

  auto json = project->retort({"upgrade", "head", "--format", "json"});
  auto document = nlohmann::json::parse(json.out);
  EXPECT_EQ(document["error"]["sqlstate"], "42P01");
  EXPECT_EQ(document["error"]["location"]["line"], 7);
  EXPECT_EQ(document["error"]["location"]["column"], 15);
  const std::string text = document["error"]["text"];
  EXPECT_NE(text.find("    7 | SELECT * FROM missing_table;\n      |               ^\n"),
            std::string::npos)
      << text;
}

TEST_F(ErrorOutput, ServerMessageWithControlCharactersIsEscaped) {
  MigrationSpec broken = table_revision("bbbb", {"aaaa"});
  broken.upgrade_sql = "DO $$ BEGIN RAISE EXCEPTION E'boom \\x1b[2J\\x07 done'; END $$;";
  project->add(broken);
  auto result = project->retort({"upgrade", "head"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_FALSE(has_raw_control(result.err)) << result.err;
  EXPECT_NE(result.err.find("boom \\x1b[2J\\x07 done"), std::string::npos) << result.err;

  auto json = project->retort({"upgrade", "head", "--format", "json"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_FALSE(has_raw_control(json.out)) << json.out;
  auto document = nlohmann::json::parse(json.out);
  const std::string message = document["error"]["message"];
  EXPECT_NE(message.find("boom \x1b[2J\x07 done"), std::string::npos) << "the data as it is";
  const std::string text = document["error"]["text"];
  EXPECT_NE(text.find("boom \\x1b[2J\\x07 done"), std::string::npos) << text;
}

}  // namespace
}  // namespace retort::testing
