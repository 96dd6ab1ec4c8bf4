// `retort check`. SEAM: retort::run_check refuses until the PostgreSQL
// executor is wired in (lib/src/commands/database_commands.cpp).
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {
namespace {

void run_check(const CommandContext& context, const CheckOptions& options, Reporter& reporter) {
  retort::run_check(context, options, reporter);
}

}  // namespace

void register_check(CLI::App& app, Action& action) {
  auto options = std::make_shared<CheckOptions>();
  auto* command = add_command(
      app, "check", "Exit 0 when the database is at head; 3 when it is behind, ahead or drifted.",
      "Behind: revisions are pending (listed in upgrade order). Ahead: the version table\n"
      "names revisions no file defines. Drifted: an applied file changed since (checksums\n"
      "in the history table). Nothing is changed. For CI and deploy gates.");
  on_selected(command, action, options, &run_check);
}

}  // namespace retort::cli
