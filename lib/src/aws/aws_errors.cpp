#include "aws/aws_errors.hpp"

#include <fmt/format.h>

#include "retort/display_text.hpp"

namespace retort::aws {

Error read_error(const AwsCallFailure& failure, const FailedRead& read) {
  const std::string& code = failure.code();
  // In parentheses: after a quoted name that ends in "password" or an
  // endpoint's port, ": text" would read as a password's value and be masked.
  const std::string said = failure.message().empty()
                               ? std::string()
                               : " (" + text::shortened(failure.message(), 160) + ")";
  auto fail = [&](std::string message, std::string hint) {
    return Error(ErrorKind::credentials, std::move(message), std::nullopt, std::move(hint));
  };
  if (code == "ResourceNotFoundException" || code == "ParameterNotFound") {
    return fail(fmt::format("{} does not exist in {}", read.what, read.region),
                fmt::format("check `{}` (the name or the full ARN) and the region (AWS_REGION, "
                            "aws.region; an ARN names its own)",
                            read.config_key));
  }
  if (code == "AccessDeniedException" || code == "AccessDenied") {
    return fail(fmt::format("access to {} was denied{}", read.what, said),
                fmt::format("allow {} on it in the role's policy (and kms:Decrypt on its KMS key "
                            "when it uses a customer managed key)",
                            read.action));
  }
  if (code == "ExpiredTokenException" || code == "ExpiredToken" || code == "RequestExpired") {
    return fail(fmt::format("the AWS credentials from {} have expired (reading {})",
                            read.credentials, read.what),
                "refresh them (a new AWS_SESSION_TOKEN), or unset AWS_ACCESS_KEY_ID so the "
                "role's own credentials are used");
  }
  if (code == "UnrecognizedClientException" || code == "InvalidClientTokenId" ||
      code == "InvalidAccessKeyId") {
    return fail(fmt::format("AWS does not accept the credentials from {} (reading {}){}",
                            read.credentials, read.what, said),
                "check the access key id and the session token that goes with it");
  }
  if (code == "InvalidSignatureException" || code == "SignatureDoesNotMatch") {
    return fail(fmt::format("AWS rejected the request signature for {}{}", read.what, said),
                fmt::format("check the secret access key from {} and the machine's clock",
                            read.credentials));
  }
  if (code == "tls") {
    return fail(fmt::format("TLS verification failed for {} at {}{}", read.what,
                            text::shortened(failure.endpoint()), said),
                "set AWS_CA_BUNDLE (or aws.ca_bundle) to the CA bundle that signs the "
                "endpoint's certificate");
  }
  if (code == "unreachable" || code == "timeout") {
    return fail(fmt::format("cannot reach {} for {}{}", text::shortened(failure.endpoint()),
                            read.what, said),
                "check the network route (a VPC endpoint or NAT from the function's subnets) "
                "and the endpoint override (AWS_ENDPOINT_URL_*, aws.*endpoint_url)");
  }
  if (code == "DecryptionFailure" || code == "KMSAccessDeniedException" || code == "InvalidKeyId") {
    return fail(fmt::format("{} cannot be decrypted: {}{}", read.what, code, said),
                "allow kms:Decrypt on the secret's KMS key in the role's policy");
  }
  return fail(
      fmt::format("reading {} failed: {}{}", read.what, code, said),
      fmt::format("check `{}` and the role's permission for {}", read.config_key, read.action));
}

}  // namespace retort::aws
