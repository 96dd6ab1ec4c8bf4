// The secrets corpus on the command line (docs/architecture.md §11): every
// URL case of secrets_corpus.cpp given as --url, --url=, DATABASE_URL, a
// config file's `url:` and an interpolated `url: ${VAR}`, in text and JSON,
// against the real PostgreSQL; every stdout, stderr and table row checked.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "reliability/secrets_corpus.hpp"

namespace retort::testing::corpus {
namespace {

enum class Channel { flag, flag_equals, database_url, config_file, interpolated };

constexpr Channel k_channels[] = {Channel::flag, Channel::flag_equals, Channel::database_url,
                                  Channel::config_file, Channel::interpolated};

const char* channel_name(Channel channel) {
  switch (channel) {
    case Channel::flag:
      return "--url";
    case Channel::flag_equals:
      return "--url=";
    case Channel::database_url:
      return "DATABASE_URL";
    case Channel::config_file:
      return "config url:";
    case Channel::interpolated:
      return "config url: ${CORPUS_URL}";
  }
  return "?";
}

std::string yaml_quoted(const std::string& text) {
  std::string result = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') result += '\\';
    result += c;
  }
  return result + "\"";
}

ProcessOptions clean_environment() {
  ProcessOptions options;
  options.unset_env = {"DATABASE_URL", "DB_URL",    "RETORT_URL", "RETORT_CONFIG",
                       "PGPASSWORD",   "PGHOST",    "PGPORT",     "PGUSER",
                       "PGDATABASE",   "PGSERVICE", "PGPASSFILE", "AWS_LAMBDA_RUNTIME_API"};
  return options;
}

// Runs retort with `url` given through `channel`.
ProcessResult run(const CorpusDatabase& database, Channel channel, const std::string& url,
                  std::vector<std::string> args, bool json, ProcessOptions options) {
  std::vector<std::string> argv;
  std::string config = database.config_path();
  if (channel == Channel::config_file || channel == Channel::interpolated) {
    config = (database.dir().path() / "with_url.yaml").string();
    database.dir().write(
        "with_url.yaml",
        "script_location: migrations\nurl: " +
            (channel == Channel::config_file ? yaml_quoted(url) : std::string("${CORPUS_URL}")) +
            "\n");
    if (channel == Channel::interpolated) options.env["CORPUS_URL"] = url;
  }
  argv = {"-c", config};
  if (channel == Channel::flag) argv.insert(argv.end(), {"--url", url});
  if (channel == Channel::flag_equals) argv.push_back("--url=" + url);
  if (channel == Channel::database_url) options.env["DATABASE_URL"] = url;
  if (json) argv.insert(argv.end(), {"--format", "json"});
  argv.insert(argv.end(), args.begin(), args.end());
  return run_retort(argv, options);
}

void check_json(const std::string& where, const ProcessResult& result) {
  EXPECT_TRUE(nlohmann::json::accept(result.out))
      << where << ": stdout is not one JSON document: " << result.out.substr(0, 2000);
}

// What each case runs: a database's whole round when the URL gets through,
// else the two commands that connect first.
std::vector<std::vector<std::string>> commands(bool connects) {
  if (!connects) return {{"current"}, {"upgrade", "head"}};
  return {{"upgrade", "head"}, {"current", "-v"},   {"check"},
          {"history", "-i"},   {"show", "current"}, {"downgrade", "base"}};
}

TEST(SecretsCorpus, EveryUrlCaseThroughEveryChannelInTextAndJson) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  for (const auto& row : database->url_cases()) {
    for (Channel channel : k_channels) {
      for (bool json : {false, true}) {
        for (const auto& args : commands(row.connects)) {
          const std::string where =
              fmt::format("{} via {}{}: retort {}", row.name, channel_name(channel),
                          json ? ", json" : "", fmt::join(args, " "));
          auto result = run(*database, channel, row.url, args, json, clean_environment());
          expect_clean_run(where, result, row.secrets);
          if (json) check_json(where, result);
          if (row.connects) {
            EXPECT_EQ(result.exit_code, 0) << where << ": " << result.err;
          } else {
            EXPECT_NE(result.exit_code, 0) << where << ": " << result.out;
          }
        }
      }
    }
  }
  for (const auto& row : database->table_rows()) expect_no_secret("table row", row, {k_password});
  EXPECT_FALSE(database->table_rows().empty()) << "the history table has rows to check";
}

