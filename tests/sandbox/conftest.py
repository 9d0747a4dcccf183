"""Fixtures for the sandbox tests: one in-memory sandbox per module."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def sandbox():
    """A seeded sandbox in memory only (nothing written to the data folder)."""
    from tokenexplorer.cognito.sandbox import start_sandbox

    with start_sandbox(persist=False) as running:
        yield running
