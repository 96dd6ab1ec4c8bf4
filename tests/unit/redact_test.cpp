// redact() and the secret registry (retort/redact.hpp): what is masked, in
// which shapes, and that ordinary text is left as it is.
#include "retort/redact.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "retort/display_text.hpp"
#include "text/redact_json.hpp"

namespace retort {
namespace {

struct Row {
  const char* name;
  std::string text;
  std::string expected;
};

// Each test starts and ends with an empty registry: it is process-wide.
class Redact : public ::testing::Test {
 protected:
  void SetUp() override { forget_secrets(); }
  void TearDown() override { forget_secrets(); }
};

TEST_F(Redact, MasksThePasswordOfEveryUrlShape) {
  const std::vector<Row> rows = {
      {"plain", "postgresql://app:secret@db:5432/shop", "postgresql://app:***@db:5432/shop"},
      {"no password", "postgresql://app@db/shop", "postgresql://app@db/shop"},
      {"no user info", "postgresql://db/shop", "postgresql://db/shop"},
      {"empty user", "postgresql://:secret@db/shop", "postgresql://:***@db/shop"},
      {"raw '@' and '/' in the password", "postgresql://app:p@ss/w#rd@db/shop",
       "postgresql://app:***@db/shop"},
      {"SQLAlchemy scheme", "postgresql+psycopg2://app:secret@db/shop",
       "postgresql+psycopg2://app:***@db/shop"},
      {"other scheme", "mysql://app:secret@db/shop", "mysql://app:***@db/shop"},
      {"percent-encoded", "postgresql://app:s%40cr%2Ft@db/shop", "postgresql://app:***@db/shop"},
      {"bad escape %ZZ", "postgresql://app:se%ZZcret@db/shop", "postgresql://app:***@db/shop"},
      {"escape of NUL %00", "postgresql://app:se%00cret@db/shop", "postgresql://app:***@db/shop"},
      {"unclosed IPv6 bracket",
       "end of string reached when looking for matching \"]\" in IPv6 host address in URI: "
       "\"postgresql://app:secret@[::1/shop\"",
       "end of string reached when looking for matching \"]\" in IPv6 host address in URI: "
       "\"postgresql://app:***@[::1/shop\""},
      {"IPv6 host", "postgresql://app:secret@[::1]:5432/shop",
       "postgresql://app:***@[::1]:5432/shop"},
      {"inside a sentence", "cannot use postgresql://app:secret@db/shop: refused",
       "cannot use postgresql://app:***@db/shop: refused"},
      {"in quotes", "'postgresql://app:secret@db/shop'", "'postgresql://app:***@db/shop'"},
      {"two URLs", "postgresql://a:one1@h1/x and postgres://b:two2@h2/y",
       "postgresql://a:***@h1/x and postgres://b:***@h2/y"},
      {"two URLs without a space", "postgresql://a:one1@h1/x,postgres://b:two2@h2/y",
       "postgresql://a:***@h1/x,postgres://b:***@h2/y"},
      {"cut short, no '@'", "postgresql://app:secr... (300 bytes)",
       "postgresql://app:*** (300 bytes)"},
      {"host and port stay", "postgresql://db:5432/shop", "postgresql://db:5432/shop"},
      {"host list stays", "postgresql://h1:5432,h2:5433/shop", "postgresql://h1:5432,h2:5433/shop"},
      {"local endpoint URL", "Serving on http://0.0.0.0:8080/2015-03-31/functions/f/invocations",
       "Serving on http://0.0.0.0:8080/2015-03-31/functions/f/invocations"},
      {"socket directory", "postgresql:///shop?host=/var/run/postgresql",
       "postgresql:///shop?host=/var/run/postgresql"},
      {"the placeholder of a hint", "write postgresql://user:password@host:port/dbname",
       "write postgresql://user:password@host:port/dbname"},
  };
  for (const auto& row : rows) EXPECT_EQ(redact(row.text), row.expected) << row.name;
}

TEST_F(Redact, MasksPasswordKeysInQueriesAndKeywordValueStrings) {
  const std::vector<Row> rows = {
      {"?password=", "postgresql://app@db/shop?password=secret",
       "postgresql://app@db/shop?password=***"},
      {"&password= mid-query", "postgresql://app@db/shop?sslmode=require&password=secret&x=1",
       "postgresql://app@db/shop?sslmode=require&password=***&x=1"},
      {"both, and a fragment", "postgresql://app:x@db/shop?password=y#frag",
       "postgresql://app:***@db/shop?password=***#frag"},
      {"bad escape in the query", "postgresql://app@db/shop?password=se%ZZ",
       "postgresql://app@db/shop?password=***"},
      {"keyword/value", "host=db password=secret dbname=shop", "host=db password=*** dbname=shop"},
      {"quoted with a space", "host=db password='a b c' dbname=shop",
       "host=db password=*** dbname=shop"},
      {"quoted with an escaped quote", "host=db password = 'se cret\\' x' dbname=shop",
       "host=db password = *** dbname=shop"},
      {"unterminated quote", "host=db password='a b", "host=db password=***"},
      {"alone", "password=secret", "password=***"},
      {"upper case", "PASSWORD=secret", "PASSWORD=***"},
      {"PGPASSWORD", "PGPASSWORD=secret retort current", "PGPASSWORD=*** retort current"},
      {"a longer key", "db_password: secret", "db_password: ***"},
      {"JSON", R"({"password": "se\"cret", "user": "app"})",
       R"({"password": "***", "user": "app"})"},
      {"inside SQL quotes", "SELECT dblink_connect('host=db password=secret');",
       "SELECT dblink_connect('host=db password=***');"},
      {"pre-signed URL", "https://s3/x?X-Amz-Security-Token=tok&X-Amz-Signature=abc123",
       "https://s3/x?X-Amz-Security-Token=***&X-Amz-Signature=***"},
      {"a user called password", "host=db user=password dbname=shop",
       "host=db user=password dbname=shop"},
      {"a libpq message", "password authentication failed for user \"app\"",
       "password authentication failed for user \"app\""},
      {"the key alone", "missing key/value separator \"=\" in URI query parameter: \"password\"",
       "missing key/value separator \"=\" in URI query parameter: \"password\""},
  };
  for (const auto& row : rows) EXPECT_EQ(redact(row.text), row.expected) << row.name;
}

