// Global flags before and after the subcommand, help, version, and how the
// database commands fail without a server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_project.hpp"

namespace retort::testing {
namespace {

TEST(GlobalFlags, AcceptedBeforeAndAfterTheSubcommand) {
  DiamondProject project;
  TempDir elsewhere;  // no config here: only the flag can find the project
  const std::string config = project.config_file().string();
  const std::string expected = "c0000001 (billing, shipping) (head)\n";
  const std::vector<std::vector<std::string>> rows = {
      {"-c", config, "heads"},
      {"heads", "-c", config},
      {"--config", config, "heads"},
      {"--config=" + config, "heads"},
      {"heads", "--config=" + config},
      {"-q", "-c", config, "heads", "--no-color"},
      {"--no-color", "heads", "-q", "--config", config},
      {"--url", "postgresql://u:pw@h/db", "heads", "-c", config},
      {"heads", "--url=postgresql://h/db", "-c", config},
  };
  for (const auto& args : rows) {
    auto result = DiamondProject::run_in(elsewhere.path(), args);
    EXPECT_EQ(result.exit_code, 0) << args.front() << ": " << result.err;
    EXPECT_EQ(result.out, expected) << args.front();
  }
}

TEST(GlobalFlags, FormatJsonBeforeOrAfter) {
  DiamondProject project;
  for (const auto& args : std::vector<std::vector<std::string>>{{"--format", "json", "heads"},
                                                                {"heads", "--format", "json"},
                                                                {"--format=json", "heads"}}) {
    auto result = project.run(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto document = nlohmann::json::parse(result.out);
    EXPECT_EQ(document["heads"][0]["revision"], "c0000001");
  }
  auto bad = project.run({"--format", "xml", "heads"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("xml"), std::string::npos) << bad.err;
}

TEST(GlobalFlags, VerboseBeforeOrAfterMeansFullEntries) {
  DiamondProject project;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"-v", "heads"}, {"heads", "-v"}, {"--verbose", "heads"}}) {
    auto result = project.run(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(split_lines(result.out).front(), "Rev: c0000001 (head)") << args.front();
  }
}

TEST(GlobalFlags, RetortConfigEnvironmentVariable) {
  DiamondProject project;
  TempDir elsewhere;
  ProcessOptions options;
  options.cwd = elsewhere.path();
  options.env = {{"RETORT_CONFIG", project.config_file().string()}};
  auto result = run_retort({"heads"}, options);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "c0000001 (billing, shipping) (head)\n");
}

TEST(Usage, ParseErrorsExitTwoWithCli11Message) {
  DiamondProject project;
  struct Row {
    std::vector<std::string> args;
    const char* message_part;
  };
  const std::vector<Row> rows = {
      {{}, "A subcommand is required"},  {{"frobnicate"}, "frobnicate"},
      {{"heads", "--bogus"}, "--bogus"}, {{"show"}, "revisions is required"},
      {{"history", "-r"}, "-r"},
  };
  for (const auto& row : rows) {
    auto result = project.run(row.args);
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(result.err.rfind("error: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(row.message_part), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("hint: run `retort"), std::string::npos) << result.err;
  }
  // A walk through a merge is ambiguous: a target error, not a crash.
  auto walk = project.run({"history", "--rev-range=-2:"});
  EXPECT_EQ(walk.exit_code, 2);
  EXPECT_EQ(walk.err.rfind("error: ", 0), 0u) << walk.err;
}

TEST(GlobalFlags, LockRetriesIsDocumentedAndChecked) {
  DiamondProject project;
  for (const char* command : {"upgrade", "downgrade", "stamp"}) {
    auto help = project.run({command, "--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--lock-retries N"), std::string::npos) << help.out;
  }
  for (const char* value : {"101", "-1", "two"}) {
    auto result = project.run({"--lock-retries", value, "upgrade", "head", "--sql"});
    EXPECT_EQ(result.exit_code, 2) << value << ": " << result.err;
    EXPECT_NE(result.err.find("--lock-retries"), std::string::npos) << result.err;
  }
  // Its value is no command name.
  auto unknown = project.run({"--lock-retries", "3", "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("frobnicate"), std::string::npos) << unknown.err;
  auto offline = project.run({"upgrade", "head", "--sql", "--lock-retries", "4"});
  EXPECT_EQ(offline.exit_code, 0) << offline.err;
}

TEST(Help, EveryCommandExplainsItself) {
  struct Row {
    const char* command;
    const char* description_part;
  };
  const std::vector<Row> rows = {
      {"init", "Create a project"},
      {"revision", "Create a new migration file"},
      {"merge", "merge revision"},
      {"upgrade", "Apply migrations up to TARGET"},
      {"downgrade", "Revert migrations down to TARGET"},
      {"current", "current revision"},
      {"history", "List revisions, newest first"},
      {"heads", "List the head revisions"},
      {"branches", "branch points"},
      {"show", "Show revisions in full"},
      {"stamp", "without running any migration"},
      {"resolve", "left part-way through"},
      {"check", "Exit 0 when the database is at head"},
      {"lambda", "AWS Lambda"},
      {"version", "Print retort's version"},
  };
  TempDir dir;
  auto top = DiamondProject::run_in(dir.path(), {"--help"});
  EXPECT_EQ(top.exit_code, 0);
  for (const auto& row : rows) {
    EXPECT_NE(top.out.find(row.command), std::string::npos) << row.command;
    auto result = DiamondProject::run_in(dir.path(), {row.command, "--help"});
    EXPECT_EQ(result.exit_code, 0) << row.command;
    EXPECT_NE(result.out.find(row.description_part), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Global options, accepted before or after the command"),
              std::string::npos)
        << row.command;
  }
}

TEST(Version, TextAndJson) {
  TempDir dir;
  auto text = DiamondProject::run_in(dir.path(), {"version"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_EQ(text.out.rfind("retort ", 0), 0u);
  auto json = DiamondProject::run_in(dir.path(), {"version", "--format", "json"});
  EXPECT_EQ(nlohmann::json::parse(json.out)["version"], text.out.substr(7, text.out.size() - 8));
}

// The database commands are wired to the executor; with no server to talk
// to they fail as database errors (exit 1), and the URL's password never shows.
TEST(DatabaseCommands, UnreachableServerIsADatabaseErrorWithMaskedUrl) {
  DiamondProject project;
  const std::string url = "postgresql://app:hunter2@127.0.0.1:1/shop";  // port 1: refused
  const std::vector<std::vector<std::string>> rows = {
      {"upgrade"}, {"downgrade", "-1"}, {"stamp", "head", "--purge"},  {"current", "-v"},
      {"check"},   {"history", "-i"},   {"history", "-r", "current:"}, {"show", "current"},
  };
  for (const auto& row : rows) {
    auto args = row;
    args.insert(args.end(), {"--url", url});
    auto result = project.run(args);
    EXPECT_EQ(result.exit_code, 1) << row.front() << ": " << result.err;
    EXPECT_EQ(result.err.rfind("error: ", 0), 0u) << result.err;
    EXPECT_EQ(result.err.find("hunter2"), std::string::npos) << result.err;
    EXPECT_EQ(result.out.find("hunter2"), std::string::npos) << result.out;
    args.insert(args.begin(), {"--format", "json"});
    auto json = project.run(args);
    EXPECT_EQ(json.exit_code, 1) << row.front();
    auto document = nlohmann::json::parse(json.out);
    EXPECT_EQ(document["error"]["kind"], "database") << row.front();
    EXPECT_EQ(json.out.find("hunter2"), std::string::npos) << json.out;
  }
}

// Listings that read the version table say which option needed the database.
TEST(DatabaseCommands, ListingsNameWhatNeededTheDatabase) {
  DiamondProject project;
  const std::string url = "postgresql://127.0.0.1:1/shop";
  auto history = project.run({"history", "-i", "--url", url});
  EXPECT_NE(history.err.find("`history --indicate-current` reads the database: cannot connect"),
            std::string::npos)
      << history.err;
  auto show = project.run({"show", "current", "--url", url});
  EXPECT_NE(show.err.find("`show current` reads the database"), std::string::npos) << show.err;
}

TEST(DatabaseCommands, OfflineSqlNeedsNoServer) {
  DiamondProject project;
  auto result = project.run({"upgrade", "heads", "--sql", "--url", "postgresql://127.0.0.1:1/x"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out, "");
}

TEST(DatabaseCommands, ArgumentsAreChecked) {
  DiamondProject project;
  auto missing_target = project.run({"downgrade"});
  EXPECT_EQ(missing_target.exit_code, 2);
  EXPECT_NE(missing_target.err.find("target is required"), std::string::npos) << missing_target.err;
  auto missing_stamp = project.run({"stamp"});
  EXPECT_EQ(missing_stamp.exit_code, 2);
}

TEST(LambdaCommand, HelpExplainsPayloadsAndTheLocalEndpoint) {
  DiamondProject project;
  auto result = project.run({"lambda", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* expected :
       {"AWS_LAMBDA_RUNTIME_API", "/2015-03-31/functions/function/invocations", "--listen",
        "lambda.allowed_commands", "{\"argv\": [...]}"}) {
    EXPECT_NE(result.out.find(expected), std::string::npos) << expected << "\n" << result.out;
  }
}

}  // namespace
}  // namespace retort::testing
