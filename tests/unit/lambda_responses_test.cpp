// What an invocation answers (docs/lambda.md "Responses" and "CloudFormation
// custom resources"): error types and bodies, the CloudFormation response
// document, and the small parsers around them. The summary has its own file.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "lambda/cloudformation.hpp"
#include "lambda/summary.hpp"
#include "retort/config.hpp"
#include "retort/error.hpp"
#include "retort/error_text.hpp"
#include "retort/lambda/invocation.hpp"
#include "retort/lambda/payload.hpp"
#include "retort/lambda/runtime.hpp"
#include "unit/lambda_response_fixtures.hpp"

namespace retort::lambda {
namespace {

using namespace test;
using json = nlohmann::json;
using std::chrono::milliseconds;

// ---------------------------------------------------------------------------
// error_type / error_body

TEST(LambdaErrorType, DocumentedKinds) {
  struct Row {
    ErrorKind kind;
    const char* expected;
  };
  const std::vector<Row> rows = {
      {ErrorKind::migration, "Function.MigrationFailed"},
      {ErrorKind::lock_timeout, "Function.LockTimeout"},
      {ErrorKind::usage, "Function.InvalidArguments"},
      {ErrorKind::config, "Function.ConfigInvalid"},
      {ErrorKind::payload, "Function.InvalidPayload"},
      {ErrorKind::not_allowed, "Function.CommandNotAllowed"},
      {ErrorKind::deadline, "Function.DeadlineExceeded"},
      {ErrorKind::step_too_long, "Function.StepTooLong"},
      {ErrorKind::lint_failed, "Function.LintFailed"},
  };
  std::set<std::string> seen;
  for (const auto& row : rows) {
    SCOPED_TRACE(to_string(row.kind));
    EXPECT_EQ(error_type(row.kind), row.expected);
    seen.insert(error_type(row.kind));
  }
  EXPECT_EQ(seen.size(), rows.size()) << "documented kinds share an errorType";
}

TEST(LambdaErrorType, EveryKindHasASpecificFunctionType) {
  std::set<std::string> types;
  for (ErrorKind kind : all_error_kinds()) {
    SCOPED_TRACE(to_string(kind));
    ASSERT_STRNE(to_string(kind), "unknown");
    const std::string type = error_type(kind);
    types.insert(type);
    ASSERT_TRUE(type.rfind("Function.", 0) == 0) << type;
    const std::string reason = type.substr(9);
    ASSERT_FALSE(reason.empty());
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(reason.front()))) << type;
    for (char c : reason) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << type;
    // The fallback is for values outside the enum only.
    EXPECT_NE(type, "Function.Error");
  }
  // Kinds may share a type (usage and target are both bad arguments), but a
  // caller must still tell the failure classes apart.
  EXPECT_GE(types.size(), 10u);
  // Failures of different exit-code classes never share a type.
  for (ErrorKind a : all_error_kinds()) {
    for (ErrorKind b : all_error_kinds()) {
      if (exit_code(a) != exit_code(b)) {
        EXPECT_NE(error_type(a), error_type(b)) << to_string(a) << " vs " << to_string(b);
      }
    }
  }
}

