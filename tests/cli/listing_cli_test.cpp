// history, heads, branches and show on the labelled diamond, as text and JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_project.hpp"

namespace retort::testing {
namespace {

using Lines = std::vector<std::string>;

nlohmann::json parse_json(const ProcessResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

std::vector<std::string> ids(const nlohmann::json& revisions) {
  std::vector<std::string> result;
  for (const auto& revision : revisions) result.push_back(revision["revision"]);
  return result;
}

TEST(HistoryCli, ListsNewestFirstWithParentsLabelsAndDocs) {
  DiamondProject project;
  auto result = project.run({"history"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(split_lines(result.out),
            (Lines{"m0000001 -> c0000001 (billing, shipping) (head), add order status",
                   "b1000001, b2000001 -> m0000001 (billing, shipping) (mergepoint), merge billing "
                   "and shipping",
                   "a0000001 -> b1000001 (billing), invoices",
                   "a0000001 -> b2000001 (shipping), shipments",
                   "<base> -> a0000001 (branchpoint), create customers"}));
  EXPECT_EQ(result.err, "");
}

TEST(HistoryCli, RangeSelectsOneLineOfDescent) {
  DiamondProject project;
  struct Row {
    std::vector<std::string> args;
    std::vector<std::string> expected_ids;
  };
  const std::vector<Row> rows = {
      {{"history", "-r", "b1000001:"}, {"c0000001", "m0000001", "b1000001"}},
      {{"history", "-r", ":b2000001"}, {"b2000001", "a0000001"}},
      {{"history", "--rev-range=-1:"}, {"c0000001", "m0000001"}},
      {{"history", "-r", "base:base"}, {}},
  };
  for (const auto& row : rows) {
    auto args = row.args;
    args.insert(args.end(), {"--format", "json"});
    auto document = parse_json(project.run(args));
    EXPECT_EQ(ids(document["revisions"]), row.expected_ids) << row.args.back();
  }
}

TEST(HistoryCli, VerbosePrintsFullEntries) {
  DiamondProject project;
  auto result = project.run({"history", "-r", "m0000001:", "-v"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(split_lines(result.out),
            (Lines{"Rev: c0000001 (head)", "Parent: m0000001", "Branch names: billing, shipping",
                   "Path: " + (project.migrations() / "c0000001_order_status.sql").string(), "",
                   "    add order status", "", "Rev: m0000001 (mergepoint)",
                   "Merges: b1000001, b2000001", "Branch names: billing, shipping",
                   "Path: " + (project.migrations() / "m0000001_merge.sql").string(), "",
                   "    merge billing and shipping", ""}));
}

TEST(HistoryCli, JsonCarriesTheSameFacts) {
  DiamondProject project;
  auto document = parse_json(project.run({"history", "--format", "json"}));
  EXPECT_EQ(document["ok"], true);
  EXPECT_EQ(document["command"], "history");
  ASSERT_EQ(document["revisions"].size(), 5u);
  const auto& merge = document["revisions"][1];
  EXPECT_EQ(merge["revision"], "m0000001");
  EXPECT_EQ(merge["down_revisions"], (std::vector<std::string>{"b1000001", "b2000001"}));
  EXPECT_EQ(merge["labels"], (std::vector<std::string>{"billing", "shipping"}));
  EXPECT_EQ(merge["merge_point"], true);
  EXPECT_EQ(merge["head"], false);
  EXPECT_EQ(merge["doc"], "merge billing and shipping");
  const auto& base = document["revisions"][4];
  EXPECT_EQ(base["branch_point"], true);
  EXPECT_EQ(base["children"], (std::vector<std::string>{"b1000001", "b2000001"}));
  EXPECT_EQ(base["path"], (project.migrations() / "a0000001_create_customers.sql").string());
}

TEST(HeadsCli, TextJsonAndVerbose) {
  DiamondProject project;
  auto text = project.run({"heads"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, "c0000001 (billing, shipping) (head)\n");
  auto document = parse_json(project.run({"heads", "--format", "json"}));
  EXPECT_EQ(document["command"], "heads");
  EXPECT_EQ(ids(document["heads"]), (std::vector<std::string>{"c0000001"}));
  auto verbose = project.run({"heads", "-v"});
  EXPECT_EQ(split_lines(verbose.out).front(), "Rev: c0000001 (head)");
}

TEST(HeadsCli, EffectiveHeadsAndResolveDependencies) {
  DiamondProject project;
  project.add("x0000001_reference_data.sql", migration_text("x0000001", "", "reference data"));
  project.add("y0000001_uses_reference.sql",
              migration_text("y0000001", "", "uses reference", "-- depends_on: [x0000001]\n"));
  auto all = project.run({"heads"});
  EXPECT_EQ(split_lines(all.out), (Lines{"c0000001 (billing, shipping) (head)",
                                         "x0000001 (effective head)", "y0000001 (head)"}));
  auto real = project.run({"heads", "--resolve-dependencies"});
  EXPECT_EQ(split_lines(real.out),
            (Lines{"c0000001 (billing, shipping) (head)", "y0000001 (head)"}));
}

TEST(BranchesCli, BranchPointsWithChildren) {
  DiamondProject project;
  auto result = project.run({"branches"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(split_lines(result.out),
            (Lines{"a0000001 (branchpoint)", "         -> b1000001 (billing)",
                   "         -> b2000001 (shipping)", ""}));
  auto verbose = project.run({"branches", "-v"});
  auto lines = split_lines(verbose.out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines.front(), "Rev: a0000001 (branchpoint)");
  EXPECT_NE(verbose.out.find("         -> b1000001 (billing), invoices\n"), std::string::npos);
  auto document = parse_json(project.run({"branches", "--format=json"}));
  EXPECT_EQ(ids(document["branch_points"]), (std::vector<std::string>{"a0000001"}));
}

TEST(ShowCli, FullEntriesOfEachRevision) {
  DiamondProject project;
  auto result = project.run({"show", "billing", "shipping@head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(split_lines(result.out),
            (Lines{"Rev: b1000001", "Parent: a0000001", "Branch names: billing",
                   "Path: " + (project.migrations() / "b1000001_invoices.sql").string(), "",
                   "    invoices", "", "Rev: c0000001 (head)", "Parent: m0000001",
                   "Branch names: billing, shipping",
                   "Path: " + (project.migrations() / "c0000001_order_status.sql").string(), "",
                   "    add order status", ""}));
  auto document = parse_json(project.run({"show", "b2000", "--format", "json"}));
  EXPECT_EQ(ids(document["revisions"]), (std::vector<std::string>{"b2000001"}));
  EXPECT_EQ(document["revisions"][0]["branch_labels"], (std::vector<std::string>{"shipping"}));
}

TEST(ShowCli, UnknownTargetIsAnError) {
  DiamondProject project;
  auto result = project.run({"show", "nosuch"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err.rfind("error: ", 0), 0u) << result.err;
  EXPECT_NE(result.err.find("nosuch"), std::string::npos) << result.err;
  auto json = project.run({"show", "nosuch", "--format", "json"});
  EXPECT_EQ(json.exit_code, 2);
  auto document = nlohmann::json::parse(json.out);
  EXPECT_EQ(document["ok"], false);
  EXPECT_EQ(document["error"]["kind"], "target");
  EXPECT_EQ(document["exit_code"], 2);
}

TEST(ExampleProject, LoadsWithOneHeadAfterTheMerge) {
  const std::filesystem::path source = RETORT_SOURCE_DIR;
  auto heads = DiamondProject::run_in(source, {"heads"});
  ASSERT_EQ(heads.exit_code, 0) << heads.err;
  EXPECT_EQ(heads.out, "8b5e3c1f6a4d (billing, shipping) (head)\n");
  auto history = DiamondProject::run_in(source, {"history"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_EQ(split_lines(history.out).size(), 8u);
  EXPECT_NE(history.out.find("5e2a9f4b7c1d, 6f3c1a8d4e2b -> 7a4d2b9e5f3c (billing, shipping) "
                             "(mergepoint), merge billing and shipping"),
            std::string::npos)
      << history.out;
  auto branches = DiamondProject::run_in(source, {"branches"});
  EXPECT_EQ(split_lines(branches.out).front(), "3d9b5e1f7a2c (branchpoint)");
}

}  // namespace
}  // namespace retort::testing
