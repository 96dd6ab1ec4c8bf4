#include "aws_test_support.hpp"

#include "support/fake_aws_endpoints.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace retort::testing {

std::filesystem::path test_ca_dir(std::string& error) {
  try {
    return FakeAwsEndpoints::ca_bundle().parent_path();  // made once per process
  } catch (const std::exception& cause) {
    error = cause.what();
    return {};
  }
}

std::string faketime_binary() {
  for (const char* path : {"/usr/bin/faketime", "/usr/local/bin/faketime"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return {};
}

void expect_no_secret(const std::vector<std::string>& secrets,
                      const std::vector<std::pair<std::string, std::string>>& texts) {
  for (const auto& secret : secrets) {
    if (secret.size() < 4) continue;
    for (const auto& [name, text] : texts) {
      EXPECT_EQ(text.find(secret), std::string::npos)
          << name << " holds a secret (" << secret.substr(0, 6) << "...):\n"
          << text.substr(0, 2000);
    }
  }
}

std::vector<std::pair<std::string, std::string>> outputs_of(const ProcessResult& result) {
  return {{"stdout", result.out}, {"stderr", result.err}};
}

nlohmann::json AwsKeys::scenario_entry() const {
  nlohmann::json entry{{"secret_access_key", secret_key}};
  if (!session_token.empty()) entry["session_token"] = session_token;
  return entry;
}

const AwsKeys& environment_keys() {
  static const AwsKeys keys{"AKIDENVIRONMENT00001", "envS3cr3tAccessKey/aBcDeFgHiJkLmNoP0123456",
                            "IQoJenvSessionTokenS3cr3t0123456789abcdefghijklmnop"};
  return keys;
}

ProcessOptions isolated_aws_options(const std::filesystem::path& cwd) {
  ProcessOptions options;
  options.cwd = cwd;
  options.unset_env = {"DATABASE_URL",
                       "DB_URL",
                       "RETORT_URL",
                       "RETORT_CONFIG",
                       "RETORT_PASSWORD_SECRET",
                       "RETORT_URL_SECRET",
                       "RETORT_PASSWORD_PARAMETER",
                       "RETORT_AUTH",
                       "RETORT_SSLMODE",
                       "RETORT_SSLROOTCERT",
                       "PGPASSWORD",
                       "PGHOST",
                       "PGHOSTADDR",
                       "PGPORT",
                       "PGUSER",
                       "PGDATABASE",
                       "PGSERVICE",
                       "PGPASSFILE",
                       "PGSSLMODE",
                       "PGSSLROOTCERT",
                       "AWS_ACCESS_KEY_ID",
                       "AWS_SECRET_ACCESS_KEY",
                       "AWS_SESSION_TOKEN",
                       "AWS_PROFILE",
                       "AWS_REGION",
                       "AWS_DEFAULT_REGION",
                       "AWS_CA_BUNDLE",
                       "AWS_ENDPOINT_URL",
                       "AWS_ENDPOINT_URL_SECRETS_MANAGER",
                       "AWS_ENDPOINT_URL_SSM",
                       "AWS_ENDPOINT_URL_STS",
                       "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                       "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                       "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                       "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                       "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                       "AWS_WEB_IDENTITY_TOKEN_FILE",
                       "AWS_ROLE_ARN",
                       "AWS_ROLE_SESSION_NAME",
                       "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                       "AWS_LAMBDA_FUNCTION_NAME",
                       "AWS_LAMBDA_RUNTIME_API",
                       "AWS_LAMBDA_FUNCTION_TIMEOUT",
                       "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT",
                       "http_proxy",
                       "https_proxy",
                       "HTTP_PROXY",
                       "HTTPS_PROXY",
                       "all_proxy",
                       "ALL_PROXY",
                       "no_proxy",
                       "NO_PROXY"};
  options.env = {{"AWS_EC2_METADATA_DISABLED", "true"}};
  return options;
}

void add_keys(ProcessOptions& options, const AwsKeys& keys) {
  options.env["AWS_ACCESS_KEY_ID"] = keys.key_id;
  options.env["AWS_SECRET_ACCESS_KEY"] = keys.secret_key;
  if (!keys.session_token.empty()) options.env["AWS_SESSION_TOKEN"] = keys.session_token;
}

SigningCredential signing_credential(const nlohmann::json& request) {
  const std::string header = request["headers"].value("authorization", "");
  const std::string marker = "Credential=";
  const auto start = header.find(marker);
  if (start == std::string::npos) return {};
  const auto end = header.find(',', start);
  const std::string scope = header.substr(start + marker.size(), end - start - marker.size());
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (;;) {
    const auto slash = scope.find('/', from);
    parts.push_back(scope.substr(from, slash - from));
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  if (parts.size() != 5) return {};
  return {parts[0], parts[1], parts[2], parts[3]};
}

std::unique_ptr<LoginDatabase> LoginDatabase::create(PgServer& server) {
  if (server.port() == 0) return nullptr;
  std::unique_ptr<LoginDatabase> database(new LoginDatabase);
  static int counter = 0;
  database->m_name = fmt::format("aws_login_{}_{}", getpid(), ++counter);
  database->m_port = server.port();
  const std::string& admin = server.admin_url();
  PgServer::query(admin, fmt::format("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE "
                                     "rolname = '{0}') THEN CREATE ROLE {0} LOGIN; END IF; END $$",
                                     k_role));
  PgServer::query(admin, fmt::format("ALTER ROLE {} PASSWORD '{}'", k_role, k_password));
  PgServer::query(admin, fmt::format("CREATE DATABASE {} OWNER {}", database->m_name, k_role));
  // The admin URL with the database swapped in, as PgServer::create_database() does.
  std::string socket_url = admin;
  const auto slash = socket_url.find("/postgres");
  if (slash != std::string::npos) {
    socket_url.replace(slash + 1, 8, database->m_name);
  } else {
    socket_url +=
        (socket_url.find('?') == std::string::npos ? "?" : "&") + ("dbname=" + database->m_name);
  }
  database->m_admin_url = socket_url;
  const TempDir& dir = database->m_dir;
  dir.write("migrations/0001_a1.sql",
            "-- revision: a1\n-- down_revision:\n-- message: first\n\n"
            "-- migrate:upgrade\nCREATE TABLE login_one (id int);\n\n"
            "-- migrate:downgrade\nDROP TABLE login_one;\n");
  dir.write("migrations/0002_b2.sql",
            "-- revision: b2\n-- down_revision: a1\n-- message: second\n\n"
            "-- migrate:upgrade\nCREATE TABLE login_two (id int);\n\n"
            "-- migrate:downgrade\nDROP TABLE login_two;\n");
  database->write_config("");
  return database;
}

std::string LoginDatabase::url(const std::string& user, const std::string& password) const {
  std::string userinfo = user;
  if (!password.empty()) userinfo += ":" + password;
  if (!userinfo.empty()) userinfo += "@";
  return fmt::format("postgresql://{}127.0.0.1:{}/{}", userinfo, m_port, m_name);
}

std::vector<std::string> LoginDatabase::versions() const {
  auto exists = PgServer::query(m_admin_url, "SELECT to_regclass('alembic_version')");
  if (exists.empty() || exists[0] == "NULL") return {};
  auto rows = PgServer::query(m_admin_url, "SELECT version_num FROM alembic_version");
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<std::string> LoginDatabase::table_rows() const {
  std::vector<std::string> rows;
  for (const char* table : {"alembic_version", "retort_history"}) {
    auto exists = PgServer::query(m_admin_url, fmt::format("SELECT to_regclass('{}')", table));
    if (exists.empty() || exists[0] == "NULL") continue;
    for (auto& row : PgServer::query(
             m_admin_url, fmt::format("SELECT row_to_json(t)::text FROM {} AS t", table))) {
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

void LoginDatabase::write_config(const std::string& extra) const {
  m_dir.write("retort.yaml", "script_location: migrations\n" + extra);
}

RuntimeApiStub::RuntimeApiStub(std::vector<std::string> events,
                               std::chrono::milliseconds deadline_in)
    : m_events(events.begin(), events.end()), m_deadline_in(deadline_in) {
  m_thread = std::thread([this] {
    m_server.serve([this](const lambda::ServerRequest& request) { return handle(request); });
  });
}

RuntimeApiStub::~RuntimeApiStub() {
  m_server.stop();
  m_thread.join();
}

std::string RuntimeApiStub::address() const {
  return fmt::format("127.0.0.1:{}", m_server.port());
}

std::vector<RuntimeApiStub::Posted> RuntimeApiStub::posted() const {
  std::lock_guard lock(m_mutex);
  return m_posted;
}

lambda::ServerResponse RuntimeApiStub::handle(const lambda::ServerRequest& request) {
  std::lock_guard lock(m_mutex);
  if (request.method == "POST") {
    m_posted.push_back({request, std::chrono::steady_clock::now()});
    return {202, {}, R"({"status":"OK"})"};
  }
  if (m_events.empty()) return {500, {}, R"({"errorMessage":"no more events"})"};
  const std::string id = fmt::format("req-{}", ++m_counter);
  const auto deadline = std::chrono::duration_cast<std::chrono::milliseconds>(
      (std::chrono::system_clock::now() + m_deadline_in).time_since_epoch());
  lambda::ServerResponse response{200,
                                  {{"Lambda-Runtime-Aws-Request-Id", id},
                                   {"Lambda-Runtime-Deadline-Ms", std::to_string(deadline.count())},
                                   {"Lambda-Runtime-Invoked-Function-Arn",
                                    "arn:aws:lambda:eu-west-1:123456789012:function:migrate"}},
                                  m_events.front()};
  m_events.pop_front();
  return response;
}

}  // namespace retort::testing
