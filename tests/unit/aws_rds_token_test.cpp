// The RDS IAM authentication token (aws/rds_token.hpp): known tokens, and the shape every token
// has.
#include "aws/rds_token.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace retort::aws {
namespace {

std::chrono::system_clock::time_point at(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss};
}

struct TokenRow {
  const char* name;
  RdsTokenRequest request;
  Credentials credentials;
  std::chrono::system_clock::time_point now;
  std::string expected;
};

// The first two rows are paws' vectors (paws-r/paws, paws.common/tests/testthat/test_custom_rds.R,
// "check rds_build_auth_token" and "... upper case host"; paws checks them against its port of
// the Go signer and its botocore-like variant). The second one shows the host is signed in
// lower case but kept as given in the token.
//
// The last two were computed once, independently of retort's code, with Python's hashlib, hmac
// and urllib.parse.quote(s, safe="-_.~"), following the AWS SigV4 documentation:
//   scope = f"{date}/{region}/rds-db/aws4_request"
//   query = "&".join(f"{q(k)}={q(v)}" for k, v in sorted(params))   # Action, DBUser, X-Amz-*
//   creq = "\n".join(["GET", "/", query, "host:" + host_port.lower(), "", "host",
//                     sha256(b"").hexdigest()])
//   sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, sha256(creq).hexdigest()])
//   key = hmac(hmac(hmac(hmac(b"AWS4" + secret, date), region), "rds-db"), "aws4_request")
//   token = f"{host_port}/?{query}&X-Amz-Signature={hmac(key, sts).hexdigest()}"
const std::vector<TokenRow> k_token_rows = {
    {"paws: session token",
     {"prod-instance.us-east-1.rds.amazonaws.com", 3306, "mysqlUser", "us-west-2"},
     {"AKIA", "SECRET", "SESSION", {}, "test"},
     at(2025, 1, 1, 0, 0, 1),
     "prod-instance.us-east-1.rds.amazonaws.com:3306/?Action=connect&DBUser=mysqlUser&"
     "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20250101%2Fus-west-2%2Frds-db%"
     "2Faws4_request&X-Amz-Date=20250101T000001Z&X-Amz-Expires=900&X-Amz-Security-Token=SESSION&"
     "X-Amz-SignedHeaders=host&"
     "X-Amz-Signature=4e4ce10c7b3710decae757df60ba2519348dcb4db802f15646dce1bf5e17c3ed"},
    {"paws: upper-case host",
     {"XXXXX.US-EAST-2.RDS.AMAZONAWS.COM", 3306, "user1", "us-east-2"},
     {"AKIA", "SECRET", "SESSION", {}, "test"},
     at(2025, 1, 1, 0, 0, 1),
     "XXXXX.US-EAST-2.RDS.AMAZONAWS.COM:3306/?Action=connect&DBUser=user1&"
     "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20250101%2Fus-east-2%2Frds-db%"
     "2Faws4_request&X-Amz-Date=20250101T000001Z&X-Amz-Expires=900&X-Amz-Security-Token=SESSION&"
     "X-Amz-SignedHeaders=host&"
     "X-Amz-Signature=c57093ec8c5c9a668ceab511fe2d72df1794936673fec2418744f71496eed913"},
    {"Python: long-term keys, default port",
     {"mydb.cluster-c9akciq32.eu-west-1.rds.amazonaws.com", 5432, "app_migrator", "eu-west-1"},
     {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"},
     at(2024, 2, 29, 23, 59, 59),
     "mydb.cluster-c9akciq32.eu-west-1.rds.amazonaws.com:5432/?Action=connect&DBUser=app_migrator&"
     "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240229%2Feu-west-1%2Frds-"
     "db%2Faws4_request&X-Amz-Date=20240229T235959Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&"
     "X-Amz-Signature=888fc1ff43f74a2da259eac9140208dc5b7a3dbd042557877ad485e19544827c"},
    {"Python: user and session token that need encoding",
     {"mydb.cluster-c9akciq32.eu-west-1.rds.amazonaws.com", 6432, "migrator+ops@corp", "eu-west-1"},
     {"ASIAEXAMPLE",
      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      "IQoJb3JpZ2luX2VjEXAMPLE/token+with=specials",
      {},
      "test"},
     at(2024, 2, 29, 23, 59, 59),
     "mydb.cluster-c9akciq32.eu-west-1.rds.amazonaws.com:6432/?Action=connect&"
     "DBUser=migrator%2Bops%40corp&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%"
     "2F20240229%2Feu-west-1%2Frds-db%2Faws4_request&X-Amz-Date=20240229T235959Z&"
     "X-Amz-Expires=900&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2Ftoken%2Bwith%3Dspecials&"
     "X-Amz-SignedHeaders=host&"
     "X-Amz-Signature=31ea61ecb4c57785560213ef5764af7665986a4065a041f456f15a6983e47134"},
};

TEST(RdsToken, MatchesKnownTokens) {
  for (const TokenRow& row : k_token_rows) {
    EXPECT_EQ(rds_auth_token(row.request, row.credentials, row.now), row.expected) << row.name;
  }
}

// "a=1&b=2" -> {("a", "1"), ("b", "2")}, still encoded.
std::vector<std::pair<std::string, std::string>> split_query(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string item = query.substr(start, end - start);
    const std::size_t equals = item.find('=');
    out.emplace_back(item.substr(0, equals),
                     equals == std::string::npos ? "" : item.substr(equals + 1));
    start = end + 1;
  }
  return out;
}

