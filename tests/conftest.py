"""Shared test set-up: isolated storage, offscreen Qt, and the local AWS emulator."""

from __future__ import annotations

import gc
import os
import sys

import pytest
from hypothesis import HealthCheck, settings

from tests.strict_skips import (  # noqa: F401  (hooks pytest finds by name here)
    pytest_make_collect_report,
    pytest_runtest_makereport,
    require_secret_service,
)

pytest_plugins = ("pytester",)  # tests/test_strict_skips.py runs pytest on tiny test files

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test read the developer's real AWS configuration or credentials.
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ.pop("AWS_PROFILE", None)
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

# A loaded 2-core machine must not fail a property test because an example ran long.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


@pytest.fixture
def secret_service():
    """The real Secret Service (scripts/test.sh starts one); its keyring status."""
    return require_secret_service()


@pytest.fixture(autouse=True)
def _keyring_marker_needs_a_secret_service(request):
    """Every test marked `keyring` goes through the same check as the fixture above."""
    if request.node.get_closest_marker("keyring"):
        require_secret_service()


@pytest.fixture(autouse=True)
def _qt_garbage_goes_on_the_gui_thread():
    """After a test, its closed widgets are deleted and its garbage collected here, on the
    GUI thread. Left for later, the collector could run on an emulator or worker thread and
    destroy a dialog there, which Qt does not survive (style animations, connections)."""
    yield
    if "PySide6.QtCore" not in sys.modules:
        return
    from tokenexplorer.ui.qt import QtCore

    if QtCore.QCoreApplication.instance() is not None:
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        gc.collect()


@pytest.fixture(autouse=True)
def isolated_storage(tmp_path, monkeypatch):
    """Each test gets its own config and cache directories."""
    config = tmp_path / "config"
    cache = tmp_path / "cache"
    monkeypatch.setenv("TOKENEXPLORER_CONFIG_DIR", str(config))
    monkeypatch.setenv("TOKENEXPLORER_CACHE_DIR", str(cache))
    return config, cache


@pytest.fixture(scope="session")
def engine_server():
    """The sandbox's engine (ministack, `AUTH=true`) on 127.0.0.1 for the whole session;
    yields its URL. Admin set-up signs with its root keys `test`/`test` (tests/engine_world)."""
    from tokenexplorer.sandbox.engine import start_engine

    engine = start_engine()
    yield engine.url
    engine.stop()


@pytest.fixture
def engine_endpoint(engine_server):
    """The engine's URL, with all its state cleared before the test."""
    from tests.engine_world import reset

    reset(engine_server)
    return engine_server


@pytest.fixture
def moto_endpoint(engine_endpoint):
    """Old name of `engine_endpoint`, kept only for the sandbox tests helper ENGINE is
    rewriting (tests/cognito_store/test_sandbox_seed.py); new tests use engine_endpoint."""
    return engine_endpoint
