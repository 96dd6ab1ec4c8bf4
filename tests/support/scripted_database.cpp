#include "support/scripted_database.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <utility>

#include "sql/statement_splitter.hpp"

namespace retort::testing {

ScriptedFailure ScriptedFailure::server(std::string sqlstate, std::string message, int position) {
  ScriptedFailure failure;
  failure.sqlstate = std::move(sqlstate);
  failure.message = std::move(message);
  failure.position = position;
  return failure;
}

static ServerError server_error(std::string sqlstate, std::string message) {
  ServerError error;
  error.sqlstate = std::move(sqlstate);
  error.message = std::move(message);
  return error;
}

ScriptedFailure ScriptedFailure::lost() {
  ScriptedFailure failure;
  failure.kind = Kind::connection_lost;
  return failure;
}

ScriptedFailure ScriptedFailure::blocking() {
  ScriptedFailure failure;
  failure.kind = Kind::block_until_cancelled;
  return failure;
}

struct ScriptedServer::Shared {
  mutable std::mutex mutex;
  ScriptedState durable;
  std::map<std::size_t, ScriptedFailure> failures_at;
  std::vector<std::pair<std::string, ScriptedFailure>> failures_when;
  bool lock_elsewhere = false;
  bool pooled = false;
  int lock_owner = 0;  // connection number; 0: free
  std::vector<std::string> queries;
  std::vector<std::string> statements;
  int opened = 0;
  int open = 0;
};

namespace {

using Shared = ScriptedServer::Shared;

// A statement that fails: what the server says about it.
struct Refusal {
  std::string sqlstate;
  std::string message;
};

std::size_t characters(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool starts_with_word(std::string_view text, std::string_view word) {
  if (text.size() < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != word[i]) return false;
  }
  return text.size() == word.size() || !std::isalnum(static_cast<unsigned char>(text[word.size()]));
}

std::string command_tag(std::string_view text) {
  std::string tag;
  for (char c : text) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    tag += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return tag;
}

StatementResult rows_result(std::vector<Row> rows) {
  StatementResult result;
  result.command = "SELECT " + std::to_string(rows.size());
  result.affected = static_cast<long>(rows.size());
  result.rows = std::move(rows);
  return result;
}

StatementResult command_result(std::string tag, long affected = -1) {
  StatementResult result;
  result.command = affected >= 0 ? tag + " " + std::to_string(affected) : tag;
  result.affected = affected;
  return result;
}

class ScriptedConnection final : public Database {
 public:
  explicit ScriptedConnection(std::shared_ptr<Shared> shared)
      : m_shared(std::move(shared)), m_cancel(std::make_shared<CancelState>()) {
    std::lock_guard lock(m_shared->mutex);
    m_id = ++m_shared->opened;
    ++m_shared->open;
  }

  ~ScriptedConnection() override {
    std::lock_guard lock(m_shared->mutex);
    --m_shared->open;
    if (m_shared->lock_owner == m_id) m_shared->lock_owner = 0;
  }

  std::vector<StatementResult> execute(std::string_view sql) override {
    if (!m_alive) {
      throw QueryFailed(server_error("08006", "no connection to the server"), {}, true);
    }
    std::vector<StatementResult> results;
    std::unique_lock lock(m_shared->mutex);
    m_shared->queries.emplace_back(sql);
    for (const auto& statement : sql::split_sql_statements(sql)) {
      m_shared->statements.emplace_back(statement.text);
      std::optional<ScriptedFailure> failure = scripted_failure(statement.text);
      if (failure && failure->kind == ScriptedFailure::Kind::connection_lost) {
        lose_connection();
        throw QueryFailed(server_error("08006", "server closed the connection unexpectedly"),
                          std::move(results), true);
      }
      if (failure && failure->kind == ScriptedFailure::Kind::block_until_cancelled) {
        lock.unlock();
        wait_for_cancel();
        lock.lock();
        failure = ScriptedFailure::server("57014", "canceling statement due to user request");
      }
      std::optional<Refusal> refusal;
      if (failure) {
        refusal = Refusal{failure->sqlstate, failure->message};
      } else if (m_aborted && !starts_with_word(statement.text, "COMMIT") &&
                 !starts_with_word(statement.text, "ROLLBACK")) {
        refusal = Refusal{"25P02",
                          "current transaction is aborted, commands ignored until end of "
                          "transaction block"};
      } else {
        refusal = apply(statement.text, results);
      }
      if (refusal) {
        ServerError error = server_error(refusal->sqlstate, refusal->message);
        if (failure) {
          error.detail = failure->detail;
          if (failure->position > 0) {
            error.position =
                static_cast<int>(characters(sql.substr(0, statement.offset))) + failure->position;
          }
        }
        abort_transaction();
        throw QueryFailed(std::move(error), std::move(results), false);
      }
    }
    // The implicit transaction of a query text commits at its end.
    if (!m_explicit && m_working) commit();
    return results;
  }

