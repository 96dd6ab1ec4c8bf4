// `retort downgrade TARGET`: revert migrations down to TARGET.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_downgrade(CLI::App& app, Action& action) {
  auto options = std::make_shared<DowngradeOptions>();
  auto* command = add_command(
      app, "downgrade", "Revert migrations down to TARGET (which stays applied).",
      "TARGET: -N (N steps down), a revision id or prefix, <label>@-N, <label>@base, base\n"
      "(revert everything). A revision without a downgrade section cannot be reverted and\n"
      "the run is refused before anything changes. --sql needs START:END.\n\n"
      "Examples:\n"
      "  retort downgrade -1\n"
      "  retort downgrade billing@base\n"
      "  retort downgrade head:base --sql");
  command->add_option("target", options->target, "Target revision")
      ->required()
      ->check(not_empty("a target revision, e.g. -1 or base"));
  command->add_flag("--sql", options->sql, "Print the SQL script instead of running it");
  on_selected(command, action, options, &retort::run_downgrade);
}

}  // namespace retort::cli
