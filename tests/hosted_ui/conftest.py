"""Fixtures for the hosted-UI tests: an admin client and a hosted-UI pool on the engine."""

from __future__ import annotations

from typing import Any

import pytest
from hosted_helpers import HostedPool, make_hosted_pool


@pytest.fixture
def admin(moto_endpoint: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        "cognito-idp", region_name="us-east-1", endpoint_url=moto_endpoint,
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}))


@pytest.fixture
def hosted(admin: Any, moto_endpoint: str) -> HostedPool:
    return make_hosted_pool(admin, moto_endpoint)


@pytest.fixture(autouse=True)
def _fresh_issued_context() -> Any:
    from tokenexplorer.tokens import issued_with

    issued_with.forget_all()
    yield
    issued_with.forget_all()


@pytest.fixture
def state(qtbot: Any) -> Any:
    from tokenexplorer.ui.state import AppState

    app_state = AppState()
    yield app_state
    app_state.close()
