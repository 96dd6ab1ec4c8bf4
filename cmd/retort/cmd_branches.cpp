// `retort branches`: the branch points and where they lead.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_branches(CLI::App& app, Action& action) {
  auto options = std::make_shared<BranchesOptions>();
  auto* command = add_command(
      app, "branches",
      "List the branch points (revisions with several children) and their children.",
      "Newest first; each branch point is followed by one `-> <child>` line per child.");
  command->add_flag("-v,--verbose", options->verbose, "Full entries and the children's docs");
  on_selected(command, action, options, &retort::run_branches);
}

}  // namespace retort::cli
