// The secrets corpus for the AWS logins (docs/architecture.md §5.8, §11):
// the corpus role's password, k_password, stored as a Secrets Manager secret
// (plain, the RDS JSON shape, a whole URL), an SSM SecureString, and behind
// the Parameters and Secrets extension, read by every command that connects
// and by `retort lambda`, working and failing (a wrong name, access denied).
// Every output, response, log and table row is checked for the password,
// the AWS secret key and session token and the secret values, in every
// spelling.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "lambda/fake_aws.hpp"
#include "reliability/secrets_corpus.hpp"
#include "support/background_process.hpp"
#include "support/fake_aws_endpoints.hpp"

namespace retort::testing::corpus {
namespace {

using nlohmann::json;

constexpr const char* k_region = "eu-west-1";
constexpr const char* k_key_id = "AKIDCORPUSAWS0000001";
constexpr const char* k_secret_key = "corpusAwsS3cr3tAccessKey/0123456789abcdefgh";
constexpr const char* k_session_token = "IQoJcorpusAwsSessionS3cr3tToken0123456789abcdef";
// A password the server refuses, kept in a secret.
constexpr const char* k_wrong_password = "Wr0ng-s3cr3t-aws!x";

// Where the password is kept, and how retort is told to read it.
struct Store {
  std::string name;
  std::string config_key;  // password_secret, url_secret or password_parameter
  std::string id;
  bool extension = false;  // through the Parameters and Secrets extension
};

class SecretsCorpusAws : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(server);
    m_database = CorpusDatabase::create(*server);
    if (!m_database) {
      if (postgres_required()) FAIL() << "the server has no TCP port for password logins";
      GTEST_SKIP() << "the server has no TCP port for password logins";
    }
    REQUIRE_FAKE_AWS(service, scenario());
    REQUIRE_FAKE_AWS(extension, scenario(), FakeAwsEndpoints::Transport::http);
    m_service = std::move(service);
    m_extension = std::move(extension);
  }

  std::string url_without_password() const {
    return fmt::format("postgresql://corpus@127.0.0.1:{}/{}", m_database->port(),
                       m_database->name());
  }
  json rds_document() const {
    return {{"username", "corpus"}, {"password", k_password},     {"engine", "postgres"},
            {"host", "127.0.0.1"},  {"port", m_database->port()}, {"dbname", m_database->name()}};
  }

  // Both fakes hold every store; `denied` lists names refused to the role.
  json scenario(const std::vector<std::string>& denied = {}) const {
    json secrets = {{"corpus/password", k_password}, {"corpus/wrong", k_wrong_password}};
    if (m_database) {
      secrets["corpus/rds"] = {{"secret_string", rds_document()}};
      json wrong = rds_document();
      wrong["password"] = k_wrong_password;
      secrets["corpus/rds-wrong"] = {{"secret_string", wrong}};
      secrets["corpus/url"] = m_database->url(k_password_in_url);
      // Every URL case of the corpus as a url_secret.
      const auto cases = m_database->url_cases();
      for (std::size_t i = 0; i < cases.size(); ++i) {
        secrets[fmt::format("corpus/case-{}", i)] = cases[i].url;
      }
    }
    return {
        {"regions", {k_region}},
        {"credentials",
         {{k_key_id, {{"secret_access_key", k_secret_key}, {"session_token", k_session_token}}}}},
        {"extension", {{"session_token", k_session_token}}},
        {"secrets", secrets},
        {"denied_secrets", denied},
        {"parameters", {{"/corpus/password", {{"type", "SecureString"}, {"value", k_password}}}}},
        {"denied_parameters", denied}};
  }

  std::vector<Store> stores() const {
    return {
        {"Secrets Manager, plain string", "password_secret", "corpus/password"},
        {"Secrets Manager, RDS JSON", "password_secret", "corpus/rds"},
        {"Secrets Manager, url_secret JSON", "url_secret", "corpus/rds"},
        {"Secrets Manager, url_secret URL", "url_secret", "corpus/url"},
        {"SSM SecureString", "password_parameter", "/corpus/password"},
        {"extension, Secrets Manager", "password_secret", "corpus/password", true},
        {"extension, RDS JSON", "password_secret", "corpus/rds", true},
        {"extension, SSM", "password_parameter", "/corpus/password", true},
    };
  }

