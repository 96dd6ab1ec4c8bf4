"""The link-local and localhost endpoints of the fake (fake_aws.py): EC2's
instance metadata service (IMDSv2), the ECS/EKS container credentials
endpoint and the AWS Parameters and Secrets Lambda extension. On AWS these
speak plain HTTP; the scenario keys each one reads are documented in
fake_aws.py."""

from __future__ import annotations

import secrets
import threading

from fake_aws_http import Reply, Request, iso8601, json_reply, text_reply
from fake_aws_services import get_parameter, get_secret_value, regions

IMDS_MAX_TTL = 21600
CREDENTIALS_PREFIX = "/latest/meta-data/iam/security-credentials"


class ImdsTokens:
    """The IMDSv2 session tokens handed out so far, with their expiry."""

    def __init__(self):
        self._lock = threading.Lock()
        self._expiry: dict[str, float] = {}

    def issue(self, ttl: int, now: float) -> str:
        token = "imds-" + secrets.token_urlsafe(24)
        with self._lock:
            self._expiry[token] = now + ttl
        return token

    def valid(self, token: str, now: float) -> bool:
        with self._lock:
            return self._expiry.get(token, 0) > now


def default_credentials(now: float, token_key: str = "Token") -> dict:
    return {
        "AccessKeyId": "ASIAFAKECONTAINER001",
        "SecretAccessKey": "fake-secret-access-key",
        token_key: "fake-session-token",
        "Expiration": iso8601(now + 3600),
    }


def imds(req: Request, scenario: dict, state, now: float) -> Reply:
    """EC2 instance metadata, IMDSv2: PUT /latest/api/token with
    X-aws-ec2-metadata-token-ttl-seconds (1-21600) gives a token; GETs under
    /latest/meta-data/ send it as X-aws-ec2-metadata-token. Scenario `imds`:
    role, credentials, require_token."""
    config = scenario["imds"]
    if req.method == "PUT":
        return imds_token(req, state, now)
    if req.method != "GET":
        return text_reply(405, "Method Not Allowed", "method_not_allowed")
    token = req.header("x-aws-ec2-metadata-token")
    if token and not state.imds_tokens.valid(token, now):
        return text_reply(401, "Unauthorized", "invalid_token")
    if not token and config.get("require_token", True):
        return text_reply(401, "Unauthorized", "missing_token")
    return imds_metadata(req.path, config, now)


def imds_token(req: Request, state, now: float) -> Reply:
    """PUT /latest/api/token. A request that went through a proxy
    (X-Forwarded-For) is refused, as IMDS does."""
    if req.path != "/latest/api/token":
        return text_reply(404, "Not Found", "not_found")
    if req.has_header("x-forwarded-for"):
        return text_reply(403, "Forbidden", "forwarded")
    ttl_text = req.header("x-aws-ec2-metadata-token-ttl-seconds")
    if not ttl_text.isdigit() or not 1 <= int(ttl_text) <= IMDS_MAX_TTL:
        return text_reply(400, "Bad Request", "bad_ttl")
    reply = text_reply(200, state.imds_tokens.issue(int(ttl_text), now))
    reply.headers["X-aws-ec2-metadata-token-ttl-seconds"] = ttl_text
    return reply


def imds_metadata(path: str, config: dict, now: float) -> Reply:
    """The role name under .../security-credentials/, its credentials under .../<role>."""
    role = config.get("role")
    if path in (CREDENTIALS_PREFIX, CREDENTIALS_PREFIX + "/"):
        if not role:
            return text_reply(404, "Not Found", "no_role")
        return text_reply(200, role)
    if role and path in (f"{CREDENTIALS_PREFIX}/{role}", f"{CREDENTIALS_PREFIX}/{role}/"):
        document = {"Code": "Success", "LastUpdated": iso8601(now - 60), "Type": "AWS-HMAC"}
        document.update(default_credentials(now))
        document.update(config.get("credentials", {}))
        return json_reply(200, document)
    return text_reply(404, "Not Found", "not_found")


def container_path(scenario: dict) -> str:
    return scenario.get("container_credentials", {}).get("path", "/v1/credentials")


def container(req: Request, scenario: dict, state, now: float) -> Reply:
    """The ECS/EKS container credentials endpoint: GET <path>, with an
    Authorization header when the scenario's `container_credentials` has an
    `authorization`. As EKS's pod identity agent: a missing one is 400, a
    wrong one 403."""
    config = scenario["container_credentials"]
    if req.method != "GET":
        return text_reply(405, "Method Not Allowed", "method_not_allowed")
    expected = config.get("authorization")
    if expected is not None:
        sent = req.header("authorization")
        if not sent:
            return text_reply(
                400, "Service account token cannot be empty\n", "missing_authorization"
            )
        if sent != expected:
            return text_reply(
                403, "Access Denied. The authorization token is not valid\n", "wrong_authorization"
            )
    document = default_credentials(now)
    document.update(config.get("credentials", {}))
    return json_reply(200, document)


def extension(req: Request, scenario: dict, state, now: float) -> Reply:
    """The Parameters and Secrets Lambda extension: GET /secretsmanager/get
    ?secretId=&versionId=&versionStage= and /systemsmanager/parameters/get
    ?name=&withDecryption=true, each with X-Aws-Parameters-Secrets-Token equal
    to the scenario's `extension.session_token` (else 401). Answers as the
    service would, from the same `secrets` and `parameters`."""
    if req.method != "GET":
        return text_reply(405, "Method Not Allowed", "method_not_allowed")
    expected = scenario["extension"].get("session_token")
    sent = req.header("x-aws-parameters-secrets-token")
    if not sent or sent != expected:
        return text_reply(
            401, "Unauthorized: missing or wrong X-Aws-Parameters-Secrets-Token", "unauthorized"
        )
    query = req.query_params()
    region = regions(scenario)[0]
    if req.path == "/secretsmanager/get":
        if not query.get("secretId"):
            return text_reply(400, "missing required parameter: secretId", "missing_parameter")
        params = {"SecretId": query["secretId"]}
        for field, name in (("VersionId", "versionId"), ("VersionStage", "versionStage")):
            if name in query:
                params[field] = query[name]
        return get_secret_value(scenario, params, region)
    if not query.get("name"):
        return text_reply(400, "missing required parameter: name", "missing_parameter")
    params = {"Name": query["name"], "WithDecryption": query.get("withDecryption") == "true"}
    return get_parameter(scenario, params, region)
