#include "aws/rds_token.hpp"

#include "aws/sigv4.hpp"

namespace retort::aws {

std::string rds_auth_token(const RdsTokenRequest& request, const Credentials& credentials,
                           std::chrono::system_clock::time_point now) {
  const std::string endpoint = request.host + ':' + std::to_string(request.port);
  SignableRequest signable;
  signable.method = "GET";
  // Host names are case-insensitive; the signature covers the lower-case spelling, as botocore's
  // (and paws') tokens do, so that "DB.EXAMPLE.COM" and "db.example.com" sign alike.
  signable.host = endpoint;
  for (char& c : signable.host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  signable.path = "/";
  signable.query = {{"Action", "connect"}, {"DBUser", request.user}};
  const QuerySignature signature = presign_query(
      signable, credentials, SigningScope{request.region, "rds-db", now}, k_rds_token_lifetime);
  return endpoint + "/?" + signature.query;
}

}  // namespace retort::aws
