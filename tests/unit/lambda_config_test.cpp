// The `lambda` section of the config file, in particular
// `lambda.cloudformation: direct|provider` (LambdaConfig::cloudformation_direct)
// and the resumable mode's keys (LambdaConfig::resumable, resumable_settings).
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

TEST(LambdaConfigFile, ResumableModeAndItsSettings) {
  struct Row {
    const char* name;
    const char* yaml;
    Environment env;
    bool resumable;
    double margin_s, estimate_s;
  };
  const std::vector<Row> rows = {
      {"no lambda section", "url: postgresql://h/shop\n", {}, false, 2, 1},
      {"on", "lambda:\n  resumable: true\n", {}, true, 2, 1},
      {"off", "lambda:\n  resumable: off\n", {}, false, 2, 1},
      {"null value", "lambda:\n  resumable:\n", {}, false, 2, 1},
      {"from the environment",
       "lambda:\n  resumable: ${RESUMABLE:-false}\n",
       {{"RESUMABLE", "yes"}},
       true,
       2,
       1},
      {"environment default", "lambda:\n  resumable: ${RESUMABLE:-false}\n", {}, false, 2, 1},
      {"settings",
       "lambda:\n  resumable: true\n  step_margin_s: 10\n  step_estimate_s: 2.5\n",
       {},
       true,
       10,
       2.5},
      {"flow style", "lambda: {resumable: true, step_margin_s: 0}\n", {}, true, 0, 1},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    TempDir dir;
    dir.write("config/retort.yaml", row.yaml);
    const Config config = load_from(dir, row.env);
    EXPECT_EQ(config.lambda.resumable, row.resumable);
    EXPECT_EQ(config.lambda.resumable_settings.step_margin_s, row.margin_s);
    EXPECT_EQ(config.lambda.resumable_settings.step_estimate_s, row.estimate_s);
  }
  EXPECT_FALSE(LambdaConfig{}.resumable) << "off unless the config turns it on (docs/lambda.md)";
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
      {"resumable not a boolean",
       "lambda:\n  resumable: maybe\n",
       2,
       14,
       {"lambda.resumable", "true or false", "maybe"},
       {}},
      {"negative margin",
       "lambda:\n  step_margin_s: -1\n",
       2,
       18,
       {"lambda.step_margin_s", "seconds", "-1"},
       {}},
      {"estimate not a number",
       "lambda:\n  step_estimate_s: soon\n",
       2,
       20,
       {"lambda.step_estimate_s", "soon"},
       {}},
      {"unknown key lists the new ones",
       "lambda:\n  resumeable: true\n",
       2,
       3,
       {"lambda.resumeable", "resumable", "step_margin_s", "step_estimate_s"},
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
