// Every SQL text retort sends besides the migrations themselves: the version
// and history tables, the lock, the catalog reads and the transaction
// commands. Pure text generation, shared by online and offline mode so
// `--sql` prints exactly what an online run executes. Each piece says how
// many statements it holds and whether it commits, so the executor never has
// to look inside the text it sends.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "retort/plan.hpp"

namespace retort::migrator {

// "name" with embedded quotes doubled: always quoted, whatever the name.
std::string quote_identifier(std::string_view name);
// 'value' with embedded quotes doubled (standard_conforming_strings).
std::string quote_literal(std::string_view value);

struct TableNames {
  std::string schema;         // e.g. "public"
  std::string version_table;  // e.g. "alembic_version"
  std::string history_table;  // empty: no history

  std::string qualified_version() const;
  std::string qualified_history() const;
  // The progress table of transaction:false sections, beside the version table.
  std::string qualified_progress() const;
  // The lease table of lock_strategy table, beside the version table.
  std::string qualified_lease() const;
};

// A piece of retort's own SQL: statements that each end with ";\n".
struct SqlText {
  std::string text;
  std::size_t statements = 0;
  // 0-based index of the first COMMIT among the statements; nullopt: none.
  // Every COMMIT in a piece covers all that was sent before the piece.
  std::optional<std::size_t> first_commit;

