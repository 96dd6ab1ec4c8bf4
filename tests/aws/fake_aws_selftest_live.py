"""Part 2 of fake_aws_selftest.py: fake_aws.py in a child process, over HTTPS
with a CA from make-test-ca, driven with urllib through each of its roles."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import sigv4

KEY, SECRET, TOKEN = "AKIDFAKESELFTEST0001", "fake/secret+key", "fake-session-token"
SCENARIO = {
    "regions": ["us-east-1"],
    "credentials": {
        KEY: {"secret_access_key": SECRET, "session_token": TOKEN},
        "AKIDFAKEEXPIRED00001": {"secret_access_key": SECRET, "expired": True},
    },
    "secrets": {"prod/db": {"secret_string": {"username": "app", "password": "pw-1"}}},
    "denied_secrets": ["prod/admin"],
    "parameters": {"/app/password": {"type": "SecureString", "value": "pw-2"}},
    "sts": {"web_identity_token": "jwt-text", "role_arn": "arn:aws:iam::123456789012:role/app"},
    "imds": {"role": "app-role"},
    "container_credentials": {"path": "/v1/credentials", "authorization": "pod-token"},
    "extension": {"session_token": TOKEN},
    "fail": {"container": {"status": 503, "times": 1}},
}


class LiveFake:
    """The fake on an OS-chosen port, with its PKI, scenario and log in `workdir`."""

    def __init__(self, here: Path, workdir: Path):
        self.pki = workdir / "pki"
        subprocess.run([str(here / "make-test-ca"), str(self.pki)], check=True)
        self.log_path = workdir / "requests.jsonl"
        scenario, port_file = workdir / "scenario.json", workdir / "port"
        scenario.write_text(json.dumps(SCENARIO), encoding="utf-8")
        command = [
            sys.executable, str(here / "fake_aws.py"), "--scenario", str(scenario),
            "--port-file", str(port_file), "--log", str(self.log_path),
            "--tls-cert", str(self.pki / "server.pem"), "--tls-key", str(self.pki / "server.key"),
        ]
        environment = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        self.process = subprocess.Popen(command, env=environment)
        self.port = wait_for_port(port_file, self.process)
        self.reached = 0  # requests that got past TLS

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def send(self, method: str, path: str, headers=(), body: bytes | None = None, ca="ca.pem"):
        """(status, headers, body) of one request, trusting only `ca`."""
        context = ssl.create_default_context(cafile=str(self.pki / ca))
        context.verify_flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
        )
        request = urllib.request.Request(
            f"https://127.0.0.1:{self.port}{path}", data=body, headers=dict(headers), method=method
        )
        try:
            with opener.open(request, timeout=10) as response:
                self.reached += 1
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            self.reached += 1
            return error.code, error.headers, error.read()
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ssl.SSLError):
                self.reached += 1
            raise

    def call(self, target: str, payload: dict, key=KEY, token=TOKEN, service=None, skew=0,
             tamper=False):
        """A signed JSON 1.1 call to POST /; returns (status, parsed body). `skew`
        moves X-Amz-Date; `tamper` changes the body after signing."""
        body = json.dumps(payload).encode("utf-8")
        headers = [
            ("Host", f"127.0.0.1:{self.port}"),
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", target),
        ]
        service = service or ("ssm" if target.startswith("AmazonSSM.") else "secretsmanager")
        amz_date = sigv4.format_amz_date(time.time() + skew)
        signed = sigv4.sign_request(
            "POST", "/", headers, body, key, SECRET, "us-east-1", service, amz_date, token
        )
        if tamper:
            body = body.replace(b"prod", b"prud")
        status, _, answer = self.send("POST", "/", signed, body)
        return status, json.loads(answer)

    def log(self) -> list[dict]:
        with open(self.log_path, encoding="utf-8") as file:
            return [json.loads(line) for line in file if line.strip()]


def wait_for_port(port_file: Path, process: subprocess.Popen) -> int:
    deadline = time.time() + 15
    while time.time() < deadline:
        if port_file.exists():
            return int(port_file.read_text(encoding="utf-8"))
        if process.poll() is not None:
            raise RuntimeError(f"fake_aws.py exited with {process.returncode}")
        time.sleep(0.05)
    raise RuntimeError("fake_aws.py did not write its port file")


class Checks:
    """Collects failed expectations."""

    def __init__(self):
        self.failures: list[str] = []

    def expect(self, name: str, condition: bool, detail="") -> None:
        if not condition:
            self.failures.append(f"live: {name} {detail}".rstrip())


def check_signed_calls(fake: LiveFake, checks: Checks) -> None:
    """Secrets Manager and SSM: a good call answers; each kind of bad one is refused."""

    def get_secret(secret_id="prod/db", **options):
        return fake.call("secretsmanager.GetSecretValue", {"SecretId": secret_id}, **options)

    def get_parameter(name, decrypt=None):
        payload = {"Name": name} if decrypt is None else {"Name": name, "WithDecryption": decrypt}
        return fake.call("AmazonSSM.GetParameter", payload)

    status, body = get_secret()
    secret = json.loads(body.get("SecretString", "null"))
    expected = {"username": "app", "password": "pw-1"}
    checks.expect("GetSecretValue", status == 200 and secret == expected, body)
    expired = "AKIDFAKEEXPIRED00001"
    refusals = [
        ("tampered body", get_secret(tamper=True), "InvalidSignatureException"),
        ("unknown key", get_secret(key="AKIDUNKNOWN"), "UnrecognizedClientException"),
        ("no session token", get_secret(token=None), "UnrecognizedClientException"),
        ("expired key", get_secret(key=expired, token=None), "ExpiredTokenException"),
        ("skewed clock", get_secret(skew=-600), "InvalidSignatureException"),
        ("wrong service", get_secret(service="ssm"), "InvalidSignatureException"),
        ("unknown secret", get_secret("prod/none"), "ResourceNotFoundException"),
        ("denied secret", get_secret("prod/admin"), "AccessDeniedException"),
        ("unknown parameter", get_parameter("/none"), "ParameterNotFound"),
    ]
    for name, (status, body), expected in refusals:
        checks.expect(name, status == 400 and body.get("__type") == expected, (status, body))
    status, body = get_parameter("/app/password", decrypt=True)
    checks.expect("GetParameter decrypted", body.get("Parameter", {}).get("Value") == "pw-2", body)
    status, body = get_parameter("/app/password")
    value = body.get("Parameter", {}).get("Value")
    checks.expect("GetParameter encrypted", status == 200 and value not in (None, "pw-2"), body)


def check_unsigned_roles(fake: LiveFake, checks: Checks) -> None:
    """IMDSv2, STS, the container endpoint and the Lambda extension."""
    status, _, _ = fake.send("GET", "/latest/meta-data/iam/security-credentials/")
    checks.expect("IMDS GET without a token", status == 401, status)
    ttl = [("X-aws-ec2-metadata-token-ttl-seconds", "60")]
    status, _, token = fake.send("PUT", "/latest/api/token", ttl)
    checks.expect("IMDS token PUT", status == 200 and token, status)
    status, _, role = fake.send("GET", "/latest/meta-data/iam/security-credentials/",
                                [("X-aws-ec2-metadata-token", token.decode())])
    checks.expect("IMDS role", status == 200 and role == b"app-role", (status, role))
    form = (
        b"Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=s"
        b"&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fapp&WebIdentityToken="
    )
    form_type = [("Content-Type", "application/x-www-form-urlencoded")]
    status, _, xml = fake.send("POST", "/", form_type, form + b"jwt-text")
    checks.expect("STS", status == 200 and b"<AccessKeyId>" in xml, (status, xml))
    status, _, xml = fake.send("POST", "/", form_type, form + b"other")
    refused = status == 400 and b"InvalidIdentityToken" in xml
    checks.expect("STS wrong token", refused, (status, xml))
    auth = [("Authorization", "pod-token")]
    first, second = (fake.send("GET", "/v1/credentials", auth)[0] for _ in range(2))
    checks.expect("container fails once, then answers", (first, second) == (503, 200))
    status, _, _ = fake.send("GET", "/v1/credentials")
    checks.expect("container without Authorization", status == 400, status)
    status, _, body = fake.send("GET", "/secretsmanager/get?secretId=prod%2Fdb",
                                [("X-Aws-Parameters-Secrets-Token", TOKEN)])
    checks.expect("extension", status == 200 and b"pw-1" in body, (status, body))
    status, _, _ = fake.send("GET", "/secretsmanager/get?secretId=prod%2Fdb")
    checks.expect("extension without token", status == 401, status)


def check_tls(fake: LiveFake, checks: Checks) -> None:
    """The unrelated CA fails verification; the certificate also names localhost."""
    try:
        fake.send("GET", "/latest/api/token", ca="wrong-ca.pem")
        checks.expect("wrong CA", False, "the request succeeded")
    except urllib.error.URLError as error:
        checks.expect("wrong CA", isinstance(error.reason, ssl.SSLCertVerificationError), error)
    context = ssl.create_default_context(cafile=str(fake.pki / "ca.pem"))
    try:
        with socket.create_connection(("127.0.0.1", fake.port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="localhost"):
                pass
    except ssl.SSLError as error:
        checks.expect("certificate for localhost", False, error)


def check_log(fake: LiveFake, checks: Checks) -> None:
    """One line per request that got past TLS, with its headers, role and outcome."""
    log = fake.log()
    checks.expect("one log line per request", len(log) == fake.reached, (len(log), fake.reached))
    first, second = (log + [{}, {}])[:2]
    sent_token = first.get("headers", {}).get("x-amz-security-token")
    checks.expect("logged headers", sent_token == TOKEN, first)
    role_and_outcome = (first.get("role"), first.get("outcome"))
    checks.expect("logged role", role_and_outcome == ("secretsmanager", "ok"), first)
    checks.expect("logged refusal", second.get("outcome") == "InvalidSignatureException", second)


def run_live_checks(here: Path) -> list[str]:
    """Failures of part 2 (an empty list when it passes)."""
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="fake-aws-selftest-") as workdir:
        fake = LiveFake(here, Path(workdir))
        try:
            for check in (check_signed_calls, check_unsigned_roles, check_tls, check_log):
                check(fake, checks)
        finally:
            fake.close()
    return checks.failures
