#include "retort/error_text.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>
#include <vector>

#include "retort/display_text.hpp"
#include "retort/redact.hpp"
#include "text/source_excerpt.hpp"

namespace retort {
namespace {

// Bold red and bold cyan, as the terminal reporter colours its other prefixes.
constexpr const char* k_error_color = "1;31";
constexpr const char* k_hint_color = "1;36";
constexpr std::string_view k_detail_indent = "  ";

std::string error_word(std::string_view name, const char* color, bool colored) {
  if (!colored) return fmt::format("{}: ", name);
  return fmt::format("\033[{}m{}:\033[0m ", color, name);
}

// A piece of the error as it may be printed: secrets masked, escaped, and
// cut when long (text::shortened() masks again, keeping the masks).
std::string printable_piece(std::string_view text) {
  return text::shortened(text::escape_controls(redact(text)), k_max_error_line_bytes);
}

std::vector<std::string_view> split_at_newlines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// A detail line with exactly the layout error_text() promises.
std::string detail_line(std::string_view line) {
  if (!line.starts_with(k_detail_indent)) {
    line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
  } else {
    line.remove_prefix(k_detail_indent.size());
  }
  return std::string(k_detail_indent) + printable_piece(line);
}

bool is_blank_line(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

}  // namespace

std::string error_text(const Error& error, const ErrorTextOptions& options) {
  // Masked as a whole first: a password-shaped value may span a line break.
  const std::string message_text = redact(error.message());
  const std::vector<std::string_view> message = split_at_newlines(message_text);
  const auto& location = error.location();

  std::vector<std::string> lines;
  std::string first = error_word("error", k_error_color, options.color);
  if (location && !location->file.empty()) first += printable_piece(location->to_string()) + ": ";
  first += printable_piece(message.front());
  lines.push_back(std::move(first));

  if (location && location->line > 0 && error.source_line()) {
    // Masked before the excerpt cuts a window out of it. A mask before the
    // column moves the caret by the difference in length; a config line
    // with a password is the usual case, and its URL is then the culprit.
    for (auto& line : text::source_excerpt(redact(*error.source_line()), location->line,
                                           location->column, k_source_window_columns)) {
      lines.push_back(std::move(line));
    }
  }
  if (!error.sqlstate().empty()) {
    lines.push_back(
        fmt::format("{}SQLSTATE: {}", k_detail_indent, printable_piece(error.sqlstate())));
  }
  for (std::size_t i = 1; i < message.size(); ++i) {
    if (!is_blank_line(message[i])) lines.push_back(detail_line(message[i]));
  }
  if (!error.hint().empty()) {
    const std::string hint_text = redact(error.hint());
    const std::vector<std::string_view> hint = split_at_newlines(hint_text);
    lines.push_back(error_word("hint", k_hint_color, options.color) +
                    printable_piece(hint.front()));
    for (std::size_t i = 1; i < hint.size(); ++i) {
      if (!is_blank_line(hint[i])) lines.push_back(detail_line(hint[i]));
    }
  }

  std::string text;
  for (const auto& line : lines) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

std::optional<std::string> read_source_line(const std::filesystem::path& path, int line) {
  if (line <= 0) return std::nullopt;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // Only a regular file: reading a FIFO or a terminal again could block.
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return std::nullopt;

  std::string result;
  int current = 1;  // the line the next byte belongs to
  bool done = false;
  std::size_t scanned = 0;
  char buffer[64 * 1024];
  while (!done) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return std::nullopt;
    if (got == 0) break;
    scanned += static_cast<std::size_t>(got);
    std::string_view block(buffer, static_cast<std::size_t>(got));
    while (!block.empty()) {
      const std::size_t newline = block.find('\n');
      if (current == line) {
        result.append(block.substr(0, newline));
        if (result.size() > k_max_source_line_bytes) return std::nullopt;
      }
      if (newline == std::string_view::npos) break;
      if (current == line) {
        done = true;
        break;
      }
      ++current;
      block.remove_prefix(newline + 1);
    }
    if (!done && scanned >= k_max_source_scan_bytes) return std::nullopt;
  }
  // At the end of the file the line exists if it has text: after a final
  // '\n' there is no further (empty) line.
  if (!done && (current != line || result.empty())) return std::nullopt;
  if (!result.empty() && result.back() == '\r') result.pop_back();
  if (line == 1 && result.starts_with("\xEF\xBB\xBF")) result.erase(0, 3);
  return result;
}

void attach_source_line(Error& error, const std::filesystem::path& working_dir) {
  const auto& location = error.location();
  if (!location || location->file.empty() || location->line <= 0) return;
  std::filesystem::path path = location->file;
  if (path.is_relative() && !working_dir.empty()) path = working_dir / path;
  auto line = read_source_line(path, location->line);
  if (!line) return;
  // A config file's line may hold the database URL, a migration's a
  // connection string or the configured password itself.
  error.set_source_line(redact(*line));
}

}  // namespace retort
