// The text renderings of revisions (docs/alembic-semantics.md §7.1) on small graphs.
#include "commands/revision_text.hpp"

#include <gtest/gtest.h>

#include "retort/revision_graph.hpp"

namespace retort {
namespace {

Revision make_revision(const std::string& id, const std::vector<std::string>& parents,
                       std::vector<std::string> labels = {}, std::vector<std::string> deps = {},
                       std::string message = "") {
  Revision revision{.id = *RevisionId::parse(id),
                    .down_revisions = {},
                    .branch_labels = {},
                    .depends_on = {},
                    .message = {},
                    .create_date = {},
                    .path = {},
                    .header_line = 1,
                    .upgrade = {},
                    .downgrade = std::nullopt};
  for (const auto& parent : parents) revision.down_revisions.push_back(*RevisionId::parse(parent));
  revision.branch_labels = std::move(labels);
  revision.depends_on = std::move(deps);
  revision.message = message.empty() ? id + " doc" : std::move(message);
  revision.path = "/m/" + id + ".sql";
  return revision;
}

RevIndex at(const RevisionGraph& graph, const std::string& id) {
  return *graph.find_id(id);
}

// A <- B1 (left), A <- B2 (right), M = (B1, B2), M <- C: the labelled diamond.
RevisionGraph diamond() {
  return RevisionGraph({make_revision("a0000001", {}, {}, {}, "create customers\n\nlong text"),
                        make_revision("b1000001", {"a0000001"}, {"left"}),
                        make_revision("b2000001", {"a0000001"}, {"right"}),
                        make_revision("m0000001", {"b1000001", "b2000001"}),
                        make_revision("c0000001", {"m0000001"})});
}

// x1 is only depended on (an effective head); y1 depends on it.
RevisionGraph dependency_only() {
  return RevisionGraph(
      {make_revision("aaaa0001", {}), make_revision("bbbb0001", {}, {}, {"aaaa0001"})});
}

TEST(ShortLine, HistoryStyleRows) {
  const RevisionGraph graph = diamond();
  struct Row {
    const char* id;
    const char* expected;
  };
  const std::vector<Row> rows = {
      {"a0000001", "<base> -> a0000001 (branchpoint), create customers"},
      {"b1000001", "a0000001 -> b1000001 (left), b1000001 doc"},
      {"m0000001", "b1000001, b2000001 -> m0000001 (left, right) (mergepoint), m0000001 doc"},
      {"c0000001", "m0000001 -> c0000001 (left, right) (head), c0000001 doc"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(listing::short_line(graph, at(graph, row.id), listing::k_history_style),
              row.expected);
  }
}

TEST(ShortLine, DependenciesAndEffectiveHeads) {
  const RevisionGraph graph = dependency_only();
  EXPECT_EQ(listing::short_line(graph, at(graph, "bbbb0001"), listing::k_history_style),
            "<base> (aaaa0001) -> bbbb0001 (head), bbbb0001 doc");
  EXPECT_EQ(listing::short_line(graph, at(graph, "aaaa0001"), listing::k_history_style),
            "<base> -> aaaa0001 (effective head), aaaa0001 doc");
  EXPECT_EQ(listing::short_line(graph, at(graph, "aaaa0001"), listing::k_heads_style),
            "aaaa0001 (effective head)");
}

TEST(ShortLine, StylesLeaveOutWhatTheCommandDoesNotShow) {
  const RevisionGraph graph = diamond();
  const RevIndex m = at(graph, "m0000001");
  EXPECT_EQ(listing::short_line(graph, m, listing::k_heads_style), "m0000001 (left, right)");
  EXPECT_EQ(listing::short_line(graph, m, listing::k_branches_style),
            "m0000001 (left, right) (mergepoint)");
  EXPECT_EQ(listing::short_line(graph, m, listing::k_current_style), "m0000001 (mergepoint)");
  RevisionSet current = graph.empty_set();
  current.insert(m);
  EXPECT_EQ(listing::short_line(graph, m, listing::k_current_style, &current),
            "m0000001 (current) (mergepoint)");
}

TEST(ShortLine, EmptyDocLeavesNoTrailingComma) {
  Revision revision = make_revision("abcd0001", {});
  revision.message = "";
  const RevisionGraph graph({revision});
  EXPECT_EQ(listing::short_line(graph, 0, listing::k_history_style), "<base> -> abcd0001 (head)");
}

TEST(FullEntry, BranchPointWithMultiLineMessage) {
  const RevisionGraph graph = diamond();
  EXPECT_EQ(listing::full_entry(graph, at(graph, "a0000001")),
            (std::vector<std::string>{"Rev: a0000001 (branchpoint)", "Parent: <base>",
                                      "Branches into: b1000001, b2000001", "Path: /m/a0000001.sql",
                                      "", "    create customers", "", "    long text", ""}));
}

TEST(FullEntry, MergePointWithLabelsAndCurrent) {
  const RevisionGraph graph = diamond();
  RevisionSet current = graph.empty_set();
  current.insert(at(graph, "m0000001"));
  EXPECT_EQ(listing::full_entry(graph, at(graph, "m0000001"), &current),
            (std::vector<std::string>{"Rev: m0000001 (mergepoint) (current)",
                                      "Merges: b1000001, b2000001", "Branch names: left, right",
                                      "Path: /m/m0000001.sql", "", "    m0000001 doc", ""}));
}

TEST(FullEntry, DependencyAndVersionedHead) {
  const RevisionGraph graph = dependency_only();
  EXPECT_EQ(listing::full_entry(graph, at(graph, "bbbb0001")),
            (std::vector<std::string>{"Rev: bbbb0001 (head)", "Parent: <base>",
                                      "Also depends on: aaaa0001", "Path: /m/bbbb0001.sql", "",
                                      "    bbbb0001 doc", ""}));
  // An effective head is a versioned head: the full entry says (head).
  EXPECT_EQ(listing::full_entry(graph, at(graph, "aaaa0001")).front(), "Rev: aaaa0001 (head)");
}

}  // namespace
}  // namespace retort
