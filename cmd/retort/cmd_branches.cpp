// `retort branches`: the branch points and where they lead.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {
namespace {

void run_branches(const CommandContext& context, const BranchesOptions& options,
                  Reporter& reporter) {
  retort::run_branches(context, options, reporter);
}

}  // namespace

void register_branches(CLI::App& app, Action& action) {
  auto options = std::make_shared<BranchesOptions>();
  auto* command = add_command(
      app, "branches",
      "List the branch points (revisions with several children) and their children.",
      "Newest first; each branch point is followed by one `-> <child>` line per child.");
  command->add_flag("-v,--verbose", options->verbose, "Full entries and the children's docs");
  on_selected(command, action, options, &run_branches);
}

}  // namespace retort::cli
