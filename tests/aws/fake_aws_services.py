"""The AWS APIs of the fake endpoints (fake_aws.py): Secrets Manager
GetSecretValue and SSM GetParameter (JSON 1.1 protocol, SigV4-signed) and STS
AssumeRoleWithWebIdentity (Query protocol, unsigned, XML). The scenario keys
each one reads are documented in fake_aws.py."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from xml.sax.saxutils import escape

import sigv4
from fake_aws_http import (
    STS_NAMESPACE,
    Reply,
    Request,
    aws_json_error,
    aws_json_reply,
    iso8601,
    sts_error,
)

DEFAULT_REGIONS = ["us-east-1"]
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_CREATED = 1700000000.0
INVALID_TOKEN = "The security token included in the request is invalid."
SIGNATURE_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. "
    "Consult the service documentation for details."
)


def regions(scenario: dict) -> list[str]:
    return scenario.get("regions") or DEFAULT_REGIONS


def account(scenario: dict) -> str:
    return scenario.get("account", DEFAULT_ACCOUNT)


def caller_arn(scenario: dict) -> str:
    return f"arn:aws:sts::{account(scenario)}:assumed-role/retort-test/retort"


def authenticate(
    req: Request, scenario: dict, service: str, now: float, normalize: bool = True
) -> str:
    """Checks the request's SigV4 Authorization header as `service` would and
    returns its credential scope's region. Raises sigv4.SignatureError, in
    this order: no or incomplete header; a scope for another date, service or
    a region not in the scenario; X-Amz-Date too far from `now`; an unknown
    key id; a missing, wrong or unexpected X-Amz-Security-Token; an expired
    session; a signature that does not match."""
    value = req.header("authorization")
    if not value:
        raise sigv4.SignatureError(
            "MissingAuthenticationTokenException", "Missing Authentication Token"
        )
    auth = sigv4.parse_authorization(value)
    amz_date = req.header("x-amz-date")
    if not amz_date:
        raise sigv4.SignatureError(
            "IncompleteSignatureException",
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        )
    if "host" not in auth.signed_headers:
        raise sigv4.SignatureError(
            "IncompleteSignatureException",
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        )
    check_scope(auth, amz_date, scenario, service)
    sigv4.check_request_time(amz_date, now, int(scenario.get("max_clock_skew_seconds", 300)))
    key = scenario.get("credentials", {}).get(auth.key_id)
    if key is None:
        raise sigv4.SignatureError("UnrecognizedClientException", INVALID_TOKEN)
    if (req.header("x-amz-security-token") or None) != key.get("session_token"):
        raise sigv4.SignatureError("UnrecognizedClientException", INVALID_TOKEN)
    if key.get("expired"):
        raise sigv4.SignatureError(
            "ExpiredTokenException", "The security token included in the request is expired"
        )
    check_signature(req, auth, amz_date, key["secret_access_key"], normalize)
    return auth.region


def check_scope(auth: sigv4.Authorization, amz_date: str, scenario: dict, service: str) -> None:
    if auth.date != amz_date[:8]:
        raise sigv4.SignatureError(
            "InvalidSignatureException",
            f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
            f"from HTTP: '{auth.date}' != '{amz_date[:8]}', from '{amz_date}'.",
        )
    if auth.service != service:
        raise sigv4.SignatureError(
            "InvalidSignatureException",
            f"Credential should be scoped to correct service: '{service}'. ",
        )
    if auth.region not in regions(scenario):
        raise sigv4.SignatureError(
            "InvalidSignatureException", "Credential should be scoped to a valid region. "
        )
    if auth.terminator != sigv4.TERMINATOR:
        raise sigv4.SignatureError(
            "IncompleteSignatureException",
            f"Credential should be scoped with a valid terminator: 'aws4_request', "
            f"not '{auth.terminator}'.",
        )


def check_signature(
    req: Request, auth: sigv4.Authorization, amz_date: str, secret: str, normalize: bool
) -> None:
    computed = sigv4.compute(
        req.method, req.target, req.headers, req.body, auth, amz_date, secret, normalize
    )
    if not hmac.compare_digest(computed.signature, auth.signature):
        raise sigv4.SignatureError(
            "InvalidSignatureException",
            f"{SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n"
            f"'{computed.canonical_request}'\n\nThe String-to-Sign should have been\n"
            f"'{computed.string_to_sign}'\n",
        )


def json_service(req: Request, scenario: dict, now: float, service: str, operation: str, answer):
    """A JSON 1.1 call to `service`: authenticated, its body parsed, then
    `answer(scenario, input, region)` when the target names `operation`."""
    try:
        region = authenticate(req, scenario, service, now)
    except sigv4.SignatureError as error:
        return aws_json_error(400, error.error_type, error.message)
    try:
        params = json.loads(req.body.decode("utf-8") or "{}")
    except ValueError as error:
        return aws_json_error(400, "SerializationException", str(error), "Message")
    if not isinstance(params, dict):
        return aws_json_error(400, "SerializationException", "Expected a JSON object", "Message")
    if req.header("x-amz-target").partition(".")[2] != operation:
        return aws_json_error(400, "UnknownOperationException", None)
    return answer(scenario, params, region)


def secretsmanager(req: Request, scenario: dict, state, now: float) -> Reply:
    """Secrets Manager (POST, X-Amz-Target: secretsmanager.<Operation>):
    GetSecretValue on the scenario's `secrets` and `denied_secrets`."""
    return json_service(req, scenario, now, "secretsmanager", "GetSecretValue", get_secret_value)


