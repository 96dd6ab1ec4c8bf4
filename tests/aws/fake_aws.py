#!/usr/bin/python3
"""Stand-ins for the AWS endpoints retort fetches credentials and secrets
from, in one process on one listener of 127.0.0.1 (HTTPS with --tls-cert and
--tls-key, else HTTP):

    fake_aws.py --scenario FILE --port-file FILE [--log FILE]
                [--tls-cert PEM --tls-key PEM]

It writes the port the OS chose to --port-file once it listens. Each request
goes to one role, by its method, path, X-Amz-Target or Action:

    secretsmanager  POST, X-Amz-Target: secretsmanager.GetSecretValue (SigV4)
    ssm             POST, X-Amz-Target: AmazonSSM.GetParameter (SigV4)
    sts             Action=AssumeRoleWithWebIdentity (form body or query)
    imds            PUT /latest/api/token, GET /latest/meta-data/...
    extension       GET /secretsmanager/get, GET /systemsmanager/parameters/get
    container       GET container_credentials.path (default /v1/credentials)

Anything else is a 404. The scenario, a JSON object, is read again for every
request, so a test may rewrite it between steps (atomically: write, rename).
Its keys, all optional:

    regions                 ["us-east-1"]: credential scopes accepted
    account                 "123456789012": for ARNs
    max_clock_skew_seconds  300: X-Amz-Date further from now is refused
    clock_offset_seconds    0: the fake's clock, ahead of the real one
    credentials   {key id: {secret_access_key, session_token?, expired?}}
    secrets       {name or ARN: "SecretString" | {secret_string (text, or JSON
                  made text), secret_binary?, arn?, version_id?,
                  version_stages?, created_date?}}
    denied_secrets     [name or ARN]: AccessDeniedException
    parameters    {name: "value" (a String) | {type: String|StringList|
                  SecureString, value, version?, last_modified_date?}}
    denied_parameters  [name]: AccessDeniedException
    sts           {web_identity_token, role_arn, credentials?: {AccessKeyId,
                  SecretAccessKey, SessionToken, Expiration}, token_expired?,
                  subject?, audience?, provider?}
    imds          {role?, credentials?: {AccessKeyId, SecretAccessKey, Token,
                  Expiration}, require_token? (true)}
    container_credentials  {path?, authorization? (the exact header value
                  required), credentials?: {AccessKeyId, SecretAccessKey,
                  Token, Expiration, ...} (answered as given)}
    extension     {session_token}: X-Aws-Parameters-Secrets-Token must equal it
    fail          {role: {status?, type?, message?, body?, hang?, close?,
                  times?}}: answer `status` (an AWS-shaped error of `type`,
                  by default InternalFailure for 5xx, ThrottlingException
                  otherwise; or `body` verbatim as text), or drop the
                  connection (`close`), after sleeping `hang` seconds (alone:
                  then answer normally); only the first `times` requests of
                  that role since the scenario file last changed, when given.

imds, container and extension answer 404 while their key is absent. Every
request is appended to --log as one JSON line: seq, time, role, method,
target, path, query, headers (lower-case names), body, status (null when the
connection was dropped), outcome ("ok" or what was refused).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import ssl
import sys
import threading
import time
import traceback
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.dont_write_bytecode = True

import fake_aws_local  # noqa: E402
import fake_aws_services  # noqa: E402
from fake_aws_http import Reply, Request, aws_json_error, sts_error, text_reply  # noqa: E402

ROLES = {
    "secretsmanager": fake_aws_services.secretsmanager,
    "ssm": fake_aws_services.ssm,
    "sts": fake_aws_services.sts,
    "imds": fake_aws_local.imds,
    "extension": fake_aws_local.extension,
    "container": fake_aws_local.container,
}
# The roles that exist only while the scenario has their key.
SCENARIO_KEYS = {"imds": "imds", "extension": "extension", "container": "container_credentials"}
EXTENSION_PATHS = ("/secretsmanager/get", "/systemsmanager/parameters/get")


class State:
    """What the fake remembers between requests: IMDS tokens, how many
    failures each role has served since the scenario last changed, the log."""

    def __init__(self, scenario_path: str, log_path: str | None):
        self.scenario_path = scenario_path
        self.log_path = log_path
        self.imds_tokens = fake_aws_local.ImdsTokens()
        self._lock = threading.Lock()
        self._digest = None
        self._failures: dict[str, int] = {}
        self._seq = 0

    def scenario(self) -> dict:
        """The scenario file, parsed. Raises OSError or ValueError."""
        with open(self.scenario_path, "rb") as file:
            data = file.read()
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            if digest != self._digest:
                self._digest, self._failures = digest, {}
        scenario = json.loads(data.decode("utf-8"))
        if not isinstance(scenario, dict):
            raise ValueError("the scenario is not a JSON object")
        return scenario

    def take_failure(self, role: str, spec: dict) -> bool:
        """Whether `spec` applies to this request of `role` (counting it if so)."""
        with self._lock:
            served = self._failures.get(role, 0)
            if "times" in spec and served >= int(spec["times"]):
                return False
            self._failures[role] = served + 1
            return True

    def log(self, entry: dict) -> None:
        if not self.log_path:
            return
        with self._lock:
            self._seq += 1
            entry = {"seq": self._seq, **entry}
            with open(self.log_path, "a", encoding="utf-8") as file:
                file.write(json.dumps(entry) + "\n")


def route(req: Request, scenario: dict) -> str | None:
    """The role a request is for, or None."""
    target = req.header("x-amz-target")
    if req.method == "POST" and target.startswith("secretsmanager."):
        return "secretsmanager"
    if req.method == "POST" and target.startswith("AmazonSSM."):
        return "ssm"
    if req.path == "/latest" or req.path.startswith("/latest/"):
        return "imds"
    if req.path in EXTENSION_PATHS:
        return "extension"
    if req.path == fake_aws_local.container_path(scenario):
        return "container"
    if "Action" in req.form():
        return "sts"
    return None


def failure_reply(role: str, spec: dict) -> Reply:
    """The injected answer of `fail[role]`: AWS-shaped for the AWS APIs."""
    if spec.get("close"):
        return Reply(0, close=True, outcome="fail:close")
    status = int(spec["status"])
    error_type = spec.get("type", "InternalFailure" if status >= 500 else "ThrottlingException")
    message = spec.get("message", "injected by the scenario")
    if "body" in spec:
        reply = text_reply(status, spec["body"])
    elif role in ("secretsmanager", "ssm"):
        reply = aws_json_error(status, error_type, message)
    elif role == "sts":
        reply = sts_error(status, "Receiver" if status >= 500 else "Sender", error_type, message)
    else:
        reply = text_reply(status, message)
    reply.outcome = f"fail:{status}"
    return reply


def answer(req: Request, state: State) -> tuple[Reply, str | None, float]:
    """The reply to `req`, its role, and how long to wait before sending it.
    A scenario that breaks a role (a value of the wrong type) is a 500 whose
    body, and stderr, show the traceback."""
    try:
        scenario = state.scenario()
    except (OSError, ValueError) as error:
        return text_reply(500, f"fake_aws: bad scenario: {error}", "bad_scenario"), None, 0
    try:
        return answer_with(req, scenario, state)
    except Exception:  # noqa: BLE001 - any failure of ours must reach the test
        trace = traceback.format_exc()
        print(trace, file=sys.stderr, flush=True)
        return text_reply(500, f"fake_aws: internal error\n{trace}", "fake_error"), None, 0


def answer_with(req: Request, scenario: dict, state: State) -> tuple[Reply, str | None, float]:
    now = time.time() + float(scenario.get("clock_offset_seconds", 0))
    role = route(req, scenario)
    if role is None:
        return text_reply(404, "Not Found", "no_role"), None, 0
    if role in SCENARIO_KEYS and SCENARIO_KEYS[role] not in scenario:
        return text_reply(404, "Not Found", "role_not_configured"), role, 0
    spec = scenario.get("fail", {}).get(role)
    if spec and state.take_failure(role, spec):
        hang = float(spec.get("hang", 0))
        if "status" in spec or spec.get("close"):
            return failure_reply(role, spec), role, hang
        reply = ROLES[role](req, scenario, state, now)
        reply.outcome = f"hang:{hang:g}s;{reply.outcome}"
        return reply, role, hang
    return ROLES[role](req, scenario, state, now), role, 0


def log_entry(req: Request, role: str | None, reply: Reply) -> dict:
    headers: dict[str, str] = {}
    for name, value in req.headers:
        key = name.lower()
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    return {
        "time": time.time(),
        "role": role,
        "method": req.method,
        "target": req.target,
        "path": req.path,
        "query": req.query_params(),
        "headers": headers,
        "body": req.body.decode("utf-8", errors="replace"),
        "status": None if reply.close else reply.status,
        "outcome": reply.outcome,
    }


class Handler(BaseHTTPRequestHandler):
    """Reads one request, answers it through answer(), logs it."""

    protocol_version = "HTTP/1.1"
    server_version = "fake-aws"
    timeout = 60  # an idle keep-alive connection is closed after this

    def setup(self):
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()

    def handle_any(self):
        req = Request(self.command, self.path, list(self.headers.items()), self.read_body())
        state: State = self.server.state
        reply, role, hang = answer(req, state)
        state.log(log_entry(req, role, reply))
        if hang > 0:
            time.sleep(hang)
        if reply.close:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response_only(reply.status)
        self.send_header("Server", self.server_version)
        self.send_header("Date", formatdate(time.time(), usegmt=True))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = handle_any

    def read_body(self) -> bytes:
        """The body, by Content-Length or chunked transfer coding."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # every request is in --log already


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """A client that gave up (a TLS failure, a timeout) is no error of ours."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ssl.SSLError, ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    server.state = State(args.scenario, args.log)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        # The handshake happens in the request's thread (Handler.setup), so a
        # client that never completes it blocks nobody else.
        server.socket = context.wrap_socket(
            server.socket, server_side=True, do_handshake_on_connect=False
        )
    partial = args.port_file + ".partial"
    with open(partial, "w", encoding="utf-8") as file:
        file.write(f"{server.server_address[1]}\n")
    os.replace(partial, args.port_file)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
