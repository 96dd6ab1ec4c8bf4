// Small linear projects run against the scripted fake server
// (support/scripted_database.hpp), shared by the executor's unit tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/migrate.hpp"
#include "retort/reporter.hpp"
#include "retort/revision_graph.hpp"
#include "support/graph_builder.hpp"
#include "support/scripted_database.hpp"

namespace retort::testing {

// One revision of a linear project: its upgrade statements, each a text
// unique to this revision so tests can tell whose statements took effect.
struct StepSpec {
  std::string id;
  std::vector<std::string> statements;
  bool transactional = true;
};

// A linear chain id[0] <- id[1] <- ...; each file is "versions/<id>.sql" with
// the upgrade section starting on line 4, one statement per line.
inline RevisionGraph linear_graph(const std::vector<StepSpec>& steps) {
  GraphBuilder builder;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i == 0) {
      builder.rev(steps[i].id);
    } else {
      builder.rev(steps[i].id, steps[i - 1].id);
    }
  }
  auto revisions = builder.revisions();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::string sql;
    for (const auto& statement : steps[i].statements) sql += statement + ";\n";
    revisions[i].upgrade.sql = sql;
    revisions[i].upgrade.transactional = steps[i].transactional;
  }
  return RevisionGraph(revisions);
}

// The project most tests use: a and c transactional, b (optionally)
// transaction:false with three statements.
inline std::vector<StepSpec> three_steps(bool b_transactional) {
  return {
      {"aaaa", {"CREATE TABLE t_a (id int)", "INSERT INTO t_a VALUES (1)"}, true},
      {"bbbb",
       {"CREATE INDEX CONCURRENTLY ix_b1 ON t_a (id)",
        "CREATE INDEX CONCURRENTLY ix_b2 ON t_a (id)",
        "CREATE INDEX CONCURRENTLY ix_b3 ON t_a (id)"},
       b_transactional},
      {"cccc", {"CREATE TABLE t_c (id int)", "INSERT INTO t_c VALUES (1)"}, true},
  };
}

inline Config fake_config(bool transaction_per_migration) {
  Config config;
  config.url = "postgresql://fake/db";
  config.transaction_per_migration = transaction_per_migration;
  config.lock_wait_s = 0.3;
  // The scripted steps exercise the executor, not good migrations (three_steps
  // runs CONCURRENTLY in a transaction when asked): lint is off here and
  // tested against PostgreSQL (tests/integration/lint_apply_test.cpp).
  config.lint = LintMode::off;
  return config;
}

inline RunOptions fake_options(ScriptedServer& server) {
  RunOptions options;
  options.connect = server.connector();
  return options;
}

// Runs `upgrade head`; returns the error it threw, if any.
inline std::optional<Error> upgrade_error(const Config& config, const RevisionGraph& graph,
                                          const RunOptions& options, RunResult* result = nullptr) {
  NullReporter reporter;
  try {
    RunResult run = upgrade_database(config, graph, "head", options, reporter);
    if (result != nullptr) *result = run;
  } catch (const Error& error) {
    return error;
  }
  return std::nullopt;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace retort::testing
