"""`tokenexplorer signin --hosted-ui` and `tokenexplorer token --client-credentials` as real
processes; the test reads the authorize URL from stderr and plays the browser."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from hosted_helpers import browser_sign_in, follow

from tokenexplorer.cognito.profiles import ProfileStore


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tokenexplorer", *args],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ))


def _url_line(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    for _ in range(20):
        line = process.stderr.readline()
        if not line:
            break
        if line.startswith("http"):
            return line.rstrip("\n")
    raise AssertionError("no URL line on stderr")


def test_signin_hosted_ui_json_and_remember(hosted, secret_service):
    ProfileStore().put(hosted.profile())
    process = _start("signin", "--profile", "Hosted", "--hosted-ui", "--no-browser", "--json",
                     "--remember")
    url = _url_line(process)
    assert " " not in url and "code_challenge=" in url
    assert follow(browser_sign_in(url))[0] == 200
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    tokens = json.loads(out)
    assert set(tokens) == {"IdToken", "AccessToken", "RefreshToken", "ExpiresIn"}
    assert "Remembered" in err
    assert tokens["RefreshToken"] not in err and tokens["AccessToken"] not in err
    refreshed = subprocess.run([sys.executable, "-m", "tokenexplorer", "refresh", "--profile",
                                "Hosted", "--json"], capture_output=True, text=True, timeout=60)
    assert refreshed.returncode == 0, refreshed.stderr


def test_signin_hosted_ui_busy_port(hosted):
    ProfileStore().put(hosted.profile())
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", hosted.port))
        holder.listen()
        done = subprocess.run([sys.executable, "-m", "tokenexplorer", "signin", "--profile",
                               "Hosted", "--hosted-ui", "--no-browser"], capture_output=True,
                              text=True, timeout=60)
    assert done.returncode == 1
    assert f"Port {hosted.port}" in done.stderr and "Traceback" not in done.stderr


def test_signin_hosted_ui_redirect_mismatch(hosted):
    ProfileStore().put(hosted.profile())
    done = subprocess.run([sys.executable, "-m", "tokenexplorer", "signin", "--profile",
                           "Hosted", "--hosted-ui", "--no-browser", "--port", "1"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    done = subprocess.run([sys.executable, "-m", "tokenexplorer", "signin", "--profile",
                           "Hosted", "--hosted-ui", "--no-browser", "--port", "40999"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "http://localhost:40999/callback" in done.stderr


@pytest.mark.parametrize("as_json", [True, False])
def test_token_client_credentials(hosted, secret_service, as_json):
    store = ProfileStore()
    store.put(hosted.m2m_profile())
    store.set_client_secret("M2M", hosted.m2m_secret)
    args = ["token", "--profile", "M2M", "--client-credentials", "--scope", "sandbox-api/read"]
    done = subprocess.run([sys.executable, "-m", "tokenexplorer", *args,
                           *(["--json"] if as_json else [])],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    if as_json:
        assert set(json.loads(done.stdout)) == {"AccessToken", "ExpiresIn", "TokenType"}
    else:
        assert done.stdout.startswith("AccessToken")
    assert hosted.m2m_secret not in done.stdout + done.stderr


def test_token_wrong_scope_is_explained(hosted, secret_service):
    store = ProfileStore()
    store.put(hosted.m2m_profile())
    store.set_client_secret("M2M", hosted.m2m_secret)
    done = subprocess.run([sys.executable, "-m", "tokenexplorer", "token", "--profile", "M2M",
                           "--client-credentials", "--scope", "sandbox-api/admin"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "scope" in done.stderr and "Traceback" not in done.stderr


def test_profile_add_hosted_ui_options(capsys):
    from tokenexplorer import cli

    assert cli.main(["profile", "add", "--name", "H", "--user-pool-id", "us-east-1_abc",
                     "--client-id", "abc", "--no-client-secret",
                     "--hosted-ui-domain", "myapp.auth.us-east-1.amazoncognito.com",
                     "--hosted-ui-scopes", "openid email sandbox-api/read",
                     "--callback-port", "53682", "--callback-port", "53683",
                     "--identity-provider", "Google", "--logout-uri",
                     "http://localhost:53682/signed-out"]) == 0
    saved = ProfileStore().get("H")
    assert saved.callback_ports == (53682, 53683)
    assert saved.hosted_ui_scopes == ("openid", "email", "sandbox-api/read")
    assert saved.identity_providers == ("Google",)
    assert cli.main(["profile", "add", "--name", "H2", "--user-pool-id", "us-east-1_abc",
                     "--client-id", "abc", "--callback-port", "80"]) != 0
    assert "between 1024 and 65535" in capsys.readouterr().err
