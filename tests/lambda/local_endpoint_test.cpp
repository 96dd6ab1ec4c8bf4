// `retort lambda` off AWS: the local invoke endpoint that `docker run -p
// 9000:8080` + curl reach, exercised with a real HTTP client (libcurl) on a
// real PostgreSQL database.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "http/http_client.hpp"
#include "support/background_process.hpp"
#include "support/project.hpp"

namespace retort::testing {
namespace {

class LocalEndpoint {
 public:
  explicit LocalEndpoint(const MigrationProject& project)
      : m_port(free_port()),
        m_process({RETORT_BINARY, "lambda", "--listen", "127.0.0.1:" + std::to_string(m_port)},
                  options(project)) {
    EXPECT_TRUE(wait_for_port(m_port, std::chrono::seconds(10))) << m_process.err();
  }

  http::HttpResponse send(const std::string& method, const std::string& path,
                          const std::string& body) {
    http::HttpRequest request;
    request.method = method;
    request.url = "http://127.0.0.1:" + std::to_string(m_port) + path;
    request.body = body;
    request.timeout_s = 60;
    return http::send_http(request);
  }
  http::HttpResponse invoke(const std::string& body) {
    return send("POST", "/2015-03-31/functions/function/invocations", body);
  }
  BackgroundProcess& process() { return m_process; }

 private:
  static ProcessOptions options(const MigrationProject& project) {
    ProcessOptions options;
    options.env = {{"RETORT_CONFIG", project.config_path()}, {"DATABASE_URL", project.url()}};
    options.unset_env = {"AWS_LAMBDA_RUNTIME_API", "RETORT_URL", "DB_URL"};
    return options;
  }
  int m_port;
  BackgroundProcess m_process;
};

TEST(LambdaLocalEndpoint, InvokesLikeTheAwsEmulator) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  project.add(table_revision("dddd00000001"));
  project.add(table_revision("dddd00000002", {"dddd00000001"}));
  LocalEndpoint endpoint(project);

  auto first = endpoint.invoke("{}");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.header("x-amz-function-error"), "");
  auto summary = nlohmann::json::parse(first.body);
  EXPECT_EQ(summary["ok"], true);
  EXPECT_EQ(summary["applied"], nlohmann::json({"dddd00000001", "dddd00000002"}));
  EXPECT_EQ(project.rows(), std::vector<std::string>{"dddd00000002"});

  auto again = nlohmann::json::parse(endpoint.invoke("").body);  // empty body: the default
  EXPECT_EQ(again["up_to_date"], true);
  EXPECT_EQ(again["applied"], nlohmann::json::array());

  auto refused = endpoint.invoke(R"(["downgrade","base"])");
  EXPECT_EQ(refused.status, 200);
  EXPECT_EQ(refused.header("x-amz-function-error"), "Unhandled");
  EXPECT_EQ(nlohmann::json::parse(refused.body)["errorType"], "Function.CommandNotAllowed");
  EXPECT_EQ(project.rows(), std::vector<std::string>{"dddd00000002"});

  // Any function name, as the emulator accepts.
  auto named =
      endpoint.send("POST", "/2015-03-31/functions/migrate/invocations", R"({"argv":["current"]})");
  EXPECT_EQ(nlohmann::json::parse(named.body)["output"], nlohmann::json({"dddd00000002 (head)"}));

  EXPECT_EQ(endpoint.send("GET", "/2015-03-31/functions/function/invocations", "").status, 405);
  EXPECT_EQ(endpoint.send("POST", "/somewhere/else", "{}").status, 404);

  // docker stop sends SIGTERM: the server exits promptly and cleanly.
  EXPECT_EQ(endpoint.process().stop(SIGTERM, std::chrono::seconds(5)), 0);
  EXPECT_NE(endpoint.process().err().find("START RequestId: local-1"), std::string::npos);
}

TEST(LambdaLocalEndpoint, FailedMigrationIsAnUnhandledError) {
  REQUIRE_PG(server);
  MigrationProject project(server->create_database());
  MigrationSpec broken = table_revision("eeee00000001");
  broken.upgrade_sql = "CREATE TABLE t_eeee00000001 (id int);\nINSERT INTO nowhere VALUES (1);\n";
  project.add(broken);
  LocalEndpoint endpoint(project);

  auto response = endpoint.invoke(R"(["upgrade","head"])");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("x-amz-function-error"), "Unhandled");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["errorType"], "Function.MigrationFailed");
  const std::string message = body["errorMessage"];
  EXPECT_TRUE(std::regex_search(message, std::regex(R"(001_eeee00000001\.sql:\d+:\d+: )")))
      << message;
  EXPECT_NE(message.find("\"nowhere\" does not exist"), std::string::npos) << message;
  EXPECT_FALSE(project.table_exists("t_eeee00000001"));
}

TEST(LambdaLocalEndpoint, RefusesAnAddressItCannotListenOn) {
  auto result = run_retort({"lambda", "--listen", "localhost:80000"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("HOST:PORT"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace retort::testing
