"""The sandbox's engine (ministack) against the moto server it replaced, in the same run.

    .venv/bin/python benchmarks/bench_sandbox.py [--runs N] [--json]

For each engine, from `Popen` of its child process (so interpreter start and imports count):
1. cold start to ready: started and seeded (pool, clients, demo user, identity pool, bucket)
   with no saved state;
2. warm restart to ready: stopped (state saved) and started again on the same state, seeded
   idempotently (ministack only: moto keeps nothing, its "restart" is another cold start
   with a new pool);
3. RSS of the engine process once seeded and after the sign-ins (/proc/PID/status);
4. one SRP sign-in round trip through the app's CognitoAuth (InitiateAuth +
   RespondToAuthChallenge), median of N.
moto runs as before: ThreadedMotoServer in a child, seeded the old way (no roles, no
hosted-UI or M2M client). Ratios are ministack / moto. Target (issue 11): cold <= 3 s.
Needs the `bench` extra (moto[server]).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_COLD_S = 3.0

# The old sandbox (moto), as tokenexplorer/cognito/sandbox.py seeded it before issue 11.
MOTO_CHILD = r"""
import json, sys
from moto.server import ThreadedMotoServer
import boto3
from botocore.config import Config
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
url = f"http://{host}:{port}"
def client(service):
    return boto3.session.Session().client(service, endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="sandbox", aws_secret_access_key="sandbox",
        config=Config(s3={"addressing_style": "path"}))
idp = client("cognito-idp")
pool = idp.create_user_pool(PoolName="tokenexplorer-sandbox", Policies={"PasswordPolicy": {
    "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
    "RequireNumbers": True, "RequireSymbols": False}}, AutoVerifiedAttributes=["email"],
    MfaConfiguration="OFF")["UserPool"]["Id"]
app = idp.create_user_pool_client(UserPoolId=pool, ClientName="tokenexplorer-sandbox",
    GenerateSecret=False, ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
idp.admin_create_user(UserPoolId=pool, Username="demo", TemporaryPassword="Sandbox-Demo-1",
    MessageAction="SUPPRESS", UserAttributes=[{"Name": "email", "Value": "demo@example.com"}])
idp.admin_set_user_password(UserPoolId=pool, Username="demo", Password="Sandbox-Demo-1",
    Permanent=True)
identity = client("cognito-identity").create_identity_pool(
    IdentityPoolName="tokenexplorer_sandbox", AllowUnauthenticatedIdentities=True,
    CognitoIdentityProviders=[{"ProviderName": f"cognito-idp.us-east-1.amazonaws.com/{pool}",
                               "ClientId": app}])["IdentityPoolId"]
s3 = client("s3")
s3.create_bucket(Bucket="tokenexplorer-sandbox")
from tokenexplorer.sandbox.seed_access import sample_objects
for key, body in sample_objects():
    s3.put_object(Bucket="tokenexplorer-sandbox", Key=key, Body=body)
print(json.dumps({"endpoint_url": url, "region": "us-east-1", "user_pool_id": pool,
                  "client_id": app, "identity_pool_id": identity,
                  "bucket": "tokenexplorer-sandbox", "username": "demo",
                  "password": "Sandbox-Demo-1"}), flush=True)
sys.stdin.read()
server.stop()
"""

MINISTACK_CHILD = r"""
import json, sys
from pathlib import Path
from tokenexplorer.cognito.sandbox import start_sandbox
persist = sys.argv[1] != "-"
sandbox = start_sandbox(data_dir=Path(sys.argv[1]) if persist else None, persist=persist)
print(json.dumps({**sandbox.info.as_json(), "engine_pid": sandbox.engine_pid}), flush=True)
sys.stdin.read()
sandbox.stop()
"""


class Running:
    """One engine started by a child script; `ready_s` from Popen to its JSON line."""

    def __init__(self, script: str, *args: str) -> None:
        started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-c", script, *args], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.ready_s = time.perf_counter() - started
        if not line:
            self.process.kill()
            raise SystemExit("an engine did not start")
        self.info = json.loads(line)
        self.pid = int(self.info.pop("engine_pid", self.process.pid))

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)


def sign_in_ms(info: dict, runs: int) -> float:
    """Median wall time of the app's SRP sign-in (both round trips)."""
    from tokenexplorer.cognito.auth import CognitoAuth, Tokens
    from tokenexplorer.cognito.sandbox import SandboxInfo

    auth = CognitoAuth(SandboxInfo.from_json(info).profile(), retries=0)
    auth.describe_password_policy()  # warm the client (botocore loads its models once)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step = auth.sign_in(info["username"], info["password"], flow="srp")
        while not isinstance(step, Tokens):
            step = auth.respond(step, {})
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_ministack(runs: int) -> dict[str, float]:
    colds, warms = [], []
    rss_seeded = rss_after = sign_in = 0.0
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as state:
            cold = Running(MINISTACK_CHILD, state)
            colds.append(cold.ready_s)
            rss_seeded = cold.rss_mb()
            sign_in = sign_in_ms(cold.info, 10)
            rss_after = cold.rss_mb()
            cold.stop()
            warm = Running(MINISTACK_CHILD, state)
            assert warm.info["user_pool_id"] == cold.info["user_pool_id"]
            warms.append(warm.ready_s)
            warm.stop()
    return {"cold_s": statistics.median(colds), "warm_s": statistics.median(warms),
            "rss_seeded_mb": rss_seeded, "rss_after_sign_in_mb": rss_after,
            "sign_in_ms": sign_in}


def measure_moto(runs: int) -> dict[str, float]:
    colds = []
    rss_seeded = rss_after = sign_in = 0.0
    for _ in range(runs):
        running = Running(MOTO_CHILD)
        colds.append(running.ready_s)
        rss_seeded = running.rss_mb()
        sign_in = sign_in_ms(running.info, 10)
        rss_after = running.rss_mb()
        running.stop()
    cold = statistics.median(colds)
    return {"cold_s": cold, "warm_s": cold, "rss_seeded_mb": rss_seeded,
            "rss_after_sign_in_mb": rss_after, "sign_in_ms": sign_in}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="starts per engine (median)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    options = parser.parse_args()
    ministack = measure_ministack(options.runs)
    moto = measure_moto(options.runs)
    ratios = {key: ministack[key] / moto[key] for key in ministack if moto[key]}
    result = {"ministack": ministack, "moto": moto, "ratio_ministack_to_moto": ratios,
              "target_cold_s": TARGET_COLD_S, "cold_within_target":
              ministack["cold_s"] <= TARGET_COLD_S}
    if options.json:
        print(json.dumps(result, indent=2))
        return 0
    labels = {"cold_s": "cold start to ready (s)", "warm_s": "warm restart to ready (s)",
              "rss_seeded_mb": "engine RSS, seeded (MB)",
              "rss_after_sign_in_mb": "engine RSS, after sign-ins (MB)",
              "sign_in_ms": "SRP sign-in round trip (ms)"}
    print(f"{'':34} {'ministack':>10} {'moto':>10} {'ratio':>7}")
    for key, label in labels.items():
        print(f"{label:34} {ministack[key]:10.2f} {moto[key]:10.2f} {ratios[key]:7.2f}")
    print("(moto keeps no state: its warm restart is another cold start with a new pool)")
    verdict = "within" if result["cold_within_target"] else "OVER"
    print(f"cold start {ministack['cold_s']:.2f} s: {verdict} the {TARGET_COLD_S:.0f} s target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
