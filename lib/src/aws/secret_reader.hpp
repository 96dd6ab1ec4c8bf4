// Reads Secrets Manager secrets (GetSecretValue) and SSM parameters
// (GetParameter, decrypted): through the AWS Parameters and Secrets Lambda
// extension on localhost when running in Lambda and it answers, else from
// the service's endpoint, signed with the credential chain's credentials.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "aws/aws_settings.hpp"
#include "aws/credentials.hpp"

namespace retort::aws {

class SecretReader {
 public:
  // `credentials` is called once, when a call first needs credentials
  // (aws/credential_chain.hpp resolve_credentials()).
  SecretReader(const AwsSettings& settings, std::function<Credentials()> credentials);

  // The SecretString of `secret_id` (a name or an ARN; an ARN's region is
  // used). Registers it as a secret. Throws Error(ErrorKind::credentials)
  // (aws/aws_errors.hpp), also for a binary secret.
  // `config_key` names the setting that gave the id, for messages.
  std::string secret_string(const std::string& secret_id,
                            const std::string& config_key = "password_secret");
  // The decrypted value of the SSM parameter `name` (a name or an ARN).
  std::string parameter_value(const std::string& name);

  // How the last read was made: "the Parameters and Secrets extension" or
  // "Secrets Manager at https://..." (for verbose progress and tests).
  const std::string& last_route() const { return m_last_route; }

 private:
  // The extension's answer, or nullopt when it is not there (not in Lambda,
  // disabled, nothing listening): then the service is asked directly.
  std::optional<std::string> from_extension(const std::string& path, const std::string& what,
                                            const std::string& config_key,
                                            const std::string& action);
  const Credentials& credentials();

  const AwsSettings& m_settings;
  std::function<Credentials()> m_resolve;
  std::optional<Credentials> m_credentials;
  std::optional<bool> m_extension_present;
  std::string m_last_route;
};

// The region of an ARN ("arn:aws:secretsmanager:eu-west-1:...": "eu-west-1"),
// or "" when `id` is no ARN.
std::string arn_region(const std::string& id);

}  // namespace retort::aws
