// load_migrations(): one readdir pass, then openat() + read() + close() per
// file over up to 4 threads, no per-file YAML parser for the forms `retort
// revision` writes (see header_fast_path.cpp).
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "files/file_error.hpp"
#include "files/migration_parser.hpp"
#include "graph/slot_table.hpp"
#include "retort/display_text.hpp"
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

// What a `*.sql` entry is, when it is not a regular file ("" when it is).
std::string_view non_regular_kind(mode_t mode) {
  if (S_ISREG(mode)) return {};
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// A `*.sql` entry that is not a migration file: retort refuses the
// directory rather than skip a file the user meant as a migration (and never
// opens a FIFO, which would block).
[[noreturn]] void throw_not_a_file(const std::string& path, std::string_view kind) {
  throw Error(ErrorKind::migration_file, fmt::format("is {}, not a migration file", kind),
              SourceLocation{path},
              "retort reads every *.sql entry of the migrations directory as a migration: "
              "rename it so that its name does not end in .sql, or move it elsewhere");
}

// The kind of a `*.sql` entry that is a symbolic link (followed), or throws
// for a link that leads nowhere.
std::string_view link_kind(int dir_fd, const std::string& dir, const char* name) {
  struct stat info {};
  if (fstatat(dir_fd, name, &info, 0) == 0) return non_regular_kind(info.st_mode);
  const int error = errno;
  const std::string path = dir + "/" + name;
  char target[4096];
  const ssize_t length = readlinkat(dir_fd, name, target, sizeof target - 1);
  if (error == ENOENT && length >= 0) {
    throw Error(
        ErrorKind::io,
        fmt::format("cannot read migration file: it is a link to {}, which does not exist",
                    text::quote(std::string_view(target, static_cast<std::size_t>(length)))),
        SourceLocation{path}, "fix or remove the link");
  }
  if (error == ELOOP) {
    throw Error(ErrorKind::io, "cannot read migration file: its symbolic links form a loop",
                SourceLocation{path}, "fix or remove the link");
  }
  throw_io(path, "cannot read migration file", error);
}

// File names held in one buffer, NUL-terminated: a big directory costs two
// allocations rather than one per name.
class NameList {
 public:
  void add(std::string_view name) {
    m_names.push_back(
        Name{static_cast<std::uint32_t>(m_text.size()), static_cast<std::uint32_t>(name.size())});
    m_text.append(name);
    m_text.push_back('\0');
  }
  // In byte order, as std::string compares.
  void sort() {
    std::sort(m_names.begin(), m_names.end(),
              [this](const Name& a, const Name& b) { return view(a) < view(b); });
  }
  std::size_t size() const { return m_names.size(); }
  // The i-th name, NUL-terminated.
  const char* c_str(std::size_t i) const { return m_text.data() + m_names[i].offset; }
  std::string_view operator[](std::size_t i) const { return view(m_names[i]); }

 private:
  struct Name {
    std::uint32_t offset;
    std::uint32_t length;
  };
  std::string_view view(const Name& name) const {
    return std::string_view(m_text.data() + name.offset, name.length);
  }
  std::string m_text;
  std::vector<Name> m_names;
};

// The names of the `*.sql` files (or links to them) in `dir`, sorted by byte
// value. Throws for the first name, in that order, that is something else.
NameList list_migration_names(const std::string& dir) {
  std::unique_ptr<DIR, DirCloser> handle(opendir(dir.c_str()));
  if (!handle) {
    int error = errno;
    std::string hint = error == ENOENT ? "create it with `retort init`, or fix script_location in "
                                         "the configuration"
                                       : "check script_location and the directory's permissions";
    throw_io(dir, "cannot open the migrations directory", error, hint);
  }
  NameList names;
  std::vector<std::string> others;  // *.sql entries that are not regular files
  errno = 0;
  while (const dirent* entry = readdir(handle.get())) {
    std::string_view name = entry->d_name;
    if (!is_migration_name(name)) continue;
    if (entry->d_type == DT_REG) {
      names.add(name);
    } else {
      others.emplace_back(name);
    }
    errno = 0;
  }
  if (errno != 0) throw_io(dir, "cannot list the migrations directory", errno);
  std::sort(others.begin(), others.end());
  for (const std::string& name : others) {
    // d_type is only a hint (DT_UNKNOWN on some file systems): stat decides.
    struct stat info {};
    if (fstatat(dirfd(handle.get()), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
      throw_io(dir + "/" + name, "cannot read migration file", errno);
    }
    const std::string_view kind = S_ISLNK(info.st_mode)
                                      ? link_kind(dirfd(handle.get()), dir, name.c_str())
                                      : non_regular_kind(info.st_mode);
    if (!kind.empty()) throw_not_a_file(dir + "/" + name, kind);
    names.add(name);
  }
  names.sort();
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

// What the first read() of a file asks for: every file `retort revision`
// writes fits, so most files take one openat(), one read() and one close().
constexpr std::size_t k_first_read_bytes = 16 * 1024;

// A read buffer reused from file to file (not zeroed when it grows).
class ReadBuffer {
 public:
  char* data() { return m_data.get(); }
  std::size_t capacity() const { return m_capacity; }
  // Grows to at least `bytes`, keeping the first `keep` bytes.
  void grow(std::size_t bytes, std::size_t keep) {
    if (bytes <= m_capacity) return;
    std::unique_ptr<char[]> bigger(new char[bytes]);
    if (keep > 0) std::memcpy(bigger.get(), m_data.get(), keep);
    m_data = std::move(bigger);
    m_capacity = bytes;
  }

 private:
  std::unique_ptr<char[]> m_data;
  std::size_t m_capacity = 0;
};

// Throws for a file that turned out not to be a regular one since the
// directory was listed; returns otherwise.
void refuse_non_regular(int fd, const std::string& path) {
  struct stat info {};
  if (fstat(fd, &info) != 0) throw_io(path, "cannot read migration file", errno);
  if (const std::string_view kind = non_regular_kind(info.st_mode); !kind.empty()) {
    throw_not_a_file(path, kind);
  }
}

// Reads `name` in the directory `dir_fd` (reported as `path`) into `buffer`
// and returns the text. openat() resolves one name instead of the whole path
// for each file. The entry was a regular file when the directory was listed,
// and a read shorter than asked for is the end of a regular file, so a file
// smaller than the buffer takes one openat(), one read() and one close();
// fstat() only runs for a bigger file (to size the buffer) and when the read
// finds nothing or fails.
std::string_view read_whole_file(int dir_fd, const char* name, const std::string& path,
                                 ReadBuffer& buffer) {
  // O_NONBLOCK: an entry replaced by a FIFO since it was listed must not
  // block the open or the read; it is refused below. Reads of a regular file
  // ignore it.
  FileDescriptor file{openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)};
  if (file.fd < 0) throw_io(path, "cannot read migration file", errno);
  buffer.grow(k_first_read_bytes, 0);
  std::size_t done = 0;
  while (true) {
    if (done > k_max_migration_file_bytes) throw_too_large(path, done);
    if (done == buffer.capacity()) buffer.grow(2 * buffer.capacity(), done);
    const ssize_t got = read(file.fd, buffer.data() + done, buffer.capacity() - done);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      refuse_non_regular(file.fd, path);
      throw_io(path, "cannot read migration file", error);
    }
    done += static_cast<std::size_t>(got);
    if (got == 0 || done < buffer.capacity()) break;
    if (done == k_first_read_bytes) {
      // A big file: its size says how much room it needs, or that it is too big.
      struct stat info {};
      if (fstat(file.fd, &info) != 0) throw_io(path, "cannot read migration file", errno);
      const auto size = static_cast<std::size_t>(info.st_size);
      if (size > k_max_migration_file_bytes) throw_too_large(path, size);
      buffer.grow(size + 1, done);
    }
  }
  // Empty, or no longer a regular file (a FIFO without a writer reads as
  // empty): say which.
  if (done == 0) refuse_non_regular(file.fd, path);
  if (done > k_max_migration_file_bytes) throw_too_large(path, done);
  return std::string_view(buffer.data(), done);
}

// Below this many files one thread reads them all: a thread costs more
// than it saves.
constexpr std::size_t k_files_per_thread = 512;
constexpr unsigned k_max_threads = 4;

// Loaded revisions in name order, and the column of each one's `revision` key.
struct LoadedFiles {
  std::vector<Revision> revisions;
  std::vector<int> revision_columns;
};

// Reads and parses names[i] into slot i for every i, over up to
// k_max_threads threads, each writing only its own slots. A failure is kept
// per file; the first in name order is rethrown, so errors do not depend on
// the thread schedule.
LoadedFiles parse_all(int dir_fd, const std::string& prefix, const NameList& names, bool keep_sql) {
  const std::size_t count = names.size();
  LoadedFiles loaded;
  // Filled in place: one array of revisions, never moved from a temporary one.
  const Revision placeholder{.id = *RevisionId::parse("_"),
                             .down_revisions = {},
                             .branch_labels = {},
                             .depends_on = {},
                             .message = {},
                             .create_date = {},
                             .path = {},
                             .header_line = 0,
                             .upgrade = {},
                             .downgrade = {},
                             .sql_kept = true};
  loaded.revisions.assign(count, placeholder);
  loaded.revision_columns.assign(count, 0);
  std::vector<std::exception_ptr> failures(count);
  auto work = [&](std::size_t begin, std::size_t end) {
    ReadBuffer buffer;
    for (std::size_t i = begin; i < end; ++i) {
      try {
        std::string path;
        path.reserve(prefix.size() + names[i].size());
        path.append(prefix).append(names[i]);
        std::string_view text = read_whole_file(dir_fd, names.c_str(i), path, buffer);
        files::ParsedMigration parsed = files::parse_migration(text, std::move(path), keep_sql);
        loaded.revisions[i] = std::move(parsed.revision);
        loaded.revision_columns[i] = parsed.revision_column;
      } catch (...) {
        failures[i] = std::current_exception();
        return;  // later files of this chunk cannot hold the first failure
      }
    }
  };
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const auto threads = static_cast<unsigned>(
      std::min<std::size_t>({cores, k_max_threads, count / k_files_per_thread + 1}));
  if (threads <= 1) {
    work(0, count);
  } else {
    std::vector<std::thread> pool;
    const std::size_t chunk = (count + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t) {
      pool.emplace_back(work, std::min(count, t * chunk), std::min(count, (t + 1) * chunk));
    }
    work(0, std::min(count, chunk));
    for (auto& thread : pool) thread.join();
  }
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  return loaded;
}

}  // namespace