  bool in_transaction() const override { return m_explicit; }
  bool is_alive() const override { return m_alive; }

  CancelHandle cancel_handle() const override {
    return CancelHandle([state = m_cancel] {
      std::lock_guard lock(state->mutex);
      if (state->running) state->requested = true;
      state->wake.notify_all();
    });
  }

  int announced_backend_pid() const override {
    std::lock_guard lock(m_shared->mutex);
    return m_shared->pooled ? 424242 : 1000 + m_id;
  }

 private:
  struct CancelState {
    std::mutex mutex;
    std::condition_variable wake;
    bool running = false;
    bool requested = false;
  };

  std::optional<ScriptedFailure> scripted_failure(std::string_view text) {
    std::size_t number = m_shared->statements.size();
    auto at = m_shared->failures_at.find(number);
    if (at != m_shared->failures_at.end()) return at->second;
    auto& when = m_shared->failures_when;
    for (auto it = when.begin(); it != when.end(); ++it) {
      if (text.find(it->first) != std::string_view::npos) {
        ScriptedFailure failure = it->second;
        when.erase(it);
        return failure;
      }
    }
    return std::nullopt;
  }

  void wait_for_cancel() {
    std::unique_lock lock(m_cancel->mutex);
    m_cancel->running = true;
    m_cancel->requested = false;
    m_cancel->wake.wait(lock, [&] { return m_cancel->requested; });
    m_cancel->running = false;
  }

  void lose_connection() {
    m_alive = false;
    m_working.reset();
    m_explicit = m_aborted = false;
    if (m_shared->lock_owner == m_id) m_shared->lock_owner = 0;
  }

  void abort_transaction() {
    if (m_explicit) {
      m_aborted = true;
    } else {
      m_working.reset();
    }
  }

  void commit() {
    if (m_working && !m_aborted) m_shared->durable = *m_working;
    m_working.reset();
    m_explicit = m_aborted = false;
  }

  ScriptedState& working() {
    if (!m_working) m_working = m_shared->durable;
    return *m_working;
  }

