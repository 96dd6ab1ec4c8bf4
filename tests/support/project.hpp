// MigrationProject: a temporary retort project (config + migrations
// directory) bound to a fresh database, for integration tests that run the
// CLI binary.
#pragma once

#include <string>
#include <vector>

#include "support/pg_server.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace retort::testing {

struct MigrationSpec {
  std::string id;
  std::vector<std::string> parents;  // down_revision
  std::string upgrade_sql;
  std::string downgrade_sql;  // empty: "-- nothing" section; see `irreversible`
  std::vector<std::string> labels;
  std::vector<std::string> depends_on;
  bool irreversible = false;  // omit the downgrade section
  bool upgrade_transactional = true;
  std::string message;
};

class MigrationProject {
 public:
  // `url` is the database the project migrates; `extra_config` is appended
  // to the generated retort.yaml.
  MigrationProject(std::string url, std::string extra_config = "");

  // Writes migrations/<NNN>_<id>.sql, numbered in call order (the load order).
  void add(const MigrationSpec& spec);
  // Writes a raw file into migrations/.
  void add_file(const std::string& name, const std::string& text);

  // Runs `retort -c <config> --url <url> args...`.
  ProcessResult retort(const std::vector<std::string>& args, ProcessOptions options = {}) const;

  // The version table's rows, sorted; empty when the table does not exist.
  std::vector<std::string> rows(const std::string& table = "alembic_version",
                                const std::string& schema = "public") const;
  bool table_exists(const std::string& qualified_name) const;
  std::vector<std::string> query(const std::string& sql) const;

  const std::string& url() const { return m_url; }
  std::string config_path() const { return (m_dir.path() / "retort.yaml").string(); }
  std::string migrations_dir() const { return (m_dir.path() / "migrations").string(); }
  const TempDir& dir() const { return m_dir; }

 private:
  TempDir m_dir;
  std::string m_url;
  int m_count = 0;
};

// A MigrationSpec for a simple revision that creates and drops table t_<id>.
MigrationSpec table_revision(const std::string& id, std::vector<std::string> parents = {});

}  // namespace retort::testing
