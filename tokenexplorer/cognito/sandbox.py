"""The embedded sandbox: moto's server in this process, seeded with a pool, a user and a bucket.

`start_sandbox()` gives a running emulator on 127.0.0.1 with everything a first sign-in needs
(no AWS account). `seed_sandbox(url)` seeds any running moto server. moto and boto3 are
imported inside functions: importing them takes about a second.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import socket
import threading
from dataclasses import dataclass
from typing import Any

from tokenexplorer.cognito.profiles import Profile
from tokenexplorer.cognito.sandbox_guard import LocalOnly
from tokenexplorer.explained import ExplainedError

SANDBOX_PROFILE_NAME = "Sandbox"
SANDBOX_REGION = "us-east-1"  # moto routes unsigned calls to us-east-1
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "Sandbox-Demo-1"  # fits the seeded password policy; printed on purpose
DEMO_ATTRIBUTES = {
    "email": "demo@example.com",
    "email_verified": "true",
    "given_name": "Demo",
    "family_name": "User",
}
POOL_NAME = "tokenexplorer-sandbox"
BUCKET_NAME = "tokenexplorer-sandbox"
_DUMMY_KEY = "sandbox"  # moto accepts any credentials; never real ones
START_TIMEOUT_S = 20

log = logging.getLogger(__name__)

EMULATOR_WARNING = (
    "This is a local emulator (moto), not AWS. Its tokens are signed with a key that ships "
    "inside moto, so anyone can forge them; it does not check SRP proofs, confirmation or MFA "
    "codes, and some calls (RevokeToken, ResendConfirmationCode, the hosted UI) are missing. "
    "Use it to learn and to test, never to trust a token."
)


def is_emulator(profile: object) -> bool:
    """The built-in sandbox, or any profile whose endpoint override is plain http on this
    machine (moto, cognito-local): servers that send no codes and lack some calls."""
    from tokenexplorer.cognito.ids import is_loopback_http

    return bool(getattr(profile, "is_sandbox", False)) or is_loopback_http(
        getattr(profile, "endpoint_url", None))


class SandboxError(ExplainedError, RuntimeError):
    """The emulator could not be started or seeded; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__("Sandbox", message)


@dataclass(frozen=True)
class SandboxInfo:
    endpoint_url: str
    region: str
    user_pool_id: str
    client_id: str
    identity_pool_id: str
    bucket: str
    username: str
    password: str

    def profile(self) -> Profile:
        return Profile(
            name=SANDBOX_PROFILE_NAME,
            region=self.region,
            user_pool_id=self.user_pool_id,
            client_id=self.client_id,
            identity_pool_id=self.identity_pool_id,
            bucket=self.bucket,
            endpoint_url=self.endpoint_url,
            is_sandbox=True,
        )

    def as_json(self) -> dict[str, str]:
        return {
            "profile": SANDBOX_PROFILE_NAME,
            "endpoint_url": self.endpoint_url,
            "region": self.region,
            "user_pool_id": self.user_pool_id,
            "client_id": self.client_id,
            "identity_pool_id": self.identity_pool_id,
            "bucket": self.bucket,
            "username": self.username,
            "password": self.password,
        }


def _client(service: str, endpoint_url: str) -> Any:
    from tokenexplorer.aws.clients import AwsCredentials, make_client

    return make_client(
        service,
        region=SANDBOX_REGION,
        endpoint_url=endpoint_url,
        credentials=AwsCredentials(_DUMMY_KEY, _DUMMY_KEY),
        retries=1,
        connect_timeout=5,
        read_timeout=30,
        s3={"addressing_style": "path"},
    )


def _sample_objects() -> list[tuple[str, bytes]]:
    """(key, body) for every file under resources/sandbox/objects, keys with '/'."""
    from tokenexplorer.resources import resource_path

    root = resource_path("sandbox", "objects")
    return sorted(
        (path.relative_to(root).as_posix(), path.read_bytes())
        for path in root.rglob("*")
        if path.is_file()
    )


def _seed_user_pool(idp: Any) -> tuple[str, str]:
    pool = idp.create_user_pool(
        PoolName=POOL_NAME,
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 8,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": False,
                "TemporaryPasswordValidityDays": 7,
            }
        },
        AutoVerifiedAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Mutable": True, "Required": True},
        ],
        MfaConfiguration="OFF",
    )["UserPool"]
    pool_id = pool["Id"]
    readable = ["email", "email_verified", "given_name", "family_name", "name", "phone_number"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=POOL_NAME,
        GenerateSecret=False,
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
        ReadAttributes=readable,
        WriteAttributes=["email", "given_name", "family_name", "name", "phone_number"],
        EnableTokenRevocation=True,
    )["UserPoolClient"]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=DEMO_USERNAME,
        TemporaryPassword=DEMO_PASSWORD,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": k, "Value": v} for k, v in DEMO_ATTRIBUTES.items()],
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=DEMO_USERNAME, Password=DEMO_PASSWORD, Permanent=True
    )
    return pool_id, client["ClientId"]


