#include "migrator/session.hpp"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "retort/error.hpp"

namespace retort::migrator {

TableNames table_names(const Config& config) {
  return TableNames{config.version_table_schema, config.version_table, config.history_table};
}

Session::Session(const Config& config, double wait_s)
    : m_connection(postgres::Connection::open(
          postgres::ConnectOptions{.conninfo = config.url, .wait_s = wait_s})),
      m_names(table_names(config)) {}

Session::~Session() {
  unlock();
}

std::optional<std::vector<std::string>> Session::read_rows() {
  // One round trip: a missing table shows as undefined_table (42P01). Only
  // called outside a transaction block, so the failure aborts nothing.
  std::vector<std::vector<std::optional<std::string>>> result;
  try {
    result = m_connection.query(select_rows_sql(m_names));
  } catch (const postgres::QueryFailed& failed) {
    if (failed.error().sqlstate == "42P01" || failed.error().sqlstate == "3F000")
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

std::string Session::describe_lock_holder() {
  // A bigint advisory lock shows in pg_locks as classid = high 32 bits,
  // objid = low 32 bits, objsubid = 1.
  auto rows = m_connection.query(fmt::format(
      "WITH k AS (SELECT {} AS key) "
      "SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), "
      "to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ'), coalesce(a.client_addr::text, "
      "'local') "
      "FROM k, pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.classid = ((k.key >> 32) & 4294967295)::oid AND l.objid = (k.key & 4294967295)::oid",
      lock_key_sql(m_names)));
  if (rows.empty()) return "another session (it may have just finished)";
  auto value = [](const std::optional<std::string>& v) { return v.value_or("?"); };
  return fmt::format("pid {} ({}, from {}, connected since {})", value(rows[0][0]),
                     value(rows[0][1]), value(rows[0][3]), value(rows[0][2]));
}

void Session::lock(double wait_s, const std::function<bool()>& should_stop, Reporter& reporter) {
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  const auto deadline = started + std::chrono::milliseconds(static_cast<long>(wait_s * 1000));
  const std::string sql = fmt::format("SELECT pg_try_advisory_lock({})", lock_key_sql(m_names));
  bool announced = false;
  while (true) {
    auto rows = m_connection.query(sql);
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
    if (!m_connection.is_alive()) return;
    if (m_connection.in_transaction()) m_connection.execute("ROLLBACK");
    m_connection.execute(fmt::format("SELECT pg_advisory_unlock({})", lock_key_sql(m_names)));
  } catch (...) {
    // The server releases session locks when the connection closes anyway.
  }
}

void Session::apply_timeouts(double lock_timeout_s, double statement_timeout_s) {
  m_connection.execute(fmt::format("SET lock_timeout = {}; SET statement_timeout = {}",
                                   static_cast<long>(lock_timeout_s * 1000),
                                   static_cast<long>(statement_timeout_s * 1000)));
}

}  // namespace retort::migrator
