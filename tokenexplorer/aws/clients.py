"""The one place boto3 clients are made: timeouts, retries, endpoint override, activity log.

Public Cognito calls (SignUp, InitiateAuth, GetId, …) need no AWS credentials and are
sent unsigned. Every client has connect and read timeouts (per socket operation), TCP
keep-alive, and a total deadline per HTTP attempt (aws/bounded_send.py), so a dead, slow or
dripping endpoint becomes a clear timeout error instead of a hang. The bound of one call:
(retries + 1) × (deadline + body size / MIN_UPLOAD_RATE); streamed downloads are bounded
per read only (and by Cancel in the window).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from tokenexplorer.activity import ActivityLog, attach
from tokenexplorer.aws.bounded_send import ATTEMPT_DEADLINE, attach_deadline

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0

_session_lock = threading.Lock()
_session: Any = None


@dataclass(frozen=True)
class AwsCredentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None

    def __repr__(self) -> str:  # never show the secret parts
        return f"AwsCredentials(access_key_id={self.access_key_id!r}, secret=‹hidden›)"


def _boto3_session() -> Any:
    """One shared session: loading botocore's data files once, not per client."""
    global _session
    if _session is None:
        import boto3.session

        _session = boto3.session.Session()
    return _session


def make_client(
    service: str,
    *,
    region: str,
    endpoint_url: str | None = None,
    credentials: AwsCredentials | None = None,
    unsigned: bool = False,
    activity: ActivityLog | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    retries: int = 1,
    deadline: float | None = ATTEMPT_DEADLINE,
    **config: Any,
) -> Any:
    """A boto3 client (thread-safe to use; creation is serialised: sessions are not).

    `retries` counts the attempts after the first one (0 = exactly one attempt);
    `deadline` bounds each attempt in total (None: per-read timeouts only).
    """
    from botocore import UNSIGNED
    from botocore.config import Config

    cfg = Config(
        region_name=region,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        retries={"total_max_attempts": retries + 1, "mode": "standard"},
        signature_version=UNSIGNED if unsigned else None,
        # botocore >= 1.31 takes it; botocore-stubs 1.43's Config signature lacks it.
        user_agent_appid="tokenexplorer",  # type: ignore[call-arg]
        tcp_keepalive=True,  # a peer that vanished mid-download is noticed
        **config,
    )
    kwargs: dict[str, Any] = {"config": cfg, "endpoint_url": endpoint_url}
    if credentials is not None:
        kwargs.update(
            aws_access_key_id=credentials.access_key_id,
            aws_secret_access_key=credentials.secret_access_key,
            aws_session_token=credentials.session_token,
        )
    elif unsigned:
        # Keep botocore from looking for credentials it will not use.
        kwargs.update(aws_access_key_id="unused", aws_secret_access_key="unused")
    with _session_lock:
        client = _boto3_session().client(service, **kwargs)
    if deadline is not None:
        attach_deadline(client, deadline)
    if activity is not None:
        attach(client, activity)
    return client
