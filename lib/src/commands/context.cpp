#include <fmt/format.h>

#include "retort/command_context.hpp"
#include "retort/connection_login.hpp"
#include "retort/error.hpp"
#include "retort/migrate.hpp"
#include "retort/migration_files.hpp"

namespace retort {

CommandContext::CommandContext(ContextOptions options) : m_options(std::move(options)) {
  if (m_options.working_dir.empty()) m_options.working_dir = std::filesystem::current_path();
}

const Config& CommandContext::config() const {
  if (!m_config) {
    m_config = load_config(m_options.overrides, m_options.environment, m_options.working_dir);
  }
  return *m_config;
}

namespace {

RevisionGraph load_graph(const Config& settings, const LoadOptions& options) {
  std::error_code ignored;
  if (!std::filesystem::is_directory(settings.script_location, ignored)) {
    std::optional<SourceLocation> where;
    if (!settings.config_file.empty()) where = SourceLocation{settings.config_file.string()};
    throw Error(
        ErrorKind::config,
        fmt::format("migrations directory {} does not exist", settings.script_location.string()),
        where,
        settings.config_file.empty()
            ? "run `retort init` to create a project, or pass -c/--config"
            : "fix script_location (relative paths resolve against the config file's "
              "directory)");
  }
  return RevisionGraph(load_migrations(settings.script_location, options));
}

bool keeps_all_sql(const RevisionGraph& graph) {
  for (RevIndex r = 0; r < graph.size(); ++r) {
    if (!graph.at(r).sql_kept) return false;
  }
  return true;
}

}  // namespace

const RevisionGraph& CommandContext::graph() const {
  if (!m_graph) m_graph.emplace(load_graph(config(), LoadOptions{k_sql_kept_up_to_files}));
  return *m_graph;
}

const RevisionGraph& CommandContext::graph_with_sql() const {
  if (!m_graph) m_graph.emplace(load_graph(config(), LoadOptions{}));
  if (keeps_all_sql(*m_graph)) return *m_graph;
  if (!m_graph_with_sql) m_graph_with_sql.emplace(load_graph(config(), LoadOptions{}));
  return *m_graph_with_sql;
}

const Connector& CommandContext::connector() const {
  if (!m_connector) m_connector = login_connector(config(), m_options.environment, deadline());
  return *m_connector;
}

std::vector<std::string> CommandContext::version_rows(std::string_view purpose) const {
  RunOptions options;
  options.wait_s = m_options.wait_s;
  options.deadline = deadline();
  options.connect = connector();
  try {
    return read_version_rows(config(), options);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::database) throw;
    throw Error(error.kind(), fmt::format("{} reads the database: {}", purpose, error.message()),
                error.location(), error.hint(), error.sqlstate());
  }
}

}  // namespace retort
