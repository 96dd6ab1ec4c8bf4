#include "migrator/lock_failure.hpp"

#include <fmt/format.h>

#include <cctype>

#include "database/sqlstate.hpp"

namespace retort::migrator {
namespace {

constexpr std::size_t k_statement_chars = 60;

// The first statement of `sql` on one line: comment lines skipped,
// whitespace collapsed, cut after k_statement_chars characters.
std::string statement_start(std::string_view sql) {
  std::string text;
  bool space = false;
  std::size_t i = 0;
  while (i < sql.size()) {
    if (sql.compare(i, 2, "--") == 0) {
      const auto end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
      space = !text.empty();
      continue;
    }
    const char c = sql[i++];
    if (c == ';') break;
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !text.empty();
      continue;
    }
    if (space) text += ' ';
    space = false;
    text += c;
    if (text.size() >= k_statement_chars) return text + "...";
  }
  return text;
}

}  // namespace

bool is_lock_timeout(const StepFailure& failure) {
  return failure.cause == StepFailure::Cause::server && failure.server_error &&
         failure.server_error->sqlstate == sqlstate::k_lock_not_available &&
         !failure.connection_lost && !failure.in_commit;
}

LockTimeoutEvent lock_timeout_event(const StepFailure& failure, LockObservation seen,
                                    const LockRetries& retries, std::size_t attempt) {
  LockTimeoutEvent event;
  if (failure.script && failure.script->revision) {
    event.revision = failure.script->revision->id.str();
  }
  if (failure.statement_offset) {
    event.statement = statement_start(failure.sent_sql);  // an autocommit statement alone
  } else if (failure.script && failure.script->section) {
    event.statement = statement_start(failure.script->section->sql);
  }
  event.relation = std::move(seen.relation);
  event.mode = std::move(seen.mode);
  event.blockers = std::move(seen.blockers);
  event.lock_timeout_s = retries.lock_timeout_s;
  event.attempt = attempt;
  event.retries = retries.policy.retries;
  return event;
}

void roll_back_for_retry(Session& session) {
  auto& database = session.database();
  if (database.in_transaction()) database.execute(rollback_sql());
}

void throw_lock_failure(Session& session, const StepFailure& failure, const FailureContext& context,
                        const std::vector<LockTimeoutEvent>& events) {
  try {
    throw_run_failure(session, failure, context);
  } catch (const Error& error) {
    const LockTimeoutEvent& last = events.back();
    std::string message = error.message();
    const auto headline_end = message.find('\n');
    std::string detail = "\n  " + last.describe();
    detail += events.size() == 1 ? fmt::format("\n  tried once (lock_retries {})", last.retries)
                                 : fmt::format("\n  tried {} times ({} retries)", events.size(),
                                               retries_made(events));
    message.insert(headline_end == std::string::npos ? message.size() : headline_end, detail);
    std::string hint =
        last.blockers.empty()
            ? "another session held the lock: run the command again when it is free, or allow "
              "more tries (lock_retries, --lock-retries) or a longer lock_timeout_s"
            : fmt::format(
                  "pid {} holds the lock: let its transaction finish (or end it with "
                  "pg_terminate_backend) and run the command again, or allow more tries "
                  "(lock_retries, --lock-retries) or a longer lock_timeout_s",
                  last.blockers.front().pid);
    hint += "; committed steps do not run again";
    Error amended(error.kind(), message, error.location(), hint, error.sqlstate());
    amended.set_lock_timeouts(events);
    throw amended;
  }
}

}  // namespace retort::migrator