TEST_F(Redact, LeavesOrdinaryTextAlone) {
  const std::vector<std::string> texts = {
      "",
      "Running upgrade aaaa -> bbbb, create users (12 ms)",
      "error: migrations/004_dddd.sql:7:15: relation \"t\" does not exist",
      "history -r base:mybranch@head",
      "user@example.com wrote: see https://example.com/docs#passwords",
      "SELECT 'a:b@c', 100%, %ZZ, 50% off;",
      "\t-- a tab and *** stars",
  };
  for (const auto& text : texts) EXPECT_EQ(redact(text), text);
}

TEST_F(Redact, MaskingTwiceKeepsTheMasks) {
  const std::vector<std::string> texts = {
      "postgresql://app:secret@db/shop?password=x",
      "host=db password='a b' dbname=shop",
      R"({"password": "x"})",
      "postgresql://app:secr",
      "PGPASSWORD=abc def",
      "  \"message\": \"host=h password=secret\",",
  };
  for (const auto& text : texts) {
    const std::string once = redact(text);
    EXPECT_EQ(redact(once), once) << text;
  }
  // An already masked JSON line keeps its quotes and comma.
  EXPECT_EQ(redact("  \"text\": \"host=h password=***\","), "  \"text\": \"host=h password=***\",");
  EXPECT_EQ(redact("  \"url\": \"postgresql://u:***\","), "  \"url\": \"postgresql://u:***\",");
}

TEST_F(Redact, MasksRegisteredSecretsRawAndPercentEncoded) {
  register_secret("Kx7-s3cr3t p@ss");
  const std::vector<Row> rows = {
      {"bare in a server message", "role \"Kx7-s3cr3t p@ss\" does not exist",
       "role \"***\" does not exist"},
      {"percent-encoded, upper case", "token: \"Kx7-s3cr3t%20p%40ss\"", "token: \"***\""},
      {"percent-encoded, lower case", "Kx7%2ds3cr3t%20p%40ss", "***"},
      {"every byte encoded", "%4B%78%37%2D%73%33%63%72%33%74%20%70%40%73%73", "***"},
      {"encoded twice", "Kx7-s3cr3t%2520p%2540ss", "***"},
      {"twice in a line", "Kx7-s3cr3t p@ss/Kx7-s3cr3t p@ss", "***/***"},
      {"a part of it is not it", "Kx7-s3cr3t", "Kx7-s3cr3t"},
  };
  for (const auto& row : rows) EXPECT_EQ(redact(row.text), row.expected) << row.name;
}

