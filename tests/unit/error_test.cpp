#include <gtest/gtest.h>

#include "retort/error.hpp"

namespace retort {
namespace {

TEST(Error, WhatCarriesLocationBeforeMessage) {
  Error error(ErrorKind::migration_file, "unknown header key 'revison'",
              SourceLocation{"migrations/a.sql", 3, 4}, "did you mean 'revision'?");
  EXPECT_STREQ(error.what(), "migrations/a.sql:3:4: unknown header key 'revison'");
  EXPECT_EQ(error.hint(), "did you mean 'revision'?");
  EXPECT_EQ(exit_code(error.kind()), 2);
}

TEST(Error, LocationRendersOnlyWhatIsKnown) {
  EXPECT_EQ((SourceLocation{"f.sql", 0, 0}.to_string()), "f.sql");
  EXPECT_EQ((SourceLocation{"f.sql", 7, 0}.to_string()), "f.sql:7");
  EXPECT_EQ((SourceLocation{"f.sql", 7, 2}.to_string()), "f.sql:7:2");
}

TEST(Error, ExitCodesFollowTheArchitecture) {
  EXPECT_EQ(exit_code(ErrorKind::migration), 1);
  EXPECT_EQ(exit_code(ErrorKind::database), 1);
  EXPECT_EQ(exit_code(ErrorKind::step_too_long), 1);
  EXPECT_EQ(exit_code(ErrorKind::usage), 2);
  EXPECT_EQ(exit_code(ErrorKind::config), 2);
  EXPECT_EQ(exit_code(ErrorKind::check_failed), 3);
  EXPECT_EQ(exit_code(ErrorKind::lint_failed), 3);
  EXPECT_EQ(exit_code(ErrorKind::lock_timeout), 4);
}

}  // namespace
}  // namespace retort
