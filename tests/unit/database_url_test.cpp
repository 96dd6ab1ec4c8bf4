// normalize_database_url: the URL forms libpq and SQLAlchemy users write.
// Masking their passwords is redact()'s, tests/unit/redact_test.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "retort/config.hpp"
#include "retort/error.hpp"

namespace retort {
namespace {

TEST(DatabaseUrl, Normalize) {
  struct Row {
    const char* input;
    const char* expected;  // nullptr: throws Error(config)
  };
  const std::vector<Row> rows = {
      {"postgresql://u@h/db", "postgresql://u@h/db"},
      {"postgres://u@h/db", "postgresql://u@h/db"},
      {"postgresql+psycopg2://u:p@h:5432/db", "postgresql://u:p@h:5432/db"},
      {"PostgreSQL+Psycopg://h/db", "postgresql://h/db"},
      {"postgresql+asyncpg:///db?host=/run/postgresql", "postgresql:///db?host=/run/postgresql"},
      {"  postgresql://h/db  ", "postgresql://h/db"},
      {"host=h dbname=db", "host=h dbname=db"},
      {"", ""},
      {"mysql://u@h/db", nullptr},
      {"sqlite:///x.db", nullptr},
      {"just-a-name", nullptr},
  };
  for (const auto& row : rows) {
    if (row.expected == nullptr) {
      EXPECT_THROW(normalize_database_url(row.input), Error) << row.input;
    } else {
      EXPECT_EQ(normalize_database_url(row.input), row.expected) << row.input;
    }
  }
}

}  // namespace
}  // namespace retort
