// `retort show REV...`: full entries of revisions.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_show(CLI::App& app, Action& action) {
  auto options = std::make_shared<ShowOptions>();
  auto* command = add_command(
      app, "show", "Show revisions in full: parents, dependencies, labels, file and message.",
      "Each REV is a full id or a unique prefix (4+ characters), a label, <label>@head,\n"
      "head, heads, -N, <label>@-N, or current (needs the database).\n\n"
      "Examples:\n"
      "  retort show head\n"
      "  retort show billing@head 3f2a");
  command->add_option("revisions", options->revisions, "Revisions to show")
      ->required()
      ->check(not_empty("a revision to show, e.g. head"));
  on_selected(command, action, options, &retort::run_show);
}

}  // namespace retort::cli
