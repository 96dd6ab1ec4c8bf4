#include "support/project.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace retort::testing {

MigrationProject::MigrationProject(std::string url, std::string extra_config)
    : m_url(std::move(url)) {
  std::filesystem::create_directories(m_dir.path() / "migrations");
  m_dir.write("retort.yaml", "script_location: migrations\n" + extra_config);
}

void MigrationProject::add(const MigrationSpec& spec) {
  std::string text = fmt::format("-- revision: {}\n", spec.id);
  text += spec.parents.empty()
              ? "-- down_revision:\n"
              : fmt::format("-- down_revision: [{}]\n", fmt::join(spec.parents, ", "));
  if (!spec.labels.empty())
    text += fmt::format("-- branch_labels: [{}]\n", fmt::join(spec.labels, ", "));
  if (!spec.depends_on.empty()) {
    text += fmt::format("-- depends_on: [{}]\n", fmt::join(spec.depends_on, ", "));
  }
  text +=
      fmt::format("-- message: {}\n\n", spec.message.empty() ? "create " + spec.id : spec.message);
  text += spec.upgrade_transactional ? "-- migrate:upgrade\n"
                                     : "-- migrate:upgrade transaction:false\n";
  text += spec.upgrade_sql + "\n";
  if (!spec.irreversible) {
    text += "\n-- migrate:downgrade\n" +
            (spec.downgrade_sql.empty() ? std::string("SELECT 1;") : spec.downgrade_sql) + "\n";
  }
  add_file(fmt::format("{:03}_{}.sql", ++m_count, spec.id), text);
}

void MigrationProject::add_file(const std::string& name, const std::string& text) {
  m_dir.write("migrations/" + name, text);
}

ProcessResult MigrationProject::retort(const std::vector<std::string>& args,
                                       ProcessOptions options) const {
  std::vector<std::string> full{"-c", config_path(), "--url", m_url};
  full.insert(full.end(), args.begin(), args.end());
  options.unset_env.insert(options.unset_env.end(), {"DATABASE_URL", "DB_URL", "RETORT_CONFIG"});
  return run_retort(full, options);
}

std::vector<std::string> MigrationProject::rows(const std::string& table,
                                                const std::string& schema) const {
  if (!table_exists(schema + "." + table)) return {};
  auto values =
      PgServer::query(m_url, fmt::format("SELECT version_num FROM \"{}\".\"{}\"", schema, table));
  std::sort(values.begin(), values.end());
  return values;
}

bool MigrationProject::table_exists(const std::string& qualified_name) const {
  auto values =
      PgServer::query(m_url, fmt::format("SELECT to_regclass('{}') IS NOT NULL", qualified_name));
  return !values.empty() && values[0] == "t";
}

std::vector<std::string> MigrationProject::query(const std::string& sql) const {
  return PgServer::query(m_url, sql);
}

MigrationSpec table_revision(const std::string& id, std::vector<std::string> parents) {
  MigrationSpec spec;
  spec.id = id;
  spec.parents = std::move(parents);
  spec.upgrade_sql = fmt::format("CREATE TABLE t_{} (id int);", id);
  spec.downgrade_sql = fmt::format("DROP TABLE t_{};", id);
  return spec;
}

}  // namespace retort::testing