  // Everything secret the runs know.
  std::vector<std::string> secrets() const {
    return {k_password,      k_password_in_url,     k_secret_key,
            k_session_token, rds_document().dump(), m_database->url(k_password_in_url)};
  }

  // A config file for `store` (the config's key, or none when `by_environment`).
  std::string write_config(const Store& store, bool by_environment) const {
    std::string text = "script_location: migrations\n";
    if (store.config_key != "url_secret") text += "url: " + url_without_password() + "\n";
    if (!by_environment) text += store.config_key + ": " + store.id + "\n";
    m_database->dir().write("aws.yaml", text);
    return (m_database->dir().path() / "aws.yaml").string();
  }

  // A run that inherits nothing AWS-, proxy- or database-related from the
  // machine, with the corpus's keys; `store` read from the fake.
  ProcessOptions environment(const Store& store, bool by_environment) const {
    ProcessOptions options;
    options.unset_env = {"DATABASE_URL",
                         "DB_URL",
                         "RETORT_URL",
                         "RETORT_CONFIG",
                         "RETORT_PASSWORD_SECRET",
                         "RETORT_URL_SECRET",
                         "RETORT_PASSWORD_PARAMETER",
                         "RETORT_AUTH",
                         "PGPASSWORD",
                         "PGHOST",
                         "PGPORT",
                         "PGUSER",
                         "PGDATABASE",
                         "PGSERVICE",
                         "PGPASSFILE",
                         "AWS_PROFILE",
                         "AWS_DEFAULT_REGION",
                         "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                         "AWS_ENDPOINT_URL_SSM",
                         "AWS_ENDPOINT_URL_STS",
                         "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                         "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                         "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                         "AWS_WEB_IDENTITY_TOKEN_FILE",
                         "AWS_ROLE_ARN",
                         "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                         "AWS_LAMBDA_RUNTIME_API",
                         "AWS_LAMBDA_FUNCTION_TIMEOUT",
                         "http_proxy",
                         "https_proxy",
                         "HTTP_PROXY",
                         "HTTPS_PROXY",
                         "all_proxy",
                         "ALL_PROXY"};
    options.env = {{"AWS_ACCESS_KEY_ID", k_key_id},
                   {"AWS_SECRET_ACCESS_KEY", k_secret_key},
                   {"AWS_SESSION_TOKEN", k_session_token},
                   {"AWS_REGION", k_region},
                   {"AWS_ENDPOINT_URL", m_service->url()},
                   {"AWS_CA_BUNDLE", FakeAwsEndpoints::ca_bundle().string()},
                   {"AWS_EC2_METADATA_DISABLED", "true"},
                   // In Lambda: the extension's port, or one where nothing listens.
                   {"AWS_LAMBDA_FUNCTION_NAME", "corpus-migrate"},
                   {"PARAMETERS_SECRETS_EXTENSION_HTTP_PORT",
                    std::to_string(store.extension ? m_extension->port() : free_port())}};
    if (by_environment) {
      const std::string variable = store.config_key == "password_secret" ? "RETORT_PASSWORD_SECRET"
                                   : store.config_key == "url_secret"    ? "RETORT_URL_SECRET"
                                                                      : "RETORT_PASSWORD_PARAMETER";
      options.env[variable] = store.id;
    }
    return options;
  }

  ProcessResult run(const Store& store, bool by_environment, std::vector<std::string> args,
                    bool json_format) const {
    std::vector<std::string> argv = {"-c", write_config(store, by_environment)};
    if (json_format) argv.insert(argv.end(), {"--format", "json"});
    argv.insert(argv.end(), args.begin(), args.end());
    return run_retort(argv, environment(store, by_environment));
  }

  // How many requests the store's fake got (its role), to check that a run
  // really read from it.
  std::size_t reads(const Store& store) const {
    if (store.extension) return m_extension->requests("extension").size();
    return m_service->requests(store.config_key == "password_parameter" ? "ssm" : "secretsmanager")
        .size();
  }

