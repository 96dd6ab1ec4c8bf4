#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "aws/aws_settings.hpp"
#include "aws/credential_chain.hpp"
#include "aws/rds_token.hpp"
#include "aws/secret_reader.hpp"
#include "postgres/connection.hpp"
#include "retort/connection_login.hpp"
#include "retort/display_text.hpp"
#include "retort/error.hpp"
#include "retort/redact.hpp"

namespace retort {
namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

// Credentials this close to their expiry are fetched again.
constexpr auto k_credentials_refresh = std::chrono::minutes(5);

Error login_config_error(const Config& config, std::string message, std::string hint) {
  std::optional<SourceLocation> where;
  if (!config.config_file.empty()) where = SourceLocation{config.config_file.string()};
  return Error(ErrorKind::config, std::move(message), where, std::move(hint));
}

void check_login_settings(const Config& config) {
  const int sources = !config.password_secret.empty() + !config.url_secret.empty() +
                      !config.password_parameter.empty();
  if (sources > 1) {
    throw login_config_error(config,
                             "password_secret, url_secret and password_parameter exclude each "
                             "other, and more than one is set",
                             "keep the one that holds the password (or the whole connection)");
  }
  if (config.auth == AuthMode::rds_iam && sources > 0) {
    throw login_config_error(
        config, "auth rds-iam computes the password, so a password secret or parameter is not used",
        "remove password_secret / url_secret / password_parameter, or use auth: password");
  }
  if (!config.url_secret.empty() && !config.url.empty()) {
    throw login_config_error(config, "url_secret and url are both set",
                             "url_secret holds the whole connection: remove url (and "
                             "DATABASE_URL), or use password_secret with url");
  }
  if (config.auth == AuthMode::rds_iam && !config.sslmode.empty() && config.sslmode != "require" &&
      config.sslmode != "verify-ca" && config.sslmode != "verify-full") {
    throw login_config_error(
        config, fmt::format("auth rds-iam needs TLS, and sslmode is {}", config.sslmode),
        "use sslmode: verify-full (the default with rds-iam) with sslrootcert set to the RDS CA "
        "bundle");
  }
}

std::string field_text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  return {};
}

// The region in an RDS host name: "<name>.<id>.<region>.rds.amazonaws.com",
// also for RDS Proxy and the China partition; "" for any other host.
std::string rds_host_region(const std::string& host) {
  for (std::string_view suffix : {".rds.amazonaws.com", ".rds.amazonaws.com.cn"}) {
    if (!host.ends_with(suffix)) continue;
    const std::string head = host.substr(0, host.size() - suffix.size());
    const auto dot = head.rfind('.');
    if (dot != std::string::npos) return head.substr(dot + 1);
  }
  return {};
}

class Login {
 public:
  Login(Config config, Environment environment,
        std::optional<std::chrono::steady_clock::time_point> deadline)
      : m_config(std::move(config)),
        m_environment(std::move(environment)),
        m_settings(m_config.aws, m_environment) {
    m_settings.set_deadline(deadline);
  }

  std::unique_ptr<Database> connect(const std::string& url, double wait_s) {
    std::lock_guard lock(m_mutex);
    if (!m_prepared) prepare(url);
    postgres::ConnectOptions options;
    options.conninfo = m_url;
    options.wait_s = wait_s;
    options.settings = m_settings_kv;
    if (m_config.auth == AuthMode::rds_iam) {
      options.password = [this] { return token(); };
    }
    try {
      return std::make_unique<postgres::Connection>(postgres::Connection::open(options));
    } catch (const Error& error) {
      throw with_login_hint(error);
    }
  }

 private:
  // Reads the secret (once), decides the URL and the settings.
  void prepare(const std::string& url) {
    check_login_settings(m_config);
    m_url = url;
    if (!m_config.url_secret.empty() || !m_config.password_secret.empty() ||
        !m_config.password_parameter.empty()) {
      read_secret();
    }
    const auto given = postgres::conninfo_values(m_url);
    if (!m_config.sslmode.empty()) {
      m_settings_kv.emplace_back("sslmode", m_config.sslmode);
    } else if (m_config.auth == AuthMode::rds_iam) {
      std::string mode = given.count("sslmode") != 0
                             ? given.at("sslmode")
                             : aws::environment_value(m_environment, "PGSSLMODE");
      if (mode.empty()) {
        m_settings_kv.emplace_back("sslmode", "verify-full");
      } else if (mode != "require" && mode != "verify-ca" && mode != "verify-full") {
        throw login_config_error(
            m_config,
            fmt::format("auth rds-iam needs TLS, and the connection's sslmode is {}", mode),
            "use sslmode=verify-full with sslrootcert set to the RDS CA bundle");
      }
    }
    if (!m_config.sslrootcert.empty()) {
      m_settings_kv.emplace_back("sslrootcert", m_config.sslrootcert.string());
    }
    if (m_config.auth == AuthMode::rds_iam) {
      auto value = [&](const char* key, const char* variable) {
        auto found = given.find(key);
        if (found != given.end()) return found->second;
        return aws::environment_value(m_environment, variable);
      };
      m_token_request.host = value("host", "PGHOST");
      m_token_request.user = value("user", "PGUSER");
      const std::string port = value("port", "PGPORT");
      if (m_token_request.host.empty() || m_token_request.host.front() == '/' ||
          m_token_request.host.find(',') != std::string::npos) {
        throw login_config_error(
            m_config, "auth rds-iam needs the database's host name in the URL (one TCP host)",
            "e.g. url: postgresql://migrator@mydb.abc123.eu-west-1.rds.amazonaws.com:5432/app");
      }
      if (m_token_request.user.empty()) {
        throw login_config_error(m_config, "auth rds-iam needs the database user in the URL",
                                 "e.g. postgresql://migrator@host/app (a role granted rds_iam)");
      }
      m_token_request.port = port.empty() ? 5432 : std::atoi(port.c_str());
      m_token_request.region = rds_host_region(m_token_request.host);
      if (m_token_request.region.empty()) {
        m_token_request.region = m_settings.require_region("auth rds-iam");
      }
    }
    m_prepared = true;
  }

