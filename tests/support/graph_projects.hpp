// The graph shapes of docs/alembic-semantics.md §8 as migration projects on a real
// database, for the integration tests that run the CLI binary.
//
// Every revision made here creates table t_<id> on upgrade and drops it on
// downgrade, and appends to run_log(n serial, rev text): "<id>" on upgrade,
// "-<id>" on downgrade. run_log is created by the fixture, outside of any
// migration, so it survives `downgrade base` and records the execution order.
// Ids are lower-case (they double as table names). Load order is the order
// the revisions are added (file names are numbered).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/project.hpp"

namespace retort::testing {

using Rows = std::vector<std::string>;

// A revision that creates t_<id> and logs "<id>" on upgrade, drops t_<id> and
// logs "-<id>" on downgrade.
MigrationSpec logged_revision(const std::string& id, std::vector<std::string> parents = {},
                              std::vector<std::string> labels = {},
                              std::vector<std::string> depends_on = {});

// Creates run_log(n serial, rev text) in the database at `url`.
void create_run_log(const std::string& url);

// L3: aaaa <- bbbb <- cccc (4-character ids, as linear_test.cpp).
void add_linear_graph(MigrationProject& project);
// D1: a <- b1 (left), a <- b2 (right), m = (b1, b2), m <- c [, c <- d].
void add_diamond_graph(MigrationProject& project, bool with_tail = false);
// BR: a <- b1 (left) <- b1b, a <- b2 (right) <- b2b; two heads.
void add_two_heads_graph(MigrationProject& project);
// XY: x1 (xb) <- x2, y1 (yb) <- y2, y2 depends_on x1.
void add_two_roots_with_dependency_graph(MigrationProject& project);
// DO: a root, b root depending on a (a is an effective head).
void add_dependency_only_head_graph(MigrationProject& project);
// BM (Alembic issue #1373): a1 root, b1 root depending on a1, bm = (a1, b1).
void add_merge_of_dependent_roots_graph(MigrationProject& project);
// §8 #33: a <- b, c = (b) + depends_on a.
void add_dependency_on_ancestor_graph(MigrationProject& project);
// B2G: a <- b, b <- c1 (c1branch) <- d1, b <- c2 (c2branch) <- d2.
void add_labeled_branches_graph(MigrationProject& project);
// TR: two independent roots x1 <- x2 and y1 <- y2.
void add_two_roots_graph(MigrationProject& project);

// A fresh database with run_log and a MigrationProject on it. Derived
// fixtures add their graph in add_graph(); extra_config() is appended to
// retort.yaml.
class GraphDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override;
  virtual void add_graph(MigrationProject& into) = 0;
  virtual std::string extra_config() const { return {}; }

  // `retort -c cfg --url URL args...`.
  ProcessResult retort(const std::vector<std::string>& args) const;
  // Runs a command that brings the database into the state a test starts
  // from; records a test failure (with the output) when it fails. Clears
  // run_log afterwards, so log() shows only what the command under test ran.
  bool given(const std::vector<std::string>& args) const;
  // Inserts rows into the version table directly (creating it if missing),
  // e.g. rows no file defines or redundant rows.
  void insert_rows(const Rows& rows) const;

  Rows rows() const { return project->rows(); }
  // "a,b2,b1": what ran, in order, since the last clear ("-x" = downgrade of x).
  std::string log() const;
  void clear_log() const;
  // "a,b1": the ids of the t_<id> tables that exist, sorted.
  std::string tables() const;
  bool has_table(const std::string& id) const { return project->table_exists("public.t_" + id); }

  PgServer* server = nullptr;
  std::unique_ptr<MigrationProject> project;
};

// Lines of `text` (without the trailing newline of each).
std::vector<std::string> lines_of(const std::string& text);
// Whether `text` contains `needle`.
inline bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace retort::testing
