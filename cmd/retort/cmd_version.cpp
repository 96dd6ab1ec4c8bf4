// `retort version`.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {
namespace {

struct VersionOptions {};

void run_version(const CommandContext& context, const VersionOptions&, Reporter& reporter) {
  retort::run_version(context, reporter);
}

}  // namespace

void register_version(CLI::App& app, Action& action) {
  auto* command = add_command(app, "version", "Print retort's version.", "");
  on_selected(command, action, std::make_shared<VersionOptions>(), &run_version);
}

}  // namespace retort::cli