def seed_sandbox(endpoint_url: str) -> SandboxInfo:
    """Create the sandbox's pool, client, demo user, identity pool and bucket on a running
    moto server at `endpoint_url`. Raises SandboxError with a plain message on failure."""
    from botocore.exceptions import BotoCoreError, ClientError

    endpoint_url = endpoint_url.rstrip("/")
    try:
        pool_id, client_id = _seed_user_pool(_client("cognito-idp", endpoint_url))
        identity = _client("cognito-identity", endpoint_url).create_identity_pool(
            IdentityPoolName="tokenexplorer_sandbox",
            AllowUnauthenticatedIdentities=True,
            CognitoIdentityProviders=[
                {
                    "ProviderName": f"cognito-idp.{SANDBOX_REGION}.amazonaws.com/{pool_id}",
                    "ClientId": client_id,
                    "ServerSideTokenCheck": False,
                }
            ],
        )
        # moto has no SetIdentityPoolRoles and GetCredentialsForIdentity needs no roles: it
        # hands out fixed dummy credentials, which moto's S3 accepts.
        s3 = _client("s3", endpoint_url)
        s3.create_bucket(Bucket=BUCKET_NAME)
        for key, body in _sample_objects():
            content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
            s3.put_object(Bucket=BUCKET_NAME, Key=key, Body=body, ContentType=content_type)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise SandboxError(
            f"Seeding the emulator at {endpoint_url} failed: {error.get('Code', '?')} "
            f"({exc.operation_name})"
        ) from None
    except BotoCoreError as exc:
        raise SandboxError(f"The emulator at {endpoint_url} did not answer: {exc}") from None
    return SandboxInfo(
        endpoint_url=endpoint_url,
        region=SANDBOX_REGION,
        user_pool_id=pool_id,
        client_id=client_id,
        identity_pool_id=identity["IdentityPoolId"],
        bucket=BUCKET_NAME,
        username=DEMO_USERNAME,
        password=DEMO_PASSWORD,
    )


def endpoint_answers(endpoint_url: str | None, timeout: float = 1.0) -> bool:
    """True when something accepts a TCP connection at the URL's host and port (a quick,
    quiet check that a sandbox endpoint is still alive; no request is sent)."""
    from urllib.parse import urlsplit

    if not endpoint_url:
        return False
    try:
        parts = urlsplit(endpoint_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except (OSError, ValueError):
        return False


def _check_port_free(port: int) -> None:
    if port == 0:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise SandboxError(
                f"Port {port} on 127.0.0.1 cannot be used ({exc.strerror}); "
                "choose another port or 0 for any free one."
            ) from None


class Sandbox:
    """A running, seeded emulator. Stop it with `.stop()` (or use it as a context manager)."""

    def __init__(self, server: Any, info: SandboxInfo) -> None:
        self._server = server
        self.info = info
        self._stopped = False

    @property
    def endpoint_url(self) -> str:
        return self.info.endpoint_url

    @property
    def profile(self) -> Profile:
        return self.info.profile()

    def stop(self) -> None:
        if not self._stopped:
            self._stopped = True
            self._server.stop()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class _OneLineErrors:
    """The emulator's WSGI app, with calls moto lacks (NotImplementedError) and its own
    crashes answered as a short JSON error and logged as one line, not a 46-line traceback
    in the user's terminal (werkzeug prints one for every exception that reaches it)."""

    def __init__(self, app: Any) -> None:
        self._app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        try:
            return self._app(environ, start_response)
        except NotImplementedError as exc:
            detail = str(exc).splitlines()[0][:200] if str(exc) else "a call it lacks"
            log.warning("sandbox: the emulator does not implement this call (%s)", detail)
            return _json_error(start_response, "501 Not Implemented", "NotImplemented",
                               f"The local emulator (moto) does not implement this call: "
                               f"{detail}.")
        except Exception as exc:  # moto's own bug: one line, never a traceback
            log.warning("sandbox: the emulator failed on a request (%s)", type(exc).__name__)
            return _json_error(start_response, "500 Internal Server Error", "InternalError",
                               f"The local emulator (moto) failed: {type(exc).__name__}.")


def _json_error(start_response: Any, status: str, code: str, message: str) -> list[bytes]:
    body = json.dumps({"__type": code, "message": message}).encode()
    start_response(status, [("Content-Type", "application/x-amz-json-1.1"),
                            ("Content-Length", str(len(body))),
                            ("x-amzn-ErrorType", code)])
    return [body]


def _quiet_werkzeug() -> None:
    """No per-request access lines on stderr (werkzeug logs each request at INFO)."""
    access_log = logging.getLogger("werkzeug")
    if access_log.level == logging.NOTSET:
        access_log.setLevel(logging.WARNING)


def _server(port: int) -> Any:
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from moto.server import ThreadedMotoServer
    from werkzeug.serving import make_server

    class QuietMotoServer(ThreadedMotoServer):
        """moto's threaded server with the app wrapped in `_OneLineErrors`, behind the
        guard that refuses browsers, foreign Host names and the admin API."""

        def _server_entry(self) -> None:
            app = LocalOnly(_OneLineErrors(DomainDispatcherApplication(create_backend_app)))
            self._server = make_server(self._ip_address, self._port, app, True,
                                       request_handler=MotoRequestHandler)
            app.port = self._server.server_port
            self._server_ready_event.set()
            self._server.serve_forever()

    return QuietMotoServer(ip_address="127.0.0.1", port=port, verbose=False)


def start_sandbox(port: int = 0) -> Sandbox:
    """Start moto's server on 127.0.0.1:`port` (0: any free port) and seed it."""
    if not 0 <= port <= 65535:
        raise SandboxError(f"Port {port} is not a TCP port (0–65535).")
    _check_port_free(port)
    _quiet_werkzeug()
    server = _server(port)
    # start() waits forever if the socket cannot be bound: wait for it in a side thread.
    starter = threading.Thread(target=server.start, name="sandbox-start", daemon=True)
    starter.start()
    starter.join(START_TIMEOUT_S)
    if starter.is_alive():
        raise SandboxError(f"The emulator did not start on 127.0.0.1:{port}.")
    host, bound_port = server.get_host_and_port()
    try:
        info = seed_sandbox(f"http://{host}:{bound_port}")
    except BaseException:
        server.stop()
        raise
    return Sandbox(server, info)
