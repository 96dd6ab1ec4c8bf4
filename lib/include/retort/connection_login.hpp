// How a command's connections log in (docs/architecture.md §5.9): the URL's
// password as libpq finds it, a password or whole connection read from AWS
// Secrets Manager or SSM Parameter Store, or a fresh RDS IAM auth token for
// every connection attempt.
#pragma once

#include <chrono>
#include <optional>

#include "retort/config.hpp"
#include "retort/database.hpp"

namespace retort {

// The Connector for `config`: empty (connect_postgres, nothing from AWS
// loaded) when auth is password and no secret, parameter, sslmode or
// sslrootcert is configured. Otherwise a Connector that, on its first call,
// reads the configured secret or parameter (aws/secret_reader.hpp) and, with
// auth rds-iam, computes a new token for every attempt from the credential
// chain's credentials (refreshed when they near their expiry). Every value
// it reads or computes is registered as a secret before it can reach any
// output (retort/redact.hpp). Throws, when the Connector is called,
// Error(ErrorKind::config) for settings that do not go together,
// Error(ErrorKind::credentials) when AWS does not give what it needs, and
// what connect_postgres throws.
// `deadline` (a Lambda invocation's) caps every AWS request and retry.
Connector login_connector(const Config& config, const Environment& environment,
                          std::optional<std::chrono::steady_clock::time_point> deadline = {});

}  // namespace retort
