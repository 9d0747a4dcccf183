"""`seed_sandbox(url)`: everything a first sign-in needs, on a running engine, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tokenexplorer.sandbox.info import (
    BUCKET_NAME,
    DEMO_PASSWORD,
    DEMO_USERNAME,
    SANDBOX_REGION,
    SandboxError,
    SandboxInfo,
)
from tokenexplorer.sandbox.seed_access import seed_bucket, seed_identity_pool, seed_roles
from tokenexplorer.sandbox.seed_pool import seed_user_pool

ADMIN_KEY = "test"  # the engine's admin keys (AUTH=true accepts test/test); never real ones


def admin_client(service: str, endpoint_url: str) -> Any:
    """A boto3 client for the engine, signed with its admin keys."""
    from tokenexplorer.aws.clients import AwsCredentials, make_client

    return make_client(
        service,
        region=SANDBOX_REGION,
        endpoint_url=endpoint_url,
        credentials=AwsCredentials(ADMIN_KEY, ADMIN_KEY),
        retries=1,
        connect_timeout=5,
        read_timeout=30,
        s3={"addressing_style": "path"},
    )


def seed_sandbox(endpoint_url: str, data_dir: Path | None = None) -> SandboxInfo:
    """Find or create the sandbox's pool, clients, domain, resource server, demo user,
    identity pool, roles and bucket on the engine at `endpoint_url`. Raises SandboxError
    with a plain message on failure."""
    from botocore.exceptions import BotoCoreError, ClientError

    endpoint_url = endpoint_url.rstrip("/")
    try:
        pool = seed_user_pool(admin_client("cognito-idp", endpoint_url))
        identity = admin_client("cognito-identity", endpoint_url)
        identity_pool_id = seed_identity_pool(
            identity, pool.pool_id, [pool.client_id, pool.hosted_ui_client_id])
        seed_roles(admin_client("iam", endpoint_url), identity, identity_pool_id, BUCKET_NAME)
        seed_bucket(admin_client("s3", endpoint_url), BUCKET_NAME)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise SandboxError(
            f"Seeding the sandbox at {endpoint_url} failed: {error.get('Code', '?')} "
            f"({exc.operation_name})") from None
    except BotoCoreError as exc:
        raise SandboxError(f"The sandbox at {endpoint_url} did not answer: {exc}") from None
    return SandboxInfo(
        endpoint_url=endpoint_url,
        region=SANDBOX_REGION,
        user_pool_id=pool.pool_id,
        client_id=pool.client_id,
        identity_pool_id=identity_pool_id,
        bucket=BUCKET_NAME,
        username=DEMO_USERNAME,
        password=DEMO_PASSWORD,
        hosted_ui_client_id=pool.hosted_ui_client_id,
        m2m_client_id=pool.m2m_client_id,
        m2m_client_secret=pool.m2m_client_secret,
        data_dir=str(data_dir) if data_dir is not None else None,
    )
