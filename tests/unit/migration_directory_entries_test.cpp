// load_migrations() on `*.sql` entries that are not regular files: each is an
// error naming the entry and saying what it is, never a silent skip and
// never a blocking open (a FIFO).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "retort/error.hpp"
#include "retort/migration_files.hpp"
#include "support/temp_dir.hpp"

namespace retort {
namespace {

using testing::TempDir;
namespace fs = std::filesystem;

constexpr const char* k_migration =
    "-- revision: a1\n-- down_revision:\n\n-- migrate:upgrade\nSELECT 1;\n";

void make_socket(const fs::path& path) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0) << path;
  close(fd);
}

struct EntryRow {
  const char* name;
  std::function<void(const fs::path& dir)> make;  // creates dir/x.sql
  ErrorKind kind;
  const char* message;
};

TEST(MigrationDirectoryEntries, NonRegularSqlEntriesAreRefusedByName) {
  const std::vector<EntryRow> rows = {
      {"directory", [](const fs::path& dir) { fs::create_directory(dir / "x.sql"); },
       ErrorKind::migration_file, "is a directory, not a migration file"},
      {"fifo", [](const fs::path& dir) { ASSERT_EQ(mkfifo((dir / "x.sql").c_str(), 0644), 0); },
       ErrorKind::migration_file, "is a FIFO (named pipe), not a migration file"},
      {"socket", [](const fs::path& dir) { make_socket(dir / "x.sql"); }, ErrorKind::migration_file,
       "is a socket, not a migration file"},
      {"link to a device",
       [](const fs::path& dir) { fs::create_symlink("/dev/null", dir / "x.sql"); },
       ErrorKind::migration_file, "is a character device, not a migration file"},
      {"link to a directory",
       [](const fs::path& dir) {
         fs::create_directory(dir / "elsewhere");
         fs::create_directory_symlink(dir / "elsewhere", dir / "x.sql");
       },
       ErrorKind::migration_file, "is a directory, not a migration file"},
      {"dangling link", [](const fs::path& dir) { fs::create_symlink("gone.txt", dir / "x.sql"); },
       ErrorKind::io,
       "cannot read migration file: it is a link to 'gone.txt', which does not exist"},
      {"link loop", [](const fs::path& dir) { fs::create_symlink("x.sql", dir / "x.sql"); },
       ErrorKind::io, "cannot read migration file: its symbolic links form a loop"},
  };
  for (const EntryRow& row : rows) {
    TempDir dir;
    dir.write("a.sql", k_migration);
    row.make(dir.path());
    try {
      load_migrations(dir.path());
      ADD_FAILURE() << row.name << ": loaded";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), row.kind) << row.name;
      EXPECT_EQ(error.message(), row.message) << row.name;
      EXPECT_EQ(*error.location(), SourceLocation{(dir.path() / "x.sql").string()}) << row.name;
      EXPECT_FALSE(error.hint().empty()) << row.name;
    }
  }
}

TEST(MigrationDirectoryEntries, TheFirstOffenderInNameOrderIsReported) {
  TempDir dir;
  fs::create_directory(dir.path() / "b.sql");
  ASSERT_EQ(mkfifo((dir.path() / "a.sql").c_str(), 0644), 0);
  try {
    load_migrations(dir.path());
    ADD_FAILURE() << "loaded";
  } catch (const Error& error) {
    EXPECT_EQ(error.location()->file, (dir.path() / "a.sql").string());
  }
}

TEST(MigrationDirectoryEntries, HiddenAndOtherEntriesStayIgnored) {
  TempDir dir;
  dir.write("a.sql", k_migration);
  fs::create_directory(dir.path() / ".cache.sql");
  fs::create_directory(dir.path() / "archive");
  ASSERT_EQ(mkfifo((dir.path() / "pipe").c_str(), 0644), 0);
  EXPECT_EQ(load_migrations(dir.path()).size(), 1u);
}

}  // namespace
}  // namespace retort