  // Runs one statement on the working state; a refusal makes it fail.
  std::optional<Refusal> apply(std::string_view text, std::vector<StatementResult>& results) {
    static const std::regex create_table(R"(^CREATE TABLE IF NOT EXISTS (\S+) \()");
    static const std::regex select_rows(R"(^SELECT version_num FROM (\S+)$)");
    static const std::regex select_history(
        R"(^SELECT DISTINCT ON \(revision\) .* FROM (\S+) WHERE)");
    static const std::regex insert_row(
        R"(^INSERT INTO (\S+) \(version_num\) VALUES \('([^']*)'\)$)");
    static const std::regex update_row(
        R"(^UPDATE (\S+) SET version_num='([^']*)' WHERE version_num = '([^']*)'$)");
    static const std::regex delete_row(R"(^DELETE FROM (\S+) WHERE version_num = '([^']*)'$)");
    static const std::regex insert_history(
        R"(^INSERT INTO (\S+) \(revision, direction, checksum, [^)]*\) VALUES \((NULL|'([^']*)'), '([^']*)', (NULL|'([^']*)'),)");
    const std::string statement(text);
    std::smatch match;
    const Refusal no_table{"42P01", "relation does not exist"};
    auto missing = [&](const std::ssub_match& name) {
      return working().tables.count(name.str()) == 0;
    };

    if (auto progress =
            apply_progress_statement(text, working(), std::to_string(1000 + m_id), results)) {
      if (!progress->empty()) return Refusal{*progress, "retort's progress statement refused"};
    } else if (starts_with_word(text, "BEGIN")) {
      working();
      m_explicit = true;
      results.push_back(command_result("BEGIN"));
    } else if (starts_with_word(text, "COMMIT")) {
      bool aborted = m_aborted;
      commit();
      results.push_back(command_result(aborted ? "ROLLBACK" : "COMMIT"));
    } else if (starts_with_word(text, "ROLLBACK")) {
      m_working.reset();
      m_explicit = m_aborted = false;
      results.push_back(command_result("ROLLBACK"));
    } else if (text == "SELECT pg_backend_pid()") {
      results.push_back(rows_result({Row{std::to_string(1000 + m_id)}}));
    } else if (text.starts_with("SELECT pg_try_advisory_lock(")) {
      bool free =
          !m_shared->lock_elsewhere && (m_shared->lock_owner == 0 || m_shared->lock_owner == m_id);
      if (free) m_shared->lock_owner = m_id;
      results.push_back(rows_result({Row{std::string(free ? "t" : "f")}}));
    } else if (text.starts_with("SELECT pg_advisory_unlock(")) {
      bool held = m_shared->lock_owner == m_id;
      if (held) m_shared->lock_owner = 0;
      results.push_back(rows_result({Row{std::string(held ? "t" : "f")}}));
    } else if (text.starts_with("WITH k AS")) {
      std::vector<Row> holder;
      if (m_shared->lock_elsewhere) {
        holder.push_back(Row{std::string("4242"), std::string("other-deploy"),
                             std::string("2026-12-01 10:00:00 UTC"), std::string("local")});
      }
      results.push_back(rows_result(std::move(holder)));
    } else if (text.starts_with("SELECT set_config(")) {
      results.push_back(rows_result({Row{std::string("2026-12-01 10:00:00")}}));
    } else if (text == "SHOW standard_conforming_strings") {
      results.push_back(rows_result({Row{std::string("on")}}));
    } else if (starts_with_word(text, "SET")) {
      results.push_back(command_result("SET"));
    } else if (text.starts_with("CREATE SCHEMA IF NOT EXISTS")) {
      results.push_back(command_result("CREATE SCHEMA"));
    } else if (std::regex_search(statement, match, create_table)) {
      auto& state = working();
      state.tables.insert(match[1].str());
      if (text.find("version_num VARCHAR(32)") != std::string_view::npos) {
        state.version_table = true;
      } else {
        state.history_table = true;
      }
      results.push_back(command_result("CREATE TABLE"));
    } else if (std::regex_search(statement, match, select_rows)) {
      if (missing(match[1])) return no_table;
      std::vector<Row> rows;
      for (const auto& row : working().version_rows) rows.push_back(Row{row});
      results.push_back(rows_result(std::move(rows)));
    } else if (std::regex_search(statement, match, select_history) &&
               text.find(", duration_ms FROM") != std::string_view::npos) {
      // upgrade_durations_sql(): the last upgrade with a duration per revision.
      if (missing(match[1])) return no_table;
      std::map<std::string, double> latest;
      for (const auto& row : working().history) {
        if (!row.revision.empty() && row.direction == "upgrade" && row.duration_ms)
          latest[row.revision] = *row.duration_ms;
      }
      std::vector<Row> rows;
      for (const auto& [revision, ms] : latest)
        rows.push_back(Row{revision, fmt::format("{}", ms)});
      results.push_back(rows_result(std::move(rows)));
    } else if (std::regex_search(statement, match, select_history)) {
      if (missing(match[1])) return no_table;
      std::map<std::string, ScriptedState::HistoryRow> latest;
      for (const auto& row : working().history) {
        if (!row.revision.empty() && (row.direction == "upgrade" || row.direction == "downgrade"))
          latest[row.revision] = row;
      }
      std::vector<Row> rows;
      for (const auto& [revision, row] : latest) {
        Row values{revision, row.checksum.empty() ? std::nullopt : std::optional(row.checksum),
                   row.direction};
        rows.push_back(std::move(values));
      }
      results.push_back(rows_result(std::move(rows)));
    } else if (std::regex_search(statement, match, insert_row)) {
      auto& state = working();
      if (missing(match[1])) return no_table;
      if (std::find(state.version_rows.begin(), state.version_rows.end(), match[2].str()) !=
          state.version_rows.end()) {
        return Refusal{"23505", "duplicate key value violates unique constraint"};
      }
      state.version_rows.push_back(match[2].str());
      results.push_back(command_result("INSERT 0", 1));
    } else if (std::regex_search(statement, match, update_row)) {
      auto& state = working();
      if (missing(match[1])) return no_table;
      long affected = 0;
      for (auto& row : state.version_rows) {
        if (row == match[3].str()) {
          row = match[2].str();
          ++affected;
        }
      }
      results.push_back(command_result("UPDATE", affected));
    } else if (std::regex_search(statement, match, delete_row)) {
      auto& state = working();
      if (missing(match[1])) return no_table;
      auto& rows = state.version_rows;
      auto before = rows.size();
      rows.erase(std::remove(rows.begin(), rows.end(), match[2].str()), rows.end());
      results.push_back(command_result("DELETE", static_cast<long>(before - rows.size())));
    } else if (std::regex_search(statement, match, insert_history)) {
      auto& state = working();
      if (missing(match[1])) return no_table;
      state.history.push_back({match[3].str(), match[4].str(), match[6].str()});
      results.push_back(command_result("INSERT 0", 1));
    } else {
      working().applied.push_back(statement);
      results.push_back(command_result(command_tag(text)));
    }
    return std::nullopt;
  }

