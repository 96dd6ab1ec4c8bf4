// History selection (docs/alembic-semantics.md §7.6), current heads (§7.7) and
// pending revisions (what `check` reports).
#include <gtest/gtest.h>

#include "retort/error.hpp"
#include "retort/history.hpp"
#include "support/graph_shapes.hpp"

namespace retort::testing {
namespace {

// The labelled diamond with a tail used by §7.6's examples.
RevisionGraph history_graph() {
  return GraphBuilder()
      .rev("a")
      .rev("b1", "a")
      .label("left")
      .rev("b2", "a")
      .label("right")
      .rev("m", {"b1", "b2"})
      .rev("c", "m")
      .rev("d", "c")
      .build();
}

struct HistoryCase {
  const char* name;
  const char* range;
  const char* rows;      // for `current`
  const char* expected;  // ids newest first, or the error message
};

class HistorySelection : public ::testing::TestWithParam<HistoryCase> {
 protected:
  RevisionGraph graph = history_graph();
};

TEST_P(HistorySelection, MatchesAlembic) {
  const auto& row = GetParam();
  const std::vector<std::string> rows = words(row.rows);
  try {
    EXPECT_EQ(ids(graph, select_history(graph, row.range, rows)), row.expected) << row.name;
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), row.expected) << row.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    History, HistorySelection,
    ::testing::Values(
        HistoryCase{"everything", "", "", "d c m b1 b2 a"},
        HistoryCase{"open range", ":", "", "d c m b1 b2 a"},
        HistoryCase{"between a branch and the head side", "b1:c", "", "c m b1"},
        HistoryCase{"reversed range", "c:b1", "",
                    "Requested range c:b1 does not refer to ancestor/descendant revisions along "
                    "the same branch"},
        HistoryCase{"from a branch", "b2:", "", "d c m b2"},
        HistoryCase{"up to a branch", ":b2", "", "b2 a"},
        HistoryCase{"negative start", "-2:", "", "d c m"},
        HistoryCase{"negative start through the merge", "-3:", "", "Ambiguous walk"},
        HistoryCase{"relative end", "c:+1", "", "d c"},
        HistoryCase{"relative end past the head stops there", "c:+5", "", "d c"},
        HistoryCase{"labelled relative end", "a:left@+1", "", "b1 a"},
        HistoryCase{"base to base", "base:base", "", ""},
        HistoryCase{"label bounds", "left@base:left@head", "", "d c m b1 b2 a"},
        HistoryCase{"range of one", "c:c", "", "c"},
        HistoryCase{"current as end", ":current", "b1", "b1 a"},
        HistoryCase{"current as start", "current:", "b1", "d c m b1"},
        // Alembic quirk kept: an empty table makes `:current` the whole history.
        HistoryCase{"current as end with no rows", ":current", "", "d c m b1 b2 a"},
        HistoryCase{"unknown row in current", ":current", "zzzz",
                    "Can't locate revision identified by 'zzzz'"},
        HistoryCase{"no colon", "head", "",
                    "History range requires [start]:[end], [start]:, or :[end]"},
        HistoryCase{"unknown bound", "nosuch:", "", "Can't locate revision identified by 'nosuch'"},
        HistoryCase{"ambiguous walk", ":a+1", "", "Ambiguous walk"}),
    [](const auto& param) { return test_name(param.param.name); });

TEST_F(LinearGraph, NegativeStartPastTheBaseShowsEverything) {
  EXPECT_EQ(ids(graph, select_history(graph, "-1:")), "C B");
  EXPECT_EQ(ids(graph, select_history(graph, "-3:")), "C B A");
  EXPECT_EQ(ids(graph, select_history(graph, "-9:")), "C B A");
}

TEST_F(TwoHeads, HistoryOfSeveralHeadsIsInEmissionOrder) {
  EXPECT_EQ(ids(graph, select_history(graph, "")), "B1b B1 B2b B2 A");
  EXPECT_EQ(ids(graph, select_history(graph, "right@base:")), "B2b B2 A");
  EXPECT_EQ(error_message([&] { select_history(graph, ":head"); }).substr(0, 35),
            "Multiple head revisions are present");
}

TEST_F(TwoRootsWithDependency, HistoryListsDependencyTargetsBeforeDependents) {
  EXPECT_EQ(ids(graph, select_history(graph, "")), "x2 y2 y1 x1");
  // A lower bound reached only through a dependency (Alembic asserts here).
  EXPECT_EQ(ids(graph, select_history(graph, "x1:y2")), "x1");
}

TEST(History, NoRevisionsNoHistory) {
  RevisionGraph graph({});
  EXPECT_TRUE(select_history(graph, "").empty());
  EXPECT_TRUE(current_heads(graph, {}).empty());
  EXPECT_TRUE(pending_revisions(graph, {}).empty());
}

TEST_F(TwoRootsWithDependency, CurrentShowsDependencyImpliedTips) {
  // Scenario 25: rows {y2} show x1 and y2.
  const std::vector<RevIndex> rows{*graph.find_id("y2")};
  EXPECT_EQ(ids(graph, current_heads(graph, rows)), "x1 y2");
}

TEST_F(LinearGraph, CurrentHidesARedundantRow) {
  // Scenario 34: rows {A, B} print only B.
  const std::vector<RevIndex> rows{*graph.find_id("A"), *graph.find_id("B")};
  EXPECT_EQ(ids(graph, current_heads(graph, rows)), "B");
  EXPECT_EQ(ids(graph, current_heads(graph, {})), "");
}

TEST_F(Diamond, CurrentAndPendingFollowTheRows) {
  const std::vector<RevIndex> branches{*graph.find_id("B2"), *graph.find_id("B1")};
  EXPECT_EQ(ids(graph, current_heads(graph, branches)), "B1 B2");
  EXPECT_EQ(ids(graph, pending_revisions(graph, branches)), "M C");
  const std::vector<RevIndex> left{*graph.find_id("B1")};
  EXPECT_EQ(ids(graph, pending_revisions(graph, left)), "B2 M C");
  EXPECT_EQ(ids(graph, pending_revisions(graph, {})), "A B2 B1 M C");
  const std::vector<RevIndex> head{*graph.find_id("C")};
  EXPECT_EQ(ids(graph, pending_revisions(graph, head)), "");
}

TEST_F(DependencyOnlyHead, PendingIncludesTheEffectiveHead) {
  EXPECT_EQ(ids(graph, pending_revisions(graph, {})), "A B");
  const std::vector<RevIndex> rows{*graph.find_id("B")};
  EXPECT_EQ(ids(graph, pending_revisions(graph, rows)), "");
  EXPECT_EQ(ids(graph, current_heads(graph, rows)), "A B");
}

}  // namespace
}  // namespace retort::testing
