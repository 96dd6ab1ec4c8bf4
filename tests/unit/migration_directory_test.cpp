// load_migrations(): which files are read, in which order, and the errors for
// unreadable paths and ids declared twice.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/stat.h>
#include <unistd.h>
#include <functional>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/migration_files.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

std::string migration(const std::string& id, const std::string& parent = "") {
  return "-- revision: " + id + "\n-- down_revision: " + parent + "\n-- message: revision " + id +
         "\n\n-- migrate:upgrade\nSELECT 1;\n";
}

std::vector<std::string> file_names(const std::vector<Revision>& revisions) {
  std::vector<std::string> names;
  for (const Revision& r : revisions) names.push_back(fs::path(r.path).filename().string());
  return names;
}

Error load_error(const fs::path& dir) {
  try {
    load_migrations(dir);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no error for " << dir;
  return Error(ErrorKind::usage, "none");
}

TEST(MigrationDirectory, LoadsInByteOrderOfFileNames) {
  TempDir dir;
  int n = 0;
  for (const char* name : {"b.sql", "a.sql", "B.sql", "a_2.sql", "10_x.sql", "9_x.sql"}) {
    dir.write(name, migration("r" + std::to_string(n++)));
  }
  auto revisions = load_migrations(dir.path());
  EXPECT_EQ(file_names(revisions), (std::vector<std::string>{"10_x.sql", "9_x.sql", "B.sql",
                                                             "a.sql", "a_2.sql", "b.sql"}));
  EXPECT_EQ(revisions.front().path, (dir.path() / "10_x.sql").string());
  EXPECT_EQ(revisions.front().id.str(), "r4");
}

TEST(MigrationDirectory, ReadsOnlySqlFilesDirectlyInside) {
  TempDir dir;
  dir.write("a.sql", migration("a1"));
  dir.write("notes.txt", "not a migration");
  dir.write("a.sql.bak", "garbage");
  dir.write("README.md", "# migrations");
  dir.write("UPPER.SQL", "garbage");
  dir.write(".hidden.sql", "garbage (editor files are hidden)");
  dir.write("sub/c.sql", migration("c1"));  // not recursive
  auto revisions = load_migrations(dir.path());
  EXPECT_EQ(file_names(revisions), std::vector<std::string>{"a.sql"});
}

TEST(MigrationDirectory, FollowsLinksToFiles) {
  TempDir dir;
  auto target = dir.write("elsewhere/x.txt", migration("x1"));
  fs::create_directory(dir.path() / "migrations");
  fs::create_symlink(target, dir.path() / "migrations" / "x.sql");
  auto revisions = load_migrations(dir.path() / "migrations");
  ASSERT_EQ(revisions.size(), 1u);
  EXPECT_EQ(revisions[0].id.str(), "x1");
}

TEST(MigrationDirectory, EmptyDirectoryHasNoRevisions) {
  TempDir dir;
  EXPECT_TRUE(load_migrations(dir.path()).empty());
}

TEST(MigrationDirectory, TrailingSlashDoesNotDoubleInPaths) {
  TempDir dir;
  dir.write("a.sql", migration("a1"));
  auto revisions = load_migrations(dir.path().string() + "/");
  ASSERT_EQ(revisions.size(), 1u);
  EXPECT_EQ(revisions[0].path, (dir.path() / "a.sql").string());
}

TEST(MigrationDirectory, DuplicateIdIsReportedAtTheSecondFile) {
  TempDir dir;
  dir.write("1_first.sql", migration("same"));
  dir.write("2_second.sql", "-- down_revision:\n-- revision: same\n-- migrate:upgrade\n");
  Error error = load_error(dir.path());
  EXPECT_EQ(error.kind(), ErrorKind::migration_file);
  ASSERT_TRUE(error.location().has_value());
  EXPECT_EQ(*error.location(), (SourceLocation{(dir.path() / "2_second.sql").string(), 2, 4}));
  EXPECT_EQ(error.message(),
            "revision id 'same' is already declared in " + (dir.path() / "1_first.sql").string());
  EXPECT_FALSE(error.hint().empty());
}

TEST(MigrationDirectory, ParseErrorsNameTheFile) {
  TempDir dir;
  dir.write("a.sql", migration("a1"));
  dir.write("b.sql", "-- revision: b1\n-- down_revision: a1\n-- migrate:upgrade transaction:no\n");
  Error error = load_error(dir.path());
  EXPECT_EQ(error.kind(), ErrorKind::migration_file);
  EXPECT_EQ(*error.location(), (SourceLocation{(dir.path() / "b.sql").string(), 3, 32}));
}

TEST(MigrationDirectory, MissingDirectoryIsAnIoError) {
  TempDir dir;
  fs::path missing = dir.path() / "does-not-exist";
  Error error = load_error(missing);
  EXPECT_EQ(error.kind(), ErrorKind::io);
  EXPECT_EQ(*error.location(), SourceLocation{missing.string()});
  EXPECT_EQ(error.message(), "cannot open the migrations directory: No such file or directory");
  EXPECT_NE(error.hint().find("retort init"), std::string::npos);
}

TEST(MigrationDirectory, FileInsteadOfDirectoryIsAnIoError) {
  TempDir dir;
  auto file = dir.write("file.txt", "x");
  Error error = load_error(file);
  EXPECT_EQ(error.kind(), ErrorKind::io);
  EXPECT_EQ(error.message(), "cannot open the migrations directory: Not a directory");
}

TEST(MigrationDirectory, DanglingLinkIsAnIoError) {
  TempDir dir;
  fs::create_symlink(dir.path() / "gone.txt", dir.path() / "a.sql");
  Error error = load_error(dir.path());
  EXPECT_EQ(error.kind(), ErrorKind::io);
  EXPECT_EQ(*error.location(), SourceLocation{(dir.path() / "a.sql").string()});
}

// Runs `check` (which returns true on success) as an unprivileged user: file
// modes do not stop root, so as root it runs in a child that drops to
// nobody (uid 65534) first. Returns whether `check` succeeded.
bool holds_without_privileges(const std::function<bool()>& check) {
  if (geteuid() != 0) return check();
  pid_t child = fork();
  if (child == 0) {
    if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    bool ok = false;
    try {
      ok = check();
    } catch (...) {
    }
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST(MigrationDirectory, UnreadableFileIsAnIoError) {
  TempDir dir;
  chmod(dir.path().c_str(), 0755);  // reachable for the unprivileged child
  auto file = dir.write("a.sql", migration("a1"));
  ASSERT_EQ(chmod(file.c_str(), 0), 0);
  EXPECT_TRUE(holds_without_privileges([&] {
    Error error = load_error(dir.path());
    return error.kind() == ErrorKind::io && *error.location() == SourceLocation{file.string()} &&
           error.message() == "cannot read migration file: Permission denied";
  }));
}

TEST(MigrationDirectory, UnreadableDirectoryIsAnIoError) {
  TempDir dir;
  chmod(dir.path().c_str(), 0755);
  fs::create_directory(dir.path() / "locked");
  ASSERT_EQ(chmod((dir.path() / "locked").c_str(), 0), 0);
  EXPECT_TRUE(holds_without_privileges([&] {
    Error error = load_error(dir.path() / "locked");
    return error.kind() == ErrorKind::io &&
           error.message() == "cannot open the migrations directory: Permission denied";
  }));
  chmod((dir.path() / "locked").c_str(), 0700);
}

// Smoke test for the load path at scale; the time is printed, not asserted.
TEST(MigrationDirectory, LoadsTenThousandFiles) {
  TempDir dir;
  constexpr int k_count = 10'000;
  auto id_of = [](int i) {
    char id[16];
    std::snprintf(id, sizeof id, "r%05d", i);
    return std::string(id);
  };
  for (int i = 0; i < k_count; ++i) {
    std::string n = std::to_string(i);
    dir.write(id_of(i) + "_step.sql", "-- revision: " + id_of(i) + "\n-- down_revision: " +
                                          (i == 0 ? "" : id_of(i - 1)) + "\n-- message: step " + n +
                                          "\n-- create_date: 2026-11-21T12:00:00Z\n\n"
                                          "-- migrate:upgrade\nCREATE TABLE t" +
                                          n +
                                          " (id bigint);\n\n"
                                          "-- migrate:downgrade\nDROP TABLE t" +
                                          n + ";\n");
  }
  auto start = std::chrono::steady_clock::now();
  auto revisions = load_migrations(dir.path());
  auto elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  ASSERT_EQ(revisions.size(), static_cast<std::size_t>(k_count));
  EXPECT_EQ(revisions.back().id.str(), "r09999");
  EXPECT_EQ(revisions.back().down_revisions.front().str(), "r09998");
  std::cout << "[ timing   ] loaded " << k_count << " files in " << elapsed.count() << " ms\n";
  RecordProperty("load_ms", static_cast<int>(elapsed.count()));
}

}  // namespace
}  // namespace retort
