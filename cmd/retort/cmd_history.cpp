// `retort history`: the revisions, newest first.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_history(CLI::App& app, Action& action) {
  auto options = std::make_shared<HistoryOptions>();
  auto* command = add_command(
      app, "history", "List revisions, newest first, with parents, labels and docs.",
      "Each line reads `<parents> -> <rev> (<labels>) (head) (branchpoint) (mergepoint), <doc>`.\n"
      "A range selects part of the history: START:END, START: or :END, where either end is\n"
      "a revision, a label, <label>@head, base, heads, current or -N (write a leading -N\n"
      "as --rev-range=-2:).\n\n"
      "Examples:\n"
      "  retort history\n"
      "  retort history -r billing@base:billing@head -v\n"
      "  retort history --rev-range=-3:");
  command->add_option("-r,--rev-range", options->range, "Range START:END");
  command->add_flag("-v,--verbose", options->verbose, "Full entries instead of one line each");
  command->add_flag("-i,--indicate-current", options->indicate_current,
                    "Mark the revisions in the version table (needs the database)");
  on_selected(command, action, options, &retort::run_history);
}

}  // namespace retort::cli
