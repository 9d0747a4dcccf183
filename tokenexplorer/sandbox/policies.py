"""The identity pool's two roles and their policies: the lesson the sandbox teaches.

Guest: read `public/*`. Authenticated: that, plus read/write its own
`private/${cognito-identity.amazonaws.com:sub}/*`. Everything else is AccessDenied, enforced
by the engine's IAM evaluator. Kept as data so the app can show the policy that decided.
"""

from __future__ import annotations

import json
from typing import Any

GUEST_ROLE_NAME = "tokenexplorer-sandbox-guest"
AUTHENTICATED_ROLE_NAME = "tokenexplorer-sandbox-authenticated"
POLICY_NAME = "sandbox-s3"
EMULATOR_POLICY_NAME = "sandbox-emulator-private"  # see identity_scope.py
SANDBOX_BUCKET = "tokenexplorer-sandbox"
IDENTITY_SUB = "${cognito-identity.amazonaws.com:sub}"


def guest_statements(bucket: str) -> list[dict[str, Any]]:
    return [
        {"Sid": "ReadPublic", "Effect": "Allow", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{bucket}/public/*"},
        {"Sid": "ListPublic", "Effect": "Allow", "Action": "s3:ListBucket",
         "Resource": f"arn:aws:s3:::{bucket}",
         "Condition": {"StringLike": {"s3:prefix": ["public/", "public/*"]}}},
    ]


def authenticated_statements(bucket: str, sub: str = IDENTITY_SUB) -> list[dict[str, Any]]:
    own = f"private/{sub}"
    return [*guest_statements(bucket),
            {"Sid": "ReadWriteOwnPrefix", "Effect": "Allow",
             "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
             "Resource": f"arn:aws:s3:::{bucket}/{own}/*"},
            {"Sid": "ListOwnPrefix", "Effect": "Allow", "Action": "s3:ListBucket",
             "Resource": f"arn:aws:s3:::{bucket}",
             "Condition": {"StringLike": {"s3:prefix": [f"{own}/", f"{own}/*"]}}}]


def policy_document(statements: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)


def trust_policy(identity_pool_id: str, flavor: str) -> str:
    """Who may assume the role: Cognito identities of this pool, of this flavor."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": "cognito-identity.amazonaws.com"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {"cognito-identity.amazonaws.com:aud": identity_pool_id},
                "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": flavor},
            },
        }],
    })


def emulator_statements(bucket: str) -> list[dict[str, Any]]:
    """What the engine needs on the authenticated role because it cannot expand
    `${cognito-identity.amazonaws.com:sub}`; each session is narrowed to its own prefix by
    `identity_session_policy` (identity_scope.py)."""
    return [{"Sid": "PrivateNarrowedPerSession", "Effect": "Allow",
             "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
             "Resource": f"arn:aws:s3:::{bucket}/private/*"},
            {"Sid": "ListPrivateNarrowedPerSession", "Effect": "Allow",
             "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}",
             "Condition": {"StringLike": {"s3:prefix": ["private/*"]}}}]


def identity_session_policy(identity_id: str, bucket: str = SANDBOX_BUCKET) -> str:
    """The authenticated policy with the identity-ID variable expanded for one identity."""
    return policy_document(authenticated_statements(bucket, identity_id))


def role_policies(bucket: str) -> dict[str, str]:
    """Role name -> its policy document (JSON text)."""
    return {GUEST_ROLE_NAME: policy_document(guest_statements(bucket)),
            AUTHENTICATED_ROLE_NAME: policy_document(authenticated_statements(bucket))}


def describe_role_policy(role_name: str, bucket: str) -> str | None:
    """The sandbox role's policy in plain words, for an AccessDenied explanation;
    None for a role the sandbox did not create."""
    if role_name == GUEST_ROLE_NAME:
        return (f"The sandbox's guest role may only read (s3:GetObject) and list "
                f"(s3:ListBucket) {bucket}/public/.")
    if role_name == AUTHENTICATED_ROLE_NAME:
        return (f"The sandbox's authenticated role may read and list {bucket}/public/, and "
                f"read, write and delete only under {bucket}/private/<its identity ID>/.")
    return None
