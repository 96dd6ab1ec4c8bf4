// The rules of retort/lint.hpp: codes, locks, why each hurts, the safe form.
#include <algorithm>

#include "retort/lint.hpp"

namespace retort {
namespace {

using S = LintSeverity;

const std::vector<LintRuleInfo> k_rules = {
    {lint_code::syntax_error, "syntax-error", "",
     "PostgreSQL's grammar does not parse the section, so the server would refuse it.",
     "Fix the statement at the caret.", S::error},
    {lint_code::not_checked, "not-checked", "",
     "The section uses syntax newer than the lint grammar (PostgreSQL 15), so it was not checked.",
     "Nothing to do; the server parses it when it runs.", S::info},
    {lint_code::unused_suppression, "unused-suppression", "",
     "A `retort:allow` comment that suppresses nothing hides the next real finding there.",
     "Remove it, or name the code of the finding it is meant for.", S::warning},
    {lint_code::suppression_without_reason, "suppression-without-reason", "",
     "A suppression without a reason leaves the next reader guessing why the lock is safe.",
     "Write the reason after the code: `-- retort:allow RT101 the table has 40 rows`.", S::warning},
    {lint_code::create_index, "create-index-not-concurrently", "SHARE",
     "CREATE INDEX blocks every write to the table until the index is built.",
     "CREATE INDEX CONCURRENTLY in a `-- migrate:upgrade transaction:false` section.", S::warning},
    {lint_code::concurrently_in_transaction, "concurrently-in-transaction", "",
     "CONCURRENTLY cannot run inside a transaction block: the server refuses the statement.",
     "Put the statement in a section of its own marked `transaction:false`.", S::error},
    {lint_code::volatile_default, "add-column-rewrites-table", "ACCESS EXCLUSIVE",
     "A column with a volatile default (or a serial, identity or stored generated column) "
     "rewrites the whole table under ACCESS EXCLUSIVE, blocking reads and writes.",
     "Add the column without a default (or with a constant one), backfill in batches, then set "
     "the default.",
     S::warning},
    {lint_code::not_null_without_default, "add-column-not-null-without-default", "ACCESS EXCLUSIVE",
     "ADD COLUMN ... NOT NULL without a default fails on a table that has rows.",
     "Add the column with a constant DEFAULT, or nullable, backfill, then set NOT NULL safely.",
     S::warning},
    {lint_code::column_type_rewrite, "alter-column-type", "ACCESS EXCLUSIVE",
     "Changing a column's type rewrites the table and its indexes under ACCESS EXCLUSIVE.",
     "Add a column of the new type, backfill it in batches, switch the code, drop the old one.",
     S::warning},
    {lint_code::set_not_null, "set-not-null", "ACCESS EXCLUSIVE",
     "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE to check for nulls.",
     "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT c (in a later "
     "step); then SET NOT NULL uses it (PostgreSQL 12+) and the check can be dropped.",
     S::warning},
    {lint_code::constraint_validated, "constraint-without-not-valid",
     "ACCESS EXCLUSIVE / SHARE ROW EXCLUSIVE",
     "Adding a CHECK or FOREIGN KEY constraint validates every row while it holds a lock that "
     "blocks writes (a CHECK: reads too; a foreign key: on both tables).",
     "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later step (SHARE UPDATE "
     "EXCLUSIVE: reads and writes go on).",
     S::warning},
    {lint_code::unique_without_index, "unique-without-index", "ACCESS EXCLUSIVE",
     "ADD PRIMARY KEY / UNIQUE builds the index while it blocks reads and writes.",
     "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY/UNIQUE USING INDEX.",
     S::warning},
    {lint_code::drop_column, "drop-column", "ACCESS EXCLUSIVE",
     "The code running during the deploy still reads and writes the column.",
     "Stop using the column in the code first, and drop it in a later release.", S::warning},
    {lint_code::drop_table, "drop-table", "ACCESS EXCLUSIVE",
     "The code running during the deploy still uses the table, and its data is gone.",
     "Stop using the table in the code first, and drop it in a later release.", S::warning},
    {lint_code::rename, "rename", "ACCESS EXCLUSIVE",
     "The code running during the deploy still uses the old name.",
     "Add the new column or table, write to both, switch reads, drop the old one later (or a "
     "view with the old name).",
     S::warning},
    {lint_code::truncate, "truncate", "ACCESS EXCLUSIVE",
     "TRUNCATE blocks reads and writes and removes every row, for every client at once.",
     "DELETE in batches, or make sure nothing uses the table.", S::warning},
    {lint_code::vacuum_full, "vacuum-full", "ACCESS EXCLUSIVE",
     "VACUUM FULL rewrites the table while blocking reads and writes.",
     "Plain VACUUM, or pg_repack outside the migration.", S::warning},
    {lint_code::cluster, "cluster", "ACCESS EXCLUSIVE",
     "CLUSTER rewrites the table while blocking reads and writes.",
     "pg_repack outside the migration, or leave the order to the index.", S::warning},
    {lint_code::reindex, "reindex-not-concurrently", "SHARE / ACCESS EXCLUSIVE",
     "REINDEX blocks writes to the table (and reads through the index) while it rebuilds.",
     "REINDEX ... CONCURRENTLY in a `transaction:false` section.", S::warning},
    {lint_code::lock_table, "lock-table", "as requested",
     "An explicit table lock holds off the traffic it conflicts with until the transaction ends.",
     "Let each statement take the lock it needs, with a short lock_timeout_s.", S::warning},
    {lint_code::transaction_control, "transaction-control", "",
     "retort runs each section in its own transaction (or autocommit); BEGIN, COMMIT or "
     "ROLLBACK inside one breaks that and what the version table records.",
     "Remove it; mark the section `transaction:false` for statements that cannot run in a "
     "transaction.",
     S::error},
    {lint_code::no_lock_timeout, "lock-without-lock-timeout", "SHARE or stronger",
     "Without lock_timeout a statement waiting for its lock behind one long query makes every "
     "later query on the table wait behind it.",
     "Set lock_timeout_s (a few seconds) with lock_retries in the config, or SET lock_timeout "
     "in the section.",
     S::warning},
    {lint_code::held_access_exclusive, "statements-after-access-exclusive", "ACCESS EXCLUSIVE",
     "Once a statement takes ACCESS EXCLUSIVE, the lock is held until the transaction ends, "
     "through every later statement of the section.",
     "Put the statement that takes the lock in a step of its own, or last in its section.",
     S::warning},
};

}  // namespace

const char* lint_severity_name(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::info:
      return "info";
    case LintSeverity::warning:
      return "warning";
    case LintSeverity::error:
      return "error";
  }
  return "error";
}

const std::vector<LintRuleInfo>& lint_rules() {
  return k_rules;
}

const LintRuleInfo* find_lint_rule(std::string_view code) {
  auto found = std::find_if(k_rules.begin(), k_rules.end(),
                            [&](const LintRuleInfo& rule) { return rule.code == code; });
  return found == k_rules.end() ? nullptr : &*found;
}

std::optional<LintSeverity> LintReport::worst() const {
  std::optional<LintSeverity> worst;
  for (const auto& finding : findings) {
    if (!worst || finding.severity > *worst) worst = finding.severity;
  }
  return worst;
}

}  // namespace retort