std::vector<Revision> load_migrations(const std::filesystem::path& dir,
                                      const LoadOptions& options) {
  std::string base = dir.string();
  std::string prefix = base.empty() || base.back() == '/' ? base : base + "/";
  FileDescriptor directory{
      open(base.empty() ? "." : base.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  LoadedFiles loaded;
  {
    NameList names = list_migration_names(base);
    if (directory.fd < 0) throw_io(base, "cannot open the migrations directory", errno);
    loaded = parse_all(directory.fd, prefix, names, names.size() <= options.keep_sql_up_to_files);
  }
  std::vector<Revision>& revisions = loaded.revisions;
  std::vector<std::uint32_t> by_id = graph::make_slots(revisions.size());
  auto id_of = [&](std::uint32_t r) -> std::string_view { return revisions[r].id.str(); };
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    const Revision& revision = revisions[i];
    if (auto first =
            graph::insert_slot(by_id, revision.id.str(), static_cast<std::uint32_t>(i), id_of)) {
      files::throw_file_error(
          revision.path, revision.header_line, loaded.revision_columns[i],
          fmt::format("revision id '{}' is already declared in {}", revision.id.str(),
                      revisions[*first].path),
          "every revision needs its own id: give one of the files a new id, or delete a "
          "leftover copy");
    }
  }
  return std::move(loaded.revisions);
}

Revision reload_sql(const Revision& loaded) {
  if (loaded.sql_kept) return loaded;
  ReadBuffer buffer;
  std::string_view text = read_whole_file(AT_FDCWD, loaded.path.c_str(), loaded.path, buffer);
  Revision again = files::parse_migration(text, loaded.path).revision;
  if (again.id != loaded.id || again.down_revisions != loaded.down_revisions ||
      again.depends_on != loaded.depends_on || again.branch_labels != loaded.branch_labels) {
    throw Error(ErrorKind::migration_file,
                fmt::format("the file changed while retort ran: it no longer declares revision "
                            "{} with the same down_revision, depends_on and branch_labels",
                            loaded.id.str()),
                SourceLocation{loaded.path, again.header_line, 0},
                "run the command again once the file is as it should be");
  }
  return again;
}

}  // namespace retort
