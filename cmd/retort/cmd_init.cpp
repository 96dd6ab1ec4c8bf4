// `retort init [DIRECTORY]`: a new project.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_init(CLI::App& app, Action& action) {
  auto options = std::make_shared<InitOptions>();
  auto* command = add_command(
      app, "init", "Create a project: config/retort.yaml and an empty migrations directory.",
      "The config file lists every setting with its default and a comment; script_location\n"
      "points at ../migrations. Nothing is overwritten: init refuses when the config file\n"
      "exists or the migrations directory is not empty.\n\n"
      "Example: retort init && retort revision -m \"create customers\"");
  command->add_option("directory", options->directory,
                      "Project directory (default: the current directory)");
  on_selected(command, action, options, &retort::run_init);
}

}  // namespace retort::cli
