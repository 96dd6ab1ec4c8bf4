// The SQL of the lease lock (retort_sql.hpp).
#include <fmt/format.h>

#include "migrator/retort_sql.hpp"

namespace retort::migrator {
namespace {

std::string lease_key(const TableNames& names) {
  return quote_literal(names.version_table);
}

std::string lease_interval(double lease_s) {
  return fmt::format("make_interval(secs => {:.3f})", lease_s);
}

// A short lock_timeout, so that a row held by another transaction reads as
// taken instead of blocking.
constexpr const char* k_short_wait = "SET LOCAL lock_timeout = '200ms';\n";

}  // namespace

SqlText create_lease_table_sql(const TableNames& names) {
  SqlText sql;
  if (names.schema != "public") {
    sql.text += fmt::format("CREATE SCHEMA IF NOT EXISTS {};\n", quote_identifier(names.schema));
    ++sql.statements;
  }
  sql.text += fmt::format(
      "CREATE TABLE IF NOT EXISTS {} (\n"
      "    lock_name TEXT PRIMARY KEY,\n"
      "    token TEXT NOT NULL,\n"
      "    owner TEXT NOT NULL,\n"
      "    acquired_at TIMESTAMPTZ NOT NULL,\n"
      "    expires_at TIMESTAMPTZ NOT NULL\n"
      ");\n",
      names.qualified_lease());
  ++sql.statements;
  return sql;
}

std::string try_lease_sql(const TableNames& names, std::string_view token, std::string_view owner,
                          double lease_s) {
  const std::string table = names.qualified_lease();
  return fmt::format(
      "BEGIN;\n{}"
      "INSERT INTO {} AS l (lock_name, token, owner, acquired_at, expires_at) VALUES ({}, {}, "
      "{}, clock_timestamp(), clock_timestamp() + {}) ON CONFLICT (lock_name) DO UPDATE SET "
      "token = EXCLUDED.token, owner = EXCLUDED.owner, acquired_at = EXCLUDED.acquired_at, "
      "expires_at = EXCLUDED.expires_at WHERE l.expires_at < clock_timestamp() RETURNING "
      "l.token;\nCOMMIT;\n",
      k_short_wait, table, lease_key(names), quote_literal(token), quote_literal(owner),
      lease_interval(lease_s));
}

SqlText lease_guard_sql(const TableNames& names, std::string_view token, double lease_s) {
  const std::string body = fmt::format(
      "BEGIN UPDATE {} SET expires_at = clock_timestamp() + {} WHERE lock_name = {} AND token = "
      "{}; IF NOT FOUND THEN RAISE EXCEPTION USING ERRCODE = '{}', MESSAGE = 'retort lost its "
      "migration lock lease in {}: another run may have taken it over'; END IF; END",
      names.qualified_lease(), lease_interval(lease_s), lease_key(names), quote_literal(token),
      k_lease_lost_sqlstate, names.qualified_lease());
  return SqlText{fmt::format("DO {};\n", quote_literal(body)), 1, std::nullopt};
}

std::string renew_lease_sql(const TableNames& names, std::string_view token, double lease_s) {
  return fmt::format(
      "BEGIN;\n{}UPDATE {} SET expires_at = clock_timestamp() + {} WHERE lock_name = {} AND "
      "token = {};\nCOMMIT;\n",
      k_short_wait, names.qualified_lease(), lease_interval(lease_s), lease_key(names),
      quote_literal(token));
}

std::string release_lease_sql(const TableNames& names, std::string_view token) {
  return fmt::format("DELETE FROM {} WHERE lock_name = {} AND token = {}", names.qualified_lease(),
                     lease_key(names), quote_literal(token));
}

std::string lease_holder_sql(const TableNames& names) {
  return fmt::format(
      "SELECT owner, to_char(acquired_at, 'YYYY-MM-DD HH24:MI:SS TZ'), greatest(0, "
      "ceil(extract(epoch FROM expires_at - clock_timestamp())))::bigint FROM {} WHERE "
      "lock_name = {}",
      names.qualified_lease(), lease_key(names));
}

std::string backend_pid_sql() {
  return "SELECT pg_backend_pid()";
}

}  // namespace retort::migrator
