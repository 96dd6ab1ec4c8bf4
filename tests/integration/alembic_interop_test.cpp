// Interoperability with the real Alembic (Debian package `alembic`): a
// database migrated by Alembic continues under retort and the reverse, on the
// diamond D1 (A <- B1, A <- B2, M = merge(B1, B2), M <- C) written twice with
// the same revision ids — once as retort SQL files, once as an Alembic
// project. The version table rows must follow docs/alembic-semantics.md §5 no
// matter which tool wrote them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::string>;

constexpr const char* kA = "aaaa1111";
constexpr const char* kB1 = "b1b1b1b1";
constexpr const char* kB2 = "b2b2b2b2";
constexpr const char* kM = "m0m0m0m0";
constexpr const char* kC = "cccc3333";

// Whether `alembic` can be found in PATH.
bool alembic_installed() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string rest = path;
  while (!rest.empty()) {
    auto colon = rest.find(':');
    std::string dir = rest.substr(0, colon);
    rest = colon == std::string::npos ? "" : rest.substr(colon + 1);
    if (dir.empty()) continue;
    std::error_code ec;
    auto candidate = std::filesystem::path(dir) / "alembic";
    if (std::filesystem::is_regular_file(candidate, ec)) return true;
  }
  return false;
}

// postgresql://retort@/tNNN?host=...&port=... -> postgresql+psycopg2://...
std::string sqlalchemy_url(const std::string& url) {
  std::string out = url;
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    std::string prefix = scheme;
    if (out.rfind(prefix, 0) == 0) {
      out = "postgresql+psycopg2://" + out.substr(prefix.size());
      break;
    }
  }
  // alembic.ini goes through configparser interpolation.
  std::string escaped;
  for (char c : out) {
    escaped += c;
    if (c == '%') escaped += '%';
  }
  return escaped;
}

std::string python_tuple(const std::vector<std::string>& parents) {
  if (parents.empty()) return "None";
  if (parents.size() == 1) return "'" + parents[0] + "'";
  std::string out = "(";
  for (std::size_t i = 0; i < parents.size(); ++i) {
    if (i > 0) out += ", ";
    out += "'" + parents[i] + "'";
  }
  return out + ")";
}

constexpr const char* kEnvPy = R"(from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=None, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = engine_from_config(config.get_section(config.config_ini_section),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
)";

class AlembicInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_PG(server);
    if (!alembic_installed()) {
      if (postgres_required()) FAIL() << "alembic is required under CI=true but is not in PATH";
      GTEST_SKIP() << "alembic is not installed";
    }
    project = std::make_unique<MigrationProject>(server->create_database());
    for (const auto& [id, parents] : graph()) project->add(table_revision(id, parents));

    alembic_dir = std::make_unique<TempDir>();
    auto scripts = alembic_dir->path() / "alembic";
    ini = alembic_dir
              ->write("alembic.ini", "[alembic]\nscript_location = " + scripts.string() +
                                         "\nsqlalchemy.url = " + sqlalchemy_url(project->url()) +
                                         "\n")
              .string();
    alembic_dir->write("alembic/env.py", kEnvPy);
    std::filesystem::create_directories(scripts / "versions");
    for (const auto& [id, parents] : graph()) {
      alembic_dir->write("alembic/versions/" + id + "_create.py",
                         "from alembic import op\n\n"
                         "revision = '" +
                             id + "'\ndown_revision = " + python_tuple(parents) +
                             "\nbranch_labels = None\ndepends_on = None\n\n\n"
                             "def upgrade():\n    op.execute(\"CREATE TABLE t_" +
                             id +
                             " (id int)\")\n\n\n"
                             "def downgrade():\n    op.execute(\"DROP TABLE t_" +
                             id + "\")\n");
    }
  }

  static std::vector<std::pair<std::string, std::vector<std::string>>> graph() {
    return {{kA, {}}, {kB1, {kA}}, {kB2, {kA}}, {kM, {kB1, kB2}}, {kC, {kM}}};
  }

  ProcessResult alembic(std::vector<std::string> args) const {
    std::vector<std::string> argv{"alembic", "-c", ini};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions options;
    options.cwd = alembic_dir->path();
    return run_process(argv, options);
  }
  ProcessResult retort(const std::vector<std::string>& args) const { return project->retort(args); }
  bool has_table(const std::string& id) const { return project->table_exists("public.t_" + id); }
  Rows rows() const { return project->rows(); }
  // Revisions retort ran, "<rev>:<direction>" in order.
  Rows retort_steps() const {
    if (!project->table_exists("public.retort_history")) return {};
    return project->query("SELECT revision || ':' || direction FROM retort_history ORDER BY id");
  }

  std::unique_ptr<MigrationProject> project;
  std::unique_ptr<TempDir> alembic_dir;
  std::string ini;
};

