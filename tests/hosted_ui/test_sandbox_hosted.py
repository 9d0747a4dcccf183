"""`tokenexplorer signin --profile Sandbox --hosted-ui` works out of the box: the seeded
Sandbox profile carries the hosted-UI domain, callback ports and scopes its client allows."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hosted_helpers import browser_sign_in, follow

from tokenexplorer.cognito.profiles import ProfileStore
from tokenexplorer.cognito.sandbox import DEMO_PASSWORD, DEMO_USERNAME, start_sandbox


def test_the_sandbox_profile_signs_in_through_the_hosted_ui():
    with start_sandbox(persist=False) as sandbox:
        ProfileStore().put(sandbox.profile)
        process = subprocess.Popen(
            [sys.executable, "-m", "tokenexplorer", "signin", "--profile", "Sandbox",
             "--hosted-ui", "--no-browser", "--json"], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
        assert process.stderr is not None
        url = ""
        for _ in range(20):
            line = process.stderr.readline()
            if not line or line.startswith("http"):
                url = line.strip()
                break
        assert url.startswith(sandbox.endpoint_url + "/oauth2/authorize?"), url
        assert follow(browser_sign_in(url, DEMO_USERNAME, DEMO_PASSWORD))[0] == 200
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert set(json.loads(out)) == {"IdToken", "AccessToken", "RefreshToken", "ExpiresIn"}
