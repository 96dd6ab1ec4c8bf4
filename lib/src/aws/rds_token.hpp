// The RDS IAM authentication token: the password of a connection to a database user that
// authenticates through IAM ("rds_iam" role), made locally from AWS credentials.
#pragma once

#include <chrono>
#include <string>

#include "aws/credentials.hpp"

namespace retort::aws {

// How long a token is accepted after it was made; RDS fixes it.
inline constexpr std::chrono::seconds k_rds_token_lifetime{900};

struct RdsTokenRequest {
  std::string host;  // the DNS name (or IPv4 address) the client connects to
  int port = 5432;
  std::string user;    // the database user
  std::string region;  // the region of the database, not of the credentials
};

// The RDS IAM authentication token (the password of an IAM-authenticated connection): a SigV4
// query pre-signature (aws/sigv4.hpp) of GET https://host:port/?Action=connect&DBUser=user for
// service "rds-db", expiring after k_rds_token_lifetime, signed with the Host header
// "host:port" (the host lower-cased, as botocore signs it), returned without the scheme and with
// the host as given:
// "host:port/?Action=connect&DBUser=...&X-Amz-Algorithm=...&X-Amz-Signature=...". A session
// token is included as X-Amz-Security-Token. The query parameters are in the order of
// aws-sdk-go-v2's auth.BuildAuthToken (sorted; see QuerySignature::query). No network call.
// The token is a secret: the caller registers it with register_secret() (retort/redact.hpp).
std::string rds_auth_token(const RdsTokenRequest& request, const Credentials& credentials,
                           std::chrono::system_clock::time_point now);

}  // namespace retort::aws
