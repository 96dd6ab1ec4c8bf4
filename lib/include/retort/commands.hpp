// The commands behind the CLI (docs/architecture.md §7). Each takes the context,
// its options and a Reporter; results go to Reporter::output as text lines
// (docs/alembic-semantics.md §7) or, with OutputFormat::json, as one JSON
// document carrying the same facts. Errors are thrown as retort::Error.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "retort/command_context.hpp"
#include "retort/error.hpp"
#include "retort/reporter.hpp"

namespace retort {

// --- Project and revision files (no database) -----------------------------

struct InitOptions {
  // The project directory; relative to the context's working directory.
  std::filesystem::path directory = ".";
};
// Creates <directory>/config/retort.yaml (commented defaults, script_location
// ../migrations) and an empty <directory>/migrations. Refuses, before writing
// anything, when the config file exists or the migrations directory is not
// empty (Error(ErrorKind::io)).
void run_init(const CommandContext& context, const InitOptions& options, Reporter& reporter);

struct RevisionOptions {
  std::string message;                     // -m; empty: "empty message"
  std::vector<std::string> heads{"head"};  // --head (plain resolution)
  bool splice = false;                     // --splice: allow non-head parents
  std::vector<std::string> branch_labels;  // --branch-label
  std::vector<std::string> depends_on;     // --depends-on (repeatable)
  std::string rev_id;                      // --rev-id; empty: random
};
// Writes a new migration file. The new revision is validated against the
// graph (id, labels, parents, dependencies) before anything is written.
void run_revision(const CommandContext& context, const RevisionOptions& options,
                  Reporter& reporter);

struct MergeOptions {
  std::vector<std::string> revisions;  // `heads` merges the real heads, in load order
  std::string message;
  std::vector<std::string> branch_labels;
  std::string rev_id;
};
void run_merge(const CommandContext& context, const MergeOptions& options, Reporter& reporter);

// --- Listings (files only; -i and `current` need the database) ------------

struct HistoryOptions {
  std::string range;              // -r: "start:end", "start:", ":end"; empty = everything
  bool verbose = false;           // -v: full entries
  bool indicate_current = false;  // -i: mark version-table rows (needs the database)
};
void run_history(const CommandContext& context, const HistoryOptions& options, Reporter& reporter);

struct HeadsOptions {
  bool verbose = false;
  bool resolve_dependencies = false;  // real heads only
};
void run_heads(const CommandContext& context, const HeadsOptions& options, Reporter& reporter);

struct BranchesOptions {
  bool verbose = false;
};
void run_branches(const CommandContext& context, const BranchesOptions& options,
                  Reporter& reporter);

struct ShowOptions {
  std::vector<std::string> revisions;  // plain resolution each; `current` reads the database
};
void run_show(const CommandContext& context, const ShowOptions& options, Reporter& reporter);

// "retort <version>".
void run_version(const CommandContext& context, Reporter& reporter);
// The version of this build, e.g. "0.1.0".
std::string version_string();

// --- Database commands -----------------------------------------------------
// These work on the database through retort/migrate.hpp; upgrade, downgrade
// and stamp with --sql only print the script, without connecting.

struct UpgradeOptions {
  std::string target = "head";
  bool sql = false;  // --sql: print the script instead
};
void run_upgrade(const CommandContext& context, const UpgradeOptions& options, Reporter& reporter);

struct DowngradeOptions {
  std::string target;
  bool sql = false;
};
void run_downgrade(const CommandContext& context, const DowngradeOptions& options,
                   Reporter& reporter);

struct StampOptions {
  std::vector<std::string> targets;
  bool purge = false;  // ignore the current rows
  bool sql = false;
};
void run_stamp(const CommandContext& context, const StampOptions& options, Reporter& reporter);

struct ResolveOptions {
  std::string revision;
  bool applied = false;      // --applied: the section's changes are all in place
  bool not_applied = false;  // --not-applied: none of them are
};
// Exactly one of the flags; throws Error(ErrorKind::usage) otherwise.
void run_resolve(const CommandContext& context, const ResolveOptions& options, Reporter& reporter);

struct CurrentOptions {
  bool verbose = false;
};
void run_current(const CommandContext& context, const CurrentOptions& options, Reporter& reporter);

struct CheckOptions {};
// Throws Error(ErrorKind::check_failed) when the database is behind, ahead or drifted.
void run_check(const CommandContext& context, const CheckOptions& options, Reporter& reporter);

// --- Lint (docs/architecture.md §5.10) ------------------------------------

struct LintOptions {
  // Which revisions: empty = every one; "start:end" (history's form, either
  // end may be left out) or one target such as `head` or an id.
  std::string range;
  bool upgrade_only = false;  // --upgrade-only: skip downgrade sections
  // --live (or the global --url): check the steps `upgrade` would run from
  // the database's state to the range's end (default: heads), in one plan,
  // with the server's version and table estimates.
  bool live = false;
  bool list_rules = false;  // --rules: list the rules instead
};
// Prints the findings (text lines, one JSON document, or a SARIF log with
// --format sarif), then throws Error(ErrorKind::lint_failed) (exit 3) when
// any finding is a warning or an error. Syntax errors are findings; the
// files are never run.
void run_lint(const CommandContext& context, const LintOptions& options, Reporter& reporter);

// --- Errors ----------------------------------------------------------------

// The JSON document printed for an error in --format json mode:
// {"ok": false, "error": {"kind", "message", "location": {"file", "line",
// "column"} | null, "hint", "sqlstate", "text"}, "exit_code": N}, where
// "text" is error_text(error) (retort/error_text.hpp), the lines the terminal
// prints. Pretty-printed; its strings hold no raw control characters.
std::string error_document(const Error& error);

}  // namespace retort