TEST(SecretsCorpus, PgPasswordRightAndWrong) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  const std::string url =
      fmt::format("postgresql://corpus@127.0.0.1:{}/{}", database->port(), database->name());
  struct Row {
    const char* name;
    std::string password;
    bool connects;
  };
  for (const Row& row : {Row{"right", k_password, true}, Row{"wrong", "Wr0ng-s3cr3t-pg", false}}) {
    ProcessOptions options = clean_environment();
    options.env["PGPASSWORD"] = row.password;
    for (bool json : {false, true}) {
      for (const auto& args : commands(row.connects)) {
        const std::string where = fmt::format("PGPASSWORD {}{}: retort {}", row.name,
                                              json ? ", json" : "", fmt::join(args, " "));
        auto result = run(*database, Channel::flag, url, args, json, options);
        expect_clean_run(where, result, {row.password});
        EXPECT_EQ(result.exit_code == 0, row.connects) << where << ": " << result.err;
      }
    }
  }
}

TEST(SecretsCorpus, ConfigLinesShownWithAnErrorAreMasked) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  const std::string url = database->url("Kx7-s3cr3t%ZZ");
  struct Row {
    const char* name;
    std::string yaml;
  };
  const std::vector<Row> rows = {
      {"the URL as a list", "url: [" + url + "]\n"},
      {"the URL as a mapping", "url: {" + url + ": 1}\n"},
      {"a password key retort does not know", "password: Kx7-s3cr3t-yaml\n"},
      {"a typo in the key", "urll: " + url + "\n"},
      {"an unknown scheme", "url: mysql://corpus:Kx7-s3cr3t@db/shop\n"},
  };
  for (const auto& row : rows) {
    database->dir().write("broken.yaml", "script_location: migrations\n" + row.yaml);
    for (bool json : {false, true}) {
      std::vector<std::string> args = {"-c", (database->dir().path() / "broken.yaml").string()};
      if (json) args.insert(args.end(), {"--format", "json"});
      args.push_back("current");
      auto result = run_retort(args, clean_environment());
      const std::string where = fmt::format("{}{}", row.name, json ? ", json" : "");
      expect_clean_run(where, result, {"Kx7-s3cr3t%ZZ", "Kx7-s3cr3t-yaml", "Kx7-s3cr3t"});
      EXPECT_EQ(result.exit_code, 2) << where << ": " << result.err;
      if (json) check_json(where, result);
    }
  }
}

// A JSON document is masked value by value, never as text: a secret that is
// also a JSON word or number would otherwise break it.
TEST(SecretsCorpus, JsonStaysValidWhenASecretIsAJsonWord) {
  REQUIRE_PG(server);
  auto database = CorpusDatabase::create(*server);
  if (!database) GTEST_SKIP() << "the server has no TCP port for password logins";
  for (const char* secret : {"true", "null", "false", "1000"}) {
    ProcessOptions options = clean_environment();
    options.env["PGPASSWORD"] = secret;
    auto result =
        run_retort({"-c", database->config_path(), "--format", "json", "history"}, options);
    ++tally().runs;
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(nlohmann::json::accept(result.out)) << secret << ": " << result.out;
    EXPECT_NE(result.out.find("\"head\": true"), std::string::npos) << result.out;
  }
}

TEST(SecretsCorpus, AnArgumentTooLongIsEchoedWithoutItsPassword) {
  const std::string password = "Kx7-s3cr3t" + std::string(17000, 'q');
  const std::string url = "postgresql://corpus:" + password + "@db/shop";
  for (bool json : {false, true}) {
    std::vector<std::string> args = {"--url", url};
    if (json) args.insert(args.end(), {"--format", "json"});
    args.push_back("current");
    auto result = run_retort(args, clean_environment());
    const std::string where = fmt::format("17 KB --url{}", json ? ", json" : "");
    expect_clean_run(where, result, {password, "Kx7-s3cr3tqqqq"});
    EXPECT_EQ(result.exit_code, 2) << where << ": " << result.err;
  }
}

}  // namespace
}  // namespace retort::testing::corpus
