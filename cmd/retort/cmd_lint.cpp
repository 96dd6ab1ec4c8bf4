// `retort lint [RANGE]`: safe-DDL checks of the migration files.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_lint(CLI::App& app, Action& action) {
  auto options = std::make_shared<LintOptions>();
  auto* command = add_command(
      app, "lint",
      "Check migrations for statements that lock tables in production, or that would fail.",
      "Parses every upgrade and downgrade section with PostgreSQL's grammar (15) and reports\n"
      "statements that take a strong lock on an existing table (CREATE INDEX without\n"
      "CONCURRENTLY, constraints validated in place, rewrites, ...), would fail at run time\n"
      "(CONCURRENTLY inside a transaction, BEGIN/COMMIT) or break the running code (DROP,\n"
      "RENAME). A table created earlier in the same revision is new and never flagged.\n"
      "No database is needed: each revision is checked as if its ancestors were applied.\n"
      "With --live or --url, the steps `upgrade` would run are checked as one plan, with the\n"
      "server's version and table size estimates (pg_class) grading each finding.\n"
      "Suppress a finding next to its statement: -- retort:allow RT101 reason.\n"
      "Exit 0: no warnings or errors; 3: findings; 2: bad files or usage.\n\n"
      "RANGE: empty (every revision), START:END as in `history -r`, or a target such as\n"
      "head or an id.\n\n"
      "Examples:\n"
      "  retort lint\n"
      "  retort lint --format sarif > retort.sarif\n"
      "  retort lint --url \"$DATABASE_URL\"\n"
      "  retort lint --rules");
  command->add_option("range", options->range, "Revisions to check (default: all)")
      ->check(not_empty("a range such as abc123:head"));
  command->add_flag("--upgrade-only", options->upgrade_only, "Skip the downgrade sections");
  command->add_flag("--live", options->live,
                    "Check the pending steps against the configured database");
  command->add_flag("--rules", options->list_rules, "List the rules and exit");
  on_selected(command, action, options, &retort::run_lint);
}

}  // namespace retort::cli
