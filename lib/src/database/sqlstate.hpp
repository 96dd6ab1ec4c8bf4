// The SQLSTATE codes retort itself checks or reports (PostgreSQL's
// errcodes.txt), in one place. Everything else is passed through as the
// server sent it.
#pragma once

namespace retort::sqlstate {

// A relation (the version or history table) does not exist.
inline constexpr const char* k_undefined_table = "42P01";
// The configured version_table_schema does not exist.
inline constexpr const char* k_invalid_schema_name = "3F000";
// A statement was cancelled: the deadline watchdog, or a user's pg_cancel_backend.
inline constexpr const char* k_query_canceled = "57014";
// The connection broke while a statement ran.
inline constexpr const char* k_connection_failure = "08006";
// The first connection could not be made.
inline constexpr const char* k_unable_to_connect = "08001";
// A statement was sent after an earlier one aborted the transaction.
inline constexpr const char* k_in_failed_transaction = "25P02";
// A lock was not granted: PostgreSQL's lock_timeout ran out, or NOWAIT.
inline constexpr const char* k_lock_not_available = "55P03";

}  // namespace retort::sqlstate
