// CommandContext: what a command may need, built on first use, so each
// command builds only what it needs (`version` nothing, `history` the files,
// `upgrade` the files and a database).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/config.hpp"
#include "retort/database.hpp"
#include "retort/invocation_hooks.hpp"
#include "retort/revision_graph.hpp"

namespace retort {

// How command results are written: text lines, one JSON document, or (lint
// only) a SARIF 2.1.0 log.
enum class OutputFormat { text, json, sarif };

struct ContextOptions {
  ConfigOverrides overrides;          // from the command line
  Environment environment;            // usually environment_from_process()
  std::filesystem::path working_dir;  // relative paths and config discovery start here
  OutputFormat format = OutputFormat::text;
  bool verbose = false;   // global -v: listings print full entries
  double wait_s = 0;      // --wait: retry the first connection this long
  InvocationHooks hooks;  // Lambda: deadline, authorization, results; empty otherwise
};

// Projects up to this size keep every section's SQL in memory: reading a
// file twice (once to plan, once to run it) costs more than holding it.
inline constexpr std::size_t k_sql_kept_up_to_files = 2000;

class CommandContext {
 public:
  explicit CommandContext(ContextOptions options);

  OutputFormat format() const { return m_options.format; }
  bool json() const { return m_options.format == OutputFormat::json; }
  bool verbose() const { return m_options.verbose; }
  const std::filesystem::path& working_dir() const { return m_options.working_dir; }
  const Environment& environment() const { return m_options.environment; }
  double wait_s() const { return m_options.wait_s; }
  // The database URL was given on the command line (--url).
  bool url_given() const { return m_options.overrides.url.has_value(); }
  // InvocationHooks::deadline: database work must end by then.
  const std::optional<std::chrono::steady_clock::time_point>& deadline() const {
    return m_options.hooks.deadline;
  }
  // InvocationHooks::resumable: Lambda's resumable mode, else unset.
  const std::optional<ResumableSettings>& resumable() const { return m_options.hooks.resumable; }
  // Passes a run's result to InvocationHooks::on_result, if any.
  void publish(const RunResult& result) const {
    if (m_options.hooks.on_result) m_options.hooks.on_result(result);
  }

  // load_config() on first use; throws Error(ErrorKind::config).
  const Config& config() const;

  // The migrations of config().script_location, loaded and validated on
  // first use. Throws Error(ErrorKind::config) when the directory does not
  // exist, else what load_migrations() and RevisionGraph throw. Above
  // k_sql_kept_up_to_files files the sections' SQL is not kept (steps that
  // run read it again: reload_sql()).
  const RevisionGraph& graph() const;
  // As graph(), with every section's SQL kept whatever the size (`lint`).
  const RevisionGraph& graph_with_sql() const;

  // How this command's connections log in (retort/connection_login.hpp),
  // built on first use; empty: connect_postgres.
  const Connector& connector() const;

  // The rows of the version table (empty when it does not exist), for
  // `history -i`, `history -r current:`, `show current`. `purpose` names
  // the command for messages. Throws Error(ErrorKind::database).
  std::vector<std::string> version_rows(std::string_view purpose) const;

 private:
  ContextOptions m_options;
  mutable std::optional<Config> m_config;
  mutable std::optional<RevisionGraph> m_graph;
  mutable std::optional<RevisionGraph> m_graph_with_sql;  // when m_graph did not keep it
  mutable std::optional<Connector> m_connector;
};

}  // namespace retort
