// `retort check`: whether the database is at head, behind, ahead or drifted.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_check(CLI::App& app, Action& action) {
  auto options = std::make_shared<CheckOptions>();
  auto* command = add_command(
      app, "check", "Exit 0 when the database is at head; 3 when it is behind, ahead or drifted.",
      "Behind: revisions are pending (listed in upgrade order). Ahead: the version table\n"
      "names revisions no file defines. Drifted: an applied file changed since (checksums\n"
      "in the history table). Nothing is changed. For CI and deploy gates.");
  on_selected(command, action, options, &retort::run_check);
}

}  // namespace retort::cli
