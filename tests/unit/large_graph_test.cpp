// Scale: a 100,000-revision graph (long chains, branches, merges,
// dependencies) is validated, planned and listed in linear time. No timing
// assertion; the durations are recorded as test properties.
#include <gtest/gtest.h>

#include <chrono>

#include "retort/history.hpp"
#include "retort/plan.hpp"
#include "support/graph_builder.hpp"
#include "support/large_graph.hpp"

namespace retort::testing {
namespace {

using Clock = std::chrono::steady_clock;

int elapsed_ms(Clock::time_point since) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

// Every revision appears once and after all of its parents and dependencies.
void expect_topological(const RevisionGraph& graph, const std::vector<RevIndex>& order) {
  std::vector<std::size_t> position(graph.size(), order.size());
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  ASSERT_EQ(order.size(), graph.size());
  for (RevIndex r = 0; r < graph.size(); ++r) {
    ASSERT_LT(position[r], order.size()) << graph.id(r) << " missing";
    for (RevIndex p : graph.all_parents(r)) {
      ASSERT_LT(position[p], position[r]) << graph.id(p) << " after " << graph.id(r);
    }
  }
}

TEST(LargeGraph, HundredThousandRevisionsPlanFromEmpty) {
  auto started = Clock::now();
  const RevisionGraph graph(large_graph_revisions(100'000));
  RecordProperty("build_ms", elapsed_ms(started));
  ASSERT_GE(graph.size(), 100'000u);
  ASSERT_EQ(graph.heads().size(), 1u);
  const RevIndex head = graph.heads().front();
  EXPECT_EQ(graph.real_heads(), graph.heads());
  EXPECT_GT(graph.merge_points().size(), 6'000u);

  started = Clock::now();
  Plan plan = plan_upgrade(graph, {}, "head");
  RecordProperty("plan_upgrade_ms", elapsed_ms(started));
  std::vector<RevIndex> order;
  for (const auto& step : plan.steps) order.push_back(*step.revision);
  expect_topological(graph, order);
  EXPECT_EQ(order.front(), 0u);
  EXPECT_EQ(order.back(), head);
  EXPECT_EQ(join(plan.rows_after), graph.id(head));

  started = Clock::now();
  const auto history = select_history(graph, "");
  RecordProperty("history_ms", elapsed_ms(started));
  std::vector<RevIndex> ascending(history.rbegin(), history.rend());
  EXPECT_EQ(ascending, order);  // history is the upgrade order, newest first

  const std::vector<RevIndex> rows{head};
  EXPECT_EQ(current_heads(graph, rows), rows);
  EXPECT_TRUE(pending_revisions(graph, rows).empty());
  // Every revision is an ancestor of the head, which carries the label.
  EXPECT_EQ(select_history(graph, "side@base:").size(), graph.size());

  started = Clock::now();
  Plan down = plan_downgrade(graph, std::vector<std::string>{graph.id(head)}, "base");
  RecordProperty("plan_downgrade_ms", elapsed_ms(started));
  EXPECT_EQ(down.steps.size(), graph.size());
  EXPECT_TRUE(down.rows_after.empty());
}

TEST(LargeGraph, TwoLongHeadsUpgradeAndDowngrade) {
  // Two 50,000-revision chains from one root: `upgrade heads` and a
  // downgrade of both keep two slots and two rows for the whole run.
  GraphBuilder builder;
  builder.rev("root");
  for (const char* side : {"a", "b"}) {
    std::string prev = "root";
    for (int i = 0; i < 50'000; ++i) {
      std::string id = std::string(side) + std::to_string(i);
      builder.rev(id, prev);
      prev = id;
    }
  }
  const RevisionGraph graph = builder.build();
  Plan up = plan_upgrade(graph, {}, "heads");
  ASSERT_EQ(up.steps.size(), graph.size());
  EXPECT_EQ(graph.id(*up.steps[1].revision), "b0");  // the first head in load order runs last
  EXPECT_EQ(join(up.rows_after), "a49999 b49999");
  Plan down = plan_downgrade(graph, up.rows_after, "base");
  EXPECT_EQ(down.steps.size(), graph.size());
  EXPECT_TRUE(down.rows_after.empty());
}

}  // namespace
}  // namespace retort::testing
