// Shared pieces of the AWS tests: the test CA (tests/aws/make-test-ca), the
// credentials the tests sign with, and the check that nothing secret leaks.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/pg_server.hpp"
#include "support/process.hpp"

namespace retort::testing {

// The directory of the fake AWS endpoints' test PKI (ca.pem, server.pem/.key,
// wrong-ca.pem; tests/aws/make-test-ca), made once per process. Empty when openssl cannot make it
// (then `error` says why).
const std::filesystem::path& test_ca_dir(std::string& error);

// faketime(1), which freezes the clock of the retort process so that the
// token it computes is the one the test computed; empty when not installed.
std::string faketime_binary();

// Whether a missing tool fails the test (CI=true) instead of skipping it.
inline bool aws_tools_required() {
  return postgres_required();
}

// Fails the test for every `secrets` value (at least 4 bytes) found in any of
// `texts`, naming where.
void expect_no_secret(const std::vector<std::string>& secrets,
                      const std::vector<std::pair<std::string, std::string>>& texts);

// The outputs of one run, named for expect_no_secret().
std::vector<std::pair<std::string, std::string>> outputs_of(const ProcessResult& result);

}  // namespace retort::testing

#define REQUIRE_TOOL(value, what)                                              \
  if ((value).empty()) {                                                       \
    if (::retort::testing::aws_tools_required()) FAIL() << what << " missing"; \
    GTEST_SKIP() << what << " missing";                                        \
  }