TEST(LambdaErrorBody, CarriesLocationMessageSqlstateAndHint) {
  struct Row {
    const char* name;
    Error error;
    Strings expected_parts;
    Strings absent_parts;
  };
  const std::vector<Row> rows = {
      {"migration failure with everything",
       Error(ErrorKind::migration, "relation \"orders\" does not exist",
             SourceLocation{"migrations/1a2b_add_orders.sql", 12, 5},
             "create the table in an earlier revision", "42P01"),
       {"migrations/1a2b_add_orders.sql:12:5", "relation \"orders\" does not exist", "42P01",
        "create the table in an earlier revision"},
       {}},
      {"lock timeout without location",
       Error(ErrorKind::lock_timeout, "another retort run holds the lock", std::nullopt,
             "raise lock_wait_s"),
       {"another retort run holds the lock", "raise lock_wait_s"},
       {"SQLSTATE"}},
      {"config error without hint",
       Error(ErrorKind::config, "unknown key 'x'", SourceLocation{"/var/task/retort.yaml", 3, 1}),
       {"/var/task/retort.yaml:3:1", "unknown key 'x'"},
       {"SQLSTATE", "Hint"}},
      {"line only",
       Error(ErrorKind::migration_file, "bad header", SourceLocation{"m/x.sql", 7, 0}),
       {"m/x.sql:7", "bad header"},
       {"m/x.sql:7:0"}},
      {"invalid UTF-8 in the server message",
       Error(ErrorKind::database, "invalid byte sequence \xff\xfe here", std::nullopt, {}, "22021"),
       {"invalid byte sequence", "here", "22021"},
       {}},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const std::string text = error_body(row.error);
    json body = parse_json(text);
    ASSERT_TRUE(body.is_object());
    ASSERT_TRUE(body.contains("errorMessage") && body["errorMessage"].is_string()) << text;
    const std::string message = body["errorMessage"];
    for (const auto& part : row.expected_parts)
      EXPECT_TRUE(contains(message, part)) << "'" << part << "' not in: " << message;
    for (const auto& part : row.absent_parts)
      EXPECT_FALSE(contains(message, part)) << "'" << part << "' in: " << message;
    if (row.error.location()) {
      // Specific first: the message starts where the problem is.
      EXPECT_EQ(message.rfind("error: " + row.error.location()->file, 0), 0u) << message;
    }
    // The same text the terminal prints; the SQLSTATE once, on its own line.
    EXPECT_EQ(message, error_text(row.error));
    if (!row.error.sqlstate().empty()) {
      EXPECT_NE(message.find("\n  SQLSTATE: " + row.error.sqlstate()), std::string::npos)
          << message;
      EXPECT_EQ(message.find("SQLSTATE"), message.rfind("SQLSTATE")) << message;
    }
    EXPECT_EQ(body["errorType"], error_type(row.error.kind()));
    ASSERT_TRUE(body.contains("stackTrace"));
    EXPECT_TRUE(body["stackTrace"].is_array());
    EXPECT_TRUE(body["stackTrace"].empty());
  }
}

// ---------------------------------------------------------------------------
// stop_margin

TEST(LambdaStopMargin, FiveSecondsOrASixthOfTheTimeLeft) {
  struct Row {
    milliseconds left;
    milliseconds expected;
  };
  const std::vector<Row> rows = {
      {milliseconds(0), milliseconds(0)},        {milliseconds(600), milliseconds(100)},
      {milliseconds(3000), milliseconds(500)},   {milliseconds(6000), milliseconds(1000)},
      {milliseconds(12000), milliseconds(2000)}, {milliseconds(29994), milliseconds(4999)},
      {milliseconds(30000), milliseconds(5000)}, {milliseconds(30006), milliseconds(5000)},
      {milliseconds(60000), milliseconds(5000)}, {milliseconds(900000), milliseconds(5000)},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.left.count());
    const milliseconds margin = stop_margin(row.left);
    EXPECT_EQ(margin, row.expected);
    EXPECT_LE(margin, milliseconds(5000));
    EXPECT_LE(margin, row.left);
    EXPECT_GE(margin, milliseconds(0));
  }
}

// ---------------------------------------------------------------------------
// summary_json