  void read_secret() {
    aws::SecretReader reader(m_settings, [this] { return aws::resolve_credentials(m_settings); });
    if (!m_config.password_parameter.empty()) {
      m_settings_kv.emplace_back("password", reader.parameter_value(m_config.password_parameter));
      return;
    }
    const bool whole = !m_config.url_secret.empty();
    const std::string& id = whole ? m_config.url_secret : m_config.password_secret;
    const std::string value = reader.secret_string(id, whole ? "url_secret" : "password_secret");
    const auto document = nlohmann::json::parse(value, nullptr, false);
    if (!document.is_object()) {
      if (!whole) {
        m_settings_kv.emplace_back("password", value);
        return;
      }
      register_connection_secrets(value);
      try {
        m_url = normalize_database_url(value);
      } catch (const Error& error) {
        throw Error(ErrorKind::credentials,
                    fmt::format("url_secret {} holds neither a database URL nor the RDS JSON "
                                "document: {}",
                                text::quote(id), error.message()),
                    std::nullopt,
                    "store postgresql://user:password@host:port/db, or the JSON "
                    "document RDS writes (username, password, host, port, dbname)");
      }
      return;
    }
    // The RDS JSON shape: the user and password always; host, port and the
    // database name where the URL does not give them (url_secret: all).
    const auto given = postgres::conninfo_values(m_url);
    auto take = [&](const char* json_key, const char* libpq_key, bool always) {
      auto found = document.find(json_key);
      if (found == document.end()) return;
      const std::string text = field_text(*found);
      if (std::string_view(libpq_key) == "password") register_secret(text);
      if (text.empty() || (!always && given.count(libpq_key) != 0)) return;
      m_settings_kv.emplace_back(libpq_key, text);
    };
    if (!document.contains("password") || !document["password"].is_string()) {
      throw Error(
          ErrorKind::credentials,
          fmt::format("the JSON document of secret {} has no \"password\" string", text::quote(id)),
          std::nullopt,
          "store the password as a plain string, or the RDS shape {\"username\", "
          "\"password\", \"host\", \"port\", \"dbname\"}");
    }
    take("username", "user", true);
    take("host", "host", whole);
    take("port", "port", whole);
    take("dbname", "dbname", whole);
    take("password", "password", true);
  }

  std::string token() {
    const auto now = std::chrono::system_clock::now();
    if (!m_credentials ||
        (m_credentials->expiration && *m_credentials->expiration - now < k_credentials_refresh)) {
      m_credentials = aws::resolve_credentials(m_settings);
    }
    std::string token = aws::rds_auth_token(m_token_request, *m_credentials, now);
    register_secret(token);
    return token;
  }

  Error with_login_hint(const Error& error) const {
    const std::string& message = error.message();
    std::string hint;
    if (m_config.auth == AuthMode::rds_iam &&
        (message.find("PAM authentication failed") != std::string::npos ||
         message.find("password authentication failed") != std::string::npos)) {
      hint = fmt::format(
          "the server refused the RDS IAM token for user {}: grant it rds_iam (GRANT rds_iam "
          "TO {}), enable IAM authentication on the instance, and allow rds-db:connect on "
          "arn:aws:rds-db:{}:<account>:dbuser:<DbiResourceId>/{} to {}",
          m_token_request.user, m_token_request.user, m_token_request.region, m_token_request.user,
          m_credentials ? m_credentials->source : "the role");
    } else if (message.find("root certificate file") != std::string::npos ||
               message.find("certificate verify failed") != std::string::npos) {
      hint =
          "set sslrootcert to the CA bundle that signs the server's certificate (for RDS: "
          "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem)";
    }
    if (hint.empty()) return error;
    return Error(error.kind(), error.message(), error.location(), hint, error.sqlstate());
  }

  Config m_config;
  Environment m_environment;
  aws::AwsSettings m_settings;
  std::mutex m_mutex;
  bool m_prepared = false;
  std::string m_url;
  Settings m_settings_kv;
  aws::RdsTokenRequest m_token_request;
  std::optional<aws::Credentials> m_credentials;
};

}  // namespace

Connector login_connector(const Config& config, const Environment& environment,
                          std::optional<std::chrono::steady_clock::time_point> deadline) {
  const bool plain = config.auth == AuthMode::password && config.password_secret.empty() &&
                     config.url_secret.empty() && config.password_parameter.empty() &&
                     config.sslmode.empty() && config.sslrootcert.empty();
  if (plain) return {};
  auto login = std::make_shared<Login>(config, environment, deadline);
  return [login](const std::string& url, double wait_s) { return login->connect(url, wait_s); };
}

}  // namespace retort
