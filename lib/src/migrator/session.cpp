#include "migrator/session.hpp"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "database/sqlstate.hpp"
#include "retort/error.hpp"

namespace retort::migrator {

TableNames table_names(const Config& config) {
  return TableNames{config.version_table_schema, config.version_table, config.history_table};
}

Session::Session(std::unique_ptr<Database> database, TableNames names)
    : m_database(std::move(database)), m_names(std::move(names)) {}

Session Session::open(const Config& config, const Connector& connect, double wait_s) {
  auto database = connect ? connect(config.url, wait_s) : connect_postgres(config.url, wait_s);
  return Session(std::move(database), table_names(config));
}

Session::~Session() {
  if (m_database) unlock();
}

std::optional<std::vector<std::string>> Session::read_rows() {
  // One round trip: a missing table shows as undefined_table. Only called
  // outside a transaction block, so the failure aborts nothing.
  std::vector<Row> result;
  try {
    result = query_rows(*m_database, select_rows_sql(m_names));
  } catch (const QueryFailed& failed) {
    const auto& code = failed.error().sqlstate;
    if (code == sqlstate::k_undefined_table || code == sqlstate::k_invalid_schema_name)
      return std::nullopt;
    throw Error(
        ErrorKind::database,
        fmt::format("cannot read {}: {}", m_names.qualified_version(), failed.error().message),
        std::nullopt, failed.error().hint, failed.error().sqlstate);
  }
  std::vector<std::string> rows;
  for (auto& row : result) {
    if (row[0]) rows.push_back(std::move(*row[0]));
  }
  return rows;
}

DatabaseState Session::read_state() {
  DatabaseState state;
  bool progress_table = false;
  auto table_exists = [](const StatementResult& result) {
    return !result.rows.empty() && result.rows[0][0] && *result.rows[0][0] == "t";
  };
  try {
    auto results =
        m_database->execute(progress_table_exists_sql(m_names) + ";\n" + select_rows_sql(m_names));
    progress_table = !results.empty() && table_exists(results.front());
    std::vector<std::string> rows;
    if (results.size() > 1) {
      for (auto& row : results[1].rows) {
        if (row[0]) rows.push_back(std::move(*row[0]));
      }
    }
    state.rows = std::move(rows);
  } catch (const QueryFailed& failed) {
    const auto& code = failed.error().sqlstate;
    if (failed.completed().size() != 1 ||
        (code != sqlstate::k_undefined_table && code != sqlstate::k_invalid_schema_name)) {
      throw Error(
          ErrorKind::database,
          fmt::format("cannot read {}: {}", m_names.qualified_version(), failed.error().message),
          std::nullopt, failed.error().hint, failed.error().sqlstate);
    }
    progress_table = table_exists(failed.completed().front());
  }
  if (!progress_table) return state;
  std::vector<Row> rows;
  try {
    rows = query_rows(*m_database, select_progress_sql(m_names));
  } catch (const QueryFailed& failed) {
    throw Error(
        ErrorKind::database,
        fmt::format("cannot read {}: {}", m_names.qualified_progress(), failed.error().message),
        std::nullopt, failed.error().hint, failed.error().sqlstate);
  }
  if (!rows.empty()) state.progress = parse_progress_row(rows.front(), m_names);
  return state;
}

std::string Session::describe_lock_holder() {
  auto rows = query_rows(*m_database, lock_holder_sql(m_names));
  if (rows.empty()) return "another session (it may have just finished)";
  auto value = [](const std::optional<std::string>& v) { return v.value_or("?"); };
  return fmt::format("pid {} ({}, from {}, connected since {})", value(rows[0][0]),
                     value(rows[0][1]), value(rows[0][3]), value(rows[0][2]));
}

void Session::lock(double wait_s, const std::function<bool()>& should_stop, Reporter& reporter) {
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  const auto deadline = started + std::chrono::milliseconds(static_cast<long>(wait_s * 1000));
  const std::string sql = try_lock_sql(m_names);
  bool announced = false;
  while (true) {
    auto rows = query_rows(*m_database, sql);
    if (!rows.empty() && rows[0][0] && *rows[0][0] == "t") {
      m_locked = true;
      return;
    }
    if (!announced) {
      reporter.progress(fmt::format("Waiting for the migration lock on {}, held by {}",
                                    m_names.qualified_version(), describe_lock_holder()));
      announced = true;
    }
    bool stop = should_stop && should_stop();
    if (clock::now() >= deadline || stop) {
      std::string holder = describe_lock_holder();
      throw Error(
          ErrorKind::lock_timeout,
          fmt::format("another migration run holds the lock on {}: {}; gave up after {:.0f} s",
                      m_names.qualified_version(), holder,
                      std::chrono::duration<double>(clock::now() - started).count()),
          std::nullopt,
          "wait for that run to finish and try again, or raise lock_wait_s "
          "(config) / --lock-wait");
    }
    auto remaining = deadline - clock::now();
    std::this_thread::sleep_for(
        std::min<clock::duration>(std::chrono::milliseconds(200), remaining));
  }
}

void Session::unlock() noexcept {
  if (!m_locked) return;
  m_locked = false;
  try {
    if (!m_database->is_alive()) return;
    if (m_database->in_transaction()) m_database->execute(rollback_sql());
    m_database->execute(unlock_sql(m_names));
  } catch (...) {
    // The server releases session locks when the connection closes anyway.
  }
}

void Session::apply_timeouts(double lock_timeout_s, double statement_timeout_s) {
  m_database->execute(session_timeouts_sql(lock_timeout_s, statement_timeout_s));
}

}  // namespace retort::migrator
