// ScriptedServer: an in-memory stand-in for PostgreSQL behind the Database
// seam (retort/database.hpp), for unit tests of the executor's logic.
//
// It follows the simple query protocol the way the contract describes it:
// statements of one execute() form an implicit transaction unless BEGIN
// opens an explicit one; COMMIT makes the working state durable; a failure
// skips the rest of the text and aborts (explicit) or rolls back (implicit).
// It understands just enough of retort's own SQL (migrator/retort_sql.hpp)
// to keep a version table, a history table and the advisory lock; every
// other statement is recorded and succeeds. Tests script where it fails:
//
//   ScriptedServer server;
//   server.fail_at(7, ScriptedFailure::server("42P01", "relation does not exist", 15));
//   RunOptions options;
//   options.connect = server.connector();
//   upgrade_database(config, graph, "head", options, reporter);  // throws
//   EXPECT_EQ(server.committed().version_rows, ...);
#pragma once

#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "retort/database.hpp"

namespace retort::testing {

struct ScriptedFailure {
  enum class Kind {
    server_error,           // the statement fails with `sqlstate` and `message`
    connection_lost,        // the connection breaks while the statement runs
    block_until_cancelled,  // the statement runs until cancelled, then fails with 57014
  };
  Kind kind = Kind::server_error;
  std::string sqlstate;
  std::string message;
  std::string detail;
  // 1-based character position inside the failing statement (0: none); the
  // fake reports it relative to the whole query text, as the server does.
  int position = 0;

  static ScriptedFailure server(std::string sqlstate, std::string message, int position = 0);
  static ScriptedFailure lost();
  static ScriptedFailure blocking();
};

// What the server holds: durable (committed) or a connection's working copy.
struct ScriptedState {
  // Every table created, by its name as written (e.g. "public"."alembic_version").
  std::set<std::string> tables;
  // A version table and a history table exist (the rows below belong to them).
  bool version_table = false;
  bool history_table = false;
  std::vector<std::string> version_rows;  // in insertion order
  struct HistoryRow {
    std::string revision;  // empty for NULL
    std::string direction;
    std::string checksum;                              // empty for NULL
    std::optional<double> duration_ms = std::nullopt;  // the fake records none itself
  };
  std::vector<HistoryRow> history;
  // Every statement that is not retort's bookkeeping (the migrations' SQL),
  // in the order it took effect.
  std::vector<std::string> applied;
  // The progress table of transaction:false sections and its row.
  bool progress_table = false;
  struct ProgressRow {
    std::string revision;
    std::string direction;
    std::string section_checksum;
    std::size_t done = 0;
    std::size_t total = 0;
    std::string done_checksum;
    std::string version_changes;
  };
  std::optional<ProgressRow> progress;
  // Names of INVALID indexes (as an interrupted CREATE INDEX CONCURRENTLY
  // leaves them); DROP INDEX CONCURRENTLY removes them.
  std::set<std::string> invalid_indexes;
};

// Runs `text` when it is one of retort's progress-table or index-repair
// statements (scripted_progress.cpp) on the connection whose
// pg_backend_pid() is `connection_pid`. Returns nullopt when it is not; else
// an empty string on success or the SQLSTATE of the refusal.
std::optional<std::string> apply_progress_statement(std::string_view text, ScriptedState& state,
                                                    const std::string& connection_pid,
                                                    std::vector<StatementResult>& results);

class ScriptedServer {
 public:
  ScriptedServer();

  // Fails the statement with this number (1-based, counting every statement
  // with a token that reached the server, over all connections).
  void fail_at(std::size_t statement_number, ScriptedFailure failure);
  // Fails the next statement whose text contains `needle`.
  void fail_when_contains(std::string needle, ScriptedFailure failure);
  // Makes every pg_try_advisory_lock answer false, as if another session held it.
  void hold_lock_elsewhere(bool held);
  // Connections announce a backend pid other than pg_backend_pid(), as
  // through a connection pooler.
  void act_as_pooler(bool pooled);
  // Starts from a database that already has these version rows (and tables).
  void seed_rows(std::vector<std::string> rows);
  void seed_history(std::vector<ScriptedState::HistoryRow> rows);
  // Starts from a database where an earlier run left an INVALID index `name`.
  void seed_invalid_index(std::string name);

  // A Connector for RunOptions::connect. Each call opens a new connection.
  Connector connector();

  // What the server received: every execute() text, and every statement.
  std::vector<std::string> queries() const;
  std::vector<std::string> statements() const;
  // The durable state.
  ScriptedState committed() const;
  // Connections opened, and connections still open.
  int connections_opened() const;
  int connections_open() const;

  struct Shared;

 private:
  std::shared_ptr<Shared> m_shared;
};

}  // namespace retort::testing
