// `retort version`.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_version(CLI::App& app, Action& action) {
  auto* command = add_command(app, "version", "Print retort's version.", "");
  on_selected(command, action, &retort::run_version);
}

}  // namespace retort::cli
