#include "sql/error_position.hpp"

#include <algorithm>
#include <string>

#include "sql/text_position.hpp"

namespace retort::sql {

SourceLocation map_server_position(std::string_view sent_query, int server_position,
                                   std::size_t section_offset_in_query, std::size_t section_length,
                                   std::string_view file_path, int section_first_line,
                                   int section_first_column) {
  SourceLocation outside{std::string(file_path), section_first_line, 0};
  if (server_position <= 0 || section_offset_in_query > sent_query.size()) return outside;
  const std::string_view section =
      sent_query.substr(section_offset_in_query,
                        std::min(section_length, sent_query.size() - section_offset_in_query));

  const auto byte_offset =
      byte_offset_of_character(sent_query, static_cast<std::size_t>(server_position - 1));
  if (!byte_offset || *byte_offset < section_offset_in_query ||
      *byte_offset > section_offset_in_query + section.size()) {
    return outside;
  }
  const LineColumn in_section = line_column_at(section, *byte_offset - section_offset_in_query);
  const LineColumn in_file =
      rebase_position(in_section, LineColumn{section_first_line, section_first_column});
  return SourceLocation{std::string(file_path), in_file.line, in_file.column};
}

}  // namespace retort::sql
