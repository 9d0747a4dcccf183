"""`tokenexplorer profile add|list|show|remove|rename|import`: manage pool profiles.

The same profiles as the window's. A client secret is read without echo (or from stdin) and
goes only to the keyring; no command ever prints it.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from tokenexplorer.commands import profile_oauth_args
from tokenexplorer.commands.profile_sign_in import apply_sign_in, edit_sign_in, sign_in_arguments

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a profile (or replace one with --replace)")
    add.add_argument("--name", required=True, help="the profile's name")
    add.add_argument("--user-pool-id", required=True, help="e.g. eu-west-1_AbC123xyz")
    add.add_argument("--client-id", required=True, help="the app client ID")
    add.add_argument("--region", default="", help="default: the user pool ID's prefix")
    add.add_argument("--identity-pool-id", help="e.g. eu-west-1:0a1b2c3d-…")
    add.add_argument("--bucket", help="an S3 bucket to browse with the identity pool's credentials")
    add.add_argument("--hosted-ui-domain", help="e.g. myapp.auth.eu-west-1.amazoncognito.com")
    add.add_argument("--endpoint-url", help="an emulator's URL, e.g. http://127.0.0.1:5000")
    _secret_arguments(add)
    add.add_argument("--replace", action="store_true", help="replace a profile of that name")
    profile_oauth_args.add_arguments(add)
    _rebinding_arguments(add)
    sign_in_arguments(add)
    add.add_argument(
        "--allow-insecure-http", action="store_true",
        help="let passwords, the client secret and refresh tokens go to this endpoint even "
             "though it is plain http on another machine (unencrypted; warned at every use)",
    )

    listing = actions.add_parser("list", help="list the saved profiles")
    listing.add_argument("--json", action="store_true", help="print a JSON list")

    show = actions.add_parser("show", help="show one profile (never its secret)")
    show.add_argument("name")
    show.add_argument("--json", action="store_true", help="print a JSON object")

    edit = actions.add_parser("edit", help="change a profile's sign-in settings")
    edit.add_argument("name")
    sign_in_arguments(edit)

    remove = actions.add_parser("remove", help="remove a profile and its keyring entries")
    remove.add_argument("name")

    rename = actions.add_parser("rename", help="rename a profile")
    rename.add_argument("name")
    rename.add_argument("new_name")

    imported = actions.add_parser(
        "import",
        help="add a profile from aws-exports.js, amplifyconfiguration.json or amplify_outputs.json",
    )
    imported.add_argument("file", type=Path)
    imported.add_argument("--name", required=True, help="the new profile's name")
    imported.add_argument("--replace", action="store_true", help="replace a profile of that name")
    _rebinding_arguments(imported)


def _secret_arguments(parser: argparse.ArgumentParser) -> None:
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument(
        "--client-secret-stdin",
        action="store_true",
        help="read the app client's secret from the first line of stdin",
    )
    secret.add_argument(
        "--client-secret-prompt",
        action="store_true",
        help="ask for the app client's secret (typed without echo)",
    )
    secret.add_argument(
        "--no-client-secret", action="store_true", help="the client has no secret (forget any)"
    )


def _rebinding_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--forget-secrets", action="store_true",
        help="with --replace: allow changing the endpoint, region, pool or client of a profile "
             "that has a remembered session or client secret, and forget them",
    )


def _refuse_rebinding(existing: Any, profile: Any, options: argparse.Namespace,
                      new_secret: bool) -> Any:
    """An exit code when replacing `existing` would orphan its secrets and the user did not
    say --forget-secrets; else the Rebinding to carry out after saving (or None)."""
    from tokenexplorer.cognito.rebinding import rebinding

    change = rebinding(existing, profile, new_secret_given=new_secret)
    if change is None:
        return None
    if change.unknown:
        _err(f"note: the keyring could not be asked for stored secrets ({change.unknown}); "
             "any it holds for this profile stay bound to the old server and are not used.")
    if change.orphans_secrets and not options.forget_secrets:
        _err(f"{change.describe()} Nothing was changed. Add --forget-secrets to save the change "
             "and forget them (then sign in again), or keep the old settings.")
        return EXIT_FAILED
    if change.client_secret:
        profile.has_client_secret = False
    return change


def _forget_orphans(store: Any, change: Any) -> int:
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito.rebinding import forget_secrets

    if change is None or not change.orphans_secrets:
        return EXIT_OK
    try:
        forget_secrets(change.profile_name, client_secret=change.client_secret)
    except keyring_store.KeyringUnavailable as exc:
        _err(f"The profile was saved, but {change.what()} could not be forgotten: "
             f"{exc.reason} They stay bound to the old server and are never sent to the new one.")
        return EXIT_FAILED
    if change.client_secret:
        store.set_client_secret(change.profile_name, None)
    print(f"forgot {change.what()} (they belonged to the old server)")
    return EXIT_OK


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _store() -> Any:
    from tokenexplorer.cognito.profiles import ProfileStore

    store = ProfileStore()
    store.load()
    if store.load_problem:
        _err(f"warning: {store.load_problem}")
    return store


def _report_problems(problems: list[Any]) -> bool:
    """Print every problem; True when at least one is an error."""
    for problem in problems:
        _err(f"{problem.level}: {problem.field.replace('_', '-')}: {problem.message}")
    return any(problem.level == "error" for problem in problems)


def _read_secret(options: argparse.Namespace) -> str | None:
    if options.client_secret_stdin:
        from tokenexplorer.commands.arguments import read_line

        return read_line(sys.stdin, "client secret").strip()
    if options.client_secret_prompt:
        return getpass.getpass("App client secret (not shown): ").strip()
    return None


def _save_secret(store: Any, name: str, secret: str | None, forget: bool) -> int:
    if secret is None and not forget:
        return EXIT_OK
    location = store.set_client_secret(name, None if forget else secret)
    if location == "memory":
        from tokenexplorer import keyring_store

        _err(
            "The profile was saved, but its client secret was NOT stored: "
            f"{keyring_store.keyring_status().reason} Nothing was written anywhere else."
        )
        return EXIT_FAILED
    if location == "keyring":
        print("client secret: stored in the keyring")
    return EXIT_OK


def _add(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito import ids
    from tokenexplorer.cognito.profile_oauth import OAuthFieldError
    from tokenexplorer.cognito.profiles import Profile, ProfileError

    region = options.region.strip() or ids.region_from_user_pool_id(options.user_pool_id) or ""
    store = _store()
    try:
        oauth = profile_oauth_args.fields(options, store.get(options.name))
    except OAuthFieldError as exc:
        _err(f"hosted UI: {exc}")
        return EXIT_INVALID
    profile = Profile(
        **oauth,
        name=options.name,
        region=region,
        user_pool_id=options.user_pool_id.strip(),
        client_id=options.client_id.strip(),
        identity_pool_id=options.identity_pool_id,
        bucket=options.bucket,
        hosted_ui_domain=options.hosted_ui_domain,
        endpoint_url=options.endpoint_url,
        allow_insecure_http=options.allow_insecure_http,
    )
    if _report_problems(profile.problems()):
        return EXIT_INVALID
    existing = store.get(profile.name)
    if existing and not options.replace:
        _err(f"A profile named {profile.name!r} already exists; add --replace to replace it.")
        return EXIT_FAILED
    secret = _read_secret(options)
    if (options.client_secret_stdin or options.client_secret_prompt) and not secret:
        _err("No client secret was given.")
        return EXIT_INVALID
    if existing and secret is None and not options.no_client_secret:
        profile.has_client_secret = existing.has_client_secret
    apply_sign_in(profile, options, existing)
    change = _refuse_rebinding(existing, profile, options,
                               secret is not None or options.no_client_secret)
    if isinstance(change, int):
        return change
    try:
        saved = store.put(profile)
    except ProfileError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except OSError as exc:
        _err(f"The profile could not be saved in {store.path}: {exc.strerror or exc}")
        return EXIT_FAILED
    print(f"{'replaced' if existing else 'added'} profile {saved.name!r} (region {saved.region})")
    forgot = _forget_orphans(store, change)
    return _save_secret(store, saved.name, secret, options.no_client_secret) or forgot


def _secret_state(profile: Any) -> str:
    from tokenexplorer import keyring_store
    from tokenexplorer.cognito import profiles

    if not profile.has_client_secret:
        return "none"
    if profiles.secret_storage_state(profile.name) == "keyring":
        return "stored in keyring"
    status = keyring_store.keyring_status()
    if not status.usable:  # it may well be there: the keyring just cannot be asked
        return f"required; stored in the keyring? cannot tell: {status.reason}"
    return "required, but missing from the keyring"


def _session_state(profile: Any) -> str:
    from tokenexplorer import keyring_store

    try:
        users = keyring_store.stored_session_users(profile.name)
    except keyring_store.KeyringUnavailable:
        return "cannot tell (no usable keyring)"
    return f"remembered for {', '.join(users)}" if users else "none"


def _profile_document(profile: Any, last_used: str | None) -> dict[str, Any]:
    document = profile.to_json()
    document["issuer"] = profile.issuer
    document["last_used"] = profile.name == last_used
    return document


def _list(options: argparse.Namespace) -> int:
    store = _store()
    profiles, last = store.list(), store.last_used
    if options.json:
        print(json.dumps([_profile_document(p, last) for p in profiles], indent=2))
        return EXIT_OK
    if not profiles:
        print("No saved profiles. Add one with 'tokenexplorer profile add' or run "
              "'tokenexplorer sandbox'.")
        return EXIT_OK
    for profile in profiles:
        marks = [mark for mark, on in (("last used", profile.name == last),
                                       ("emulator", profile.is_sandbox)) if on]
        suffix = f"  ({', '.join(marks)})" if marks else ""
        print(f"{profile.name}\t{profile.user_pool_id}\t{profile.region}{suffix}")
    return EXIT_OK


def _show(options: argparse.Namespace) -> int:
    store = _store()
    profile = store.get(options.name)
    if profile is None:
        _err(f"There is no profile named {options.name!r}. See 'tokenexplorer profile list'.")
        return EXIT_FAILED
    secret, session = _secret_state(profile), _session_state(profile)
    if options.json:
        document = _profile_document(profile, store.last_used)
        document["client_secret"] = secret
        document["stored_session"] = session
        print(json.dumps(document, indent=2))
        return EXIT_OK
    rows = [
        ("name", profile.name),
        ("region", profile.region),
        ("user pool ID", profile.user_pool_id),
        ("app client ID", profile.client_id),
        ("client secret", secret),
        ("identity pool ID", profile.identity_pool_id or "none"),
        ("S3 bucket", profile.bucket or "none"),
        ("hosted UI domain", profile.hosted_ui_domain or "none"),
        ("hosted UI", profile_oauth_args.summary(profile)),
        ("endpoint URL", profile.endpoint_url or "AWS (no override)"),
        ("refresh tokens", "rotate (GetTokensFromRefreshToken)" if profile.rotate_refresh_tokens
         else "not known to rotate"),
        ("first factor", profile.preferred_challenge or "none preferred"),
        ("issuer", profile.issuer),
        ("stored session", session),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label + ':':<{width + 1}} {value}")
    if profile.is_sandbox:
        from tokenexplorer.cognito.sandbox import EMULATOR_WARNING

        print(f"\n{EMULATOR_WARNING}")
    return EXIT_OK


def _remove(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito.profiles import ProfileError

    store = _store()
    try:
        store.delete(options.name)
    except ProfileError as exc:
        _err(str(exc))
        return EXIT_FAILED
    print(f"removed profile {options.name!r}")
    return EXIT_OK


def _rename(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito.profiles import ProfileError

    store = _store()
    try:
        store.rename(options.name, options.new_name)
    except ProfileError as exc:
        _err(str(exc))
        return EXIT_FAILED
    print(f"renamed profile {options.name!r} to {options.new_name!r}")
    return EXIT_OK


def _import(options: argparse.Namespace) -> int:
    from tokenexplorer.cognito.amplify import AmplifyImportError, import_amplify_config
    from tokenexplorer.cognito.profiles import ProfileError

    try:
        result = import_amplify_config(options.file, options.name)
    except AmplifyImportError as exc:
        _err(str(exc))
        return EXIT_INVALID
    for note in result.notes:
        _err(note)
    store = _store()
    existing = store.get(options.name)
    if existing and not options.replace:
        _err(f"A profile named {options.name!r} already exists; add --replace to replace it.")
        return EXIT_FAILED
    change = _refuse_rebinding(existing, result.profile, options,
                               result.client_secret is not None)
    if isinstance(change, int):
        return change
    try:
        saved = store.put(result.profile)
    except ProfileError as exc:
        _err(str(exc))
        return EXIT_INVALID
    print(f"imported profile {saved.name!r} from {options.file.name}")
    forgot = _forget_orphans(store, change)
    return _save_secret(store, saved.name, result.client_secret, forget=False) or forgot


def run(options: argparse.Namespace) -> int:
    handlers = {
        "add": _add,
        "edit": edit_sign_in,
        "list": _list,
        "show": _show,
        "remove": _remove,
        "rename": _rename,
        "import": _import,
    }
    return handlers[options.action](options)