  std::shared_ptr<Shared> m_shared;
  int m_id = 0;
  bool m_alive = true;
  bool m_explicit = false;  // inside BEGIN ... COMMIT
  bool m_aborted = false;   // a statement failed inside the explicit transaction
  // The open transaction's state (implicit or explicit); nullopt: none.
  std::optional<ScriptedState> m_working;
  std::shared_ptr<CancelState> m_cancel;
};

}  // namespace

ScriptedServer::ScriptedServer() : m_shared(std::make_shared<Shared>()) {}

void ScriptedServer::fail_at(std::size_t statement_number, ScriptedFailure failure) {
  std::lock_guard lock(m_shared->mutex);
  m_shared->failures_at[statement_number] = std::move(failure);
}

void ScriptedServer::fail_when_contains(std::string needle, ScriptedFailure failure) {
  std::lock_guard lock(m_shared->mutex);
  m_shared->failures_when.emplace_back(std::move(needle), std::move(failure));
}

void ScriptedServer::act_as_pooler(bool pooled) {
  std::lock_guard lock(m_shared->mutex);
  m_shared->pooled = pooled;
}

void ScriptedServer::hold_lock_elsewhere(bool held) {
  std::lock_guard lock(m_shared->mutex);
  m_shared->lock_elsewhere = held;
}

void ScriptedServer::seed_rows(std::vector<std::string> rows) {
  std::lock_guard lock(m_shared->mutex);
  m_shared->durable.version_table = true;
  m_shared->durable.tables.insert("\"public\".\"alembic_version\"");
  m_shared->durable.version_rows = std::move(rows);
}

void ScriptedServer::seed_history(std::vector<ScriptedState::HistoryRow> rows) {
  std::lock_guard lock(m_shared->mutex);
  m_shared->durable.history_table = true;
  m_shared->durable.tables.insert("\"public\".\"retort_history\"");
  m_shared->durable.history = std::move(rows);
}

void ScriptedServer::seed_invalid_index(std::string name) {
  std::lock_guard lock(m_shared->mutex);
  m_shared->durable.invalid_indexes.insert(std::move(name));
}

Connector ScriptedServer::connector() {
  return [shared = m_shared](const std::string&, double) -> std::unique_ptr<Database> {
    return std::make_unique<ScriptedConnection>(shared);
  };
}

std::vector<std::string> ScriptedServer::queries() const {
  std::lock_guard lock(m_shared->mutex);
  return m_shared->queries;
}

std::vector<std::string> ScriptedServer::statements() const {
  std::lock_guard lock(m_shared->mutex);
  return m_shared->statements;
}

ScriptedState ScriptedServer::committed() const {
  std::lock_guard lock(m_shared->mutex);
  return m_shared->durable;
}

int ScriptedServer::connections_opened() const {
  std::lock_guard lock(m_shared->mutex);
  return m_shared->opened;
}

int ScriptedServer::connections_open() const {
  std::lock_guard lock(m_shared->mutex);
  return m_shared->open;
}

}  // namespace retort::testing
