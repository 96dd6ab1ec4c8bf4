// The `lambda` section of the config file, in particular
// `lambda.cloudformation: direct|provider` (LambdaConfig::cloudformation_direct).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "retort/config.hpp"
#include "retort/error.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

using testing::TempDir;

Config load_from(const TempDir& dir, const Environment& env = {}) {
  return load_config({}, env, dir.path());
}

Error load_error(const TempDir& dir) {
  try {
    load_from(dir);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "load_config did not throw";
  return Error(ErrorKind::io, "no error");
}

TEST(LambdaConfigFile, CloudFormationMode) {
  struct Row {
    const char* name;
    const char* yaml;
    Environment env;
    bool expected_direct;
  };
  const std::vector<Row> rows = {
      {"no file section", "url: postgresql://h/shop\n", {}, false},
      {"empty lambda section", "lambda:\n", {}, false},
      {"lambda without the key", "lambda:\n  default_command: [current]\n", {}, false},
      {"null value", "lambda:\n  cloudformation:\n", {}, false},
      {"direct", "lambda:\n  cloudformation: direct\n", {}, true},
      {"direct, flow style", "lambda: {cloudformation: direct}\n", {}, true},
      {"direct, quoted", "lambda:\n  cloudformation: \"direct\"\n", {}, true},
      {"provider", "lambda:\n  cloudformation: provider\n", {}, false},
      {"provider, flow style", "lambda: {cloudformation: provider}\n", {}, false},
      {"from the environment",
       "lambda:\n  cloudformation: ${CFN_MODE}\n",
       {{"CFN_MODE", "direct"}},
       true},
      {"environment default", "lambda:\n  cloudformation: ${CFN_MODE:-direct}\n", {}, true},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    TempDir dir;
    dir.write("config/retort.yaml", row.yaml);
    const Config config = load_from(dir, row.env);
    EXPECT_EQ(config.lambda.cloudformation_direct, row.expected_direct);
  }
}

TEST(LambdaConfigFile, DefaultWithoutAnyFile) {
  TempDir dir;
  EXPECT_FALSE(load_from(dir).lambda.cloudformation_direct);
  EXPECT_FALSE(LambdaConfig{}.cloudformation_direct);
}

TEST(LambdaConfigFile, OtherLambdaKeysAreKept) {
  TempDir dir;
  dir.write("retort.yaml",
            "lambda:\n"
            "  allowed_commands: [upgrade, current]\n"
            "  cloudformation: direct\n"
            "  default_command: current\n");
  const Config config = load_from(dir);
  EXPECT_TRUE(config.lambda.cloudformation_direct);
  EXPECT_EQ(config.lambda.default_command, (std::vector<std::string>{"current"}));
  EXPECT_EQ(config.lambda.allowed_commands, (std::vector<std::string>{"upgrade", "current"}));
}

TEST(LambdaConfigFile, ErrorsCarryFileLineAndColumn) {
  struct Row {
    const char* name;
    const char* yaml;
    int line, column;
    std::vector<const char*> message_parts;
    std::vector<const char*> hint_parts;
  };
  const std::vector<Row> rows = {
      {"unknown mode",
       "lambda:\n  cloudformation: sideways\n",
       2,
       19,
       {"lambda.cloudformation", "sideways"},
       {"provider", "direct"}},
      {"unknown mode, flow style",
       "url: x=y\nlambda: {cloudformation: sidewayz}\n",
       2,
       26,
       {"sidewayz"},
       {"provider", "direct"}},
      {"list instead of a value",
       "lambda:\n  cloudformation: [direct]\n",
       2,
       19,
       {"lambda.cloudformation", "single value"},
       {}},
      {"mapping instead of a value",
       "lambda:\n  cloudformation:\n    mode: direct\n",
       3,
       5,
       {"lambda.cloudformation"},
       {}},
      {"unknown lambda key",
       "lambda:\n  foo: 1\n",
       2,
       3,
       {"lambda.foo", "cloudformation", "default_command", "allowed_commands"},
       {}},
      {"misspelt key",
       "lambda:\n  cloudformation: direct\n  cloud_formation: direct\n",
       3,
       3,
       {"lambda.cloud_formation", "cloudformation"},
       {}},
      {"duplicate key",
       "lambda:\n  cloudformation: direct\n  cloudformation: provider\n",
       3,
       3,
       {"duplicate", "lambda.cloudformation"},
       {}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    TempDir dir;
    const auto path = dir.write("config/retort.yaml", row.yaml);
    const Error error = load_error(dir);
    EXPECT_EQ(error.kind(), ErrorKind::config);
    ASSERT_TRUE(error.location().has_value());
    EXPECT_EQ(*error.location(), (SourceLocation{path.string(), row.line, row.column}));
    for (const char* part : row.message_parts)
      EXPECT_NE(error.message().find(part), std::string::npos)
          << "'" << part << "' not in: " << error.message();
    for (const char* part : row.hint_parts)
      EXPECT_NE(error.hint().find(part), std::string::npos)
          << "'" << part << "' not in: " << error.hint();
    // what() leads with file:line:col.
    EXPECT_EQ(std::string(error.what()).rfind(error.location()->to_string(), 0), 0u)
        << error.what();
  }
}

}  // namespace
}  // namespace retort
