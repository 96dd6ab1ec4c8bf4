// init: a new project (config/retort.yaml and an empty migrations directory).
#include <fmt/format.h>

#include <fstream>

#include "commands/json_output.hpp"
#include "retort/commands.hpp"

namespace retort {
namespace {

constexpr std::string_view k_config_template = R"(# retort configuration.
#
# Precedence: command-line flags > environment (DATABASE_URL, DB_URL, RETORT_*)
# > this file > defaults. Every value may use ${VAR} or ${VAR:-default}.
# Relative paths resolve against the directory of this file.

# The migration files, one `<rev>_<slug>.sql` per revision.
script_location: ../migrations

# The database: postgresql://user:password@host:port/dbname or a libpq string
# such as "host=localhost dbname=app". SQLAlchemy URLs (postgresql+psycopg2://)
# are accepted. Empty: libpq's PG* environment variables apply.
url: ${DATABASE_URL:-}

# Production logins without a password in the file (README "AWS: no password
# in the image"): auth: rds-iam computes a fresh RDS IAM token per connection
# (TLS required: sslmode defaults to verify-full); password_secret /
# url_secret read Secrets Manager, password_parameter SSM Parameter Store.
# auth: rds-iam
# sslrootcert: certs/global-bundle.pem
# password_secret: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db
# aws:
#   region: eu-west-1

# The version table, compatible with Alembic's (one row per current head).
version_table: alembic_version
version_table_schema: public

# One row per executed step (drift detection, audit trail); false disables it.
history_table: retort_history

# false: a whole run is one transaction (all or nothing), as Alembic does;
# true: every migration commits together with its version-table update.
transaction_per_migration: false

# Seconds to wait for another retort run to release retort's lock.
lock_wait_s: 300
# How runs exclude each other: auto uses a session advisory lock on a direct
# connection and a lease row in retort_lock behind a connection pooler
# (PgBouncer, RDS Proxy); advisory refuses to run behind a pooler; table
# always uses the lease, which a run that died gives up after lock_lease_s.
lock_strategy: auto
lock_lease_s: 30
# PostgreSQL lock_timeout for migration statements, in seconds (0 = off).
# A statement waiting for a table lock holds up every later query on that
# table, so a short timeout bounds how long traffic can wait behind a
# migration; a step that times out is rolled back and tried again
# lock_retries times, with a growing, jittered pause. Raise them for a busy
# table that needs a long wait to get its lock.
lock_timeout_s: 2
lock_retries: 5
statement_timeout_s: 0
# What upgrade and downgrade do with lint findings on the steps they run:
# error refuses steps that would fail or lock a big table, warn reports,
# off skips the check (`retort lint` checks the files).
lint: error

# Names of new files. Tokens: {rev} {slug} {epoch} {year} {month} {day}
# {hour} {minute} {second}; ".sql" is appended.
file_template: "{rev}_{slug}"
truncate_slug_length: 40

# When the same binary runs as an AWS Lambda function.
lambda:
  default_command: [upgrade, head]
  allowed_commands: [upgrade, current, history, heads, branches, show, check]
  # CloudFormation custom-resource events: `provider` returns the result to
  # the caller (CDK Triggers, Provider framework); `direct` answers on the
  # event's ResponseURL (a plain Lambda-backed custom resource).
  cloudformation: provider
  # Resumable upgrades: commit per migration, stop before a step that would
  # not finish before the invocation's deadline and answer "complete": false,
  # for a caller that invokes again until "complete" is true (Step Functions,
  # a CI loop). Leave it off for callers that invoke once (CDK Triggers,
  # Terraform); CloudFormation events never resume.
  resumable: false
  # A step starts when the time left covers its expected duration (its last
  # upgrade in history_table, else step_estimate_s or the longest step so
  # far) plus step_margin_s plus a quarter of that duration.
  step_margin_s: 2
  step_estimate_s: 1
)";

bool is_non_empty_directory(const std::filesystem::path& path) {
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) return false;
  if (!std::filesystem::is_directory(path, ignored)) return true;
  return std::filesystem::directory_iterator(path, ignored) !=
         std::filesystem::directory_iterator();
}

void write_text(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw Error(ErrorKind::io, fmt::format("cannot write {}", path.string()));
}

}  // namespace

void run_init(const CommandContext& context, const InitOptions& options, Reporter& reporter) {
  const auto root =
      std::filesystem::absolute(context.working_dir() / options.directory).lexically_normal();
  const auto config_file = root / "config" / "retort.yaml";
  const auto migrations = root / "migrations";
  std::error_code ignored;
  if (std::filesystem::exists(config_file, ignored)) {
    throw Error(ErrorKind::io, fmt::format("{} already exists", config_file.string()), {},
                "init never overwrites a project; edit that file, or init another directory");
  }
  if (is_non_empty_directory(migrations)) {
    throw Error(ErrorKind::io,
                fmt::format("directory {} already exists and is not empty", migrations.string()),
                {}, "init never overwrites a project; init another directory");
  }
  std::vector<std::string> lines;
  try {
    if (!std::filesystem::exists(migrations)) {
      std::filesystem::create_directories(migrations);
      lines.push_back(fmt::format("Creating directory {} ...  done", migrations.string()));
    }
    std::filesystem::create_directories(config_file.parent_path());
  } catch (const std::filesystem::filesystem_error& error) {
    throw Error(ErrorKind::io, fmt::format("cannot create {}: {}", error.path1().string(),
                                           error.code().message()));
  }
  write_text(config_file, k_config_template);
  lines.push_back(fmt::format("Generating {} ...  done", config_file.string()));
  lines.push_back(fmt::format(
      "Please set the database URL in {} (or export DATABASE_URL), then create the first "
      "migration with `retort revision -m \"...\"`.",
      config_file.string()));
  if (context.json()) {
    auto document = json_output::document("init");
    document["config_file"] = config_file.string();
    document["script_location"] = migrations.string();
    json_output::emit(reporter, document);
  } else {
    for (const auto& line : lines) reporter.output(line);
  }
}

}  // namespace retort
