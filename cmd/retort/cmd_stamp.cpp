// `retort stamp TARGET...`: set the version table without running migrations.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_stamp(CLI::App& app, Action& action) {
  auto options = std::make_shared<StampOptions>();
  auto* command = add_command(
      app, "stamp", "Set the version table to TARGET(s) without running any migration.",
      "For a database whose schema is already at a revision (created by hand, restored from\n"
      "a dump). Unrelated branches keep their rows; --purge empties the table first.\n\n"
      "Examples:\n"
      "  retort stamp head\n"
      "  retort stamp --purge 3f2a9c1b7d4e");
  command->add_option("targets", options->targets, "Revisions to record")
      ->required()
      ->check(not_empty("a revision to record, e.g. head"));
  command->add_flag("--purge", options->purge, "Delete every row before stamping");
  command->add_flag("--sql", options->sql, "Print the SQL instead of running it");
  on_selected(command, action, options, &retort::run_stamp);
}

}  // namespace retort::cli
