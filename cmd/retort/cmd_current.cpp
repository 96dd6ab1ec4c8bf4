// `retort current`. SEAM: retort::run_current refuses until the PostgreSQL
// executor is wired in (lib/src/commands/database_commands.cpp).
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {
namespace {

void run_current(const CommandContext& context, const CurrentOptions& options, Reporter& reporter) {
  retort::run_current(context, options, reporter);
}

}  // namespace

void register_current(CLI::App& app, Action& action) {
  auto options = std::make_shared<CurrentOptions>();
  auto* command = add_command(
      app, "current", "Show the database's current revision(s).",
      "One line per applied branch head, as read from the version table (never created\n"
      "here). Revisions the files do not define (the database is ahead of this build) are\n"
      "reported as such.");
  command->add_flag("-v,--verbose", options->verbose, "Full entries and the (masked) URL");
  on_selected(command, action, options, &run_current);
}

}  // namespace retort::cli
