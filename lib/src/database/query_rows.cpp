#include "retort/database.hpp"

namespace retort {

std::vector<Row> query_rows(Database& database, std::string_view sql) {
  auto results = database.execute(sql);
  if (results.empty()) return {};
  return std::move(results.back().rows);
}

}  // namespace retort