def secret_entry(key: str, value, scenario: dict, region: str) -> dict:
    """The GetSecretValue document of the scenario's secret `key` (a name or an ARN)."""
    if not isinstance(value, dict):
        value = {"secret_string": value}
    if key.startswith("arn:"):
        arn = key
        name = key.split(":secret:", 1)[-1]
        if len(name) > 7 and name[-7] == "-":
            name = name[:-7]
    else:
        name = key
        suffix = base64.b32encode(hashlib.sha256(name.encode()).digest()).decode()[:6]
        arn = f"arn:aws:secretsmanager:{region}:{account(scenario)}:secret:{name}-{suffix}"
    document = {
        "ARN": value.get("arn", arn),
        "Name": name,
        "VersionId": value.get("version_id", str(uuid.uuid5(uuid.NAMESPACE_URL, arn))),
        "VersionStages": value.get("version_stages", ["AWSCURRENT"]),
        "CreatedDate": value.get("created_date", DEFAULT_CREATED),
    }
    secret = value.get("secret_string")
    if secret is not None:
        document["SecretString"] = secret if isinstance(secret, str) else json.dumps(secret)
    if "secret_binary" in value:
        document["SecretBinary"] = value["secret_binary"]
    return document


def find_secret(scenario: dict, secret_id: str, region: str) -> dict | None:
    """By name, full ARN, or ARN without its six-character suffix."""
    for key, value in scenario.get("secrets", {}).items():
        document = secret_entry(key, value, scenario, region)
        if secret_id in (document["Name"], document["ARN"], document["ARN"][:-7]):
            return document
    return None


def get_secret_value(scenario: dict, params: dict, region: str) -> Reply:
    """GetSecretValue's answer to `params` (SecretId, VersionId, VersionStage)."""
    secret_id = params.get("SecretId")
    if not isinstance(secret_id, str) or not secret_id:
        return aws_json_error(
            400,
            "ValidationException",
            "1 validation error detected: Value null at 'secretId' failed to satisfy "
            "constraint: Member must not be null",
        )
    document = find_secret(scenario, secret_id, region)
    denied = scenario.get("denied_secrets", [])
    if secret_id in denied or (document is not None and document["Name"] in denied):
        return aws_json_error(
            400,
            "AccessDeniedException",
            f"User: {caller_arn(scenario)} is not authorized to perform: "
            f"secretsmanager:GetSecretValue on resource: {secret_id} because no "
            f"identity-based policy allows the secretsmanager:GetSecretValue action",
        )
    if document is None:
        return aws_json_error(
            400,
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret.",
            "Message",
        )
    version_id, stage = params.get("VersionId"), params.get("VersionStage")
    if version_id is not None and version_id != document["VersionId"]:
        return aws_json_error(
            400,
            "ResourceNotFoundException",
            f"Secrets Manager can't find the specified secret value for VersionId: {version_id}",
            "Message",
        )
    if stage is not None and stage not in document["VersionStages"]:
        return aws_json_error(
            400,
            "ResourceNotFoundException",
            f"Secrets Manager can't find the specified secret value for staging label: {stage}",
            "Message",
        )
    return aws_json_reply(200, document)


def ssm(req: Request, scenario: dict, state, now: float) -> Reply:
    """SSM Parameter Store (POST, X-Amz-Target: AmazonSSM.<Operation>):
    GetParameter on the scenario's `parameters` and `denied_parameters`."""
    return json_service(req, scenario, now, "ssm", "GetParameter", get_parameter)


def parameter_arn(name: str, scenario: dict, region: str) -> str:
    path = name if name.startswith("/") else "/" + name
    return f"arn:aws:ssm:{region}:{account(scenario)}:parameter{path}"


def ciphertext(value: str) -> str:
    """What GetParameter shows of a SecureString without WithDecryption: a
    base64 blob shaped like a KMS ciphertext, never the value itself."""
    digest = hashlib.sha256(value.encode("utf-8")).digest()
    return base64.b64encode(b"\x01\x02\x02\x00\x78" + digest + digest[::-1]).decode()


