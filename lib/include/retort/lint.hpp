// Safe-DDL lint (docs/architecture.md §5.10): the upgrade and downgrade
// sections of migration files checked against the table locks PostgreSQL
// takes, with PostgreSQL's own grammar. Pure: no database. What a live server
// knows (its version, table sizes) comes in through LintFacts, so the same
// rules run for `retort lint` without a database, for `retort lint --url`
// and before an upgrade or downgrade runs its steps.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/error.hpp"
#include "retort/revision.hpp"

namespace retort {

// Ordered: info < warning < error. `lint: error` refuses a run with any
// error; `retort lint` fails on warnings and errors (docs/architecture.md §7).
enum class LintSeverity { info, warning, error };

// "info", "warning", "error".
const char* lint_severity_name(LintSeverity severity);

// The stable codes. RT0xx are about the check itself, RT1xx about what a
// statement does to the tables it locks.
namespace lint_code {
inline constexpr std::string_view syntax_error = "RT001";
inline constexpr std::string_view not_checked = "RT002";
inline constexpr std::string_view unused_suppression = "RT003";
inline constexpr std::string_view suppression_without_reason = "RT004";
inline constexpr std::string_view create_index = "RT101";
inline constexpr std::string_view concurrently_in_transaction = "RT102";
inline constexpr std::string_view volatile_default = "RT103";
inline constexpr std::string_view not_null_without_default = "RT104";
inline constexpr std::string_view column_type_rewrite = "RT105";
inline constexpr std::string_view set_not_null = "RT106";
inline constexpr std::string_view constraint_validated = "RT107";
inline constexpr std::string_view unique_without_index = "RT108";
inline constexpr std::string_view drop_column = "RT109";
inline constexpr std::string_view drop_table = "RT110";
inline constexpr std::string_view rename = "RT111";
inline constexpr std::string_view truncate = "RT112";
inline constexpr std::string_view vacuum_full = "RT113";
inline constexpr std::string_view cluster = "RT114";
inline constexpr std::string_view reindex = "RT115";
inline constexpr std::string_view lock_table = "RT116";
inline constexpr std::string_view transaction_control = "RT117";
inline constexpr std::string_view no_lock_timeout = "RT118";
inline constexpr std::string_view held_access_exclusive = "RT119";
}  // namespace lint_code

// One rule: what `retort lint --rules` lists and SARIF's rule metadata.
struct LintRuleInfo {
  std::string_view code;                          // "RT101"
  std::string_view name;                          // "create-index-not-concurrently"
  std::string_view lock;                          // "SHARE"; empty when no table lock is involved
  std::string_view why;                           // one sentence: why it hurts in production
  std::string_view safe_form;                     // one sentence: what to write instead
  LintSeverity severity = LintSeverity::warning;  // before grading (LintFacts)
};

// Every rule, ordered by code.
const std::vector<LintRuleInfo>& lint_rules();
// The rule with `code`, or nullptr.
const LintRuleInfo* find_lint_rule(std::string_view code);

struct LintFinding {
  std::string code;  // a lint_code
  LintSeverity severity = LintSeverity::warning;
  // file:line:col of the statement's first token (a syntax error: of the
  // token the parser stopped at; a suppression finding: of its comment).
  SourceLocation location;
  std::string source_line;  // the text of location.line, for a caret
  std::string message;      // one line: what the statement does and why it hurts
  std::string hint;         // one line: the safe form
  std::string lock;         // "ACCESS EXCLUSIVE"; empty when not about a table lock
  std::string relation;     // the table as the statement names it ("public.orders")
  // From a live server (pg_class): the table's estimated rows and size.
  std::optional<double> estimated_rows;
  std::optional<std::int64_t> estimated_bytes;
  std::string revision;  // the revision id
  std::string section;   // "upgrade" or "downgrade"
  friend bool operator==(const LintFinding&, const LintFinding&) = default;
};

struct TableEstimate {
  double rows = 0;         // pg_class.reltuples, 0 when never analyzed and empty
  std::int64_t bytes = 0;  // pg_total_relation_size
};

// What is known beyond the files.
struct LintFacts {
  // The run sets PostgreSQL's lock_timeout (config lock_timeout_s > 0).
  bool lock_timeout_set = false;
  // server_version_num of the live server; nullopt without a database. Rules
  // that depend on the version assume the oldest supported (PostgreSQL 11)
  // without one; syntax the grammar does not know is "not checked" when the
  // server is newer than the grammar.
  std::optional<int> server_version;
  // Live: the size of an existing table; nullopt when it does not exist or
  // without a database. `schema` is empty when the statement names none.
  std::function<std::optional<TableEstimate>(const std::string& schema, const std::string& table)>
      table_estimate;
};

// One section to check, in the order the run (or the graph) gives them.
struct LintSection {
  const Revision* revision = nullptr;
  bool downgrade = false;  // the revision's downgrade section (which must exist)
};

// How far "new" reaches: an object created earlier in the same revision is
// always new and empty, so lock rules do not fire for it. each_revision:
// every revision is checked as if its ancestors were applied (the files
// alone). plan: the sections are the steps of one run, in order, so objects
// created by earlier steps of the run are new too.
enum class LintScope { each_revision, plan };

struct LintReport {
  std::vector<LintFinding> findings;  // in section order, then by position
  std::size_t sections = 0;           // sections checked
  std::size_t statements = 0;         // statements parsed
  // The most severe finding, nullopt when there is none.
  std::optional<LintSeverity> worst() const;
};

// Checks `sections`. Never throws for what is in the files (a syntax error is
// a finding); REQUIRES: every LintSection's revision outlives the call.
LintReport lint_sections(const std::vector<LintSection>& sections, const LintFacts& facts,
                         LintScope scope);

}  // namespace retort
