// YAML that would blow up a naive reader: aliases that expand exponentially
// ("billion laughs"), values nested deeper than yaml-cpp's recursion guard,
// and very long lists, in a migration header and in the config file.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "config/config_file.hpp"
#include "retort/error.hpp"
#include "retort/migration_files.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

constexpr const char* k_sections = "\n-- migrate:upgrade\nSELECT 1;\n";

// Nine levels of nine aliases each: 9^9 (387 million) scalars once expanded.
std::string laughs(const std::string& prefix, const std::string& first_key,
                   const std::string& key_stem) {
  std::string text = prefix + first_key + ": &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level <= 9; ++level) {
    std::string items;
    for (int i = 0; i < 9; ++i) items += fmt::format("{}*a{}", i == 0 ? "" : ", ", level - 1);
    text += fmt::format("{}{}{}: &a{} [{}]\n", prefix, key_stem, level, level, items);
  }
  return text;
}

Error parse_error(const std::string& text) {
  try {
    parse_migration_file(text, "m.sql");
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "parse_migration_file did not throw";
  return Error(ErrorKind::io, "none");
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(HeaderYamlLimits, ExponentialAliasesAreRefusedAtTheKey) {
  const auto start = std::chrono::steady_clock::now();
  const Error error = parse_error("-- revision: a1\n-- down_revision:\n" +
                                  laughs("-- ", "branch_labels", "x_laugh") + k_sections);
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_EQ(error.kind(), ErrorKind::migration_file);
  EXPECT_EQ(error.location()->to_string(), "m.sql:4:4");
  EXPECT_NE(error.message().find("unknown header key 'x_laugh1'"), std::string::npos)
      << error.message();
}

TEST(HeaderYamlLimits, AliasedListsInsideAKnownKeyAreRefusedAtTheItem) {
  const auto start = std::chrono::steady_clock::now();
  std::string text = "-- revision: a1\n-- down_revision:\n-- message: &m0 [l, l, l, l, l, l]\n";
  const char* keys[] = {"create_date", "branch_labels", "depends_on"};
  for (int level = 1; level <= 3; ++level) {
    std::string items;
    for (int i = 0; i < 9; ++i) items += fmt::format("{}*m{}", i == 0 ? "" : ", ", level - 1);
    text += fmt::format("-- {}: &m{} [{}]\n", keys[level - 1], level, items);
  }
  const Error error = parse_error(text + k_sections);
  EXPECT_LT(seconds_since(start), 2.0);
  // The first item of branch_labels is *m1: an alias has its anchor's position.
  EXPECT_EQ(error.location()->to_string(), "m.sql:4:17");
  EXPECT_EQ(error.message(), "header key 'branch_labels' must be a name or a list of names");
}

TEST(HeaderYamlLimits, DeeplyNestedValueIsRefusedAtItsKey) {
  for (const std::string& value : {std::string(5000, '[') + std::string(5000, ']'), [] {
                                     std::string nested;
                                     for (int i = 0; i < 3000; ++i) nested += "{a: ";
                                     return nested + "1" + std::string(3000, '}');
                                   }()}) {
    const Error error = parse_error("-- revision: a1\n-- down_revision:\n-- depends_on: " + value +
                                    "\n" + k_sections);
    EXPECT_EQ(error.kind(), ErrorKind::migration_file);
    EXPECT_EQ(error.location()->to_string(), "m.sql:3:4");
    EXPECT_EQ(error.message(), "the value of header key 'depends_on' is nested too deeply");
    EXPECT_FALSE(error.hint().empty());
  }
}

TEST(HeaderYamlLimits, LongListIsCheckedInLinearishTime) {
  std::string items;
  for (int i = 0; i < 200000; ++i) items += fmt::format("{}p{}", i == 0 ? "" : ", ", i);
  items += ", p7";
  const auto start = std::chrono::steady_clock::now();
  const Error error = parse_error("-- revision: a1\n-- down_revision:\n-- depends_on: [" + items +
                                  "]\n" + k_sections);
  EXPECT_LT(seconds_since(start), 5.0);
  EXPECT_NE(error.message().find("'depends_on' lists 'p7' twice"), std::string::npos)
      << error.message();
}

Error config_error(const std::string& text) {
  testing::TempDir dir;
  const auto path = dir.write("retort.yaml", text);
  Config config;
  try {
    config::read_config_file(path, {}, {}, config);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "read_config_file did not throw";
  return Error(ErrorKind::io, "none");
}

TEST(ConfigYamlLimits, DeeplyNestedValueIsRefusedAtItsKey) {
  const Error error = config_error("version_table: x\nurl: " + std::string(4000, '[') +
                                   std::string(4000, ']') + "\n");
  EXPECT_EQ(error.kind(), ErrorKind::config);
  EXPECT_EQ(error.message(), "invalid YAML: a value nests too deeply");
  EXPECT_EQ(error.location()->line, 2);
}

TEST(ConfigYamlLimits, ExponentialAliasesAreRefusedAtTheFirstKey) {
  const auto start = std::chrono::steady_clock::now();
  const Error error = config_error("lambda:\n  allowed_commands: [upgrade]\n" +
                                   laughs("", "x_laugh0", "x_laugh") + "url: *a9\n");
  EXPECT_LT(seconds_since(start), 2.0);
  EXPECT_EQ(error.kind(), ErrorKind::config);
  EXPECT_NE(error.message().find("unknown key 'x_laugh0'"), std::string::npos) << error.message();
}

TEST(ConfigYamlLimits, AliasedListAsASettingIsRefused) {
  const Error error = config_error("script_location: &a [m, m]\nurl: *a\n");
  EXPECT_EQ(error.kind(), ErrorKind::config);
  EXPECT_NE(error.message().find("`script_location` must be a single value, not a list"),
            std::string::npos)
      << error.message();
}

}  // namespace
}  // namespace retort