def get_parameter(scenario: dict, params: dict, region: str) -> Reply:
    """GetParameter's answer to `params` (Name: a name or an ARN, WithDecryption)."""
    name = params.get("Name")
    if not isinstance(name, str) or not name:
        return aws_json_error(
            400,
            "ValidationException",
            "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
            "Member must not be null",
        )
    if name.startswith("arn:"):
        name = name.split(":parameter", 1)[-1]
        if name.count("/") == 1:
            name = name[1:]
    if name in scenario.get("denied_parameters", []):
        return aws_json_error(
            400,
            "AccessDeniedException",
            f"User: {caller_arn(scenario)} is not authorized to perform: ssm:GetParameter on "
            f"resource: {parameter_arn(name, scenario, region)} because no identity-based "
            f"policy allows the ssm:GetParameter action",
        )
    entry = scenario.get("parameters", {}).get(name)
    if entry is None:
        return aws_json_error(400, "ParameterNotFound", None)
    if not isinstance(entry, dict):
        entry = {"type": "String", "value": entry}
    kind, value = entry.get("type", "String"), entry.get("value", "")
    if kind == "SecureString" and params.get("WithDecryption") is not True:
        value = ciphertext(value)
    parameter = {
        "ARN": parameter_arn(name, scenario, region),
        "DataType": "text",
        "LastModifiedDate": entry.get("last_modified_date", DEFAULT_CREATED),
        "Name": name,
        "Type": kind,
        "Value": value,
        "Version": entry.get("version", 1),
    }
    return aws_json_reply(200, {"Parameter": parameter})


def sts(req: Request, scenario: dict, state, now: float) -> Reply:
    """STS (Query protocol, Action=... in the form body or the query):
    AssumeRoleWithWebIdentity against the scenario's `sts`."""
    params = req.form()
    action, version = params.get("Action", ""), params.get("Version")
    if action != "AssumeRoleWithWebIdentity" or version != "2011-06-15":
        shown = version or "NO_VERSION_SPECIFIED"
        return sts_error(
            400, "Sender", "InvalidAction", f"Could not find operation {action} for version {shown}"
        )
    for field, member in (("RoleArn", "roleArn"), ("RoleSessionName", "roleSessionName"),
                          ("WebIdentityToken", "webIdentityToken")):
        if not params.get(field):
            return sts_error(
                400,
                "Sender",
                "ValidationError",
                f"1 validation error detected: Value null at '{member}' failed to satisfy "
                f"constraint: Member must not be null",
            )
    config = scenario.get("sts", {})
    if params["WebIdentityToken"] != config.get("web_identity_token"):
        return sts_error(
            400,
            "Sender",
            "InvalidIdentityToken",
            "The web identity token that was passed could not be validated by AWS.",
        )
    if params["RoleArn"] != config.get("role_arn"):
        return sts_error(
            403, "Sender", "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"
        )
    if config.get("token_expired"):
        return sts_error(
            400,
            "Sender",
            "ExpiredTokenException",
            f"Token expired: current date/time {iso8601(now)} must be before the expiration "
            f"date/time {iso8601(now - 60)}",
        )
    body = web_identity_result(params, config, now).encode("utf-8")
    return Reply(200, body, {"Content-Type": "text/xml"})


def xml_elements(values: dict, indent: str) -> str:
    """<Name>value</Name> lines, the values escaped."""
    return "".join(
        f"{indent}<{name}>{escape(str(value))}</{name}>\n" for name, value in values.items()
    )


def web_identity_result(params: dict, config: dict, now: float) -> str:
    """The AssumeRoleWithWebIdentityResponse document."""
    credentials = {
        "AccessKeyId": "ASIAFAKEWEBIDENTITY1",
        "SecretAccessKey": "fake-web-identity-secret-access-key",
        "SessionToken": "fake-web-identity-session-token",
        "Expiration": iso8601(now + 3600),
    }
    credentials.update(config.get("credentials", {}))
    role_arn, session = params["RoleArn"], params["RoleSessionName"]
    account_id = role_arn.split(":")[4] if role_arn.count(":") >= 5 else DEFAULT_ACCOUNT
    user = {
        "Arn": f"arn:aws:sts::{account_id}:assumed-role/{role_arn.rsplit('/', 1)[-1]}/{session}",
        "AssumedRoleId": f"AROAFAKEROLEID000001:{session}",
    }
    identity = {
        "SubjectFromWebIdentityToken": config.get("subject", "system:serviceaccount:default:app"),
        "Audience": config.get("audience", "sts.amazonaws.com"),
    }
    provider = {"Provider": config.get("provider", "oidc.eks.us-east-1.amazonaws.com/id/FAKE")}
    return "".join(
        [
            f'<AssumeRoleWithWebIdentityResponse xmlns="{STS_NAMESPACE}">\n',
            "  <AssumeRoleWithWebIdentityResult>\n",
            xml_elements(identity, "    "),
            "    <AssumedRoleUser>\n",
            xml_elements(user, "      "),
            "    </AssumedRoleUser>\n",
            "    <Credentials>\n",
            xml_elements(credentials, "      "),
            "    </Credentials>\n",
            xml_elements(provider, "    "),
            "  </AssumeRoleWithWebIdentityResult>\n",
            f"  <ResponseMetadata>\n    <RequestId>{uuid.uuid4()}</RequestId>\n",
            "  </ResponseMetadata>\n",
            "</AssumeRoleWithWebIdentityResponse>\n",
        ]
    )
