// `retort downgrade TARGET`. SEAM: retort::run_downgrade refuses until the
// PostgreSQL executor is wired in (lib/src/commands/database_commands.cpp).
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {
namespace {

void run_downgrade(const CommandContext& context, const DowngradeOptions& options,
                   Reporter& reporter) {
  retort::run_downgrade(context, options, reporter);
}

}  // namespace

void register_downgrade(CLI::App& app, Action& action) {
  auto options = std::make_shared<DowngradeOptions>();
  auto* command = add_command(
      app, "downgrade", "Revert migrations down to TARGET (which stays applied).",
      "TARGET: -N (N steps down), a revision id or prefix, <label>@-N, <label>@base, base\n"
      "(revert everything). A revision without a downgrade section cannot be reverted and\n"
      "the run is refused before anything changes. --sql needs START:END.\n\n"
      "Examples:\n"
      "  retort downgrade -1\n"
      "  retort downgrade billing@base\n"
      "  retort downgrade head:base --sql");
  command->add_option("target", options->target, "Target revision")->required();
  command->add_flag("--sql", options->sql, "Print the SQL script instead of running it");
  on_selected(command, action, options, &run_downgrade);
}

}  // namespace retort::cli
