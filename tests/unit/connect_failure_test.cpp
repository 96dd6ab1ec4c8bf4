#include "postgres/connect_failure.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace retort::postgres {
namespace {

struct CauseRow {
  const char* name;
  std::string message;  // as libpq gives it
  ConnectCause cause;
  const char* sqlstate;
  bool transient;
};

constexpr const char* k_tcp = "connection to server at \"127.0.0.1\", port 5432 failed: ";

TEST(ConnectFailure, TellsTransientFromPermanentCauses) {
  using C = ConnectCause;
  const std::vector<CauseRow> rows = {
      {"starting up",
       std::string(k_tcp) + "FATAL:  57P03: the database system is starting up\n"
                            "LOCATION:  ProcessStartupPacket, postmaster.c:2380\n",
       C::starting_or_stopping, "57P03", true},
      {"shutting down",
       std::string(k_tcp) + "FATAL:  57P03: the database system is shutting down\n",
       C::starting_or_stopping, "57P03", true},
      {"too many for role",
       std::string(k_tcp) + "FATAL:  53300: too many connections for role \"app\"\n",
       C::too_many_connections, "53300", true},
      {"out of memory", std::string(k_tcp) + "FATAL:  53200: out of memory\n", C::out_of_resources,
       "53200", true},
      {"pooler", std::string(k_tcp) + "ERROR:  08P01: server login has been failing\n", C::broken,
       "08P01", true},
      {"password",
       std::string(k_tcp) + "FATAL:  28P01: password authentication failed for user \"a\"\n",
       C::password_failed, "28P01", false},
      {"pg_hba",
       std::string(k_tcp) + "FATAL:  28000: no pg_hba.conf entry for host \"1.2.3.4\", user \"a\", "
                            "database \"b\", no encryption\n",
       C::hba_rejected, "28000", false},
      {"pg_hba reject",
       std::string(k_tcp) + "FATAL:  28000: pg_hba.conf rejects connection for host\n",
       C::hba_rejected, "28000", false},
      {"role missing", std::string(k_tcp) + "FATAL:  28000: role \"nobody\" does not exist\n",
       C::role_refused, "28000", false},
      {"database missing",
       std::string(k_tcp) + "FATAL:  3D000: database \"nosuch\" does not exist\n", C::no_database,
       "3D000", false},
      {"no connect privilege",
       std::string(k_tcp) + "FATAL:  42501: permission denied for database \"b\"\n",
       C::no_privilege, "42501", false},
      {"other server error",
       std::string(k_tcp) + "FATAL:  55000: database \"b\" is not currently "
                            "accepting connections\n",
       C::server_refused, "55000", false},
      {"localized severity",
       std::string(k_tcp) + "FATAL:  3D000: la base de données « x » n'existe pas\n",
       C::no_database, "3D000", false},
      {"refused",
       std::string(k_tcp) + "Connection refused\n\tIs the server running on that host?\n",
       C::refused, "", true},
      {"socket missing",
       "connection to server on socket \"/tmp/.s.PGSQL.5432\" failed: No such file or directory\n",
       C::refused, "", true},
      {"timeout", std::string(k_tcp) + "timeout expired", C::timeout, "", true},
      {"host name",
       "could not translate host name \"db.example\" to address: Name or service not known\n",
       C::host_unknown, "", true},
      {"closed", std::string(k_tcp) + "server closed the connection unexpectedly\n", C::broken, "",
       true},
      {"no local port", std::string(k_tcp) + "Cannot assign requested address\n", C::broken, "",
       true},
      {"no password", std::string(k_tcp) + "fe_sendauth: no password supplied\n",
       C::password_missing, "", false},
      {"bad url", "invalid URI query parameter: \"nope\"\n", C::client_error, "", false},
      {"default verbosity: password",
       std::string(k_tcp) + "FATAL:  password authentication failed for user \"a\"\n",
       C::password_failed, "", false},
      {"default verbosity: starting",
       std::string(k_tcp) + "FATAL:  the database system is starting up\n", C::starting_or_stopping,
       "", true},
      {"default verbosity: slots",
       std::string(k_tcp) + "FATAL:  remaining connection slots are reserved for superusers\n",
       C::too_many_connections, "", true},
  };
  for (const CauseRow& row : rows) {
    const ConnectFailure failure = classify_connect_failure(row.message);
    EXPECT_EQ(failure.cause, row.cause) << row.name;
    EXPECT_EQ(failure.sqlstate, row.sqlstate) << row.name;
    EXPECT_EQ(is_transient(failure.cause), row.transient) << row.name;
    EXPECT_EQ(failure.message.find("LOCATION"), std::string::npos) << row.name;
    if (*row.sqlstate != '\0') {
      EXPECT_EQ(failure.message.find(row.sqlstate), std::string::npos)
          << row.name << ": " << failure.message;
    }
  }
}

TEST(ConnectFailure, MessageDropsTheVerboseParts) {
  const ConnectFailure failure = classify_connect_failure(
      std::string(k_tcp) +
      "FATAL:  28P01: password authentication failed for user \"a\"\nLOCATION:  auth_failed, "
      "auth.c:334\n");
  EXPECT_EQ(failure.message,
            std::string(k_tcp) + "FATAL:  password authentication failed for user \"a\"");
}

TEST(ConnectFailure, TheLastServerAnswerCounts) {
  const ConnectFailure failure = classify_connect_failure(
      "connection to server at \"a\" (::1), port 5432 failed: FATAL:  57P03: the database system "
      "is starting up\nconnection to server at \"a\" (127.0.0.1), port 5432 failed: FATAL:  28P01: "
      "password authentication failed for user \"a\"\n");
  EXPECT_EQ(failure.sqlstate, "28P01");
  EXPECT_EQ(failure.cause, ConnectCause::password_failed);
}

TEST(ConnectFailure, HintSaysWhetherWaitRetriedAndWhy) {
  const ConnectFailure refused =
      classify_connect_failure(std::string(k_tcp) + "Connection refused");
  const ConnectFailure password = classify_connect_failure(
      std::string(k_tcp) + "FATAL:  28P01: password authentication failed for user \"a\"");

  Error plain = connect_error(refused, {});
  EXPECT_EQ(plain.kind(), ErrorKind::database);
  EXPECT_EQ(plain.sqlstate(), "08001");
  EXPECT_EQ(plain.message().rfind("cannot connect to the database: connection to server", 0), 0u);
  EXPECT_NE(plain.hint().find("--wait=SECONDS retries"), std::string::npos) << plain.hint();

  Error waited = connect_error(refused, {.wait_s = 3, .attempts = 12});
  EXPECT_NE(waited.hint().find("did not accept connections within 3 s (12 attempts)"),
            std::string::npos)
      << waited.hint();

  Error stopped = connect_error(password, {.wait_s = 3, .attempts = 1, .not_retried = true});
  EXPECT_EQ(stopped.sqlstate(), "28P01");
  EXPECT_EQ(stopped.hint().find("within"), std::string::npos) << stopped.hint();
  EXPECT_EQ(stopped.hint().rfind("the password was refused: not retried", 0), 0u) << stopped.hint();

  Error no_wait = connect_error(password, {});
  EXPECT_EQ(no_wait.hint().find("--wait"), std::string::npos) << no_wait.hint();
  EXPECT_NE(no_wait.hint().find("password"), std::string::npos) << no_wait.hint();
}

}  // namespace
}  // namespace retort::postgres
