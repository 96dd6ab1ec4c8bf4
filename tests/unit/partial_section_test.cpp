// A transaction:false section interrupted part-way, against the scripted
// fake: the progress it records, what check reports, the resumed rerun, the
// refusals when resuming would be unsafe, the INVALID-index repair and
// `resolve`. tests/integration/partial_section_test.cpp does the same on
// PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "executor_fixtures.hpp"
#include "migrator/index_build.hpp"
#include "migrator/retort_sql.hpp"

namespace retort::testing {
namespace {

struct RecordingReporter final : Reporter {
  std::vector<std::string> lines;
  void output(std::string_view line) override { lines.emplace_back(line); }
  void progress(std::string_view line) override { lines.emplace_back(line); }
  void warning(std::string_view line) override {
    lines.emplace_back("warning: " + std::string(line));
  }
  bool saw(const std::string& part) const {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return contains(line, part); });
  }
};

std::size_t times_applied(const ScriptedState& state, const std::string& statement) {
  return static_cast<std::size_t>(
      std::count(state.applied.begin(), state.applied.end(), statement));
}

// A run that fails at bbbb's second statement: aaaa committed, bbbb's first
// statement done and recorded.
void interrupt_at_second_statement(ScriptedServer& server, const RevisionGraph& graph) {
  server.fail_when_contains("ix_b2", ScriptedFailure::server("57014", "canceling statement"));
  ASSERT_TRUE(upgrade_error(fake_config(false), graph, fake_options(server)).has_value());
}

TEST(PartialSection, CheckReportsItAndTheRerunResumes) {
  const auto steps = three_steps(false);
  const auto graph = linear_graph(steps);
  ScriptedServer server;
  interrupt_at_second_statement(server, graph);
  const auto state = server.committed();
  ASSERT_TRUE(state.progress.has_value());
  EXPECT_EQ(state.progress->revision, "bbbb");
  EXPECT_EQ(state.progress->direction, "upgrade");
  EXPECT_EQ(state.progress->done, 1u);
  EXPECT_EQ(state.progress->total, 3u);

  auto check = check_database(fake_config(false), graph, fake_options(server));
  ASSERT_TRUE(check.partial.has_value());
  EXPECT_FALSE(check.ok());
  EXPECT_EQ(check.partial->describe(),
            "partially applied: bbbb upgrade, statement 1 of 3 done, started 2026-12-01 "
            "10:00:00 UTC by deploy on ci-runner pid 4242");

  RecordingReporter reporter;
  RunResult result =
      upgrade_database(fake_config(false), graph, "head", fake_options(server), reporter);
  EXPECT_TRUE(reporter.saw("Resuming upgrade aaaa -> bbbb at statement 2 of 3"))
      << reporter.lines[0];
  const auto after = server.committed();
  EXPECT_EQ(after.version_rows, std::vector<std::string>{"cccc"});
  EXPECT_FALSE(after.progress.has_value());
  for (const auto& statement : steps[1].statements) {
    EXPECT_EQ(times_applied(after, statement), 1u) << statement;
  }
  EXPECT_TRUE(check_database(fake_config(false), graph, fake_options(server)).ok());
}

TEST(PartialSection, ChangedStatementsThatRanAreRefused) {
  auto steps = three_steps(false);
  ScriptedServer server;
  interrupt_at_second_statement(server, linear_graph(steps));
  steps[1].statements[0] = "CREATE INDEX CONCURRENTLY ix_b1 ON t_a (id, other)";
  const auto error = upgrade_error(fake_config(false), linear_graph(steps), fake_options(server));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind(), ErrorKind::migration);
  EXPECT_TRUE(contains(error->message(), "partially applied: bbbb upgrade, statement 1 of 3 done"))
      << error->message();
  EXPECT_TRUE(contains(error->message(), "the 1 statement(s) that ran have changed"));
  EXPECT_TRUE(contains(error->hint(), "retort resolve bbbb --applied")) << error->hint();
  EXPECT_EQ(error->location()->to_string(), "versions/bbbb.sql:4");
  // Nothing ran: the new text of the statement was not applied.
  EXPECT_EQ(times_applied(server.committed(), steps[1].statements[0]), 0u);
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"aaaa"});
}

TEST(PartialSection, ChangesAfterTheStatementsThatRanAreResumedWith) {
  auto steps = three_steps(false);
  ScriptedServer server;
  interrupt_at_second_statement(server, linear_graph(steps));
  steps[1].statements[1] = "CREATE INDEX CONCURRENTLY ix_b2 ON t_a (id) WHERE id > 0";
  RecordingReporter reporter;
  upgrade_database(fake_config(false), linear_graph(steps), "head", fake_options(server), reporter);
  EXPECT_TRUE(
      reporter.saw("warning: the section of bbbb changed after statement 1 since it "
                   "started"));
  EXPECT_EQ(times_applied(server.committed(), steps[1].statements[1]), 1u);
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"cccc"});
}

