"""Where Token Explorer keeps its files: platform config and cache directories.

Honours TOKENEXPLORER_CONFIG_DIR / TOKENEXPLORER_CACHE_DIR so tests and portable
installs can redirect everything.
"""

from __future__ import annotations

import os
from pathlib import Path

from tokenexplorer import APP_ID


def config_dir() -> Path:
    override = os.environ.get("TOKENEXPLORER_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_ID, appauthor=False))


def cache_dir() -> Path:
    override = os.environ.get("TOKENEXPLORER_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_ID, appauthor=False))


def log_dir() -> Path:
    """The log folder: TOKENEXPLORER_LOG_DIR, else inside an overridden cache or config
    folder (tests, portable installs), else the platform's user log folder."""
    override = os.environ.get("TOKENEXPLORER_LOG_DIR")
    if override:
        return Path(override)
    for variable in ("TOKENEXPLORER_CACHE_DIR", "TOKENEXPLORER_CONFIG_DIR"):
        if os.environ.get(variable):
            return Path(os.environ[variable]) / "log"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def data_dir() -> Path:
    """The data folder: TOKENEXPLORER_DATA_DIR, else inside an overridden config folder
    (tests, portable installs), else the platform's user data folder."""
    override = os.environ.get("TOKENEXPLORER_DATA_DIR")
    if override:
        return Path(override)
    if os.environ.get("TOKENEXPLORER_CONFIG_DIR"):
        return Path(os.environ["TOKENEXPLORER_CONFIG_DIR"]) / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def sandbox_data_dir() -> Path:
    """Where the sandbox's engine keeps its state (pool, users, identities, bucket)."""
    return data_dir() / "sandbox"