TEST_F(Redact, SecretsShorterThanFourBytesAreNotRegistered) {
  register_secret("pw1");
  register_secret("");
  EXPECT_EQ(redact("applied pw1 in 1 ms"), "applied pw1 in 1 ms");
  // Password-shaped, they are still masked.
  EXPECT_EQ(redact("postgresql://app:pw1@db/shop"), "postgresql://app:***@db/shop");
  register_secret("pw12");
  EXPECT_EQ(redact("applied pw12"), "applied ***");
}

TEST_F(Redact, ConnectionSecretsAreRegisteredAsWrittenAndDecoded) {
  register_connection_secrets("postgresql://app:Kx7%ZZs3cr3t@db/shop");
  // libpq echoes the undecodable token alone.
  EXPECT_EQ(redact("invalid percent-encoded token: \"Kx7%ZZs3cr3t\""),
            "invalid percent-encoded token: \"***\"");

  register_connection_secrets("postgresql://app:p%40ss%2Fword@db/shop");
  EXPECT_EQ(redact("p@ss/word"), "***") << "decoded";
  EXPECT_EQ(redact("p%40ss%2fword"), "***") << "as written, lower-case escapes";

  register_connection_secrets("postgresql://app:my pass word@db/shop");
  EXPECT_EQ(redact("Running retort --url postgresql://app:my pass word@db/shop current"),
            "Running retort --url postgresql://app:***@db/shop current")
      << "a raw space ends the URL in free text; the registry knows the whole password";

  register_connection_secrets("host=db password='a b\\'cd' dbname=shop");
  EXPECT_EQ(redact("got a b'cd"), "got ***") << "unquoted";

  register_connection_secrets("postgresql://app@db/shop?sslmode=require&password=qu3ry-pw");
  EXPECT_EQ(redact("qu3ry-pw"), "***");

  register_connection_secrets("app:n0-sch3me@db/shop");
  EXPECT_EQ(redact("'app:n0-sch3me@db/shop' is not a PostgreSQL URL"),
            "'app:***@db/shop' is not a PostgreSQL URL");

  // A raw '/' ends libpq's user info: it takes the start for a port.
  register_connection_secrets("postgresql://app:k3y1/s3cr3t@db/shop");
  EXPECT_EQ(redact("invalid integer value \"k3y1\" for connection option \"port\""),
            "invalid integer value \"***\" for connection option \"port\"");
}

TEST_F(Redact, UrlsWithoutPasswordsRegisterNothing) {
  register_connection_secrets("postgresql://app@db/shop");
  register_connection_secrets("host=db dbname=shop");
  register_connection_secrets("postgresql://app:***@db/shop");
  EXPECT_EQ(redact("app db shop host dbname"), "app db shop host dbname");
}

TEST_F(Redact, QuoteAndShortenedMaskBeforeTheyCut) {
  const std::string url = "postgresql://app:" + std::string(300, 'k') + "@db/shop";
  const std::string quoted = text::quote(url, 40);
  EXPECT_EQ(quoted.find("kkkk"), std::string::npos) << quoted;
  EXPECT_NE(quoted.find("postgresql://app:***@db/shop"), std::string::npos) << quoted;
  const std::string cut = text::shortened(url, 25);
  EXPECT_EQ(cut.find("kkkk"), std::string::npos) << cut;
}

TEST_F(Redact, JsonDocumentsAreMaskedValueByValue) {
  register_secret("Kx7\"s3cr3t");
  nlohmann::ordered_json document = {
      {"ok", false},
      {"error", {{"message", "cannot use postgresql://u:pw@h/db"}, {"hint", "Kx7\"s3cr3t"}}},
      {"lines", {"password=x", 1, nullptr}}};
  text::redact_strings(document);
  EXPECT_EQ(document.dump(),
            R"({"ok":false,"error":{"message":"cannot use postgresql://u:***@h/db","hint":"***"},)"
            R"("lines":["password=***",1,null]})");
}

}  // namespace
}  // namespace retort
