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

Session::Session(std::unique_ptr<Database> database, TableNames names, LockSettings lock)
    : m_database(std::move(database)), m_names(std::move(names)), m_lock(std::move(lock)) {}

Session Session::open(const Config& config, const Connector& connect, double wait_s) {
  Connector connector = connect ? connect : Connector(&connect_postgres);
  auto database = connector(config.url, wait_s);
  LockSettings lock{config.lock_strategy, config.lock_lease_s,
                    [connector, url = config.url] { return connector(url, 0); }};
  return Session(std::move(database), table_names(config), std::move(lock));
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
  auto table_exists = [this](const StatementResult& result) {
    if (!result.rows.empty() && result.rows[0].size() > 1 && result.rows[0][1]) {
      m_session_pid = *result.rows[0][1];
    }
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

bool Session::detect_pooler() {
  // read_state() reads the pid on the way; a session that did not ask.
  if (m_session_pid.empty()) {
    auto rows = query_rows(*m_database, backend_pid_sql());
    if (!rows.empty()) m_session_pid = rows[0][0].value_or("");
  }
  const std::string& session_pid = m_session_pid;
  const std::string announced = std::to_string(m_database->announced_backend_pid());
  m_pooled = !session_pid.empty() && session_pid != announced;
  if (m_pooled && m_lock.strategy == LockStrategy::advisory) {
    throw Error(ErrorKind::config,
                fmt::format("lock_strategy advisory is not safe on this connection: it goes "
                            "through a connection pooler (the server announced backend pid {}, "
                            "the session runs in pid {}), and a session advisory lock held by a "
                            "pooled server connection excludes nothing",
                            announced, session_pid),
                std::nullopt,
                "use lock_strategy: table (or auto, which picks it behind a pooler), or "
                "connect to PostgreSQL directly");
  }
  return m_pooled;
}

SqlText Session::transaction_guard() const {
  SqlText guard;
  if (!m_local_timeouts.empty()) guard = SqlText{m_local_timeouts, 2, std::nullopt};
  if (m_lease) guard += m_lease->guard();
  return guard;
}

SqlText Session::statement_guard() const {
  return m_lease ? m_lease->guard() : SqlText{};
}

void Session::lock(double wait_s, const std::function<bool()>& should_stop, Reporter& reporter) {
  const bool pooled = detect_pooler();
  if (m_lock.strategy == LockStrategy::table || pooled) {
    if (pooled && m_lock.strategy == LockStrategy::automatic) {
      reporter.progress(fmt::format(
          "The connection goes through a connection pooler: taking the migration lock as a "
          "lease in {}",
          m_names.qualified_lease()));
    }
    m_lease = LeaseLock::acquire(*m_database, m_names, m_lock.lease_s, wait_s, should_stop,
                                 reporter, m_lock.reconnect);
    m_locked = true;
    return;
  }
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
  if (m_lease) {
    m_lease->release(*m_database);
    m_lease.reset();
    return;
  }
  try {
    if (!m_database->is_alive()) return;
    if (m_database->in_transaction()) m_database->execute(rollback_sql());
    m_database->execute(unlock_sql(m_names));
  } catch (...) {
    // The server releases session locks when the connection closes anyway.
  }
}

void Session::apply_timeouts(double lock_timeout_s, double statement_timeout_s) {
  if (m_pooled) {
    if (lock_timeout_s > 0 || statement_timeout_s > 0) {
      m_local_timeouts = local_timeouts_sql(lock_timeout_s, statement_timeout_s);
    }
    return;
  }
  m_database->execute(session_timeouts_sql(lock_timeout_s, statement_timeout_s));
}

}  // namespace retort::migrator
