// The subcommands of the retort CLI, one file each (cmd_<name>.cpp). Each
// register_<name>() adds its subcommand with an options struct; when the
// user selects it, its callback stores in the Action a call of the library's
// retort::run_<name>() (retort/commands.hpp). app.cpp runs the Action once
// every flag (global ones after the subcommand included) is parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "retort/command_context.hpp"
#include "retort/reporter.hpp"

namespace retort::cli {

using Action = std::function<void(const CommandContext&, Reporter&)>;

// Adds a subcommand whose --help shows `description`, then `details` and the
// global flags.
CLI::App* add_command(CLI::App& app, const std::string& name, const std::string& description,
                      const std::string& details);

// A CLI11 check refusing an empty value (`-c ''`, `upgrade ''`, `--url=$UNSET`)
// with "is empty; give <what>" instead of a silent fall-back to a default.
CLI::Validator not_empty(std::string what);

// When `command` is selected, `action` becomes run(context, *options, reporter).
template <typename Options>
void on_selected(CLI::App* command, Action& action, std::shared_ptr<Options> options,
                 void (*run)(const CommandContext&, const Options&, Reporter&)) {
  command->callback([&action, options, run] {
    action = [options, run](const CommandContext& context, Reporter& reporter) {
      run(context, *options, reporter);
    };
  });
}

// The same for a command without options: `action` becomes run(context, reporter).
inline void on_selected(CLI::App* command, Action& action,
                        void (*run)(const CommandContext&, Reporter&)) {
  command->callback([&action, run] {
    action = [run](const CommandContext& context, Reporter& reporter) { run(context, reporter); };
  });
}

void register_init(CLI::App& app, Action& action);
void register_revision(CLI::App& app, Action& action);
void register_merge(CLI::App& app, Action& action);
void register_upgrade(CLI::App& app, Action& action);
void register_downgrade(CLI::App& app, Action& action);
void register_current(CLI::App& app, Action& action);
void register_history(CLI::App& app, Action& action);
void register_heads(CLI::App& app, Action& action);
void register_branches(CLI::App& app, Action& action);
void register_show(CLI::App& app, Action& action);
void register_stamp(CLI::App& app, Action& action);
void register_resolve(CLI::App& app, Action& action);
void register_check(CLI::App& app, Action& action);
void register_lint(CLI::App& app, Action& action);
void register_lambda(CLI::App& app, Action& action);
void register_version(CLI::App& app, Action& action);

}  // namespace retort::cli