TEST(LambdaCloudFormationDocument, Fields) {
  struct Row {
    const char* name;
    std::string event_physical_id;
    CloudFormationAnswer answer;
    const char* expected_status;
    std::string expected_id;
  };
  const std::string id = "retort:shop:public";
  const std::vector<Row> rows = {
      {"Create succeeded",
       "",
       {true,
        "retort upgrade succeeded",
        {{"FromRevision", ""}, {"ToRevision", "c3"}, {"AppliedCount", "3"}}},
       "SUCCESS",
       id},
      {"Update failed keeps the event's id",
       "retort:shop:public-old",
       {false, "error: migrations/b2.sql:3:1: division by zero\n  SQLSTATE: 22012", {}},
       "FAILED",
       "retort:shop:public-old"},
      {"Delete echoes its id",
       "retort:other:s",
       {true, "nothing to do", {}},
       "SUCCESS",
       "retort:other:s"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const CloudFormationEvent event = cloudformation_event("Update", row.event_physical_id);
    const std::string text = cloudformation_document(event, id, row.answer);
    EXPECT_LT(text.size(), k_cloudformation_limit);
    json doc = parse_json(text);
    EXPECT_EQ(doc["Status"], row.expected_status);
    EXPECT_EQ(doc["Reason"], row.answer.reason);
    EXPECT_EQ(doc["PhysicalResourceId"], row.expected_id);
    EXPECT_EQ(doc["StackId"], event.stack_id);
    EXPECT_EQ(doc["RequestId"], event.request_id);
    EXPECT_EQ(doc["LogicalResourceId"], event.logical_resource_id);
    ASSERT_TRUE(doc["Data"].is_object()) << text;
    EXPECT_EQ(doc["Data"].size(), row.answer.data.size());
    for (const auto& [key, value] : row.answer.data) EXPECT_EQ(doc["Data"][key], value) << key;
    // The ResponseURL is where the document goes, not part of it.
    EXPECT_FALSE(contains(text, "X-Amz-Signature"));
  }
}

TEST(LambdaCloudFormationDocument, LongReasonIsCutToFit) {
  const std::string euro = "\xe2\x82\xac";       // 3 bytes
  const std::string e_acute = "\xc3\xa9";        // 2 bytes
  const std::string emoji = "\xf0\x9f\x90\x98";  // 4 bytes
  struct Row {
    std::string name;
    std::string reason;
  };
  std::vector<Row> rows;
  // Each filler at several alignments, so that the cut lands on every byte
  // of a multi-byte character in one row or another.
  for (const std::string& filler : {euro, e_acute, emoji, std::string("a")}) {
    for (int prefix = 0; prefix < 4; ++prefix) {
      std::string reason(static_cast<std::size_t>(prefix), 'p');
      while (reason.size() < 10000) reason += filler;
      rows.push_back({fmt::format("{} bytes per char, prefix {}", filler.size(), prefix), reason});
    }
  }
  {
    std::string mixed;
    for (int i = 0; mixed.size() < 10000; ++i)
      mixed += i % 3 == 0 ? euro : i % 3 == 1 ? e_acute : std::string("\"\n");
    rows.push_back({"mixed, with characters JSON escapes", mixed});
  }
  const CloudFormationEvent event = cloudformation_event("Create");
  const CloudFormationAnswer base{
      false, "", {{"FromRevision", "a1"}, {"ToRevision", "a1"}, {"AppliedCount", "0"}}};
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    CloudFormationAnswer answer = base;
    answer.reason = row.reason;
    std::string text;
    try {
      text = cloudformation_document(event, "retort:shop:public", answer);
    } catch (const std::exception& error) {
      ADD_FAILURE() << "cloudformation_document threw: " << error.what();
      continue;
    }
    EXPECT_LT(text.size(), k_cloudformation_limit);
    json doc = parse_json(text);
    ASSERT_TRUE(doc.is_object());
    ASSERT_TRUE(doc["Reason"].is_string()) << text.substr(0, 200);
    const std::string reason = doc["Reason"];
    EXPECT_TRUE(ends_with(reason, "[...]"))
        << reason.substr(reason.size() > 40 ? reason.size() - 40 : 0);
    // What is kept is the start of the reason.
    const std::string kept = reason.substr(0, reason.size() - std::string("[...]").size());
    EXPECT_GT(kept.size(), 1000u);
    EXPECT_EQ(row.reason.compare(0, kept.size() - 1, kept, 0, kept.size() - 1), 0);
    EXPECT_EQ(doc["Status"], "FAILED");
    EXPECT_EQ(doc["Data"]["AppliedCount"], "0");
  }
}

// ---------------------------------------------------------------------------
// physical_resource_id

TEST(LambdaPhysicalResourceId, DatabaseAndSchema) {
  struct Row {
    const char* url;
    const char* schema;  // nullptr: the default
    const char* expected;
  };
  const std::vector<Row> rows = {
      {"postgresql://u:p@h:5432/shop?sslmode=require", nullptr, "retort:shop:public"},
      {"postgresql://u:p@h:5432/shop", nullptr, "retort:shop:public"},
      {"postgresql://u:p/w@h/shop", nullptr, "retort:shop:public"},
      {"postgresql://u:p@ss/w@h/shop?application_name=a@b", nullptr, "retort:shop:public"},
      {"postgresql://h/shop", "migrations", "retort:shop:migrations"},
      {"postgresql:///shop?host=/var/run/postgresql", nullptr, "retort:shop:public"},
      {"host=x dbname=shop", nullptr, "retort:shop:public"},
      {"dbname=shop host=x port=5432", nullptr, "retort:shop:public"},
      {"host=x dbname=orders", "app", "retort:orders:app"},
      {"", nullptr, "retort:default:public"},
      {"", "audit", "retort:default:audit"},
      {"postgresql://h:5432", nullptr, "retort:default:public"},
      {"host=x user=u", nullptr, "retort:default:public"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.url);
    Config config;
    config.url = row.url;
    if (row.schema) config.version_table_schema = row.schema;
    const std::string id = physical_resource_id(config);
    EXPECT_EQ(id, row.expected);
    EXPECT_FALSE(contains(id, ":p@") || contains(id, "w@")) << "password leaked";
  }
}