  // One `retort lambda` process serving `events` on the fake Runtime API;
  // every result posted and the process's output are checked. Returns the
  // results.
  std::vector<RecordedRequest> serve(const std::string& where, const Store& store,
                                     const std::vector<std::string>& events,
                                     std::vector<std::string> held = {}) const {
    if (held.empty()) held = secrets();
    FakeRuntimeApi api;
    for (const auto& event : events) api.add_event(event);
    ProcessOptions options = environment(store, false);
    options.env["RETORT_CONFIG"] = write_config(store, false);
    options.env["AWS_LAMBDA_RUNTIME_API"] = api.address();
    const ProcessResult result = run_retort({"lambda"}, options);
    expect_no_secret(where + " (log, stderr)", result.err, held);
    expect_no_secret(where + " (stdout)", result.out, held);
    const auto results = api.results();
    EXPECT_EQ(results.size(), events.size()) << where << ": " << result.err;
    for (std::size_t i = 0; i < results.size(); ++i) {
      ++tally().runs;
      const std::string what = fmt::format("{} #{} ({})", where, i + 1, results[i].target);
      expect_no_secret(what, results[i].body, held);
      EXPECT_TRUE(json::accept(results[i].body)) << what << ": " << results[i].body;
    }
    return results;
  }

  void check_table_rows() const {
    for (const auto& row : m_database->table_rows()) expect_no_secret("table row", row, secrets());
  }

  std::unique_ptr<CorpusDatabase> m_database;
  std::unique_ptr<FakeAwsEndpoints> m_service;
  std::unique_ptr<FakeAwsEndpoints> m_extension;
};

// A database's whole round, which ends where it began.
const std::vector<std::vector<std::string>> k_round = {{"upgrade", "head"}, {"current", "-v"},
                                                       {"check"},           {"history", "-i"},
                                                       {"show", "current"}, {"downgrade", "base"}};

TEST_F(SecretsCorpusAws, EveryStoreThroughTheCliInTextAndJson) {
  for (const Store& store : stores()) {
    for (bool by_environment : {false, true}) {
      for (bool json_format : {false, true}) {
        for (const auto& args : k_round) {
          const std::string where =
              fmt::format("{} via {}{}: retort {}", store.name,
                          by_environment ? "RETORT_* variable" : "config file",
                          json_format ? ", json" : "", fmt::join(args, " "));
          const std::size_t before = reads(store);
          const ProcessResult result = run(store, by_environment, args, json_format);
          expect_clean_run(where, result, secrets());
          EXPECT_EQ(result.exit_code, 0) << where << ": " << result.out << result.err;
          EXPECT_EQ(reads(store), before + 1) << where;
          if (json_format) {
            EXPECT_TRUE(json::accept(result.out)) << where << ": " << result.out;
          }
        }
      }
    }
  }
  // The round leaves no version; one more upgrade leaves history rows to check.
  const ProcessResult last = run(stores().front(), false, {"upgrade", "head"}, false);
  expect_clean_run("final upgrade", last, secrets());
  EXPECT_EQ(last.exit_code, 0) << last.err;
  EXPECT_FALSE(m_database->table_rows().empty());
  check_table_rows();
}

TEST_F(SecretsCorpusAws, FailuresThroughTheCliInTextAndJson) {
  struct Failure {
    std::string name;
    Store store;
    std::vector<std::string> denied;
    std::string kind = "credentials";
  };
  const std::vector<Failure> failures = {
      {"wrong secret name", {"", "password_secret", "corpus/no-such-secret"}, {}},
      {"wrong url_secret name", {"", "url_secret", "corpus/no-such-url"}, {}},
      {"wrong parameter name", {"", "password_parameter", "/corpus/no-such-parameter"}, {}},
      {"denied secret", {"", "password_secret", "corpus/password"}, {"corpus/password"}},
      {"denied parameter", {"", "password_parameter", "/corpus/password"}, {"/corpus/password"}},
      {"wrong name behind the extension",
       {"", "password_secret", "corpus/no-such-secret", true},
       {}},
      {"denied behind the extension", {"", "password_secret", "corpus/rds", true}, {"corpus/rds"}},
  };
  for (const auto& failure : failures) {
    m_service->set_scenario(scenario(failure.denied));
    m_extension->set_scenario(scenario(failure.denied));
    for (bool json_format : {false, true}) {
      for (const std::vector<std::string>& args :
           {std::vector<std::string>{"current"}, std::vector<std::string>{"upgrade", "head"}}) {
        const std::string where = fmt::format("{}{}: retort {}", failure.name,
                                              json_format ? ", json" : "", fmt::join(args, " "));
        const ProcessResult result = run(failure.store, false, args, json_format);
        expect_clean_run(where, result, secrets());
        EXPECT_EQ(result.exit_code, 1) << where << ": " << result.out << result.err;
        if (json_format) {
          ASSERT_TRUE(json::accept(result.out)) << where << ": " << result.out;
          EXPECT_EQ(json::parse(result.out)["error"]["kind"], failure.kind) << where;
        }
      }
    }
  }
  EXPECT_TRUE(m_database->table_rows().empty());
}

