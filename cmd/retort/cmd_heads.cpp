// `retort heads`: the revisions nothing revises yet.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_heads(CLI::App& app, Action& action) {
  auto options = std::make_shared<HeadsOptions>();
  auto* command = add_command(
      app, "heads", "List the head revisions (those no revision revises), in file order.",
      "A head that only other revisions depend on (depends_on) is shown as (effective head);\n"
      "--resolve-dependencies lists only the real heads, which is what `upgrade heads`\n"
      "targets. More than one head means `upgrade head` is ambiguous: merge them with\n"
      "`retort merge heads`, or name one with <label>@head.");
  command->add_flag("-v,--verbose", options->verbose, "Full entries");
  command->add_flag("--resolve-dependencies", options->resolve_dependencies,
                    "Only real heads (no dependency children either)");
  on_selected(command, action, options, &retort::run_heads);
}

}  // namespace retort::cli