TEST(RdsToken, HasTheParametersOfTheSdksInTheirOrder) {
  const RdsTokenRequest request{"db.example.com", 5432, "app", "ap-southeast-2"};
  const auto now = at(2023, 12, 31, 23, 0, 5);
  for (const std::string& session_token : {std::string(), std::string("FQoGZXIvYXdzEXAMPLE")}) {
    SCOPED_TRACE(session_token.empty() ? "long-term keys" : "session token");
    const Credentials credentials{"AKIDEXAMPLE", "secret", session_token, {}, "test"};
    const std::string token = rds_auth_token(request, credentials, now);
    const std::string prefix = "db.example.com:5432/?";
    ASSERT_TRUE(token.starts_with(prefix)) << token;
    const auto params = split_query(token.substr(prefix.size()));

    std::vector<std::string> names;
    for (const auto& [name, value] : params) names.push_back(name);
    std::vector<std::string> expected_names = {"Action",           "DBUser",     "X-Amz-Algorithm",
                                               "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires"};
    if (!session_token.empty()) expected_names.push_back("X-Amz-Security-Token");
    expected_names.push_back("X-Amz-SignedHeaders");
    expected_names.push_back("X-Amz-Signature");
    ASSERT_EQ(names, expected_names);

    EXPECT_EQ(params[0].second, "connect");
    EXPECT_EQ(params[1].second, "app");
    EXPECT_EQ(params[2].second, "AWS4-HMAC-SHA256");
    EXPECT_EQ(params[3].second, "AKIDEXAMPLE%2F20231231%2Fap-southeast-2%2Frds-db%2Faws4_request");
    EXPECT_EQ(params[4].second, "20231231T230005Z");
    EXPECT_EQ(params[5].second, "900");
    if (!session_token.empty()) {
      EXPECT_EQ(params[6].second, session_token);
    }
    EXPECT_EQ(params[params.size() - 2].second, "host");
    const std::string& signature = params.back().second;
    EXPECT_EQ(signature.size(), 64u);
    EXPECT_EQ(signature.find_first_not_of("0123456789abcdef"), std::string::npos) << signature;
  }
}

TEST(RdsToken, DependsOnEverythingItSigns) {
  const RdsTokenRequest base{"db.example.com", 5432, "app", "us-east-1"};
  const Credentials keys{"AKIDEXAMPLE", "secret", "", {}, "test"};
  const auto now = at(2024, 6, 1, 12, 0, 0);
  const std::string token = rds_auth_token(base, keys, now);
  auto signature_of = [](const std::string& t) { return t.substr(t.rfind('=') + 1); };
  RdsTokenRequest other_port = base;
  other_port.port = 5433;
  RdsTokenRequest other_user = base;
  other_user.user = "app2";
  Credentials other_secret = keys;
  other_secret.secret_access_key = "secret2";
  EXPECT_NE(signature_of(rds_auth_token(other_port, keys, now)), signature_of(token));
  EXPECT_NE(signature_of(rds_auth_token(other_user, keys, now)), signature_of(token));
  EXPECT_NE(signature_of(rds_auth_token(base, other_secret, now)), signature_of(token));
  EXPECT_NE(signature_of(rds_auth_token(base, keys, now + std::chrono::seconds(1))),
            signature_of(token));
  EXPECT_EQ(rds_auth_token(base, keys, now + std::chrono::milliseconds(999)), token)
      << "signed to the second";
}

}  // namespace
}  // namespace retort::aws
