#include "aws_test_support.hpp"

#include "support/fake_aws_endpoints.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace retort::testing {

const std::filesystem::path& test_ca_dir(std::string& error) {
  static std::filesystem::path dir;
  static std::string failure;
  static bool made = false;
  if (!made) {
    made = true;
    try {
      dir = FakeAwsEndpoints::ca_bundle().parent_path();
    } catch (const std::exception& cause) {
      failure = cause.what();
    }
  }
  error = failure;
  return dir;
}

std::string faketime_binary() {
  for (const char* path : {"/usr/bin/faketime", "/usr/local/bin/faketime"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return {};
}

void expect_no_secret(const std::vector<std::string>& secrets,
                      const std::vector<std::pair<std::string, std::string>>& texts) {
  for (const auto& secret : secrets) {
    if (secret.size() < 4) continue;
    for (const auto& [name, text] : texts) {
      EXPECT_EQ(text.find(secret), std::string::npos)
          << name << " holds a secret (" << secret.substr(0, 6) << "...):\n"
          << text.substr(0, 2000);
    }
  }
}

std::vector<std::pair<std::string, std::string>> outputs_of(const ProcessResult& result) {
  return {{"stdout", result.out}, {"stderr", result.err}};
}

}  // namespace retort::testing