TEST(PartialSection, ARunThatDoesNotFinishItIsRefused) {
  const auto graph = linear_graph(three_steps(false));
  ScriptedServer server;
  interrupt_at_second_statement(server, graph);
  NullReporter reporter;
  for (const char* command : {"stamp", "downgrade"}) {
    SCOPED_TRACE(command);
    try {
      if (std::string(command) == "stamp") {
        stamp_database(fake_config(false), graph, {"cccc"}, false, fake_options(server), reporter);
      } else {
        downgrade_database(fake_config(false), graph, "base", fake_options(server), reporter);
      }
      ADD_FAILURE() << "expected a refusal";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::migration);
      EXPECT_TRUE(
          contains(error.message(), std::string("this ") + command + " does not run that section"))
          << error.message();
    }
  }
  EXPECT_EQ(server.committed().version_rows, std::vector<std::string>{"aaaa"});
  EXPECT_TRUE(server.committed().progress.has_value());
}

TEST(PartialSection, AnInvalidIndexLeftByTheInterruptedBuildIsDroppedAndBuilt) {
  const auto steps = three_steps(false);
  const auto graph = linear_graph(steps);
  ScriptedServer server;
  interrupt_at_second_statement(server, graph);
  server.seed_invalid_index("ix_b2");
  RecordingReporter reporter;
  upgrade_database(fake_config(false), graph, "head", fake_options(server), reporter);
  EXPECT_TRUE(reporter.saw("dropped the INVALID index \"public\".\"ix_b2\""));
  const auto statements = server.statements();
  auto drop = std::find(statements.begin(), statements.end(),
                        "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"ix_b2\"");
  auto build = std::find(statements.begin(), statements.end(), steps[1].statements[1]);
  ASSERT_NE(drop, statements.end());
  EXPECT_LT(drop, std::find(build + 1, statements.end(), steps[1].statements[1]))
      << "the drop comes before the build that resumes";
  EXPECT_TRUE(server.committed().invalid_indexes.empty());
}

TEST(PartialSection, ResolveAppliedRecordsTheStepAndNotAppliedLeavesItToRun) {
  const auto graph = linear_graph(three_steps(false));
  for (bool applied : {true, false}) {
    SCOPED_TRACE(applied ? "--applied" : "--not-applied");
    ScriptedServer server;
    interrupt_at_second_statement(server, graph);
    NullReporter reporter;
    auto result =
        resolve_partial(fake_config(false), graph, "bbbb", applied, fake_options(server), reporter);
    const auto state = server.committed();
    EXPECT_FALSE(state.progress.has_value());
    EXPECT_EQ(state.version_rows, std::vector<std::string>{applied ? "bbbb" : "aaaa"});
    EXPECT_EQ(result.rows_after, state.version_rows);
    EXPECT_TRUE(check_database(fake_config(false), graph, fake_options(server)).partial ==
                std::nullopt);
  }
}

TEST(PartialSection, ResolveRefusesWhatIsNotPartiallyApplied) {
  const auto graph = linear_graph(three_steps(false));
  ScriptedServer server;
  NullReporter reporter;
  try {
    resolve_partial(fake_config(false), graph, "bbbb", true, fake_options(server), reporter);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::usage);
    EXPECT_TRUE(contains(error.message(), "'bbbb' is not partially applied")) << error.message();
  }
  interrupt_at_second_statement(server, graph);
  try {
    resolve_partial(fake_config(false), graph, "cccc", true, fake_options(server), reporter);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& error) {
    EXPECT_TRUE(contains(error.message(), "the database records partially applied: bbbb"))
        << error.message();
  }
  EXPECT_TRUE(server.committed().progress.has_value());
}

TEST(VersionChangesText, RoundTripsAnyIds) {
  const std::vector<VersionChange> changes = {
      {VersionChange::Op::insert, "", "a b:c"},
      {VersionChange::Op::update, "x\ny", "1:2"},
      {VersionChange::Op::remove, "zz", ""},
  };
  auto text = migrator::encode_version_changes(changes);
  EXPECT_EQ(migrator::decode_version_changes(text), changes);
  EXPECT_EQ(migrator::decode_version_changes(""), std::vector<VersionChange>{});
  for (const char* bad : {"insert", "insert 9:abc", "upsert 1:a", "remove 1:a\n", "update 1:a"}) {
    EXPECT_FALSE(migrator::decode_version_changes(bad).has_value()) << bad;
  }
}

TEST(ConcurrentIndexBuild, FindsTheIndexAndTable) {
  struct Row {
    const char* statement;
    const char* index;
    const char* table;
  };
  const Row rows[] = {
      {"CREATE INDEX CONCURRENTLY ix ON t (a)", "ix", "t"},
      {"create unique index concurrently IF NOT EXISTS Ix_A on ONLY public.T using btree (a)",
       "ix_a", "public.T"},
      {"-- why\n/* a /* nested */ comment */ CREATE INDEX CONCURRENTLY \"My \"\"Ix\" ON "
       "\"S\".\"T\" (a)",
       "My \"Ix", "\"S\".\"T\""},
  };
  for (const auto& row : rows) {
    auto build = migrator::parse_concurrent_index_build(row.statement);
    ASSERT_TRUE(build.has_value()) << row.statement;
    EXPECT_EQ(build->index_name, row.index);
    EXPECT_EQ(build->table, row.table);
  }
  for (const char* other : {"CREATE INDEX ix ON t (a)", "CREATE INDEX CONCURRENTLY ON t (a)",
                            "CREATE INDEX CONCURRENTLY ix ON (a)", "DROP INDEX CONCURRENTLY ix",
                            "CREATE INDEX CONCURRENTLY ix ON s. (a)", "SELECT 1"}) {
    EXPECT_FALSE(migrator::parse_concurrent_index_build(other).has_value()) << other;
  }
}

}  // namespace
}  // namespace retort::testing
