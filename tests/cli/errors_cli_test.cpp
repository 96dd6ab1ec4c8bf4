// Errors: located, hinted, exit code 2, and as JSON documents in JSON mode.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_project.hpp"

namespace retort::testing {
namespace {

TEST(Errors, BrokenMigrationFileNamesFileAndLine) {
  DiamondProject project;
  const auto path = project.add("d0000001_typo.sql",
                                "-- revision: d0000001\n-- down_revison: c0000001\n\n"
                                "-- migrate:upgrade\nSELECT 1;\n");
  auto result = project.run({"heads"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err.rfind("error: " + path.string() + ":2", 0), 0u) << result.err;
  EXPECT_NE(result.err.find("down_revison"), std::string::npos) << result.err;

  auto json = project.run({"heads", "--format", "json"});
  EXPECT_EQ(json.exit_code, 2);
  auto document = nlohmann::json::parse(json.out);
  EXPECT_EQ(document["error"]["kind"], "migration_file");
  EXPECT_EQ(document["error"]["location"]["file"], path.string());
  EXPECT_EQ(document["error"]["location"]["line"], 2);
}

TEST(Errors, BadConfigNamesFileLineAndColumn) {
  struct Row {
    const char* name;
    const char* yaml;
    const char* location;  // ":line:col" after the file name
    const char* message_part;
  };
  const std::vector<Row> rows = {
      {"unknown key", "script_location: ../migrations\nlock_wait: 5\n", ":2:1",
       "unknown key 'lock_wait'"},
      {"wrong type", "script_location: ../migrations\nlock_wait_s: later\n", ":2:14",
       "`lock_wait_s` must be a number of seconds"},
      {"unset variable", "url: ${RETORT_TEST_SURELY_UNSET}\n", ":1:6",
       "RETORT_TEST_SURELY_UNSET is not set"},
  };
  for (const auto& row : rows) {
    DiamondProject project;
    project.write("config/retort.yaml", row.yaml);
    auto result = project.run({"heads"});
    EXPECT_EQ(result.exit_code, 2) << row.name;
    const std::string where = project.config_file().string() + row.location;
    EXPECT_EQ(result.err.rfind("error: " + where + ": ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(row.message_part), std::string::npos) << result.err;
  }
}

TEST(Errors, MalformedYamlConfig) {
  DiamondProject project;
  project.write("config/retort.yaml", "script_location: [../migrations\n");
  auto result = project.run({"history"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err.rfind("error: " + project.config_file().string() + ":", 0), 0u)
      << result.err;
  EXPECT_NE(result.err.find("invalid YAML"), std::string::npos) << result.err;
}

TEST(Errors, PasswordsNeverShow) {
  DiamondProject project;
  project.write("config/retort.yaml", "url: mysql://app:hunter2@db/shop\n");
  auto result = project.run({"heads"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err.find("hunter2"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("mysql://app:***@db/shop"), std::string::npos) << result.err;
}

TEST(Errors, MissingMigrationsDirectoryHints) {
  DiamondProject project;
  project.write("config/retort.yaml", "script_location: ../nowhere\n");
  auto result = project.run({"history"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("nowhere does not exist"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hint: fix script_location"), std::string::npos) << result.err;
}

TEST(Errors, MissingExplicitConfig) {
  DiamondProject project;
  auto result = project.run({"heads", "--config=missing.yaml"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("missing.yaml does not exist"), std::string::npos) << result.err;
}

TEST(Errors, UnknownTargets) {
  DiamondProject project;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"show", "zzzz9999"}, {"history", "-r", "zzzz9999:"}, {"show", "nolabel@head"}}) {
    auto result = project.run(args);
    EXPECT_EQ(result.exit_code, 2) << args.back();
    EXPECT_EQ(result.err.rfind("error: ", 0), 0u) << result.err;
  }
  auto range = project.run({"history", "-r", "head"});
  EXPECT_EQ(range.exit_code, 2);
}

TEST(Errors, GraphErrorsExitTwo) {
  DiamondProject project;
  project.add("d0000001_orphan.sql", migration_text("d0000001", "zzzz0001", "orphan"));
  auto result = project.run({"heads"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("zzzz0001"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace retort::testing
