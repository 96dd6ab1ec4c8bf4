// Configuration (docs/architecture.md §6): defaults < config file < environment <
// command-line flags. Plain struct with documented defaults.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace retort {

// How a resumable upgrade schedules its steps against the invocation's
// deadline (docs/lambda.md "Resumable runs", migrator/step_schedule.hpp).
struct ResumableSettings {
  // A step starts only when the time left is at least its expected duration
  // plus this margin plus a quarter of the expected duration.
  double step_margin_s = 2;
  // The expected duration of a step that retort_history has no duration
  // for, unless a step of this run took longer.
  double step_estimate_s = 1;
};

struct LambdaConfig {
  std::vector<std::string> default_command{"upgrade", "head"};
  std::vector<std::string> allowed_commands{"upgrade",  "current", "history", "heads",
                                            "branches", "show",    "check"};
  // CloudFormation custom-resource events: false ("provider") returns the
  // result to the caller (CDK Provider framework, Triggers); true ("direct")
  // answers on the event's ResponseURL, as a plain Lambda-backed resource needs.
  bool cloudformation_direct = false;
  // `upgrade` commits per migration, stops starting steps that would not
  // finish before the deadline and answers "complete": false; a later
  // invocation continues. Off by default: callers that invoke once (CDK
  // Triggers, Terraform, CloudFormation) would read that answer as done.
  bool resumable = false;
  ResumableSettings resumable_settings;
};

// How runs exclude each other (docs/architecture.md §5.3).
enum class LockStrategy {
  automatic,  // "auto": the advisory lock on a direct connection, the lease table behind a pooler
  advisory,   // a session advisory lock; refused behind a connection pooler
  table,      // a lease row in retort_lock, renewed while the run lasts
};

// What an upgrade or downgrade does with lint findings on the steps it is
// about to run (docs/architecture.md §5.10).
enum class LintMode {
  error,  // report them; refuse the run, before its first step, if any is an error
  warn,   // report them; run anyway
  off,    // do not lint
};

// How connections authenticate (docs/architecture.md §5.9).
enum class AuthMode {
  password,  // the URL's password, PGPASSWORD, ~/.pgpass, or a secret's
  rds_iam,   // "rds-iam": a fresh RDS IAM auth token for every connection
};

// The config file's `aws:` mapping. The AWS SDKs' environment variables win
// over these (AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL,
// AWS_ENDPOINT_URL_<SERVICE>, AWS_CA_BUNDLE): see lib/src/aws/aws_settings.hpp.
struct AwsConfig {
  std::string region;
  std::string endpoint_url;  // every service (a VPC endpoint, LocalStack)
  std::string secretsmanager_endpoint_url;
  std::string ssm_endpoint_url;
  std::string sts_endpoint_url;
  std::filesystem::path ca_bundle;  // PEM file trusted for AWS endpoints instead of the system's
  // Read secrets and parameters through the AWS Parameters and Secrets
  // Lambda extension when it answers on localhost (in Lambda only).
  bool secrets_extension = true;
};