  bool empty() const { return statements == 0; }
  // Appends `other` (its commit counts only when this piece has none).
  SqlText& operator+=(const SqlText& other);
  friend SqlText operator+(SqlText a, const SqlText& b) { return a += b; }
};

SqlText begin_sql();
SqlText commit_sql();
// ROLLBACK, for after a failure (sent alone).
std::string_view rollback_sql();

// CREATE SCHEMA/TABLE IF NOT EXISTS for the version table (Alembic's shape:
// version_num varchar(32) with primary key <table>_pkc) and, when enabled,
// the history table.
SqlText create_tables_sql(const TableNames& names);

// SELECT returning the version rows, for an existing table; a missing table
// or schema fails with sqlstate::k_undefined_table / k_invalid_schema_name.
std::string select_rows_sql(const TableNames& names);

// INSERT/UPDATE/DELETE statements of one step, one per change, in order.
SqlText version_changes_sql(const TableNames& names, std::span<const VersionChange> changes);

// The statement that records the step start time (session level, so it also
// works for autocommit sections), and the history INSERT that uses it (no
// statement when history is off).
SqlText step_started_sql();
// Sets the step start time inside the current transaction only, from the
// value step_started_sql() returned (for the bookkeeping of a
// transaction:false section).
SqlText step_started_at_sql(std::string_view started_at);
SqlText history_insert_sql(const TableNames& names, std::string_view revision, Direction direction,
                           std::string_view checksum, std::string_view tool_version);
// The same with any direction text ("resolve applied"); without a preceding
// step_started_sql() the duration is NULL.
SqlText history_note_sql(const TableNames& names, std::string_view revision,
                         std::string_view direction, std::string_view checksum,
                         std::string_view tool_version);

// The latest upgrade or downgrade recorded per revision: rows of (revision,
// checksum, direction), newest step first per revision.
std::string latest_checksums_sql(const TableNames& names);

// The last recorded upgrade of each revision that has a duration: rows of
// (revision, duration_ms), for the estimates of resumable runs.
std::string upgrade_durations_sql(const TableNames& names);

// The progress of a transaction:false section part-way through
// (docs/architecture.md §5.7): a table "retort_progress" in the version
// table's schema, one row per version table, written in autocommit before the
// section's first statement and after each statement, and deleted in the
// transaction that records the step's version row.
struct ProgressStart {
  std::string revision;
  Direction direction = Direction::upgrade;
  std::string section_checksum;
  std::size_t statements = 0;
  std::string version_changes;  // encode_version_changes() of the step
  std::string client;           // who runs it: "host pid N" or "Lambda <function>"
};
SqlText create_progress_table_sql(const TableNames& names);
// One row: 't' when the progress table exists, and the session's backend
// pid (for Session's pooler detection). Never fails.
std::string progress_table_exists_sql(const TableNames& names);
// At most one row: revision, direction, section checksum, statements done,
// statements in all, checksum of the statements done, version changes,
// started at (text), started by.
std::string select_progress_sql(const TableNames& names);
// INSERT of the row (no statement done, done checksum empty); fails with
// unique_violation when a row exists.
SqlText progress_start_sql(const TableNames& names, const ProgressStart& start);
// Records that the first `done` statements ran; `done_checksum` is
// statements_checksum() of them.
SqlText progress_advance_sql(const TableNames& names, std::size_t done,
                             std::string_view done_checksum);
SqlText progress_clear_sql(const TableNames& names);

// The step's version-table changes as one text for the progress row, and
// back. decode returns nullopt for text it did not write.
std::string encode_version_changes(std::span<const VersionChange> changes);
std::optional<std::vector<VersionChange>> decode_version_changes(std::string_view text);

// The lease lock (lock_strategy table, docs/architecture.md §5.3): a table
// "retort_lock" in the version table's schema, one row per version table,
// holding the owner's random token and an expiry on the server's clock.
// CREATE SCHEMA (unless public) and CREATE TABLE IF NOT EXISTS, run alone.
SqlText create_lease_table_sql(const TableNames& names);
// In one transaction with a short lock_timeout (a row held by a running
// transaction counts as taken): takes the lease when it is free or expired.
// The INSERT returns one row when `token` now holds it.
std::string try_lease_sql(const TableNames& names, std::string_view token, std::string_view owner,
                          double lease_s);
// The guard of every transaction of a run holding the lease: extends it and
// fails with SQLSTATE k_lease_lost_sqlstate when `token` no longer holds it.
// The row stays locked until the transaction ends, so no one can take over
// while it runs.
SqlText lease_guard_sql(const TableNames& names, std::string_view token, double lease_s);
inline constexpr const char* k_lease_lost_sqlstate = "RT001";
// For the keeper: the same extension as one transaction with a short
// lock_timeout; the UPDATE reports 1 row while `token` holds the lease.
std::string renew_lease_sql(const TableNames& names, std::string_view token, double lease_s);
std::string release_lease_sql(const TableNames& names, std::string_view token);
// At most one row: owner, acquired at, seconds until it expires.
std::string lease_holder_sql(const TableNames& names);
// One row, one column: the server's pid for this session.
std::string backend_pid_sql();

// For a resumed CREATE INDEX CONCURRENTLY: at most one row holding the
// qualified name of an INVALID index called `index_name` (as stored, already
// case-folded) on `table` (as written in the statement).
std::string invalid_index_sql(std::string_view index_name, std::string_view table);
std::string drop_index_concurrently_sql(std::string_view qualified_index);

// Sets PostgreSQL's lock_timeout and statement_timeout for the session, in
// seconds (0 = off).
std::string session_timeouts_sql(double lock_timeout_s, double statement_timeout_s);
// The same as two SET LOCAL statements, each ending with ";\n", for the
// transactions of a run behind a connection pooler.
std::string local_timeouts_sql(double lock_timeout_s, double statement_timeout_s);

// Two statements about the lock `backend_pid` waits for
// (docs/architecture.md §5.11), for another connection: the sessions blocking it (pid, state,
// application_name, seconds since their transaction began, the first 200
// characters of their query), then at most one row of the relation
// ("schema.table", empty for a lock on no relation) and the lock mode asked for.
std::string lock_blockers_sql(long backend_pid);

// The advisory-lock key expression: a bigint derived from the database,
// schema and version table, so tenants in other schemas do not contend.
std::string lock_key_sql(const TableNames& names);
// One row, one column: 't' when the session took retort's lock.
std::string try_lock_sql(const TableNames& names);
std::string unlock_sql(const TableNames& names);
// The session holding retort's lock: at most one row of (pid,
// application_name, backend start, client address).
std::string lock_holder_sql(const TableNames& names);

}  // namespace retort::migrator
