// init, revision and merge: files written, validated first, and read back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_project.hpp"

namespace retort::testing {
namespace {

using Lines = std::vector<std::string>;

TEST(InitCli, CreatesConfigAndEmptyMigrations) {
  TempDir dir;
  auto result = DiamondProject::run_in(dir.path(), {"init"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto config = dir.path() / "config" / "retort.yaml";
  const auto migrations = dir.path() / "migrations";
  EXPECT_TRUE(std::filesystem::is_regular_file(config));
  EXPECT_TRUE(std::filesystem::is_directory(migrations));
  EXPECT_EQ(count_files(migrations), 0u);
  EXPECT_NE(result.out.find("Creating directory " + migrations.string() + " ...  done"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Generating " + config.string() + " ...  done"), std::string::npos);
  const std::string text = read_file(config);
  EXPECT_NE(text.find("script_location: ../migrations"), std::string::npos);
  EXPECT_NE(text.find("# "), std::string::npos);
  // The generated config loads, and an empty project lists nothing.
  auto heads = DiamondProject::run_in(dir.path(), {"heads"});
  EXPECT_EQ(heads.exit_code, 0) << heads.err;
  EXPECT_EQ(heads.out, "");
}

TEST(InitCli, IntoADirectoryArgument) {
  TempDir dir;
  auto result = DiamondProject::run_in(dir.path(), {"init", "shop", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document["config_file"], (dir.path() / "shop/config/retort.yaml").string());
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "shop/migrations"));
}

TEST(InitCli, RefusesToClobber) {
  struct Row {
    const char* name;
    const char* existing;
    const char* message_part;
  };
  const std::vector<Row> rows = {
      {"existing config", "config/retort.yaml", "retort.yaml already exists"},
      {"non-empty migrations", "migrations/x.sql", "already exists and is not empty"},
  };
  for (const auto& row : rows) {
    TempDir dir;
    dir.write(row.existing, "keep me\n");
    auto result = DiamondProject::run_in(dir.path(), {"init"});
    EXPECT_EQ(result.exit_code, 2) << row.name;
    EXPECT_NE(result.err.find(row.message_part), std::string::npos) << result.err;
    EXPECT_EQ(read_file(dir.path() / row.existing), "keep me\n") << row.name;
    EXPECT_EQ(result.out, "") << row.name;
  }
}

TEST(RevisionCli, InitRevisionRevisionThenHeadsAndHistory) {
  TempDir dir;
  ASSERT_EQ(DiamondProject::run_in(dir.path(), {"init"}).exit_code, 0);
  auto first = DiamondProject::run_in(
      dir.path(), {"revision", "-m", "create customers", "--rev-id", "aaaa0001"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto first_path = dir.path() / "migrations" / "aaaa0001_create_customers.sql";
  EXPECT_EQ(first.out, "Generating " + first_path.string() + " ...  done\n");
  EXPECT_TRUE(std::filesystem::is_regular_file(first_path));

  auto second = DiamondProject::run_in(dir.path(), {"revision", "-m", "Add Orders!"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("_add_orders.sql ...  done"), std::string::npos) << second.out;

  auto heads = DiamondProject::run_in(dir.path(), {"heads", "--format", "json"});
  ASSERT_EQ(heads.exit_code, 0) << heads.err;
  auto document = nlohmann::json::parse(heads.out);
  ASSERT_EQ(document["heads"].size(), 1u);
  EXPECT_EQ(document["heads"][0]["down_revisions"], (std::vector<std::string>{"aaaa0001"}));
  EXPECT_EQ(document["heads"][0]["message"], "Add Orders!");
  EXPECT_EQ(document["heads"][0]["reversible"], true);

  auto history = DiamondProject::run_in(dir.path(), {"history"});
  auto lines = split_lines(history.out);
  ASSERT_EQ(lines.size(), 2u) << history.out;
  EXPECT_EQ(lines[1], "<base> -> aaaa0001, create customers");
}

TEST(RevisionCli, BranchLabelsDependenciesAndJson) {
  DiamondProject project;
  auto root = project.run({"revision", "-m", "audit log", "--head", "base", "--branch-label",
                           "audit", "--rev-id", "d0000001", "--format", "json"});
  ASSERT_EQ(root.exit_code, 0) << root.err;
  auto document = nlohmann::json::parse(root.out);
  EXPECT_EQ(document["command"], "revision");
  EXPECT_EQ(document["revision"]["revision"], "d0000001");
  EXPECT_EQ(document["revision"]["branch_labels"], (std::vector<std::string>{"audit"}));
  EXPECT_TRUE(std::filesystem::is_regular_file(document["path"].get<std::string>()));

  auto child =
      project.run({"revision", "-m", "audit invoices", "--head", "audit@head", "--depends-on",
                   "billing", "--depends-on", "c0000", "--rev-id", "d0000002"});
  ASSERT_EQ(child.exit_code, 0) << child.err;
  auto show = project.run({"show", "d0000002"});
  EXPECT_NE(show.out.find("Parent: d0000001\nAlso depends on: billing, c0000001\n"),
            std::string::npos)
      << show.out;
  auto heads = project.run({"heads"});
  EXPECT_EQ(split_lines(heads.out),
            (Lines{"c0000001 (billing, shipping) (effective head)", "d0000002 (audit) (head)"}));
}

TEST(RevisionCli, RefusalsWriteNothing) {
  struct Row {
    const char* name;
    std::vector<std::string> args;
    const char* message_part;
  };
  const std::vector<Row> rows = {
      {"not a head without --splice",
       {"revision", "-m", "x", "--head", "a0000001"},
       "revision a0000001 is not a head revision"},
      {"label already used",
       {"revision", "-m", "x", "--branch-label", "billing"},
       "branch label 'billing' is already used by revision b1000001"},
      {"label that is an id",
       {"revision", "-m", "x", "--branch-label", "a0000001"},
       "already a revision id"},
      {"invalid label",
       {"revision", "-m", "x", "--branch-label", "bad-label"},
       "not allowed in branch label"},
      {"duplicate id",
       {"revision", "-m", "x", "--rev-id", "c0000001"},
       "revision c0000001 already exists"},
      {"invalid id", {"revision", "-m", "x", "--rev-id", "no-dash"}, "not allowed in revision"},
      {"duplicate parents",
       {"revision", "-m", "x", "--head", "c0000001,head"},
       "duplicate head revisions"},
      {"unknown parent", {"revision", "-m", "x", "--head", "nosuch"}, "nosuch"},
      {"unknown dependency", {"revision", "-m", "x", "--depends-on", "nosuch"}, "nosuch"},
      {"merge of a non-head", {"merge", "a0000001", "c0000001"}, "not a head revision"},
  };
  for (const auto& row : rows) {
    DiamondProject project;
    const auto before = count_files(project.migrations());
    auto result = project.run(row.args);
    EXPECT_EQ(result.exit_code, 2) << row.name;
    EXPECT_NE(result.err.find(row.message_part), std::string::npos)
        << row.name << ": " << result.err;
    EXPECT_EQ(count_files(project.migrations()), before) << row.name;
  }
}

TEST(RevisionCli, SpliceAllowsABranchFromTheMiddle) {
  DiamondProject project;
  auto result = project.run(
      {"revision", "-m", "hotfix", "--head", "a0000001", "--splice", "--rev-id", "f0000001"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto branches = project.run({"branches"});
  EXPECT_NE(branches.out.find("         -> f0000001 (head)"), std::string::npos) << branches.out;
}

TEST(RevisionCli, MultipleHeadsNeedAHeadOrAMerge) {
  DiamondProject project;
  ASSERT_EQ(project.run({"revision", "-m", "other root", "--head", "base", "--rev-id", "e0000001"})
                .exit_code,
            0);
  const auto before = count_files(project.migrations());
  auto result = project.run({"revision", "-m", "ambiguous"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("multiple heads are present"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hint: "), std::string::npos) << result.err;
  EXPECT_EQ(count_files(project.migrations()), before);

  auto merge = project.run({"merge", "heads", "-m", "join roots", "--rev-id", "f0000002"});
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  const std::string text = read_file(project.migrations() / "f0000002_join_roots.sql");
  EXPECT_NE(text.find("-- down_revision: [c0000001, e0000001]"), std::string::npos) << text;
  auto heads = project.run({"heads"});
  EXPECT_EQ(heads.out, "f0000002 (billing, shipping) (head)\n");
  auto plain = project.run({"revision", "-m", "after merge"});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
}

}  // namespace
}  // namespace retort::testing
