// load_migrations(): one readdir pass, one read() per file, no per-file YAML
// parser for the forms `retort revision` writes (see header_fast_path.cpp).
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#include "files/file_error.hpp"
#include "files/migration_parser.hpp"
#include "retort/migration_files.hpp"

namespace retort {
namespace {

[[noreturn]] void throw_io(const std::string& path, const std::string& what, int error,
                           std::string hint = {}) {
  throw Error(ErrorKind::io, fmt::format("{}: {}", what, std::strerror(error)),
              SourceLocation{path}, std::move(hint));
}

struct DirCloser {
  void operator()(DIR* dir) const { closedir(dir); }
};

bool is_migration_name(std::string_view name) {
  // Hidden files (editor lock files such as `.#a.sql`) are not migrations.
  return name.size() > 4 && name.front() != '.' && name.substr(name.size() - 4) == ".sql";
}

// The names of the `*.sql` regular files (or links to them) in `dir`, sorted
// by byte value.
std::vector<std::string> list_migration_names(const std::string& dir) {
  std::unique_ptr<DIR, DirCloser> handle(opendir(dir.c_str()));
  if (!handle) {
    int error = errno;
    std::string hint = error == ENOENT ? "create it with `retort init`, or fix script_location in "
                                         "the configuration"
                                       : "check script_location and the directory's permissions";
    throw_io(dir, "cannot open the migrations directory", error, hint);
  }
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = readdir(handle.get())) {
    std::string_view name = entry->d_name;
    if (!is_migration_name(name)) continue;
    bool regular = entry->d_type == DT_REG;
    if (entry->d_type == DT_UNKNOWN || entry->d_type == DT_LNK) {
      struct stat info {};
      if (fstatat(dirfd(handle.get()), entry->d_name, &info, 0) != 0) {
        int error = errno;
        throw_io(dir + "/" + std::string(name), "cannot read migration file", error);
      }
      regular = S_ISREG(info.st_mode);
    }
    if (regular) names.emplace_back(name);
    errno = 0;
  }
  if (errno != 0) throw_io(dir, "cannot list the migrations directory", errno);
  std::sort(names.begin(), names.end());
  return names;
}

struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) close(fd);
  }
};

[[noreturn]] void throw_too_large(const std::string& path, std::size_t size) {
  throw Error(ErrorKind::migration_file,
              fmt::format("the migration file is {} bytes; the limit is {} MiB ({} bytes)", size,
                          k_max_migration_file_bytes / (1024 * 1024), k_max_migration_file_bytes),
              SourceLocation{path},
              "split it into several revisions, or load bulk data outside the migration (COPY)");
}

std::string read_whole_file(const std::string& path) {
  FileDescriptor file{open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  int fd = file.fd;
  if (fd < 0) throw_io(path, "cannot read migration file", errno);
  struct stat info {};
  if (fstat(fd, &info) != 0) throw_io(path, "cannot read migration file", errno);
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size > k_max_migration_file_bytes) throw_too_large(path, size);
  // One spare byte, so the read that reports the end needs no reallocation.
  std::string text(size + 1, '\0');
  std::size_t done = 0;
  while (true) {
    // The file may grow while it is read.
    if (done > k_max_migration_file_bytes) throw_too_large(path, done);
    if (done == text.size()) text.resize(text.size() + 4096);  // the file grew meanwhile
    ssize_t got = read(fd, text.data() + done, text.size() - done);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_io(path, "cannot read migration file", errno);
    }
    if (got == 0) break;
    done += static_cast<std::size_t>(got);
  }
  text.resize(done);
  return text;
}

}  // namespace

std::vector<Revision> load_migrations(const std::filesystem::path& dir) {
  std::string base = dir.string();
  std::vector<std::string> names = list_migration_names(base);
  std::string prefix = base.empty() || base.back() == '/' ? base : base + "/";

  std::vector<Revision> revisions;
  revisions.reserve(names.size());
  std::unordered_map<std::string, std::size_t> by_id;
  by_id.reserve(names.size());
  for (const std::string& name : names) {
    std::string path = prefix + name;
    files::ParsedMigration parsed = files::parse_migration(read_whole_file(path), path);
    auto [it, inserted] = by_id.emplace(parsed.revision.id.str(), revisions.size());
    if (!inserted) {
      files::throw_file_error(
          path, parsed.revision.header_line, parsed.revision_column,
          fmt::format("revision id '{}' is already declared in {}", parsed.revision.id.str(),
                      revisions[it->second].path),
          "every revision needs its own id: give one of the files a new id, or delete a "
          "leftover copy");
    }
    revisions.push_back(std::move(parsed.revision));
  }
  return revisions;
}

}  // namespace retort
