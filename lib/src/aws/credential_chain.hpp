// The AWS credential chain (docs/architecture.md §5.9), in the AWS SDKs'
// order: the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN: what Lambda sets), web identity
// (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN through STS, as EKS IRSA sets),
// the ECS/EKS container credentials endpoint
// (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI), then EC2 instance
// metadata (IMDSv2, a session token first). The first source that is
// configured decides: a source that is configured and fails is an error, not
// a reason to try the next (as in the SDKs, a broken setup is never hidden
// by another role's credentials).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/aws_settings.hpp"
#include "aws/credentials.hpp"

namespace retort::aws {

// The credentials of the first configured source. Registers the secret key,
// the session token and every token used to get them as secrets
// (retort/redact.hpp). Throws Error(ErrorKind::credentials) naming the
// source and what to fix, or listing the sources tried when none is
// configured.
Credentials resolve_credentials(const AwsSettings& settings);

// The sources, for tests and for the chain. Each returns nullopt when it is
// not configured, and throws Error(ErrorKind::credentials) when it is and
// fails.
std::optional<Credentials> environment_credentials(const Environment& environment);
std::optional<Credentials> web_identity_credentials(const AwsSettings& settings);
std::optional<Credentials> container_credentials(const AwsSettings& settings);
// Also nullopt when the metadata service does not answer (no EC2 here);
// `why_not` then says what happened.
std::optional<Credentials> instance_metadata_credentials(const AwsSettings& settings,
                                                         std::string& why_not);

// The {AccessKeyId, SecretAccessKey, Token, Expiration} JSON document that
// the container endpoint and IMDS answer with. Throws
// Error(ErrorKind::credentials) "<source> answered ..." when it is not one.
Credentials parse_credentials_document(std::string_view body, const std::string& source);

// "2026-12-03T12:00:00Z" (also with fractional seconds or "+00:00") as a
// time point; nullopt when it is not such a time.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

// Registers what `credentials` hold that must never be shown.
void register_credentials_secrets(const Credentials& credentials);

}  // namespace retort::aws
