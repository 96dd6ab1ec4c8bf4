// `retort merge`: a revision that joins heads.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_merge(CLI::App& app, Action& action) {
  auto options = std::make_shared<MergeOptions>();
  auto* command = add_command(
      app, "merge", "Create a merge revision whose parents are the given heads.",
      "`retort merge heads` merges every head (in file order, which is also the order their\n"
      "parents are listed and later upgraded). The merge file has empty sections; most\n"
      "merges need no SQL.\n\n"
      "Examples:\n"
      "  retort merge heads -m \"merge billing\"\n"
      "  retort merge 3f2a9c1b7d4e billing@head -m \"join billing\"");
  command->add_option("revisions", options->revisions, "Heads to merge, or `heads`")->required();
  command->add_option("-m,--message", options->message, "Message");
  command
      ->add_option("--branch-label", options->branch_labels,
                   "Declare a branch label on the merge revision (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--rev-id", options->rev_id, "Revision id (default: random)");
  on_selected(command, action, options, &retort::run_merge);
}

}  // namespace retort::cli
