// The executor's commit accounting, against the scripted fake: for every
// statement a run sends, a run that fails there must leave the database
// consistent (each step's SQL durable exactly when its version row is) and
// its report must tell the truth about what was committed, what stays
// applied of a transaction:false section, and the version table left behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "executor_fixtures.hpp"

namespace retort::testing {
namespace {

struct Mode {
  const char* name;
  bool per_migration;
  bool b_transactional;
};

const Mode k_modes[] = {
    {"one transaction", false, true},
    {"per migration", true, true},
    {"transaction:false section, one transaction", false, false},
    {"transaction:false section, per migration", true, false},
};

// How many of `spec`'s statements took effect durably.
std::size_t durable_statements(const ScriptedState& state, const StepSpec& spec) {
  return static_cast<std::size_t>(
      std::count_if(spec.statements.begin(), spec.statements.end(), [&](const std::string& s) {
        return std::find(state.applied.begin(), state.applied.end(), s) != state.applied.end();
      }));
}

std::string joined(const std::vector<std::string>& ids) {
  if (ids.empty()) return "(empty)";
  return join(ids, ", ");
}

// Checks the state a run left behind and the report of its failure.
void check_outcome(const std::vector<StepSpec>& steps, const ScriptedState& state,
                   const std::optional<Error>& error) {
  // The steps the version table says are applied (a linear chain: one row).
  ASSERT_LE(state.version_rows.size(), 1u);
  std::size_t recorded = 0;
  if (!state.version_rows.empty()) {
    while (recorded < steps.size() && steps[recorded].id != state.version_rows[0]) ++recorded;
    ASSERT_LT(recorded, steps.size()) << "unknown row " << state.version_rows[0];
    ++recorded;
  }
  // The version row follows the SQL it stands for: every recorded step is
  // durable, no later step ran, and the next one ran in part only when it is
  // a transaction:false section (its statements commit one by one).
  for (std::size_t i = 0; i < recorded; ++i) {
    EXPECT_EQ(durable_statements(state, steps[i]), steps[i].statements.size()) << steps[i].id;
  }
  std::size_t partial = recorded < steps.size() ? durable_statements(state, steps[recorded]) : 0;
  if (partial > 0) {
    EXPECT_FALSE(steps[recorded].transactional)
        << "part of the transactional step " << steps[recorded].id << " is durable";
  }
  for (std::size_t later = recorded + 1; later < steps.size(); ++later) {
    EXPECT_EQ(durable_statements(state, steps[later]), 0u) << steps[later].id << " ran early";
  }

  if (!error) {
    EXPECT_EQ(recorded, steps.size()) << "a run that succeeded left work undone";
    return;
  }
  if (error->kind() != ErrorKind::migration) return;  // failed before or after the plan
  const std::string& message = error->message();
  EXPECT_FALSE(contains(message, "SQLSTATE")) << "the SQLSTATE belongs in Error::sqlstate()";
  // "committed before the failure" names exactly the recorded steps.
  std::vector<std::string> durable_ids;
  for (std::size_t i = 0; i < recorded; ++i) durable_ids.push_back(steps[i].id);
  // A transaction:false section that started is recorded as partially
  // applied, with the statements whose completion was recorded (the one
  // running when the failure hit may have run without being recorded).
  const bool section_started = state.progress.has_value();
  if (section_started) {
    EXPECT_FALSE(steps[recorded].transactional);
    EXPECT_EQ(state.progress->revision, steps[recorded].id);
    EXPECT_LE(state.progress->done, partial);
    EXPECT_LE(partial, state.progress->done + 1);
    EXPECT_TRUE(contains(message, "recorded as partially applied")) << message;
  } else {
    EXPECT_FALSE(contains(message, "recorded as partially applied")) << message;
  }
  if (durable_ids.empty()) {
    EXPECT_TRUE(contains(message, "committed before the failure: nothing")) << message;
  } else {
    EXPECT_TRUE(contains(
        message, "committed before the failure: " + joined(durable_ids) +
                     (partial > 0 || section_started ? "\n" : " (the rest was rolled back)")))
        << message;
  }
  if (partial > 0) {
    const std::size_t all = steps[recorded].statements.size();
    EXPECT_FALSE(contains(message, "every change of this run was rolled back")) << message;
    const std::string ran =
        partial == all ? "all " + std::to_string(all) + " statement(s)"
                       : std::to_string(partial) + " of " + std::to_string(all) + " statement(s)";
    EXPECT_TRUE(contains(message, ran + " of this transaction:false section ran")) << message;
  }
  // The version table the report shows is the one the database holds.
  if (contains(message, "the connection was lost")) {
    EXPECT_TRUE(contains(message, "version table now: unknown")) << message;
  } else {
    EXPECT_TRUE(contains(
        message, "version table now: " +
                     (state.version_table ? joined(state.version_rows) : "no version table")))
        << message;
  }
}

class ExecutorAccounting : public ::testing::TestWithParam<Mode> {};

TEST_P(ExecutorAccounting, EveryStatementFailingLeavesATruthfulReport) {
  const Mode mode = GetParam();
  const auto steps = three_steps(mode.b_transactional);
  const RevisionGraph graph = linear_graph(steps);
  const Config config = fake_config(mode.per_migration);

  ScriptedServer clean;
  ASSERT_FALSE(upgrade_error(config, graph, fake_options(clean)).has_value());
  check_outcome(steps, clean.committed(), std::nullopt);
  const std::size_t total = clean.statements().size();
  ASSERT_GT(total, 10u);

  std::size_t migration_failures = 0;
  for (std::size_t n = 1; n <= total; ++n) {
    for (bool lost : {false, true}) {
      SCOPED_TRACE(::testing::Message() << "statement " << n << " of " << total << ": "
                                        << clean.statements()[n - 1] << (lost ? " (lost)" : ""));
      ScriptedServer server;
      server.fail_at(
          n, lost ? ScriptedFailure::lost() : ScriptedFailure::server("XX000", "scripted failure"));
      auto error = upgrade_error(config, graph, fake_options(server));
      check_outcome(steps, server.committed(), error);
      if (error && error->kind() == ErrorKind::migration) ++migration_failures;
      EXPECT_EQ(server.connections_open(), 0);
      // A rerun finishes the job from whatever the failure left, resuming a
      // section part-way through: every statement took effect once, except
      // one whose completion the failure kept from being recorded.
      const auto progress = server.committed().progress;
      auto rerun = upgrade_error(config, graph, fake_options(server));
      EXPECT_FALSE(rerun.has_value()) << rerun->message();
      const auto after = server.committed();
      EXPECT_EQ(after.version_rows, std::vector<std::string>{"cccc"});
      EXPECT_FALSE(after.progress.has_value());
      std::size_t repeated = 0;
      for (const auto& step : steps) {
        for (const auto& statement : step.statements) {
          auto times = std::count(after.applied.begin(), after.applied.end(), statement);
          if (times == 2 && progress && step.id == progress->revision) {
            ++repeated;
          } else {
            EXPECT_EQ(times, 1) << statement;
          }
        }
      }
      EXPECT_LE(repeated, 1u);
    }
  }
  // Most positions lie inside the plan and must be reported as migration failures.
  EXPECT_GT(migration_failures, total);
}

INSTANTIATE_TEST_SUITE_P(AllModes, ExecutorAccounting, ::testing::ValuesIn(k_modes),
                         [](const auto& row) { return test_name(row.param.name); });

}  // namespace
}  // namespace retort::testing
