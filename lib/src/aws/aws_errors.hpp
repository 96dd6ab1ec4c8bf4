// One-line errors for failed AWS calls, each naming what to fix.
#pragma once

#include <string>

#include "aws/aws_call.hpp"
#include "retort/error.hpp"

namespace retort::aws {

struct FailedRead {
  std::string what;         // "Secrets Manager secret 'prod/db'"
  std::string config_key;   // "password_secret": what the user would fix
  std::string region;       // where it was looked up
  std::string action;       // "secretsmanager:GetSecretValue"
  std::string credentials;  // the credentials' source, for expired/invalid keys
};

// Error(ErrorKind::credentials) for `failure`: not found (check the name and
// region), access denied (the IAM action, and kms:Decrypt), expired or
// invalid credentials (their source), a bad signature (the secret key or the
// clock), the endpoint unreachable or its certificate untrusted (the
// endpoint override, AWS_CA_BUNDLE), anything else with AWS's code.
Error read_error(const AwsCallFailure& failure, const FailedRead& read);

}  // namespace retort::aws
