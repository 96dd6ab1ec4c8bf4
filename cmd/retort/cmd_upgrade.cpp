// `retort upgrade [TARGET]`: apply migrations up to TARGET.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_upgrade(CLI::App& app, Action& action) {
  auto options = std::make_shared<UpgradeOptions>();
  auto* command = add_command(
      app, "upgrade", "Apply migrations up to TARGET (default: head).",
      "TARGET: head (fails with several heads), heads (every branch), <label>@head, a revision\n"
      "id or unique prefix, +N (N steps from the database's revision), <rev>+N, <label>@+N.\n"
      "By default the whole run is one transaction; a section marked transaction:false runs\n"
      "on its own. With --sql, TARGET may be START:END and nothing is executed.\n\n"
      "Examples:\n"
      "  retort upgrade\n"
      "  retort upgrade billing@head\n"
      "  retort upgrade head --sql > migrate.sql");
  command->add_option("target", options->target, "Target revision (default: head)")
      ->check(not_empty("a target revision, e.g. head"));
  command->add_flag("--sql", options->sql, "Print the SQL script instead of running it");
  on_selected(command, action, options, &retort::run_upgrade);
}

}  // namespace retort::cli