// The URL cases of secrets_corpus.cpp, each held by a url_secret: libpq's
// and retort's own messages about them must not show what the secret holds.
TEST_F(SecretsCorpusAws, EveryUrlCaseAsAUrlSecret) {
  const auto cases = m_database->url_cases();
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const UrlCase& row = cases[i];
    const Store store{row.name, "url_secret", fmt::format("corpus/case-{}", i)};
    std::vector<std::string> held = secrets();
    held.insert(held.end(), row.secrets.begin(), row.secrets.end());
    held.push_back(row.url);
    for (bool json_format : {false, true}) {
      const auto commands =
          row.connects ? k_round
                       : std::vector<std::vector<std::string>>{{"current"}, {"upgrade", "head"}};
      for (const auto& args : commands) {
        const std::string where = fmt::format("url_secret holding {}{}: retort {}", row.name,
                                              json_format ? ", json" : "", fmt::join(args, " "));
        const std::size_t before = reads(store);
        const ProcessResult result = run(store, false, args, json_format);
        expect_clean_run(where, result, held);
        EXPECT_EQ(result.exit_code == 0, row.connects) << where << ": " << result.out << result.err;
        EXPECT_EQ(reads(store), before + 1) << where << ": the secret was not read";
        if (json_format) {
          EXPECT_TRUE(json::accept(result.out)) << where << ": " << result.out;
        }
      }
    }
    const auto results = serve("lambda, url_secret holding " + row.name, store,
                               {R"(["current"])", R"(["upgrade", "head"])"}, held);
    for (const auto& result : results) {
      EXPECT_EQ(result.target.find("/response") != std::string::npos, row.connects)
          << row.name << ": " << result.target << " " << result.body;
    }
  }
}

TEST_F(SecretsCorpusAws, EveryStoreThroughRetortLambda) {
  const std::vector<std::string> events = {R"(["upgrade", "head"])", R"(["current", "-v"])",
                                           R"({"argv": ["check"]})", R"(["history", "-i"])",
                                           R"(["show", "current"])"};
  for (const Store& store : stores()) {
    const std::size_t before = reads(store);
    const auto results = serve("lambda, " + store.name, store, events);
    EXPECT_GE(reads(store), before + 1) << store.name;
    for (const auto& result : results) {
      EXPECT_NE(result.target.find("/response"), std::string::npos)
          << store.name << ": " << result.target << " " << result.body;
    }
  }
  EXPECT_FALSE(m_database->table_rows().empty());
  check_table_rows();
}

TEST_F(SecretsCorpusAws, FailuresThroughRetortLambda) {
  struct Failure {
    std::string name;
    Store store;
    std::vector<std::string> denied;
  };
  const std::vector<Failure> failures = {
      {"wrong secret name", {"", "password_secret", "corpus/no-such-secret"}, {}},
      {"denied secret", {"", "password_secret", "corpus/rds"}, {"corpus/rds"}},
      {"wrong parameter name", {"", "password_parameter", "/corpus/nope"}, {}},
      {"denied parameter", {"", "password_parameter", "/corpus/password"}, {"/corpus/password"}},
      {"wrong name behind the extension",
       {"", "password_secret", "corpus/no-such-secret", true},
       {}},
      {"denied behind the extension",
       {"", "password_parameter", "/corpus/password", true},
       {"/corpus/password"}},
  };
  for (const auto& failure : failures) {
    m_service->set_scenario(scenario(failure.denied));
    m_extension->set_scenario(scenario(failure.denied));
    const auto results = serve("lambda, " + failure.name, failure.store,
                               {R"(["upgrade", "head"])", R"(["current"])"});
    for (const auto& result : results) {
      EXPECT_NE(result.target.find("/error"), std::string::npos) << failure.name;
      EXPECT_EQ(result.header("lambda-runtime-function-error-type"), "Function.CredentialsError")
          << failure.name << ": " << result.body;
    }
  }
  EXPECT_TRUE(m_database->table_rows().empty());
}

}  // namespace
}  // namespace retort::testing::corpus
