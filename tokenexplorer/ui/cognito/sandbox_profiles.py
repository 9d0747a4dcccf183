"""The window saves both sandbox profiles ("Sandbox" and "Sandbox M2M") the way the
`tokenexplorer sandbox` command does; the M2M secret goes to the keyring, which may block
(a Secret Service prompt, a slow D-Bus), so the saving runs off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable

from tokenexplorer.cognito.profiles import ProfileStore
from tokenexplorer.sandbox.info import SandboxInfo
from tokenexplorer.sandbox.profiles import SavedProfiles, save_sandbox_profiles
from tokenexplorer.ui.qt import QObject
from tokenexplorer.ui.tasks import Task, TaskContext, run_task


def save_profiles_in_background(owner: QObject, store: ProfileStore, info: SandboxInfo, *,
                                on_saved: Callable[[SavedProfiles], None],
                                on_error: Callable[[BaseException], None]) -> Task:
    """Save both profiles (and the M2M secret) on a worker; the callbacks run on the GUI
    thread while `owner` lives."""

    def work(_ctx: TaskContext) -> SavedProfiles:
        return save_sandbox_profiles(store, info)

    return run_task(owner, work, name="save-sandbox-profiles", on_result=on_saved,
                    on_error=on_error)


__all__ = ["save_profiles_in_background"]
