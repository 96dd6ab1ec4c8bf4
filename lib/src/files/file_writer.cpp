// New migration files: ids, rendering, and the no-overwrite write.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <random>

#include "files/yaml_text.hpp"
#include "retort/error.hpp"
#include "retort/migration_files.hpp"

namespace retort {
namespace {

[[noreturn]] void usage_error(std::string message, std::string hint = {}) {
  throw Error(ErrorKind::usage, std::move(message), std::nullopt, std::move(hint));
}

std::string flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ", ";
    out += files::quote_yaml_scalar(item, true);
  }
  return out + "]";
}

std::string format_create_date(std::chrono::system_clock::time_point created) {
  std::time_t time = std::chrono::system_clock::to_time_t(created);
  std::tm utc{};
  gmtime_r(&time, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

void check_names(const std::vector<std::string>& names, const char* what) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string why;
    if (!is_valid_branch_label(names[i], &why))
      usage_error(fmt::format("invalid {}: {}", what, why));
    for (std::size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) usage_error(fmt::format("{} '{}' given twice", what, names[i]));
    }
  }
}

// True when `parsed` holds exactly the header fields of `revision`.
bool same_header(const Revision& parsed, const NewRevision& revision) {
  return parsed.id == revision.id && parsed.down_revisions == revision.down_revisions &&
         parsed.branch_labels == revision.branch_labels &&
         parsed.depends_on == revision.depends_on && parsed.message == revision.message &&
         parsed.create_date == format_create_date(revision.created);
}

}  // namespace

RevisionId random_revision_id() {
  // 48 random bits, like the last 12 hex digits of Alembic's uuid4().
  std::random_device device;
  std::uint64_t bits = (static_cast<std::uint64_t>(device()) << 32) ^ device();
  return *RevisionId::parse(fmt::format("{:012x}", bits & 0xFFFF'FFFF'FFFFULL));
}

std::string render_migration_file(const NewRevision& revision) {
  for (std::size_t i = 0; i < revision.down_revisions.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (revision.down_revisions[i] == revision.down_revisions[j]) {
        usage_error(
            fmt::format("parent revision '{}' given twice", revision.down_revisions[i].str()));
      }
    }
  }
  check_names(revision.branch_labels, "branch label");
  check_names(revision.depends_on, "depends_on entry");

  std::string text = fmt::format("-- revision: {}\n", revision.id.str());
  text += "-- down_revision:";
  if (revision.down_revisions.size() == 1) text += " " + revision.down_revisions.front().str();
  if (revision.down_revisions.size() > 1) {
    std::vector<std::string> ids;
    for (const RevisionId& id : revision.down_revisions) ids.push_back(id.str());
    text += " " + flow_list(ids);
  }
  text += "\n";
  text += files::render_header_value("message", revision.message);
  text += fmt::format("-- create_date: {}\n", format_create_date(revision.created));
  if (!revision.branch_labels.empty()) {
    text += fmt::format("-- branch_labels: {}\n", flow_list(revision.branch_labels));
  }
  if (!revision.depends_on.empty()) {
    text += fmt::format("-- depends_on: {}\n", flow_list(revision.depends_on));
  }
  text +=
      "\n"
      "-- migrate:upgrade\n"
      "-- Write the upgrade SQL below this line.\n"
      "\n"
      "-- migrate:downgrade\n"
      "-- Write the SQL that undoes the upgrade below this line; delete this section if the\n"
      "-- revision cannot be undone.\n";

  // The file must read back as what was asked for; a message that YAML cannot
  // carry (e.g. invalid UTF-8) is refused here rather than in a later load.
  try {
    if (same_header(parse_migration_file(text, "<new revision>"), revision)) return text;
  } catch (const Error&) {
  }
  usage_error("the message cannot be stored in a migration file header",
              "use printable UTF-8 text for the message");
}

std::filesystem::path write_migration_file(const std::filesystem::path& dir,
                                           std::string_view file_template,
                                           const NewRevision& revision) {
  std::filesystem::path path = dir / expand_file_template(file_template, revision);
  std::string text = render_migration_file(revision);
  std::string name = path.string();
  int fd = open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    int error = errno;
    throw Error(ErrorKind::io,
                error == EEXIST
                    ? std::string("migration file already exists")
                    : fmt::format("cannot create migration file: {}", std::strerror(error)),
                SourceLocation{name},
                error == EEXIST ? "choose another id (--rev-id) or message, or remove the file"
                                : "check that the migrations directory exists and is writable");
  }
  // Any failure from here removes the partly written file.
  std::size_t done = 0;
  int error = 0;
  while (done < text.size() && error == 0) {
    ssize_t wrote = write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno != EINTR) error = errno;
    if (wrote > 0) done += static_cast<std::size_t>(wrote);
  }
  if (close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    unlink(name.c_str());
    throw Error(ErrorKind::io, fmt::format("cannot write migration file: {}", std::strerror(error)),
                SourceLocation{name});
  }
  return path;
}

}  // namespace retort
