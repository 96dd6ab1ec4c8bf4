#include "support/graph_projects.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

namespace retort::testing {

MigrationSpec logged_revision(const std::string& id, std::vector<std::string> parents,
                              std::vector<std::string> labels,
                              std::vector<std::string> depends_on) {
  MigrationSpec spec;
  spec.id = id;
  spec.parents = std::move(parents);
  spec.labels = std::move(labels);
  spec.depends_on = std::move(depends_on);
  spec.upgrade_sql =
      fmt::format("CREATE TABLE t_{0} (id int);\nINSERT INTO run_log (rev) VALUES ('{0}');", id);
  spec.downgrade_sql =
      fmt::format("DROP TABLE t_{0};\nINSERT INTO run_log (rev) VALUES ('-{0}');", id);
  return spec;
}

void create_run_log(const std::string& url) {
  PgServer::query(url, "CREATE TABLE IF NOT EXISTS run_log (n serial PRIMARY KEY, rev text)");
}

void add_linear_graph(MigrationProject& project) {
  project.add(logged_revision("aaaa"));
  project.add(logged_revision("bbbb", {"aaaa"}));
  project.add(logged_revision("cccc", {"bbbb"}));
}

void add_diamond_graph(MigrationProject& project, bool with_tail) {
  project.add(logged_revision("a"));
  project.add(logged_revision("b1", {"a"}, {"left"}));
  project.add(logged_revision("b2", {"a"}, {"right"}));
  project.add(logged_revision("m", {"b1", "b2"}));
  project.add(logged_revision("c", {"m"}));
  if (with_tail) project.add(logged_revision("d", {"c"}));
}

void add_two_heads_graph(MigrationProject& project) {
  project.add(logged_revision("a"));
  project.add(logged_revision("b1", {"a"}, {"left"}));
  project.add(logged_revision("b1b", {"b1"}));
  project.add(logged_revision("b2", {"a"}, {"right"}));
  project.add(logged_revision("b2b", {"b2"}));
}

void add_two_roots_with_dependency_graph(MigrationProject& project) {
  project.add(logged_revision("x1", {}, {"xb"}));
  project.add(logged_revision("x2", {"x1"}));
  project.add(logged_revision("y1", {}, {"yb"}));
  project.add(logged_revision("y2", {"y1"}, {}, {"x1"}));
}

void add_dependency_only_head_graph(MigrationProject& project) {
  project.add(logged_revision("a"));
  project.add(logged_revision("b", {}, {}, {"a"}));
}

void add_merge_of_dependent_roots_graph(MigrationProject& project) {
  project.add(logged_revision("a1"));
  project.add(logged_revision("b1", {}, {}, {"a1"}));
  project.add(logged_revision("bm", {"a1", "b1"}));
}

void add_dependency_on_ancestor_graph(MigrationProject& project) {
  project.add(logged_revision("a"));
  project.add(logged_revision("b", {"a"}));
  project.add(logged_revision("c", {"b"}, {}, {"a"}));
}

void add_labeled_branches_graph(MigrationProject& project) {
  project.add(logged_revision("a"));
  project.add(logged_revision("b", {"a"}));
  project.add(logged_revision("c1", {"b"}, {"c1branch"}));
  project.add(logged_revision("d1", {"c1"}));
  project.add(logged_revision("c2", {"b"}, {"c2branch"}));
  project.add(logged_revision("d2", {"c2"}));
}

void add_two_roots_graph(MigrationProject& project) {
  project.add(logged_revision("x1"));
  project.add(logged_revision("x2", {"x1"}));
  project.add(logged_revision("y1"));
  project.add(logged_revision("y2", {"y1"}));
}

void GraphDatabaseTest::SetUp() {
  REQUIRE_PG(pg);
  server = pg;
  std::string url = server->create_database();
  create_run_log(url);
  project = std::make_unique<MigrationProject>(url, extra_config());
  add_graph(*project);
}

ProcessResult GraphDatabaseTest::retort(const std::vector<std::string>& args) const {
  return project->retort(args);
}

bool GraphDatabaseTest::given(const std::vector<std::string>& args) const {
  auto result = project->retort(args);
  if (result.exit_code != 0) {
    ADD_FAILURE() << "preparing the database with `retort "
                  << fmt::format("{}", fmt::join(args, " ")) << "` failed with exit code "
                  << result.exit_code << "\nstdout:\n"
                  << result.out << "\nstderr:\n"
                  << result.err;
    return false;
  }
  clear_log();
  return true;
}

void GraphDatabaseTest::insert_rows(const Rows& rows) const {
  project->query(
      "CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
  for (const auto& row : rows) {
    project->query(fmt::format("INSERT INTO alembic_version (version_num) VALUES ('{}')", row));
  }
}

std::string GraphDatabaseTest::log() const {
  auto values = project->query("SELECT coalesce(string_agg(rev, ',' ORDER BY n), '') FROM run_log");
  return values.empty() ? std::string() : values[0];
}

void GraphDatabaseTest::clear_log() const {
  project->query("DELETE FROM run_log");
}

std::string GraphDatabaseTest::tables() const {
  auto values = project->query(
      "SELECT coalesce(string_agg(substr(tablename, 3), ',' ORDER BY tablename), '') "
      "FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%'");
  return values.empty() ? std::string() : values[0];
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

}  // namespace retort::testing
