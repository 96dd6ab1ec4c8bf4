#include <gtest/gtest.h>

#include <functional>

#include "config/interpolate.hpp"
#include "retort/config.hpp"
#include "retort/error.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

using testing::TempDir;

// Loads with the files of `files` written into a fresh directory.
struct Project {
  TempDir dir;
  Config load(const ConfigOverrides& overrides = {}, const Environment& env = {}) const {
    return load_config(overrides, env, dir.path());
  }
};

ConfigOverrides with_config(const char* path) {
  ConfigOverrides overrides;
  overrides.config_file = path;
  return overrides;
}

ConfigOverrides with_url(const char* url) {
  ConfigOverrides overrides;
  overrides.url = url;
  return overrides;
}

Error load_error(const Project& project, const ConfigOverrides& overrides = {},
                 const Environment& env = {}) {
  try {
    project.load(overrides, env);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "load_config did not throw";
  return Error(ErrorKind::io, "no error");
}

TEST(ConfigLoad, NoFileGivesDefaultsRelativeToWorkingDir) {
  Project project;
  Config config = project.load();
  EXPECT_TRUE(config.config_file.empty());
  EXPECT_EQ(config.script_location, project.dir.path() / "migrations");
  EXPECT_EQ(config.url, "");
  EXPECT_EQ(config.version_table, "alembic_version");
  EXPECT_EQ(config.version_table_schema, "public");
  EXPECT_EQ(config.history_table, "retort_history");
  EXPECT_FALSE(config.transaction_per_migration);
  EXPECT_EQ(config.lock_wait_s, 300);
  EXPECT_EQ(config.file_template, "{rev}_{slug}");
  EXPECT_EQ(config.lambda.default_command, (std::vector<std::string>{"upgrade", "head"}));
}

TEST(ConfigLoad, DiscoveryOrder) {
  struct Row {
    const char* name;
    std::vector<const char*> files;  // each gets `version_table: <its path with _ for />`
    ConfigOverrides overrides;
    Environment env;
    const char* expected;  // relative path of the file chosen
  };
  const std::vector<Row> rows = {
      {"config dir", {"config/retort.yaml"}, {}, {}, "config/retort.yaml"},
      {"top level wins over config dir",
       {"retort.yaml", "config/retort.yaml"},
       {},
       {},
       "retort.yaml"},
      {"RETORT_CONFIG wins",
       {"retort.yaml", "other.yaml"},
       {},
       {{"RETORT_CONFIG", "other.yaml"}},
       "other.yaml"},
      {"--config wins over RETORT_CONFIG",
       {"a.yaml", "b.yaml"},
       with_config("a.yaml"),
       {{"RETORT_CONFIG", "b.yaml"}},
       "a.yaml"},
      {"empty RETORT_CONFIG is unset", {"retort.yaml"}, {}, {{"RETORT_CONFIG", ""}}, "retort.yaml"},
  };
  for (const auto& row : rows) {
    Project project;
    for (const char* file : row.files) project.dir.write(file, "version_table: t\n");
    Config config = project.load(row.overrides, row.env);
    EXPECT_EQ(config.config_file, project.dir.path() / row.expected) << row.name;
  }
}

TEST(ConfigLoad, MissingExplicitFileIsAnError) {
  Project project;
  Error by_flag = load_error(project, with_config("nope.yaml"));
  EXPECT_EQ(by_flag.kind(), ErrorKind::config);
  EXPECT_NE(by_flag.message().find("nope.yaml does not exist"), std::string::npos);
  EXPECT_NE(by_flag.hint().find("--config"), std::string::npos);
  Error by_env = load_error(project, {}, {{"RETORT_CONFIG", "gone.yaml"}});
  EXPECT_NE(by_env.hint().find("RETORT_CONFIG"), std::string::npos);
}

TEST(ConfigLoad, ReadsEveryKey) {
  Project project;
  project.dir.write("config/retort.yaml", R"(# all keys
script_location: ../db/migrations
url: postgresql+psycopg2://app:secret@db:5432/shop
version_table: versions
version_table_schema: tenant_1
history_table: audit
transaction_per_migration: true
lock_wait_s: 12.5
lock_timeout_s: 3
lock_retries: 6
statement_timeout_s: 60
file_template: "{year}{month}{day}_{rev}_{slug}"
truncate_slug_length: 20
lambda:
  default_command: [upgrade, heads]
  allowed_commands: [upgrade, current]
)");
  Config config = project.load();
  EXPECT_EQ(config.script_location, project.dir.path() / "db/migrations");
  EXPECT_EQ(config.url, "postgresql://app:secret@db:5432/shop");
  EXPECT_EQ(config.version_table, "versions");
  EXPECT_EQ(config.version_table_schema, "tenant_1");
  EXPECT_EQ(config.history_table, "audit");
  EXPECT_TRUE(config.transaction_per_migration);
  EXPECT_EQ(config.lock_wait_s, 12.5);
  EXPECT_EQ(config.lock_timeout_s, 3);
  EXPECT_EQ(config.lock_retries, 6u);
  EXPECT_EQ(config.statement_timeout_s, 60);
  EXPECT_EQ(config.file_template, "{year}{month}{day}_{rev}_{slug}");
  EXPECT_EQ(config.truncate_slug_length, 20u);
  EXPECT_EQ(config.lambda.default_command, (std::vector<std::string>{"upgrade", "heads"}));
  EXPECT_EQ(config.lambda.allowed_commands, (std::vector<std::string>{"upgrade", "current"}));
}

TEST(ConfigLoad, ValueRows) {
  struct Row {
    const char* name;
    const char* yaml;
    Environment env;
    std::function<void(const Config&)> check;
  };
  const std::vector<Row> rows = {
      {"history_table false disables",
       "history_table: false\n",
       {},
       [](const Config& c) { EXPECT_EQ(c.history_table, ""); }},
      {"null value keeps the default",
       "url:\nlock_wait_s:\n",
       {},
       [](const Config& c) { EXPECT_EQ(c.lock_wait_s, 300); }},
      {"empty file is all defaults",
       "",
       {},
       [](const Config& c) { EXPECT_EQ(c.version_table, "alembic_version"); }},
      {"absolute script_location kept",
       "script_location: /srv/migrations\n",
       {},
       [](const Config& c) { EXPECT_EQ(c.script_location, "/srv/migrations"); }},
      {"interpolated variable",
       "url: ${DB}\n",
       {{"DB", "postgres://h/db"}},
       [](const Config& c) { EXPECT_EQ(c.url, "postgresql://h/db"); }},
      {"default used when unset",
       "version_table: ${T:-v_default}\n",
       {},
       [](const Config& c) { EXPECT_EQ(c.version_table, "v_default"); }},
      {"default used when empty",
       "version_table: ${T:-v_default}\n",
       {{"T", ""}},
       [](const Config& c) { EXPECT_EQ(c.version_table, "v_default"); }},
      {"numbers interpolate too",
       "lock_wait_s: ${WAIT:-7}\n",
       {},
       [](const Config& c) { EXPECT_EQ(c.lock_wait_s, 7); }},
      {"lambda as words",
       "lambda:\n  default_command: upgrade heads\n",
       {},
       [](const Config& c) {
         EXPECT_EQ(c.lambda.default_command, (std::vector<std::string>{"upgrade", "heads"}));
       }},
      {"truncate 0 means 40",
       "truncate_slug_length: 0\n",
       {},
       [](const Config& c) { EXPECT_EQ(c.truncate_slug_length, 40u); }},
      {"boolean spellings",
       "transaction_per_migration: yes\n",
       {},
       [](const Config& c) { EXPECT_TRUE(c.transaction_per_migration); }},
      {"libpq keyword string",
       "url: host=db dbname=shop\n",
       {},
       [](const Config& c) { EXPECT_EQ(c.url, "host=db dbname=shop"); }},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    Project project;
    project.dir.write("retort.yaml", row.yaml);
    row.check(project.load({}, row.env));
  }
}

TEST(ConfigLoad, ErrorsCarryFileLineAndColumn) {
  struct Row {
    const char* name;
    const char* yaml;
    int line, column;
    const char* message_part;
    const char* hint_part;
  };
  const std::vector<Row> rows = {
      {"malformed YAML", "url: postgresql://h/db\nscript_location: [a\n", 3, 1, "invalid YAML", ""},
      {"unknown key names the known ones", "\nscript_locaton: x\n", 2, 1,
       "unknown key 'script_locaton'; known keys: script_location, url,",
       "did you mean 'script_location'?"},
      {"wrong type", "lock_wait_s: soon\n", 1, 14, "`lock_wait_s` must be a number of seconds", ""},
      {"negative seconds", "lock_timeout_s: -1\n", 1, 17,
       "must be a number of seconds from 0 to 2147483", ""},
      {"negative retries", "lock_retries: -1\n", 1, 15,
       "`lock_retries` must be a whole number of retries from 0 to 100, got '-1'", ""},
      {"retries past the bound", "lock_retries: 101\n", 1, 15, "from 0 to 100, got '101'", ""},
      {"fractional retries", "lock_retries: 2.5\n", 1, 15, "a whole number of retries", ""},
      {"seconds past PostgreSQL's range", "statement_timeout_s: 1e20\n", 1, 22,
       "must be a number of seconds from 0 to 2147483, got '1e20'", ""},
      {"list where a value is expected", "url:\n  - a\n", 2, 3, "`url` must be a single value", ""},
      {"unset variable without default", "version_table: v\nurl: x${NOPE}\n", 2, 7,
       "environment variable NOPE is not set", "${NOPE:-value}"},
      {"unset variable, quoted", "url: \"${NOPE}\"\n", 1, 7, "NOPE is not set", ""},
      {"duplicate key", "url: a=b\nurl: c=d\n", 2, 1, "duplicate key 'url'", ""},
      {"top level list", "- url\n", 1, 1, "must be a mapping", ""},
      {"bad boolean", "transaction_per_migration: maybe\n", 1, 28, "must be true or false", ""},
      {"empty history_table", "history_table: \"\"\n", 1, 16, "must be a PostgreSQL identifier",
       ""},
      {"unknown lambda key", "lambda:\n  allowed: [upgrade]\n", 2, 3,
       "unknown key 'lambda.allowed'", ""},
      {"unknown lambda command", "lambda:\n  allowed_commands: [upgrade, upgrad]\n", 2, 31,
       "unknown command 'upgrad'", ""},
      {"unsupported URL scheme", "url: mysql://u:pw@h/db\n", 1, 6,
       "`url`: unsupported database URL scheme 'mysql' in 'mysql://u:***@h/db'", "PostgreSQL"},
      {"bad variable syntax", "url: ${A B}\n", 1, 6, "invalid variable reference '${A B}'", ""},
      // Columns count characters: "é" is one column, two bytes.
      {"column after non-ASCII", "lambda: {default_command: [\xc3\xa9], cloudformation: x}\n", 1,
       48, "`lambda.cloudformation` is 'x'", ""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    Project project;
    const auto path = project.dir.write("config/retort.yaml", row.yaml);
    Error error = load_error(project);
    EXPECT_EQ(error.kind(), ErrorKind::config);
    ASSERT_TRUE(error.location().has_value());
    EXPECT_EQ(*error.location(), (SourceLocation{path.string(), row.line, row.column}));
    EXPECT_NE(error.message().find(row.message_part), std::string::npos) << error.message();
    EXPECT_NE(error.hint().find(row.hint_part), std::string::npos) << error.hint();
    EXPECT_EQ(std::string(error.what()).find("pw@"), std::string::npos) << "password leaked";
  }
}

TEST(ConfigLoad, EchoedValuesAreCutToASaneLength) {
  struct Row {
    const char* name;
    std::string yaml;
    Environment env;
    ConfigOverrides overrides;
  };
  const std::string huge(100000, 'x');
  ConfigOverrides long_url;
  long_url.url = "not-a-url-" + huge;
  const std::vector<Row> rows = {
      {"seconds", "lock_wait_s: " + huge + "\n", {}, {}},
      {"unknown key", "? " + huge + "\n: 1\n", {}, {}},
      {"unset variable", "url: ${" + huge + "}\n", {}, {}},
      {"environment", "", {{"RETORT_LOCK_WAIT_S", huge}}, {}},
      {"URL from the environment", "", {{"DATABASE_URL", "mysql://u:pw-9f3k2q@" + huge}}, {}},
      {"URL flag", "", {}, long_url},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    Project project;
    if (!row.yaml.empty()) project.dir.write("retort.yaml", row.yaml);
    Error error = load_error(project, row.overrides, row.env);
    EXPECT_LT(std::string(error.what()).size() + error.hint().size(), 1000u)
        << std::string(error.what()).substr(0, 1000);
    EXPECT_NE(error.message().find("bytes)"), std::string::npos) << error.message().substr(0, 400);
    EXPECT_EQ(std::string(error.what()).find("pw-9f3k2q"), std::string::npos) << "password leaked";
  }
}

TEST(ConfigLoad, ARefusedOversizedFileSaysItsSizeAndTheLimit) {
  Project project;
  const std::string text = "url: x=y\n# " + std::string(2 * 1024 * 1024, 'x') + "\n";
  project.dir.write("retort.yaml", text);
  Error error = load_error(project);
  EXPECT_EQ(error.kind(), ErrorKind::config);
  EXPECT_NE(error.message().find(std::to_string(text.size()) + " bytes"), std::string::npos)
      << error.message();
  EXPECT_NE(error.message().find("1048576"), std::string::npos) << error.message();
}

TEST(ConfigLoad, PrecedenceFlagsOverEnvironmentOverFile) {
  struct Row {
    const char* name;
    Environment env;
    ConfigOverrides overrides;
    const char* expected_url;
  };
  const char* yaml = "url: postgresql://file/db\n";
  const std::vector<Row> rows = {
      {"file", {}, {}, "postgresql://file/db"},
      {"DB_URL", {{"DB_URL", "postgresql://db_url/db"}}, {}, "postgresql://db_url/db"},
      {"DATABASE_URL beats DB_URL",
       {{"DB_URL", "postgresql://db_url/db"}, {"DATABASE_URL", "postgresql://database_url/db"}},
       {},
       "postgresql://database_url/db"},
      {"RETORT_URL beats DATABASE_URL",
       {{"RETORT_URL", "postgres://retort/db"}, {"DATABASE_URL", "postgresql://database_url/db"}},
       {},
       "postgresql://retort/db"},
      {"empty variable is unset", {{"DATABASE_URL", ""}}, {}, "postgresql://file/db"},
      {"--url beats everything",
       {{"RETORT_URL", "postgresql://retort/db"}},
       with_url("postgresql+asyncpg://flag/db"),
       "postgresql://flag/db"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    Project project;
    project.dir.write("retort.yaml", yaml);
    EXPECT_EQ(project.load(row.overrides, row.env).url, row.expected_url);
  }
}

TEST(ConfigLoad, LockStrategyFromFileEnvironmentAndFlag) {
  Project project;
  project.dir.write("retort.yaml", "lock_strategy: table\nlock_lease_s: 12\n");
  Config from_file = project.load();
  EXPECT_EQ(from_file.lock_strategy, LockStrategy::table);
  EXPECT_EQ(from_file.lock_lease_s, 12);
  EXPECT_EQ(project.load({}, {{"RETORT_LOCK_STRATEGY", "advisory"}}).lock_strategy,
            LockStrategy::advisory);
  ConfigOverrides flag;
  flag.lock_strategy = "auto";
  EXPECT_EQ(project.load(flag, {{"RETORT_LOCK_STRATEGY", "advisory"}}).lock_strategy,
            LockStrategy::automatic);
  Project defaults;
  EXPECT_EQ(defaults.load().lock_strategy, LockStrategy::automatic);
  EXPECT_EQ(defaults.load().lock_lease_s, 30);

  struct Row {
    const char* yaml;
    const char* message_part;
  };
  const Row rows[] = {
      {"lock_strategy: pooled\n", "`lock_strategy` must be auto, advisory or table"},
      {"lock_lease_s: 1\n", "`lock_lease_s` must be at least 3 seconds"},
      {"lock_lease_s: -5\n", "from 0 to 2147483"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.yaml);
    Project bad;
    bad.dir.write("retort.yaml", row.yaml);
    Error error = load_error(bad);
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(error.message().find(row.message_part), std::string::npos) << error.message();
    EXPECT_EQ(error.location()->line, 1);
  }
}

TEST(ConfigLoad, OverriddenValueIsNotInterpolated) {
  Project project;
  project.dir.write("retort.yaml", "url: ${DB_URL}\nlock_wait_s: ${WAIT}\n");
  ConfigOverrides overrides;
  overrides.lock_wait_s = 5;
  Config config = project.load(overrides, {{"DATABASE_URL", "postgresql://env/db"}});
  EXPECT_EQ(config.url, "postgresql://env/db");
  EXPECT_EQ(config.lock_wait_s, 5);
}

TEST(ConfigLoad, EnvironmentOverridesEveryKnob) {
  Project project;
  project.dir.write("config/retort.yaml", "script_location: ../m\nhistory_table: h\n");
  Config config = project.load({}, {{"RETORT_SCRIPT_LOCATION", "elsewhere"},
                                    {"RETORT_VERSION_TABLE", "vt"},
                                    {"RETORT_VERSION_TABLE_SCHEMA", "s"},
                                    {"RETORT_HISTORY_TABLE", "false"},
                                    {"RETORT_TRANSACTION_PER_MIGRATION", "on"},
                                    {"RETORT_LOCK_WAIT_S", "1"},
                                    {"RETORT_LOCK_TIMEOUT_S", "2"},
                                    {"RETORT_LOCK_RETRIES", "4"},
                                    {"RETORT_STATEMENT_TIMEOUT_S", "3"},
                                    {"RETORT_FILE_TEMPLATE", "{epoch}_{slug}"}});
  EXPECT_EQ(config.script_location, project.dir.path() / "elsewhere");  // against working dir
  EXPECT_EQ(config.version_table, "vt");
  EXPECT_EQ(config.version_table_schema, "s");
  EXPECT_EQ(config.history_table, "");
  EXPECT_TRUE(config.transaction_per_migration);
  EXPECT_EQ(config.lock_wait_s, 1);
  EXPECT_EQ(config.lock_timeout_s, 2);
  EXPECT_EQ(config.lock_retries, 4u);
  EXPECT_EQ(config.statement_timeout_s, 3);
  EXPECT_EQ(config.file_template, "{epoch}_{slug}");
}

TEST(ConfigLoad, BadEnvironmentValueNamesTheVariable) {
  Project project;
  Error error = load_error(project, {}, {{"RETORT_LOCK_WAIT_S", "forever"}});
  EXPECT_EQ(error.kind(), ErrorKind::config);
  EXPECT_EQ(
      error.message(),
      "environment variable RETORT_LOCK_WAIT_S must be a number of seconds from 0 to 2147483, got "
      "'forever'");
}

TEST(ConfigLoad, LockRetriesFlagWinsOverEnvironmentAndFile) {
  Project project;
  project.dir.write("config/retort.yaml", "lock_timeout_s: 1\nlock_retries: 2\n");
  EXPECT_EQ(project.load().lock_retries, 2u);
  EXPECT_EQ(project.load({}, {{"RETORT_LOCK_RETRIES", "5"}}).lock_retries, 5u);
  ConfigOverrides overrides;
  overrides.lock_retries = 0;
  Config config = project.load(overrides, {{"RETORT_LOCK_RETRIES", "5"}});
  EXPECT_EQ(config.lock_retries, 0u);
  EXPECT_EQ(effective_lock_retries(config), 0u);
  overrides.lock_retries = 1000;
  EXPECT_EQ(load_error(project, overrides, {}).kind(), ErrorKind::config);
}

TEST(ConfigLoad, FlagPathsResolveAgainstWorkingDir) {
  Project project;
  project.dir.write("config/retort.yaml", "script_location: ../from_file\n");
  ConfigOverrides overrides;
  overrides.script_location = "from_flag";
  Config config = project.load(overrides);
  EXPECT_EQ(config.script_location, project.dir.path() / "from_flag");
}

TEST(Interpolate, Rows) {
  const Environment env = {{"A", "1"}, {"EMPTY", ""}, {"B", "two"}};
  struct Row {
    const char* input;
    const char* expected;
  };
  const std::vector<Row> rows = {
      {"plain", "plain"},         {"${A}", "1"},
      {"x${A}y${B}z", "x1ytwoz"}, {"${EMPTY}", ""},
      {"${EMPTY:-d}", "d"},       {"${UNSET:-d}", "d"},
      {"${UNSET:-}", ""},         {"${UNSET:-${B}}", "two"},
      {"${UNSET:-a:b}", "a:b"},   {"$${A}", "${A}"},
      {"cost $5", "cost $5"},     {"$", "$"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(config::interpolate(row.input, env, {"f", 1, 1}), row.expected) << row.input;
  }
}

TEST(Interpolate, ErrorsPointAtTheReference) {
  const Environment env;
  struct Row {
    const char* input;
    int column;
    const char* message_part;
  };
  const std::vector<Row> rows = {
      {"ab${NOPE}", 12, "environment variable NOPE is not set"},
      {"${A", 10, "unterminated variable reference"},
      {"${}", 10, "invalid variable reference"},
      {"${1A}", 10, "invalid variable reference"},
      {"${A-b}", 10, "invalid variable reference"},
  };
  for (const auto& row : rows) {
    try {
      config::interpolate(row.input, env, {"f.yaml", 4, 10});
      ADD_FAILURE() << row.input << " did not throw";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::config);
      EXPECT_EQ(*error.location(), (SourceLocation{"f.yaml", 4, row.column})) << row.input;
      EXPECT_NE(error.message().find(row.message_part), std::string::npos) << error.message();
    }
  }
}

// Nesting of 30,000 defaults overflowed the stack; a bound ends it with an
// error at the reference, and the text is never expanded past a size.
TEST(Interpolate, HostileNestingAndSizeAreErrorsNotCrashes) {
  const Environment env{{"BIG", std::string(64 * 1024, 'x')}};
  std::string nested;
  for (int i = 0; i < 30000; ++i) nested += "${A:-";
  std::string closed = nested + "x" + std::string(30000, '}');
  std::string repeated;
  for (int i = 0; i < 40; ++i) repeated += "${BIG}";
  struct Row {
    std::string input;
    const char* message_part;
  };
  const std::vector<Row> rows = {
      {nested, "unterminated variable reference"},
      {closed, "nested more than 16 deep"},
      {repeated, "more than 1048576 bytes once its variables are expanded"},
  };
  for (const auto& row : rows) {
    try {
      config::interpolate(row.input, env, {"f.yaml", 4, 10});
      ADD_FAILURE() << row.message_part << ": did not throw";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::config);
      EXPECT_NE(error.message().find(row.message_part), std::string::npos) << error.message();
      EXPECT_LT(error.message().size(), 600u) << "the echo of the value is cut";
    }
  }
  // Sixteen levels are allowed.
  std::string sixteen;
  for (int i = 0; i < 16; ++i) sixteen += "${A:-";
  EXPECT_EQ(config::interpolate(sixteen + "ok" + std::string(16, '}'), env, {"f.yaml", 1, 1}),
            "ok");
}

}  // namespace
}  // namespace retort