struct Config {
  // Where the file came from; empty when no config file was found.
  std::filesystem::path config_file;
  // Absolute; relative paths in the file resolve against the file's directory,
  // relative flags against the working directory. Default: ./migrations.
  std::filesystem::path script_location = "migrations";
  // Database URL; empty means "use libpq's PG* environment variables".
  std::string url;
  AuthMode auth = AuthMode::password;
  // libpq's sslmode and sslrootcert for the database connection; empty: the
  // URL's or libpq's (PGSSLMODE). With auth rds-iam sslmode defaults to
  // verify-full and must be require, verify-ca or verify-full.
  std::string sslmode;
  std::filesystem::path sslrootcert;
  // Where the connection's secrets come from (docs/architecture.md §5.9): a
  // Secrets Manager secret (ARN or name) holding the password or the RDS
  // JSON shape, one holding the whole URL (or the RDS JSON shape), an SSM
  // parameter (SecureString) holding the password. Empty: not used.
  std::string password_secret;
  std::string url_secret;
  std::string password_parameter;
  AwsConfig aws;
  std::string version_table = "alembic_version";
  std::string version_table_schema = "public";
  // Empty when the history table is disabled (`history_table: false`).
  std::string history_table = "retort_history";
  bool transaction_per_migration = false;
  double lock_wait_s = 300;   // wait for another retort run's lock
  double lock_timeout_s = 0;  // PostgreSQL lock_timeout for migrations (0 = off)
  // Tries after the first for a step that fails with lock_not_available
  // (docs/architecture.md §5.11); unset: effective_lock_retries().
  std::optional<std::size_t> lock_retries;
  double statement_timeout_s = 0;  // PostgreSQL statement_timeout (0 = off)
  LockStrategy lock_strategy = LockStrategy::automatic;
  LintMode lint = LintMode::error;
  // The PostgreSQL major version the migrations are written for (e.g. 16),
  // for `retort lint` without a database: version-dependent rules use it, and
  // syntax newer than the lint grammar (15) is "not checked" rather than an
  // error. 0: unknown (a live server's version is used when connected).
  int postgres_version = 0;
  // lock_strategy table: a lease not renewed for this long may be taken over
  // (a run renews it every third of it while it lasts).
  double lock_lease_s = 30;
  std::string file_template = "{rev}_{slug}";
  std::size_t truncate_slug_length = 40;
  LambdaConfig lambda;
};

// What the command line said; unset fields do not override.
struct ConfigOverrides {
  std::optional<std::filesystem::path> config_file;  // -c/--config
  std::optional<std::string> url;                    // --url
  std::optional<std::filesystem::path> script_location;
  std::optional<double> lock_wait_s, lock_timeout_s, statement_timeout_s;
  std::optional<std::size_t> lock_retries;  // --lock-retries
  std::optional<bool> transaction_per_migration;
  std::optional<std::string> lock_strategy;  // --lock-strategy auto|advisory|table
  std::optional<std::string> auth;           // --auth password|rds-iam
  std::optional<std::string> lint;           // --lint error|warn|off
};

// config.lock_retries when set; else 3 when lock_timeout_s is on (a short
// lock_timeout is expected to be hit now and then on a busy table) and 0
// when it is off (a statement then waits as long as it takes).
inline constexpr std::size_t k_default_lock_retries = 3;
std::size_t effective_lock_retries(const Config& config);

// The environment as a map, so loading is testable without touching the
// process environment. `environment_from_process()` captures the real one.
using Environment = std::map<std::string, std::string>;
Environment environment_from_process();

// Finds and loads the configuration: --config, else $RETORT_CONFIG, else
// ./retort.yaml, else ./config/retort.yaml (relative to `working_dir`), else
// defaults only. Applies ${VAR} / ${VAR:-default} interpolation in string
// values, then environment overrides (DATABASE_URL, DB_URL, RETORT_URL,
// RETORT_SCRIPT_LOCATION, RETORT_VERSION_TABLE, RETORT_VERSION_TABLE_SCHEMA,
// RETORT_LOCK_WAIT_S, ...), then `overrides`. Registers as secrets
// (retort/redact.hpp) the password of every URL value it reads (file,
// environment, --url), before checking it, and those of
// register_environment_secrets(). Throws Error(ErrorKind::config)
// with file:line:col for malformed YAML, unknown keys, wrong types, an unset
// variable without default, and a missing explicit config file.
Config load_config(const ConfigOverrides& overrides, const Environment& environment,
                   const std::filesystem::path& working_dir);

// Registers as secrets (retort/redact.hpp) what `environment` holds for
// connections: PGPASSWORD, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
// AWS_CONTAINER_AUTHORIZATION_TOKEN, and the
// passwords of RETORT_URL, DATABASE_URL and DB_URL (the ones not used too).
void register_environment_secrets(const Environment& environment);

// Accepts postgresql://, postgres:// and SQLAlchemy forms such as
// postgresql+psycopg2:// (the driver part is dropped); returns a URL libpq
// understands. Throws Error(ErrorKind::config) for other schemes.
std::string normalize_database_url(const std::string& url);

}  // namespace retort
