// normalize_database_url and mask_password: the URL forms libpq and
// SQLAlchemy users write, and passwords that never reach any output.
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

TEST(DatabaseUrl, MaskPassword) {
  struct Row {
    const char* input;
    const char* expected;
  };
  const std::vector<Row> rows = {
      {"postgresql://app:secret@db:5432/shop", "postgresql://app:***@db:5432/shop"},
      {"postgresql://app@db/shop", "postgresql://app@db/shop"},
      {"postgresql://db/shop", "postgresql://db/shop"},
      {"postgresql://:secret@db/shop", "postgresql://:***@db/shop"},
      {"postgresql://app:p@ss/w#rd@db/shop", "postgresql://app:***@db/shop"},
      {"postgresql://app@db/shop?sslmode=require&password=secret",
       "postgresql://app@db/shop?sslmode=require&password=***"},
      {"postgresql://app:x@db/shop?password=y#frag",
       "postgresql://app:***@db/shop?password=***#frag"},
      {"postgresql+psycopg2://app:secret@db/shop", "postgresql+psycopg2://app:***@db/shop"},
      {"host=db password=secret dbname=shop", "host=db password=*** dbname=shop"},
      {"host=db password = 'se cret\\' x' dbname=shop", "host=db password = *** dbname=shop"},
      {"password=secret", "password=***"},
      {"host=db user=password dbname=shop", "host=db user=password dbname=shop"},
      {"", ""},
  };
  for (const auto& row : rows) EXPECT_EQ(mask_password(row.input), row.expected) << row.input;
}

}  // namespace
}  // namespace retort
