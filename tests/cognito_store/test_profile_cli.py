"""`tokenexplorer profile …` through the real dispatcher; secrets never printed or filed."""

import io
import json

import pytest

from tokenexplorer import cli
from tokenexplorer.cognito.profiles import ProfileStore

POOL = "eu-west-1_AbC123xyz"
CLIENT = "1example23456789abcdefghij"


def run(capsys, *args, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["profile", *args])
    out, err = capsys.readouterr()
    return code, out, err


def add_args(name="work", *extra):
    return ["add", "--name", name, "--user-pool-id", POOL, "--client-id", CLIENT, *extra]


def test_add_list_show_remove(capsys, isolated_storage):
    code, out, _ = run(capsys, *add_args("work", "--identity-pool-id",
                                         "eu-west-1:0a1b2c3d-1111-2222-3333-444455556666",
                                         "--endpoint-url", "http://127.0.0.1:5000"))
    assert code == 0 and "added profile 'work' (region eu-west-1)" in out

    code, out, _ = run(capsys, "list")
    assert code == 0 and "work" in out and POOL in out

    code, out, _ = run(capsys, "list", "--json")
    listed = json.loads(out)
    assert [p["name"] for p in listed] == ["work"]
    assert listed[0]["region"] == "eu-west-1"  # taken from the pool ID

    code, out, _ = run(capsys, "show", "work")
    assert code == 0
    assert "client secret:    none" in out
    assert "endpoint URL:     http://127.0.0.1:5000" in out
    assert f"https://cognito-idp.eu-west-1.amazonaws.com/{POOL}" in out

    code, _, err = run(capsys, *add_args("work"))
    assert code == 1 and "--replace" in err
    code, out, _ = run(capsys, *add_args("work", "--bucket", "other-bucket", "--replace"))
    assert code == 0 and "replaced" in out
    assert ProfileStore().get("work").bucket == "other-bucket"

    code, out, _ = run(capsys, "rename", "work", "job")
    assert code == 0 and ProfileStore().names() == ["job"]

    code, out, _ = run(capsys, "remove", "job")
    assert code == 0 and ProfileStore().names() == []
    code, _, err = run(capsys, "show", "job")
    assert code == 1 and "no profile named 'job'" in err


def test_invalid_fields_are_reported_per_field(capsys, isolated_storage):
    code, _, err = run(capsys, "add", "--name", "bad", "--user-pool-id", "nope",
                       "--client-id", "has space", "--bucket", "UPPER")
    assert code == 2
    assert "user-pool-id" in err and "client-id" in err and "bucket" in err
    assert not (isolated_storage[0] / "profiles.json").exists()


def test_region_mismatch_is_only_a_warning(capsys, isolated_storage):
    code, _out, err = run(capsys, *add_args("w", "--region", "us-east-2"))
    assert code == 0 and "warning: region" in err
    assert ProfileStore().get("w").region == "us-east-2"


def test_secret_without_a_keyring_is_not_saved_and_never_shown(
    capsys, monkeypatch, isolated_storage, no_keyring, files_containing
):
    secret = "cli-secret-value-0123456789"
    code, out, err = run(capsys, *add_args("s", "--client-secret-stdin"),
                         stdin=secret + "\n", monkeypatch=monkeypatch)
    assert code == 1
    assert "NOT stored" in err and "D-Bus" in err
    assert secret not in out + err
    assert files_containing(isolated_storage[0], secret) == []
    code, out, err = run(capsys, "show", "s")
    # Without a keyring nobody can tell whether it is stored: say so, with the reason.
    assert "stored in the keyring? cannot tell: " in out and "D-Bus" in out
    assert "not stored" not in out
    assert secret not in out + err


def test_show_sandbox_states_the_emulator_once(capsys, isolated_storage):
    from tokenexplorer.cognito.profiles import Profile

    ProfileStore().put(Profile("Sandbox", "us-east-1", "us-east-1_Sandbox1", "c" * 26,
                               endpoint_url="http://127.0.0.1:5999", is_sandbox=True))
    code, out, _err = run(capsys, "show", "Sandbox")
    assert code == 0
    assert out.count("local emulator") == 1, out


@pytest.mark.keyring
def test_secret_goes_to_the_keyring(capsys, monkeypatch, isolated_storage, secret_service,
                                    unique_name, files_containing):
    secret = "cli-secret-value-" + unique_name
    code, out, err = run(capsys, *add_args(unique_name, "--client-secret-stdin"),
                         stdin=secret + "\n", monkeypatch=monkeypatch)
    try:
        assert code == 0, err
        assert "stored in the keyring" in out
        code, out, err = run(capsys, "show", unique_name)
        assert "client secret:    stored in keyring" in out
        code, out, err = run(capsys, "show", unique_name, "--json")
        assert json.loads(out)["client_secret"] == "stored in keyring"
        assert secret not in out + err
        assert files_containing(isolated_storage[0], secret) == []
    finally:
        run(capsys, "remove", unique_name)
    from tokenexplorer import keyring_store

    assert keyring_store.client_secret_binding(unique_name) == (False, None)


def test_import_an_amplify_file(capsys, tmp_path, isolated_storage):
    outputs = tmp_path / "amplify_outputs.json"
    outputs.write_text(json.dumps({
        "version": "1",
        "auth": {"aws_region": "eu-west-1", "user_pool_id": POOL, "user_pool_client_id": CLIENT},
    }))
    code, _out, err = run(capsys, "import", str(outputs), "--name", "amp")
    assert code == 0, err
    assert ProfileStore().get("amp").client_id == CLIENT
    code, _, err = run(capsys, "import", str(tmp_path / "missing.json"), "--name", "x")
    assert code == 2 and "cannot be read" in err


def test_a_corrupt_profile_file_is_reported(capsys, isolated_storage):
    config = isolated_storage[0]
    config.mkdir(parents=True)
    (config / "profiles.json").write_text("{{{")
    code, _out, err = run(capsys, "list")
    assert code == 0
    assert "could not be loaded" in err and "kept as" in err
    assert list(config.glob("profiles.json.corrupt-*"))
