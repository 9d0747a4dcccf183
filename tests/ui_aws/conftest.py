"""Fixtures for the credentials panel and the S3 browser: a seeded emulator and an AppState."""

from __future__ import annotations

import pytest

from tokenexplorer.ui.tasks import wait_for_all


@pytest.fixture
def sandbox_info(engine_endpoint):
    """A pool, identity pool (guests allowed, roles allowing S3) and bucket on a fresh
    engine (tests/engine_world: the tests' own set-up, not the app's sandbox)."""
    from tests.engine_world import make_world

    return make_world(engine_endpoint)


@pytest.fixture
def app_state(qapp, sandbox_info):
    """An AppState on the sandbox profile; background tasks are drained afterwards."""
    from tokenexplorer.ui.state import AppState

    state = AppState()
    state.set_profile(sandbox_info.profile())
    yield state
    wait_for_all(10_000)
    state.close()


@pytest.fixture
def s3_client(sandbox_info):
    """A plain boto3 client on the emulator, to arrange and check bucket contents."""
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "s3",
        endpoint_url=sandbox_info.endpoint_url,
        region_name=sandbox_info.region,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


@pytest.fixture
def signed_in(app_state, sandbox_info):
    """The sandbox's demo user signed in (USER_PASSWORD_AUTH) and set as the session."""
    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.cognito.session import Session

    profile = sandbox_info.profile()
    auth = CognitoAuth(profile)
    tokens = auth.sign_in(sandbox_info.username, sandbox_info.password, flow="password")
    assert isinstance(tokens, Tokens), tokens
    session = Session(auth, tokens, profile_name=profile.name)
    app_state.set_session(session)
    return session


@pytest.fixture
def sign_in_as(app_state, sandbox_info):
    """sign_in_as(username) → a Session for a user of the sandbox's pool (created when it is
    not the demo user), set as the app's session."""
    import boto3
    from botocore.config import Config

    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.cognito.session import Session

    profile = sandbox_info.profile()

    def sign_in(username: str) -> Session:
        password = sandbox_info.password
        if username != sandbox_info.username:
            password = "Other-User-Pass-1"
            idp = boto3.session.Session().client(
                "cognito-idp", endpoint_url=sandbox_info.endpoint_url,
                region_name=sandbox_info.region, aws_access_key_id="test",
                aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))
            idp.admin_create_user(UserPoolId=sandbox_info.user_pool_id, Username=username,
                                  TemporaryPassword=password, MessageAction="SUPPRESS")
            idp.admin_set_user_password(UserPoolId=sandbox_info.user_pool_id,
                                        Username=username, Password=password, Permanent=True)
        auth = CognitoAuth(profile)
        tokens = auth.sign_in(username, password, flow="password")
        assert isinstance(tokens, Tokens), tokens
        session = Session(auth, tokens, profile_name=profile.name)
        app_state.set_session(session)
        return session

    return sign_in
