// A connection retried under --wait asks for its password again before
// every attempt: an RDS auth token is computed fresh each time.
#include <gtest/gtest.h>

#include <atomic>

#include "postgres/connection.hpp"
#include "retort/error.hpp"

namespace retort::postgres {
namespace {

TEST(ConnectAttempts, ThePasswordIsComputedForEveryAttempt) {
  // Nothing listens on port 1 of 127.0.0.1: each attempt is refused at once.
  std::atomic<int> computed = 0;
  ConnectOptions options;
  options.conninfo = "postgresql://migrator@127.0.0.1:1/app";
  options.wait_s = 1.2;
  options.password = [&] {
    ++computed;
    return std::string("token-") + std::to_string(computed.load());
  };
  EXPECT_THROW(Connection::open(options), Error);
  // Attempts are 250 ms apart: about five in 1.2 s, each with its own call.
  EXPECT_GE(computed.load(), 3);
  EXPECT_LE(computed.load(), 8);
}

TEST(ConnectAttempts, SettingsWinOverTheUrl) {
  ConnectOptions options;
  options.conninfo = "postgresql://nobody@127.0.0.1:1/app?sslmode=disable";
  options.settings = {{"sslmode", "bogus-mode"}};
  try {
    Connection::open(options);
    FAIL() << "connected";
  } catch (const Error& error) {
    // libpq rejects the setting's value, so the setting was the one used.
    EXPECT_NE(std::string(error.what()).find("bogus-mode"), std::string::npos) << error.what();
  }
}

TEST(ConnInfoValues, GivesWhatTheUrlSetsAndNothingElse) {
  const auto values =
      conninfo_values("postgresql://migrator@db.example.com:6432/app?sslmode=require");
  EXPECT_EQ(values.at("host"), "db.example.com");
  EXPECT_EQ(values.at("port"), "6432");
  EXPECT_EQ(values.at("user"), "migrator");
  EXPECT_EQ(values.at("dbname"), "app");
  EXPECT_EQ(values.at("sslmode"), "require");
  EXPECT_EQ(values.count("password"), 0u);
  EXPECT_THROW(conninfo_values("postgresql://a@b/c?nosuchoption=1"), Error);
}

}  // namespace
}  // namespace retort::postgres
