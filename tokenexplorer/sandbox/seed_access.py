"""Seed the identity pool, its two IAM roles and the bucket, idempotently.

The roles' policies (`policies.py`) are put on every seed, so a sandbox saved by an older
version gets the current lesson; the bucket's sample objects are put only when missing,
so a learner's own changes stay.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from tokenexplorer.sandbox import policies
from tokenexplorer.sandbox.info import BUCKET_NAME, IDENTITY_POOL_NAME, SANDBOX_REGION


def _provider(pool_id: str, client_id: str) -> dict[str, Any]:
    return {"ProviderName": f"cognito-idp.{SANDBOX_REGION}.amazonaws.com/{pool_id}",
            "ClientId": client_id, "ServerSideTokenCheck": False}


def seed_identity_pool(identity: Any, pool_id: str, client_ids: list[str]) -> str:
    """The identity pool trusting the user pool's clients (found by name or created)."""
    providers = [_provider(pool_id, client_id) for client_id in client_ids]
    for page in identity.get_paginator("list_identity_pools").paginate(MaxResults=60):
        for pool in page.get("IdentityPools", []):
            if pool.get("IdentityPoolName") == IDENTITY_POOL_NAME:
                pool_description = identity.describe_identity_pool(
                    IdentityPoolId=pool["IdentityPoolId"])
                if pool_description.get("CognitoIdentityProviders") != providers:
                    identity.update_identity_pool(
                        IdentityPoolId=pool["IdentityPoolId"],
                        IdentityPoolName=IDENTITY_POOL_NAME,
                        AllowUnauthenticatedIdentities=True,
                        CognitoIdentityProviders=providers)
                return str(pool["IdentityPoolId"])
    return str(identity.create_identity_pool(
        IdentityPoolName=IDENTITY_POOL_NAME,
        AllowUnauthenticatedIdentities=True,
        CognitoIdentityProviders=providers,
    )["IdentityPoolId"])


def _ensure_role(iam: Any, name: str, trust: str, policy: str) -> str:
    try:
        arn = iam.get_role(RoleName=name)["Role"]["Arn"]
        iam.update_assume_role_policy(RoleName=name, PolicyDocument=trust)
    except iam.exceptions.NoSuchEntityException:
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust,
                              Description="Token Explorer sandbox identity-pool role",
                              )["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName=policies.POLICY_NAME, PolicyDocument=policy)
    return str(arn)


def seed_roles(iam: Any, identity: Any, identity_pool_id: str, bucket: str) -> None:
    """Both roles with exactly their policies, set as the identity pool's roles."""
    documents = policies.role_policies(bucket)
    guest = _ensure_role(iam, policies.GUEST_ROLE_NAME,
                         policies.trust_policy(identity_pool_id, "unauthenticated"),
                         documents[policies.GUEST_ROLE_NAME])
    authenticated = _ensure_role(iam, policies.AUTHENTICATED_ROLE_NAME,
                                 policies.trust_policy(identity_pool_id, "authenticated"),
                                 documents[policies.AUTHENTICATED_ROLE_NAME])
    iam.put_role_policy(RoleName=policies.AUTHENTICATED_ROLE_NAME,
                        PolicyName=policies.EMULATOR_POLICY_NAME,
                        PolicyDocument=policies.policy_document(
                            policies.emulator_statements(bucket)))
    identity.set_identity_pool_roles(
        IdentityPoolId=identity_pool_id,
        Roles={"unauthenticated": guest, "authenticated": authenticated})


PUBLIC_PREFIX = "public/"


def sample_objects() -> list[tuple[str, bytes]]:
    """(key, body) for every file under resources/sandbox/objects, all under `public/`
    (the one prefix the guest role may read)."""
    from tokenexplorer.resources import resource_path

    root = resource_path("sandbox", "objects")
    found = []
    for path in root.rglob("*"):
        if path.is_file():
            key = path.relative_to(root).as_posix()
            found.append((key if key.startswith(PUBLIC_PREFIX) else PUBLIC_PREFIX + key,
                          path.read_bytes()))
    return sorted(found)


def seed_bucket(s3: Any, bucket: str = BUCKET_NAME) -> str:
    """The bucket with the sample objects; existing objects are left as they are."""
    existing: set[str] = set()
    try:
        s3.head_bucket(Bucket=bucket)
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            existing.update(str(item["Key"]) for item in page.get("Contents", []))
    except s3.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
            raise
        s3.create_bucket(Bucket=bucket)
    for key, body in sample_objects():
        if key not in existing:
            content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
            s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)
    return bucket
