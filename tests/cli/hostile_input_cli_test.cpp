// Hostile and broken input on the command line: each case is a one-line
// error with exit 2 that names the input, never a hang (a FIFO as the config),
// a memory blow-up (/dev/zero), a silent default (`-c ''`) or a connection.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_project.hpp"

namespace retort::testing {
namespace {

TEST(ConfigPath, NotARegularFileIsAClearError) {
  DiamondProject project;
  const auto root = project.root();
  ASSERT_EQ(::mkfifo((root / "pipe.yaml").c_str(), 0600), 0);
  std::filesystem::create_symlink(root / "loop_b.yaml", root / "loop_a.yaml");
  std::filesystem::create_symlink(root / "loop_a.yaml", root / "loop_b.yaml");
  std::filesystem::create_directory(root / "dir.yaml");
  struct Row {
    std::string path;
    std::string message_part;
  };
  const std::vector<Row> rows = {
      {"pipe.yaml", "pipe.yaml is a FIFO"},
      {"/dev/zero", "/dev/zero is a character device"},
      {"dir.yaml", "dir.yaml is a directory"},
      {"loop_a.yaml", "loop_a.yaml cannot be opened: Too many levels of symbolic links"},
      {"missing.yaml", "missing.yaml does not exist"},
      {"", "is empty; give the path of the YAML file"},
  };
  for (const auto& row : rows) {
    auto result = project.run({"-c", row.path, "heads"});
    EXPECT_EQ(result.exit_code, 2) << row.path << ": " << result.err;
    EXPECT_NE(result.err.find(row.message_part), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty()) << row.path << ": " << result.out;
  }
}

TEST(ConfigPath, AHugeConfigFileIsRefusedBySize) {
  DiamondProject project;
  project.write("big.yaml", "script_location: ../migrations\n# " + std::string(2 << 20, 'x'));
  auto result = project.run({"-c", "big.yaml", "heads"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("the limit is 1048576 bytes"), std::string::npos) << result.err;
  EXPECT_LT(result.err.size(), 1000u) << "the file is not echoed";
}

// Out-of-range timeouts are refused before connecting (the URL's port has no
// server: a connection attempt would end in a database error, exit 1).
TEST(HostileArguments, TimeoutsOutOfRangeAndEmptyValues) {
  DiamondProject project;
  const std::string url = "postgresql://u:pw@127.0.0.1:1/db";
  const std::vector<std::vector<std::string>> rows = {
      {"--lock-timeout", "1e15", "--url", url, "upgrade", "head"},
      {"--statement-timeout", "1e20", "--url", url, "upgrade", "head"},
      {"--lock-wait", "-1", "--url", url, "upgrade", "head"},
      {"--url", "", "upgrade", "head"},
  };
  for (const auto& args : rows) {
    auto result = project.run(args);
    EXPECT_EQ(result.exit_code, 2) << args.front() << ": " << result.err;
    EXPECT_NE(result.err.find(args.front()), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("connect"), std::string::npos) << result.err;
  }
  // The config file's and the environment's timeouts have the same bound.
  project.write("config/retort.yaml", "script_location: ../migrations\nlock_timeout_s: 1e15\n");
  auto from_file = project.run({"--url", url, "upgrade", "head"});
  EXPECT_EQ(from_file.exit_code, 2) << from_file.err;
  EXPECT_NE(from_file.err.find("from 0 to 2147483"), std::string::npos) << from_file.err;
}

// An empty revision argument (`upgrade "$REV"` with REV unset) is an error
// before connecting, not a silent `head`.
TEST(HostileArguments, EmptyRevisionArgumentsAreRefused) {
  DiamondProject project;
  const std::string url = "postgresql://u:pw@127.0.0.1:1/db";
  const std::vector<std::vector<std::string>> rows = {
      {"--url", url, "upgrade", ""},
      {"--url", url, "downgrade", ""},
      {"--url", url, "stamp", ""},
      {"show", ""},
  };
  for (const auto& args : rows) {
    auto result = project.run(args);
    EXPECT_EQ(result.exit_code, 2) << args[args.size() - 2] << ": " << result.err;
    EXPECT_NE(result.err.find("is empty; give a"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("connect"), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
}

}  // namespace
}  // namespace retort::testing
