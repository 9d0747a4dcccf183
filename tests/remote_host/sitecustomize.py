"""Test-only: a child process started by the plain-http tests resolves TE_TEST_REMOTE_HOST to
127.0.0.1 (see resolver.py). Only on PYTHONPATH in those tests."""

import os

if os.environ.get("TE_TEST_REMOTE_HOST"):
    import resolver

    resolver.install(os.environ["TE_TEST_REMOTE_HOST"])