// ---------------------------------------------------------------------------
// parse_listen_address

TEST(LambdaListenAddress, Accepted) {
  struct Row {
    const char* text;
    const char* host;
    int port;
  };
  const std::vector<Row> rows = {
      {"0.0.0.0:8080", "0.0.0.0", 8080}, {"127.0.0.1:9000", "127.0.0.1", 9000},
      {":9000", "0.0.0.0", 9000},        {"9000", "0.0.0.0", 9000},
      {"localhost:0", "localhost", 0},   {"1.2.3.4:65535", "1.2.3.4", 65535},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.text);
    const auto [host, port] = parse_listen_address(row.text);
    EXPECT_EQ(host, row.host);
    EXPECT_EQ(port, row.port);
  }
}

TEST(LambdaListenAddress, Rejected) {
  for (const char* text : {"abc", "1.2.3.4:", "host:99999", "", ":", "65536", "80a", "-1",
                           "host:port", "1.2.3.4:80:", "99999999999999999999"}) {
    SCOPED_TRACE(text);
    try {
      parse_listen_address(text);
      ADD_FAILURE() << "accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::usage);
      EXPECT_TRUE(contains(error.message(), std::string("'") + text + "'")) << error.message();
      EXPECT_FALSE(error.hint().empty());
    } catch (const std::exception& other) {
      ADD_FAILURE() << "threw a non-retort exception: " << other.what();
    }
  }
}

// docs/architecture.md §5.11: a migration whose lock_timeout retries ran out
// names the blockers and the tries in fields of their own.
TEST(LambdaErrorBody, NamesTheLockBlockersAndTheRetriesMade) {
  Error error(ErrorKind::migration,
              "upgrade b2 -> c3 failed: canceling statement due to lock timeout", std::nullopt,
              "pid 4242 holds the lock", "55P03");
  error.set_lock_timeouts({lock_event(0.4), lock_event(std::nullopt)});
  json body = parse_json(error_body(error));
  EXPECT_EQ(body["errorType"], "Function.MigrationFailed");
  EXPECT_EQ(body["lockRetries"], 1);
  ASSERT_EQ(body["lockTimeouts"].size(), 2u);
  const json& last = body["lockTimeouts"][1];
  EXPECT_EQ(last["revision"], "c3");
  EXPECT_EQ(last["relation"], "public.orders");
  EXPECT_EQ(last["mode"], "AccessExclusiveLock");
  EXPECT_EQ(last["attempt"], 2);
  EXPECT_TRUE(last["retry_in_s"].is_null());
  EXPECT_EQ(body["lockTimeouts"][0]["retry_in_s"], 0.4);
  ASSERT_EQ(last["blockers"].size(), 1u);
  EXPECT_EQ(last["blockers"][0]["pid"], 4242);
  EXPECT_EQ(last["blockers"][0]["state"], "idle in transaction");
  EXPECT_EQ(last["blockers"][0]["application"], "psql");
  EXPECT_EQ(last["blockers"][0]["transaction_s"], 12.5);
  EXPECT_EQ(last["blockers"][0]["query"], "UPDATE orders SET status = 1");
  EXPECT_TRUE(contains(last["message"], "is locked by pid 4242")) << last["message"];

  Error plain(ErrorKind::migration, "upgrade b2 -> c3 failed");
  json without = parse_json(error_body(plain));
  EXPECT_FALSE(without.contains("lockRetries"));
  EXPECT_FALSE(without.contains("lockTimeouts"));
}

TEST(LambdaErrorBody, KeepsTheLastFiveLockTimeouts) {
  Error error(ErrorKind::migration, "failed", std::nullopt, {}, "55P03");
  std::vector<LockTimeoutEvent> events(11, lock_event(0.5));
  events.back() = lock_event(std::nullopt);
  error.set_lock_timeouts(events);
  json body = parse_json(error_body(error));
  EXPECT_EQ(body["lockRetries"], 10);
  ASSERT_EQ(body["lockTimeouts"].size(), 5u);
  EXPECT_TRUE(body["lockTimeouts"][4]["retry_in_s"].is_null());
}

}  // namespace
}  // namespace retort::lambda
