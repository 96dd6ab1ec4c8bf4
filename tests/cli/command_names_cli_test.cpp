// The library's list of command names (retort/command_names.hpp) against the
// subcommands the binary registers, as `retort --help` lists them.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "cli_project.hpp"
#include "retort/command_names.hpp"

namespace retort::testing {
namespace {

// The first word of each line of the help's "Subcommands:" block.
std::set<std::string> help_subcommands(const std::string& help) {
  std::set<std::string> names;
  bool in_block = false;
  for (const std::string& line : split_lines(help)) {
    if (line == "Subcommands:") {
      in_block = true;
    } else if (in_block && line.empty()) {
      break;
    } else if (in_block) {
      std::istringstream words(line);
      std::string name;
      if (words >> name) names.insert(name);
    }
  }
  return names;
}

TEST(CommandNames, TheCliRegistersExactlyTheLibrarysList) {
  TempDir dir;
  auto result = DiamondProject::run_in(dir.path(), {"--help"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::set<std::string> registered = help_subcommands(result.out);
  ASSERT_FALSE(registered.empty()) << "no Subcommands: block in\n" << result.out;
  const std::set<std::string> listed(k_command_names.begin(), k_command_names.end());
  for (const std::string& name : registered) {
    EXPECT_TRUE(listed.count(name))
        << "`retort " << name << "` is missing from k_command_names (retort/command_names.hpp)";
  }
  for (const std::string& name : listed) {
    EXPECT_TRUE(registered.count(name))
        << "k_command_names names `" << name << "`, which `retort --help` does not list";
  }
}

}  // namespace
}  // namespace retort::testing
