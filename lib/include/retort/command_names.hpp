// The names of retort's commands: the one list that config validation
// (lambda.allowed_commands) and the CLI agree on. tests/cli/
// command_names_cli_test.cpp fails when `retort --help` lists other commands.
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace retort {

// Every subcommand of the CLI (cmd/retort/cmd_<name>.cpp), in `retort --help` order.
inline constexpr std::array<std::string_view, 16> k_command_names = {
    "init",     "revision", "merge", "upgrade", "downgrade", "current", "history", "heads",
    "branches", "show",     "stamp", "resolve", "check",     "lint",    "lambda",  "version"};

// True when `name` is one of k_command_names.
constexpr bool is_command_name(std::string_view name) {
  return std::find(k_command_names.begin(), k_command_names.end(), name) != k_command_names.end();
}

// True for the commands a Lambda invocation may run, and so
// lambda.allowed_commands may name: every command but `lambda` itself.
constexpr bool is_invocable_command(std::string_view name) {
  return name != "lambda" && is_command_name(name);
}

}  // namespace retort
