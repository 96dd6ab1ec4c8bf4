// `retort current`: the database's current revision(s).
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_current(CLI::App& app, Action& action) {
  auto options = std::make_shared<CurrentOptions>();
  auto* command = add_command(
      app, "current", "Show the database's current revision(s).",
      "One line per applied branch head, as read from the version table (never created\n"
      "here). Revisions the files do not define (the database is ahead of this build) are\n"
      "reported as such.");
  command->add_flag("-v,--verbose", options->verbose, "Full entries and the (masked) URL");
  on_selected(command, action, options, &retort::run_current);
}

}  // namespace retort::cli
