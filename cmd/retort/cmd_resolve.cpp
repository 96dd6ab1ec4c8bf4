// `retort resolve REV --applied|--not-applied`: settle a transaction:false
// section that a run left part-way through, after repairing it by hand.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_resolve(CLI::App& app, Action& action) {
  auto options = std::make_shared<ResolveOptions>();
  auto* command = add_command(
      app, "resolve", "Settle a transaction:false section that a run left part-way through.",
      "A transaction:false section commits statement by statement; a run that stops inside\n"
      "one leaves it recorded as partially applied (`retort check` says so, exit 3). Running\n"
      "the command again resumes it. When you repaired the database by hand instead, say\n"
      "what you left: --applied (every change of the section is in place: the version table\n"
      "records the step) or --not-applied (none is: the step stays to run). Either way the\n"
      "history table keeps a row saying so. Nothing else is changed.\n\n"
      "Examples:\n"
      "  retort check\n"
      "  retort resolve 3f2a9c1b7d4e --not-applied");
  command->add_option("revision", options->revision, "The revision part-way through")
      ->required()
      ->check(not_empty("the revision that `retort check` shows as partially applied"));
  auto* applied = command->add_flag("--applied", options->applied,
                                    "Every change of the section is in place: record the step");
  auto* not_applied = command->add_flag("--not-applied", options->not_applied,
                                        "None of its changes is in place: the step stays to run");
  applied->excludes(not_applied);
  on_selected(command, action, options, &retort::run_resolve);
}

}  // namespace retort::cli