// (a) Alembic upgrades to B1; retort continues to head.
TEST_F(AlembicInterop, RetortContinuesFromAlembicBranchState) {
  auto up = alembic({"upgrade", kB1});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  ASSERT_EQ(rows(), (Rows{kB1}));
  ASSERT_TRUE(has_table(kA) && has_table(kB1));
  ASSERT_FALSE(has_table(kB2));

  auto result = retort({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(rows(), (Rows{kC}));
  for (const char* id : {kA, kB1, kB2, kM, kC}) EXPECT_TRUE(has_table(id)) << id;
  // Nothing Alembic already applied ran again (CREATE TABLE would also have failed).
  EXPECT_EQ(retort_steps(), (Rows{std::string(kB2) + ":upgrade", std::string(kM) + ":upgrade",
                                  std::string(kC) + ":upgrade"}));
}

// (b) retort applies both merge parents; Alembic continues to head.
TEST_F(AlembicInterop, AlembicContinuesFromRetortTwoHeadState) {
  auto b1 = retort({"upgrade", kB1});
  ASSERT_EQ(b1.exit_code, 0) << b1.err;
  auto b2 = retort({"upgrade", kB2});
  ASSERT_EQ(b2.exit_code, 0) << b2.err;
  ASSERT_EQ(rows(), (Rows{kB1, kB2}));

  auto result = alembic({"upgrade", "head"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(rows(), (Rows{kC}));
  for (const char* id : {kA, kB1, kB2, kM, kC}) EXPECT_TRUE(has_table(id)) << id;
}

// (c) Alembic downgrades retort's state through the merge (§4.4 row 1); retort
// reads the result and brings it back to head.
TEST_F(AlembicInterop, AlembicDowngradesRetortStateAndRetortResumes) {
  auto up = retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ASSERT_EQ(rows(), (Rows{kC}));

  auto down = alembic({"downgrade", kB1});
  ASSERT_EQ(down.exit_code, 0) << down.out << down.err;
  EXPECT_EQ(rows(), (Rows{kB1, kB2}));
  EXPECT_FALSE(has_table(kC));
  EXPECT_FALSE(has_table(kM));
  EXPECT_TRUE(has_table(kB1) && has_table(kB2) && has_table(kA));

  auto current = retort({"current"});
  ASSERT_EQ(current.exit_code, 0) << current.err;
  EXPECT_NE(current.out.find(kB1), std::string::npos) << current.out;
  EXPECT_NE(current.out.find(kB2), std::string::npos) << current.out;

  auto again = retort({"upgrade", "head"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(rows(), (Rows{kC}));
  for (const char* id : {kA, kB1, kB2, kM, kC}) EXPECT_TRUE(has_table(id)) << id;
}

// (d) `alembic current` understands a version table written by retort.
TEST_F(AlembicInterop, AlembicCurrentReadsRetortHead) {
  auto up = retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.err;

  auto current = alembic({"current"});
  ASSERT_EQ(current.exit_code, 0) << current.out << current.err;
  EXPECT_NE(current.out.find(std::string(kC) + " (head)"), std::string::npos)
      << current.out << current.err;
}

// (e) The reverse of (c): retort downgrades Alembic's state; Alembic resumes.
TEST_F(AlembicInterop, RetortDowngradesAlembicStateAndAlembicResumes) {
  auto up = alembic({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
  ASSERT_EQ(rows(), (Rows{kC}));

  auto down = retort({"downgrade", kB1});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(rows(), (Rows{kB1, kB2}));
  EXPECT_FALSE(has_table(kC));
  EXPECT_FALSE(has_table(kM));

  auto current = alembic({"current"});
  ASSERT_EQ(current.exit_code, 0) << current.out << current.err;
  EXPECT_NE(current.out.find(kB1), std::string::npos) << current.out;
  EXPECT_NE(current.out.find(kB2), std::string::npos) << current.out;

  auto again = alembic({"upgrade", "head"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(rows(), (Rows{kC}));
  for (const char* id : {kA, kB1, kB2, kM, kC}) EXPECT_TRUE(has_table(id)) << id;
}

}  // namespace
}  // namespace retort::testing
